"""`erej serve`: the app in web browsers (textual-serve), for demos to a room.

Each browser tab runs its own `erej` process with `--private-session`: it starts at the
login screen, keeps its session token in memory only, and reads and writes nothing of the
host's keyring or token file, so a tab never opens as the host's patient and two tabs never
see each other's. The page is ours (`app_index.html`): it loads only what the server
itself serves (textual-serve's script and its Roboto Mono), so it works with no internet.
The admin token reaches the tabs through the environment, never a command line that `ps`
would show. No Textual import here (textual-serve's server does not need it).
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from ..config import Settings
from ..i18n import t

PAGE_WORDS = {
    "@LANG@": "lang_code",
    "@STARTING@": "web_starting",
    "@START@": "web_start",
    "@ENDED@": "web_ended",
    "@RESTART@": "web_restart",
}


def tab_command(settings: Settings) -> list[str]:
    """The `erej` each browser tab runs: the host's settings, a session of its own."""
    command = [
        sys.executable,
        "-m",
        "erej_tui",
        "--private-session",
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
    return command


def page(lang: str) -> str:
    """The tab's page, in the UI's language (textual-serve fills in the rest)."""
    text = files(__package__).joinpath("app_index.html").read_text(encoding="utf-8")
    for placeholder, key in PAGE_WORDS.items():
        text = text.replace(placeholder, t(key, lang))
    return text


def serve(settings: Settings, host: str, port: int, public_url: str | None) -> None:
    import textual_serve
    from textual_serve.server import Server

    if settings.admin_token:
        os.environ["EREJ_ADMIN_TOKEN"] = settings.admin_token
    with tempfile.TemporaryDirectory(prefix="erej-serve-") as templates:
        Path(templates, "app_index.html").write_text(page(settings.lang), encoding="utf-8")
        server = Server(
            shlex.join(tab_command(settings)),
            host=host,
            port=port,
            title=t("app_title", settings.lang),
            public_url=public_url,
            templates_path=templates,
            statics_path=Path(textual_serve.__file__).parent / "static",
        )
        server.serve()
