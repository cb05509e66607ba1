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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from .exits import EXIT_OK, EXIT_USAGE

EPILOG = """\
kody wyjścia / exit codes:
  0  gotowe / done
  1  odmowa zgodnie z zasadami CeR / refused by the rules (not eligible, slot taken, ...)
  2  błąd użycia lub konfiguracji / usage or configuration error
  3  serwer niedostępny (można ponowić) / backend unreachable (retryable)
  4  brak logowania / not logged in
"""


Say = Callable[[str, str], str]


def _polish(pl: str, en: str) -> str:
    return pl


def _english(pl: str, en: str) -> str:
    return en


def _say_in(lang: str) -> Say:
    return _english if lang == "en" else _polish


def _common(suppress: bool, say: Say = _polish) -> argparse.ArgumentParser:
    """Options accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group(say("ustawienia", "settings"))
    g.add_argument(
        "--backend",
        default=default,
        help=say(
            "'embedded' (domyślnie), 'fhir+embedded', URL serwera albo fhir+URL serwera FHIR",
            "'embedded' (default), 'fhir+embedded', a server URL, or fhir+URL of a FHIR server",
        ),
    )
    g.add_argument("--lang", choices=["pl", "en"], default=default, help=say("język", "language"))
    g.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=say("wypisz JSON kontraktu na stdout", "print the contract's JSON on stdout"),
    )
    g.add_argument(
        "--config", default=default, help=say("plik konfiguracji (TOML)", "config file (TOML)")
    )
    g.add_argument(
        "--data-dir",
        default=default,
        help=say(
            "katalog danych (baza wbudowanego serwera)",
            "data directory (the embedded backend's database)",
        ),
    )
    g.add_argument(
        "--clock",
        default=default,
        help=say(
            "ustal zegar wbudowanego serwera (testy, dema)",
            "fix the embedded backend's clock (tests, demos)",
        ),
    )
    g.add_argument(
        "--seed",
        type=int,
        default=default,
        help=say("ziarno danych wbudowanego serwera", "seed of the embedded backend's data"),
    )
    g.add_argument(
        "--theme", choices=["dark", "light"], default=default, help=say("motyw TUI", "TUI theme")
    )
    g.add_argument(
        "--for",
        dest="for_child",
        metavar="PESEL",
        default=default,
        help=say(
            "działaj na koncie dziecka (rodzic lub opiekun; erej children je wymienia)",
            "act on a child's account (a parent or guardian; erej children lists them)",
        ),
    )
    if not suppress:  # a plain `erej` (the app) only
        g.add_argument(
            "--private-session",
            action="store_true",
            default=False,
            help=say(
                "sesja tylko w pamięci: bez odczytu i zapisu pęku kluczy (erej serve)",
                "a session in memory only: nothing read from or written to the keyring "
                "(erej serve)",
            ),
        )
    g.add_argument(
        "--admin-token",
        default=default,
        metavar="TOKEN",
        help=say(
            "token sterowania demem serwera erej-mock --demo (też EREJ_ADMIN_TOKEN)",
            "the demo controls' token of an erej-mock --demo server (also EREJ_ADMIN_TOKEN)",
        ),
    )
    return p


def _yes(p: argparse.ArgumentParser, say: Say) -> None:
    p.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help=say(
            "bez pytania o potwierdzenie (wymagane bez terminala)",
            "do not ask for confirmation (required without a terminal)",
        ),
    )


def _visit(p: argparse.ArgumentParser, say: Say) -> None:
    p.add_argument(
        "visit",
        metavar=say("NUMER", "NUMBER"),
        help=say("numer wizyty, np. ER/2026/000123", "the visit's number, e.g. ER/2026/000123"),
    )


def _desk_commands(
    p: argparse.ArgumentParser, say: Say, common: argparse.ArgumentParser, action: str
) -> None:
    """`erej desk …`: the facility's registration desk (see `desk_commands`)."""
    sub = p.add_subparsers(dest="desk_command", metavar=action, required=True)

    def desk(name: str, polish: str, english: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=say(polish, english), parents=[common])

    def pesel(q: argparse.ArgumentParser, flag: bool = False) -> None:
        if flag:
            q.add_argument("--pesel", required=True, help="PESEL")
        else:
            q.add_argument("pesel", help="PESEL")

    def visit(q: argparse.ArgumentParser) -> None:
        q.add_argument(
            "visit",
            metavar=say("NUMER", "NUMBER"),
            help=say(
                "numer wizyty (ER/2026/000123) albo jej id",
                "the visit's number (ER/2026/000123) or id",
            ),
        )

    def yes(q: argparse.ArgumentParser) -> None:
        _yes(q, say)

    q = desk("login", "zaloguj się do rejestracji placówki", "log in to a facility's desk")
    q.add_argument("--login", required=True, help=say("login, np. rej103", "login, e.g. rej103"))
    q.add_argument(
        "--password-stdin",
        action="store_true",
        help=say("czytaj hasło ze standardowego wejścia", "read the password from standard input"),
    )
    desk("logout", "wyloguj rejestrację", "log the desk out")
    desk(
        "accounts",
        "konta rejestracji demo (tylko backend demo)",
        "demo desk accounts (demo backend only)",
    )
    q = desk("schedule", "terminarz placówki na dzień", "the facility's schedule for a day")
    q.add_argument(
        "--day",
        help=say(
            "dzień RRRR-MM-DD albo +N (domyślnie dziś)", "day YYYY-MM-DD or +N (default today)"
        ),
    )
    q.add_argument("--service", "-s", help=say("kod świadczenia", "the service's code"))
    q = desk(
        "patient",
        "pacjent po PESEL-u: uprawnienia, e-skierowania, wizyty tutaj",
        "a patient by PESEL: eligibility, e-referrals, visits here",
    )
    pesel(q)
    q = desk("book", "zapisz pacjenta na termin", "book a patient into a slot")
    pesel(q, flag=True)
    q.add_argument(
        "slot_id",
        type=int,
        nargs="?",
        help=say("numer terminu z terminarza", "the slot's number from the schedule"),
    )
    q.add_argument("--referral", help=say("kod e-skierowania", "the e-referral's code"))
    q.add_argument(
        "--phone",
        action="store_true",
        help=say("zgłoszenie telefoniczne (domyślnie osobiście)", "by phone (default: in person)"),
    )
    q.add_argument(
        "--out-of-turn",
        action="store_true",
        help=say(
            "poza kolejnością (uprawnieni): najwcześniejszy termin świadczenia --service",
            "out of turn (patients with the right): the earliest term of --service",
        ),
    )
    q.add_argument(
        "--service",
        "-s",
        help=say("kod świadczenia (z --out-of-turn)", "the service's code (with --out-of-turn)"),
    )
    q = desk(
        "attend", "pacjent przyszedł: wizyta się odbyła", "the patient came: the visit took place"
    )
    visit(q)
    q = desk("no-show", "pacjent nie przyszedł", "the patient did not come")
    visit(q)
    yes(q)
    q = desk("cancel", "odwołaj wizytę jako placówka", "cancel a visit as the facility")
    visit(q)
    q.add_argument(
        "--reason",
        required=True,
        help=say("powód, podany pacjentowi", "the reason, told to the patient"),
    )
    yes(q)
    q = desk(
        "cancel-day",
        "odwołaj cały dzień (nieobecność lekarza)",
        "cancel a whole day (a doctor's absence)",
    )
    q.add_argument("day", help=say("dzień RRRR-MM-DD albo +N", "day YYYY-MM-DD or +N"))
    q.add_argument(
        "--reason",
        required=True,
        help=say("powód, podany pacjentom", "the reason, told to the patients"),
    )
    q.add_argument("--service", "-s", help=say("tylko to świadczenie", "this service only"))
    yes(q)
    q = desk("publish", "opublikuj nowe terminy", "publish new slots")
    q.add_argument(
        "--service", "-s", required=True, help=say("kod świadczenia", "the service's code")
    )
    q.add_argument(
        "--from",
        dest="date_from",
        required=True,
        help=say("od dnia RRRR-MM-DD albo +N", "from YYYY-MM-DD or +N"),
    )
    q.add_argument(
        "--to",
        dest="date_to",
        help=say("do dnia (domyślnie ten sam)", "to (default: the same day)"),
    )
    q.add_argument(
        "--times",
        required=True,
        help=say("godziny, np. 8:00,8:20,8:40", "times, e.g. 8:00,8:20,8:40"),
    )
    q = desk("follow-up", "umów wizytę kontrolną", "book a follow-up visit")
    pesel(q, flag=True)
    q.add_argument(
        "--service", "-s", required=True, help=say("kod świadczenia", "the service's code")
    )
    q.add_argument(
        "--day", required=True, help=say("dzień RRRR-MM-DD albo +N", "day YYYY-MM-DD or +N")
    )
    q.add_argument("--time", required=True, help=say("godzina, np. 10:00", "time, e.g. 10:00"))
    q = desk("contact", "dane kontaktowe podane w placówce", "contact data given at the facility")
    pesel(q)
    q.add_argument("--phone", help=say("numer komórkowy", "mobile number"))
    q.add_argument("--email", help=say("adres e-mail", "e-mail address"))
    q.add_argument("--channels", help=say("kanały: sms,email", "channels: sms,email"))


def _place_options(p: argparse.ArgumentParser, say: Say, *, service_required: bool) -> None:
    """The service and the "where" of a search: the slots', the waiting room's, the facilities'."""
    p.add_argument(
        "--service",
        "-s",
        required=service_required,
        help=say(
            "świadczenie: kardiologia, cytologia, mammografia (bez polskich znaków też)",
            "service: kardiologia, cytologia, mammografia",
        ),
    )
    p.add_argument("--near", help=say("miejscowość, np. Kraków", "locality, e.g. Kraków"))
    p.add_argument(
        "--radius",
        type=int,
        help=say(
            "odległość w km od miejscowości (domyślnie 25)",
            "distance in km from the locality (default 25)",
        ),
    )
    p.add_argument(
        "--voivodeship",
        "-w",
        help=say(
            "całe województwo: nazwa albo kod NFZ 01-16",
            "a whole voivodeship: its name or NFZ code 01-16",
        ),
    )


def _criteria_options(p: argparse.ArgumentParser, say: Say, *, service_required: bool) -> None:
    _place_options(p, say, service_required=service_required)
    p.add_argument(
        "--from",
        dest="date_from",
        help=say("od dnia RRRR-MM-DD albo +N dni", "from YYYY-MM-DD or +N days"),
    )
    p.add_argument(
        "--to",
        dest="date_to",
        help=say("do dnia RRRR-MM-DD albo +N dni", "to YYYY-MM-DD or +N days"),
    )
    p.add_argument("--hours", help=say("godziny, np. 8-12", "hours, e.g. 8-12"))
    p.add_argument("--facility", type=int, help=say("numer placówki", "facility id"))
    p.add_argument(
        "--referral",
        help=say(
            "4-cyfrowy kod e-skierowania (kardiologia)",
            "the 4-digit e-referral code (cardiology)",
        ),
    )


ARGPARSE_POLISH = {
    "usage: ": "użycie: ",
    "positional arguments": "argumenty pozycyjne",
    "options": "opcje",
    "show this help message and exit": "pokaż tę pomoc i zakończ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: błąd: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "brak wymaganych argumentów: %s",
    "one of the arguments %s is required": "wymagany jest jeden z argumentów: %s",
    "expected one argument": "oczekiwano jednej wartości",
    "expected at most one argument": "oczekiwano najwyżej jednej wartości",
    "expected at least one argument": "oczekiwano co najmniej jednej wartości",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "niedozwolona wartość: %(value)r (do wyboru: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "nieprawidłowa wartość (%(type)s): %(value)r",
    "unrecognized arguments: %s": "nieznane argumenty: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "niejednoznaczna opcja: %(option)s pasuje do %(matches)s"
    ),
}
"""argparse's own words in Polish; any other keeps argparse's English."""


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "options", its errors) in `lang` while the parser is
    built and used. argparse looks them up through gettext, whose catalogues would need
    compiled .mo files; its lookup function is swapped instead, and put back after."""
    if lang != "pl":
        yield
        return
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_POLISH.get(message) or english(message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def help_language(argv: Sequence[str]) -> str:
    """The language of the help and of usage errors: --lang, else the settings (EREJ_LANG,
    the config file), else Polish; read before the arguments are."""
    p = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    p.add_argument("--lang")
    p.add_argument("--config")
    try:
        known, _ = p.parse_known_args(argv)
    except argparse.ArgumentError:
        return "pl"
    if known.lang in ("pl", "en"):
        return known.lang
    from .config import ConfigError, load_settings

    if known.config:
        os.environ["EREJ_CONFIG_FILE"] = known.config
    try:
        return load_settings().lang
    except ConfigError:
        return "pl"


def build_parser(lang: str = "pl") -> argparse.ArgumentParser:
    say = _say_in(lang)
    common = _common(suppress=True, say=say)
    parser = argparse.ArgumentParser(
        prog="erej",
        description=say(
            "Centralna e-Rejestracja w terminalu. Bez podkomendy uruchamia interfejs.",
            "Centralna e-Rejestracja (Poland's central e-registration) in the terminal.\n"
            "Without a subcommand it starts the interface.",
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common(suppress=False, say=say)],
    )
    command, action, file = (
        say("PODKOMENDA", "COMMAND"),
        say("AKCJA", "ACTION"),
        say("PLIK", "FILE"),
    )
    sub = parser.add_subparsers(dest="command", metavar=command)

    def cmd(name: str, polish: str, english: str) -> argparse.ArgumentParser:
        text = say(polish, english)
        return sub.add_parser(name, help=text, parents=[common], description=text)

    p = cmd(
        "login",
        "zaloguj się (PESEL i hasło albo token serwera FHIR)",
        "log in (PESEL and password, or a FHIR server's token)",
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--pesel")
    who.add_argument(
        "--token-stdin",
        action="store_true",
        help=say(
            "czytaj ze stdin token dostępu (Bearer) serwera FHIR; zapisany w pęku kluczy",
            "read a FHIR server's access (Bearer) token from stdin; kept in the keyring",
        ),
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=say("czytaj hasło ze stdin", "read the password from stdin"),
    )
    cmd("logout", "wyloguj i usuń zapisany token", "log out and delete the saved token")
    cmd("whoami", "kim jestem: dane pacjenta", "who am I: the patient's data")
    cmd(
        "children",
        "konta Twoich dzieci (dla --for)",
        "your children's accounts (for --for)",
    )
    cmd("services", "świadczenia i czy możesz je umówić", "services and whether you may book them")
    cmd("referrals", "Twoje e-skierowania", "your e-referrals")
    p = cmd(
        "localities",
        "znajdź miejscowość (bez polskich znaków też)",
        "find a locality (Polish letters optional)",
    )
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p = cmd(
        "slots",
        "wolne terminy: najwcześniejsze, potem najbliższe",
        "free slots: the earliest first, then the nearest",
    )
    _criteria_options(p, say, service_required=True)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--cursor", help=say("następna strona wyników", "the next page of results"))
    p.add_argument(
        "--calendar",
        action="store_true",
        help=say(
            "wolne terminy dzień po dniu, jako kalendarz miesięcy (z --json: liczby)",
            "free slots day by day, as month calendars (with --json: the numbers)",
        ),
    )
    p = cmd(
        "facilities",
        "placówki przyjmujące zapisy: adres, telefon, godziny, dostępność",
        "facilities that take bookings: address, phone, hours, accessibility",
    )
    _place_options(p, say, service_required=False)
    p.add_argument(
        "--limit",
        type=int,
        default=20,
        help=say("ile placówek pokazać (0: wszystkie)", "how many to show (0: all)"),
    )
    p = cmd("book", "zarezerwuj termin", "book a slot")
    p.add_argument("slot_id", type=int)
    p.add_argument(
        "--referral", help=say("kod e-skierowania (kardiologia)", "e-referral code (cardiology)")
    )
    p = cmd("visits", "zaplanowane wizyty", "planned visits")
    p.add_argument(
        "--all", action="store_true", help=say("także odwołane i odbyte", "cancelled and past too")
    )
    p = cmd("show", "szczegóły wizyty", "a visit's details")
    _visit(p, say)
    p.add_argument(
        "--ics",
        metavar=file,
        help=say("zapisz wizytę do pliku kalendarza (.ics)", "save the visit to a calendar file"),
    )
    p = cmd("reschedule", "zmień termin wizyty", "move a visit to another slot")
    _visit(p, say)
    p.add_argument("slot_id", type=int)
    _yes(p, say)
    p = cmd("cancel", "odwołaj wizytę", "cancel a visit")
    _visit(p, say)
    _yes(p, say)
    p = cmd("waitlist", "poczekalnia: join, list, leave", "the waiting room: join, list, leave")
    wsub = p.add_subparsers(dest="waitlist_command", metavar=action, required=True)
    j = wsub.add_parser(
        "join", help=say("zapisz się do poczekalni", "join the waiting room"), parents=[common]
    )
    _criteria_options(j, say, service_required=True)
    wsub.add_parser("list", help=say("wpisy w poczekalni", "your entries"), parents=[common])
    leave = wsub.add_parser(
        "leave", help=say("wypisz się z poczekalni", "leave the waiting room"), parents=[common]
    )
    leave.add_argument(
        "entry",
        metavar=say("ŚWIADCZENIE", "SERVICE"),
        help=say(
            "świadczenie, na które czekasz (albo id wpisu z --json)",
            "the service you wait for (or the entry's id from --json)",
        ),
    )
    _yes(leave, say)
    p = cmd(
        "notifications",
        "powiadomienia SMS i e-mail, najnowsze pierwsze",
        "SMS and e-mail notifications, the newest first",
    )
    p.add_argument("--limit", type=int, default=20)
    p = cmd("contact", "dane kontaktowe: pokaż albo zmień", "contact data: show or change")
    p.add_argument("--phone", help=say("numer komórkowy ('' usuwa)", "mobile number ('' removes)"))
    p.add_argument("--email", help=say("adres e-mail ('' usuwa)", "e-mail address ('' removes)"))
    p.add_argument(
        "--channels",
        help=say("kanały: sms,email (pusty: żadnych)", "channels: sms,email (empty: none)"),
    )
    _desk_commands(
        cmd("desk", "rejestracja placówki: erej desk …", "a facility's desk: erej desk …"),
        say,
        common,
        action,
    )
    cmd(
        "keys",
        "klawisze aplikacji (z uwzględnieniem [keymap] z konfiguracji)",
        "the app's keys (with the config file's [keymap])",
    )
    p = cmd(
        "script",
        "scenariusze testowe ekranów: erej script run PLIK.toml",
        "screen test scenarios: erej script run FILE.toml",
    )
    ssub = p.add_subparsers(dest="script_command", metavar=action, required=True)
    run = ssub.add_parser(
        "run", help=say("uruchom scenariusze (TOML)", "run scenarios (TOML)"), parents=[common]
    )
    run.add_argument("files", nargs="+", metavar=file)
    run.add_argument("--junit", metavar=file, help=say("raport JUnit XML", "JUnit XML report"))
    run.add_argument(
        "--screenshots",
        metavar=say("KATALOG", "DIRECTORY"),
        help=say("gdzie zapisać zrzuty ekranu", "where to save screenshots"),
    )
    p = cmd(
        "serve",
        "udostępnij aplikację w przeglądarce (textual-serve)",
        "serve the app to a web browser (textual-serve)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument(
        "--public-url",
        help=say("adres widziany przez przeglądarki (za proxy)", "the address browsers see"),
    )
    p = cmd(
        "demo-patients", "pacjenci demo wbudowanego serwera", "the embedded backend's demo patients"
    )
    p.add_argument(
        "--everyone",
        action="store_true",
        help=say("także populacja testowa", "the test population too"),
    )
    p = sub.add_parser(
        "mock",
        help=say(
            "uruchom serwer mock CeR (opcje jak erej-mock)",
            "run the mock CeR server (options as erej-mock)",
        ),
        add_help=False,
    )
    p.add_argument("mock_args", nargs=argparse.REMAINDER)  # the rest goes to erej-mock
    return parser


def subcommands(lang: str = "pl") -> list[str]:
    """The subcommands' names, as `erej --help` lists them."""
    actions = build_parser(lang)._actions
    (sub,) = (a for a in actions if isinstance(a, argparse._SubParsersAction))
    return [name for name in sub.choices if name != "mock"]


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
        lang = help_language(argv)
        with argparse_words(lang):
            parser = build_parser(lang)
            args, unknown = parser.parse_known_args(argv)
            if unknown and args.command != "mock":
                said = _say_in(lang)("nieznane argumenty", "unknown arguments")
                parser.error(f"{said}: {' '.join(unknown)}")
    if args.config:
        os.environ["EREJ_CONFIG_FILE"] = args.config
    if args.command == "mock":
        from .embedded import serve_mock

        return serve_mock([*unknown, *args.mock_args])
    if args.command is None:
        return launch_tui(args)
    if args.command == "serve":
        return serve_in_browser(args)
    if args.command == "script":
        from .tui.script_cli import run_scripts

        return run_scripts(args)
    from . import desk_commands  # noqa: F401 - registers `erej desk …`
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


def _has_terminal() -> bool:
    """Whether the app can draw: stdin and stdout are a terminal, or Textual is given a
    driver of another kind (`erej serve` runs each tab's app with the web driver, on pipes)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def launch_tui(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    if getattr(args, "for_child", None):
        from .i18n import t

        print(f"erej: {t('for_in_app', settings.lang)}", file=sys.stderr)
        return EXIT_USAGE
    if not _has_terminal():
        # Textual on a pipe would wait for a terminal's answers forever, spinning a core.
        from .i18n import t

        names = ", ".join(subcommands(settings.lang))
        print(f"erej: {t('needs_terminal', settings.lang, commands=names)}", file=sys.stderr)
        return EXIT_USAGE
    import gc

    # Start-up (Textual, the first screen, then the backend) builds only what lives as long
    # as the program, so collecting during it is wasted time before the first frame: the app
    # freezes what it loaded and turns the collector back on once the backend answers.
    gc.disable()
    from .backends import start_seeding

    start_seeding(settings)  # a first run: seeding starts on another core, now
    from .tui.app import run_tui

    return run_tui(settings, private_session=args.private_session)


def serve_in_browser(args: argparse.Namespace) -> int:
    """`erej serve`: each browser tab runs its own `erej` (see `erej_tui.web`)."""
    from .web import serve

    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    serve(settings, args.host, args.port, args.public_url)
    return EXIT_OK
