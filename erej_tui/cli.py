"""`erej`: the TUI by default; headless subcommands for power users and scripts.

Exit codes: 0 done; 1 refused by the rules (not eligible, slot taken, wrong referral, ...);
2 usage or configuration error; 3 backend unreachable or not speaking the contract
(retryable); 4 not logged in.

The headless path never imports Textual (a test checks it); the TUI is imported only when
`erej` runs without a subcommand.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BACKEND, EXIT_NOT_LOGGED_IN = 0, 1, 2, 3, 4

EPILOG = """\
kody wyjścia / exit codes:
  0  gotowe / done
  1  odmowa zgodnie z zasadami CeR / refused by the rules (not eligible, slot taken, ...)
  2  błąd użycia lub konfiguracji / usage or configuration error
  3  serwer niedostępny (można ponowić) / backend unreachable (retryable)
  4  brak logowania / not logged in
"""


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("ustawienia / settings")
    g.add_argument("--backend", default=default, help="'embedded' (domyślnie) albo URL serwera")
    g.add_argument("--lang", choices=["pl", "en"], default=default, help="język / language")
    g.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="wypisz JSON kontraktu na stdout",
    )
    g.add_argument("--config", default=default, help="plik konfiguracji (TOML)")
    g.add_argument("--data-dir", default=default, help="katalog danych (baza wbudowanego serwera)")
    g.add_argument("--clock", default=default, help="ustal zegar wbudowanego serwera (testy, dema)")
    g.add_argument("--seed", type=int, default=default, help="ziarno danych wbudowanego serwera")
    g.add_argument("--theme", choices=["dark", "light"], default=default, help="motyw TUI")
    return p


def _criteria_options(p: argparse.ArgumentParser, *, service_required: bool) -> None:
    p.add_argument(
        "--service",
        "-s",
        required=service_required,
        help="świadczenie: kardiologia, cytologia, mammografia (bez polskich znaków też)",
    )
    p.add_argument("--near", help="miejscowość, np. Kraków")
    p.add_argument("--radius", type=int, help="odległość w km od miejscowości (domyślnie 25)")
    p.add_argument("--voivodeship", "-w", help="całe województwo: nazwa albo kod NFZ 01-16")
    p.add_argument("--from", dest="date_from", help="od dnia RRRR-MM-DD albo +N dni")
    p.add_argument("--to", dest="date_to", help="do dnia RRRR-MM-DD albo +N dni")
    p.add_argument("--hours", help="godziny, np. 8-12")
    p.add_argument("--facility", type=int, help="numer placówki")
    p.add_argument("--referral", help="4-cyfrowy kod e-skierowania (kardiologia)")


def build_parser() -> argparse.ArgumentParser:
    common = _common(suppress=True)
    parser = argparse.ArgumentParser(
        prog="erej",
        description="Centralna e-Rejestracja w terminalu. Bez podkomendy uruchamia interfejs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common(suppress=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="PODKOMENDA")

    def cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, parents=[common], description=help_text)

    p = cmd("login", "zaloguj się (PESEL i hasło)")
    p.add_argument("--pesel", required=True)
    p.add_argument("--password-stdin", action="store_true", help="czytaj hasło ze stdin")
    cmd("logout", "wyloguj i usuń zapisany token")
    cmd("whoami", "kim jestem: dane pacjenta")
    cmd("services", "świadczenia i czy możesz je umówić")
    p = cmd("localities", "znajdź miejscowość (bez polskich znaków też)")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p = cmd("slots", "wolne terminy: najwcześniejsze, potem najbliższe")
    _criteria_options(p, service_required=True)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--cursor", help="następna strona wyników")
    p = cmd("book", "zarezerwuj termin")
    p.add_argument("slot_id", type=int)
    p.add_argument("--referral", help="kod e-skierowania (kardiologia)")
    p = cmd("visits", "zaplanowane wizyty")
    p.add_argument("--all", action="store_true", help="także odwołane i odbyte")
    p = cmd("show", "szczegóły wizyty")
    p.add_argument("appointment_id", type=int)
    p.add_argument("--ics", metavar="PLIK", help="zapisz wizytę do pliku kalendarza (.ics)")
    p = cmd("reschedule", "zmień termin wizyty")
    p.add_argument("appointment_id", type=int)
    p.add_argument("slot_id", type=int)
    p = cmd("cancel", "odwołaj wizytę")
    p.add_argument("appointment_id", type=int)
    p.add_argument("--yes", "-y", action="store_true", help="bez pytania o potwierdzenie")
    p = cmd("waitlist", "poczekalnia: join, list, leave")
    wsub = p.add_subparsers(dest="waitlist_command", metavar="AKCJA", required=True)
    j = wsub.add_parser("join", help="zapisz się do poczekalni", parents=[common])
    _criteria_options(j, service_required=True)
    wsub.add_parser("list", help="wpisy w poczekalni", parents=[common])
    leave = wsub.add_parser("leave", help="wypisz się z poczekalni", parents=[common])
    leave.add_argument("entry_id", type=int)
    p = cmd("notifications", "powiadomienia SMS i e-mail, najnowsze pierwsze")
    p.add_argument("--limit", type=int, default=20)
    p = cmd("contact", "dane kontaktowe: pokaż albo zmień")
    p.add_argument("--phone", help="numer komórkowy ('' usuwa)")
    p.add_argument("--email", help="adres e-mail ('' usuwa)")
    p.add_argument("--channels", help="kanały: sms,email (pusty: żadnych)")
    cmd("keys", "klawisze aplikacji (z uwzględnieniem [keymap] z konfiguracji)")
    p = cmd("script", "scenariusze testowe ekranów: erej script run PLIK.toml")
    ssub = p.add_subparsers(dest="script_command", metavar="AKCJA", required=True)
    run = ssub.add_parser("run", help="uruchom scenariusze (TOML)", parents=[common])
    run.add_argument("files", nargs="+", metavar="PLIK")
    run.add_argument("--junit", metavar="PLIK", help="raport JUnit XML")
    run.add_argument("--screenshots", metavar="KATALOG", help="gdzie zapisać zrzuty ekranu")
    p = cmd("serve", "udostępnij aplikację w przeglądarce (textual-serve)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--public-url", help="adres widziany przez przeglądarki (za proxy)")
    p = cmd("demo-patients", "pacjenci demo wbudowanego serwera")
    p.add_argument("--everyone", action="store_true", help="także populacja testowa")
    p = sub.add_parser("mock", help="uruchom serwer mock CeR (opcje jak erej-mock)", add_help=False)
    p.add_argument("mock_args", nargs=argparse.REMAINDER)  # the rest goes to erej-mock
    return parser


def _tui_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain `erej` (settings, no subcommand), read without building
    every subcommand's parser (~10 ms before the first screen); None for anything else,
    which the full parser reads, reporting errors and help as usual."""
    if "-h" in argv or "--help" in argv:
        return None
    parser = argparse.ArgumentParser(
        prog="erej", add_help=False, parents=[_common(suppress=False)], exit_on_error=False
    )
    try:
        args, unknown = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if unknown:  # a subcommand, or something the full parser will name
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _tui_args(argv)
    if args is None:
        parser = build_parser()
        args, unknown = parser.parse_known_args(argv)
        if unknown and args.command != "mock":
            parser.error(f"nieznane argumenty: {' '.join(unknown)}")
    if args.config:
        os.environ["EREJ_CONFIG_FILE"] = args.config
    if args.command == "mock":
        from .api.embedded import serve_mock

        return serve_mock([*unknown, *args.mock_args])
    if args.command is None:
        return launch_tui(args)
    if args.command == "serve":
        return serve_in_browser(args)
    if args.command == "script":
        from .tui.script_cli import run_scripts

        return run_scripts(args)
    from .commands import run_command

    return run_command(args)


def _settings(args: argparse.Namespace):
    """The settings for these flags, or None after saying plainly what is wrong."""
    from .config import ConfigError, settings_from_args

    try:
        return settings_from_args(args)
    except ConfigError as exc:
        print(f"erej: {exc}", file=sys.stderr)
        return None


def launch_tui(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    import gc

    # Start-up (Textual, the first screen, then the backend) builds only what lives as long
    # as the program, so collecting during it is wasted time before the first frame: the app
    # freezes what it loaded and turns the collector back on once the backend answers.
    gc.disable()
    from .tui.app import run_tui

    return run_tui(settings)


def serve_in_browser(args: argparse.Namespace) -> int:
    """`erej serve`: each browser tab runs its own `erej` (same settings) via textual-serve."""
    import shlex

    from textual_serve.server import Server

    from .i18n import t

    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    command = [
        sys.executable,
        "-m",
        "erej_tui",
        "--backend",
        settings.backend,
        "--lang",
        settings.lang,
        "--theme",
        settings.theme,
    ]
    if settings.data_dir:
        command += ["--data-dir", str(settings.data_dir)]
    if settings.clock:
        command += ["--clock", settings.clock.isoformat()]
    server = Server(
        shlex.join(command),
        host=args.host,
        port=args.port,
        title=t("app_title", settings.lang),
        public_url=args.public_url,
    )
    server.serve()
    return EXIT_OK
