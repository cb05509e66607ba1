"""Settings: defaults, then a TOML file, then `EREJ_*` environment variables, then flags.

The file is `config.toml` in the user config directory (`EREJ_CONFIG_FILE` names another):

    backend = "embedded"        # or a URL: "http://127.0.0.1:8000", "fhir+http://host/fhir"
    lang = "pl"                 # or "en"
    theme = "dark"              # or "light"
    admin_token = "..."         # the demo controls of `erej-mock --demo --admin-token ...`

    [keymap]                    # binding id = keys
    "app.quit" = "ctrl+q"

No Textual and no pydantic import here: the settings are read before the first screen is
drawn, and the standard library reads them in a millisecond. The TOML and JSON readers
are imported only when there is a file or a keymap variable to read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

DB_NAME = "embedded.sqlite3"
"""The embedded backend's database in the data directory."""

APP_NAME = "erej-tui"
EMBEDDED = "embedded"
FHIR_EMBEDDED = "fhir+embedded"
"""The embedded backend spoken to through its FHIR face (offline, like `embedded`)."""
EMBEDDED_KINDS = (EMBEDDED, FHIR_EMBEDDED)
ENV_PREFIX = "EREJ_"


class ConfigError(Exception):
    """The configuration cannot be used; the message says why, in plain words."""


def config_file() -> Path:
    override = os.environ.get("EREJ_CONFIG_FILE")
    return (
        Path(override) if override else user_config_path(APP_NAME, appauthor=False) / "config.toml"
    )


def _backend(value: Any) -> str:
    text = str(value).strip()
    if text in EMBEDDED_KINDS:
        return text
    if not text.startswith(("http://", "https://", "fhir+http://", "fhir+https://")):
        raise ValueError(
            "backend to 'embedded', 'fhir+embedded' albo adres URL serwera"
            " (http://... lub fhir+http://...)"
        )
    return text.rstrip("/")


def _one_of(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"dozwolone: {', '.join(allowed)}")
        return str(value)

    return check


def _keymap(value: Any) -> dict[str, str]:
    if isinstance(value, str):  # from the environment: a JSON object
        import json

        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError('oczekiwano obiektu JSON {"id": "klawisze"}') from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError('oczekiwano tabeli: identyfikator = "klawisze"')
    return dict(value)


def _path(value: Any) -> Path | None:
    return None if value is None else Path(value).expanduser()


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("oczekiwano liczby całkowitej")
    try:
        return int(value)
    except ValueError:
        raise ValueError("oczekiwano liczby całkowitej") from None


def _clock(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError("oczekiwano daty i godziny ISO 8601, np. 2026-12-01T08:00") from None


def _timeout(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError("oczekiwano liczby sekund") from None
    if not 0 < seconds <= 300:
        raise ValueError("od 0 do 300 sekund")
    return seconds


def _admin_token(value: Any) -> str | None:
    """A header value: printable ASCII. Never echoed in a message: it is a secret."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not (value.isascii() and value.isprintable()) or " " in value:
        raise ValueError("oczekiwano tekstu ze znaków ASCII (bez polskich liter i spacji)")
    return value


_CHECKS = {
    "backend": _backend,
    "lang": _one_of("pl", "en"),
    "theme": _one_of("dark", "light"),
    "keymap": _keymap,
    "data_dir": _path,
    "seed": _int,
    "clock": _clock,
    "timeout": _timeout,
    "admin_token": _admin_token,
}


@dataclass
class Settings:
    backend: str = EMBEDDED
    """`embedded` (the mock backend in-process), the base URL of a server, or `fhir+` and
    the base URL of a FHIR R4 server (`fhir+embedded`: the mock's FHIR face in-process)."""
    lang: str = "pl"
    """`pl` or `en`."""
    theme: str = "dark"
    """`dark` or `light`."""
    keymap: dict[str, str] = field(default_factory=dict)
    data_dir: Path | None = None
    """Where the embedded backend's database and session data live."""
    seed: int = 42
    """Seed of the embedded backend's data (used when it is first created)."""
    clock: datetime | None = None
    """Fix the embedded backend's virtual clock (tests, recorded demos)."""
    timeout: float = 10.0
    admin_token: str | None = field(default=None, repr=False)
    """The demo controls' token of an `erej-mock --demo` server; a secret, never shown."""

    def __post_init__(self) -> None:
        problems = []
        for name, check in _CHECKS.items():
            try:
                setattr(self, name, check(getattr(self, name)))
            except ValueError as exc:
                problems.append(f"{name}: {exc}")
        if problems:
            raise ConfigError(f"Nieprawidłowe ustawienia ({'; '.join(problems)}).")

    @property
    def embedded(self) -> bool:
        return self.backend in EMBEDDED_KINDS

    @property
    def fhir(self) -> bool:
        """A FHIR R4 server (`fhir+http://host/base`) rather than our HTTP contract."""
        return self.backend.startswith("fhir+")

    @property
    def api_url(self) -> str:
        """The contract's base URL for a served backend (a FHIR server's base as given)."""
        if self.fhir:
            return self.backend.removeprefix("fhir+")
        return self.backend if self.backend.endswith("/api/v1") else f"{self.backend}/api/v1"

    @property
    def data_path(self) -> Path:
        return self.data_dir or user_data_path(APP_NAME, appauthor=False)


def _from_file() -> dict[str, Any]:
    path = config_file()
    try:
        with path.open("rb") as f:
            import tomllib  # only with a file to read

            return tomllib.load(f)
    except FileNotFoundError:
        return {}
    except ValueError as exc:  # tomllib.TOMLDecodeError, or bytes that are not UTF-8
        raise ConfigError(f"Plik konfiguracji {path} ma błąd składni: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"Nie można odczytać pliku konfiguracji {path}: {exc}") from None


def load_settings(**flags: Any) -> Settings:
    """Defaults, then the TOML file, then `EREJ_*` variables, then the given flags (flags
    that are None are not given). Unknown names in the file are ignored."""
    names = [f.name for f in fields(Settings)]
    values = {k: v for k, v in _from_file().items() if k in names}
    for name in names:
        env = os.environ.get(f"{ENV_PREFIX}{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in flags.items() if v is not None})
    return Settings(**values)


def settings_from_args(args: Any) -> Settings:
    """Settings with the command line's flags on top (absent flags are not given)."""
    return load_settings(
        backend=getattr(args, "backend", None),
        lang=getattr(args, "lang", None),
        data_dir=getattr(args, "data_dir", None),
        clock=getattr(args, "clock", None),
        seed=getattr(args, "seed", None),
        theme=getattr(args, "theme", None),
        admin_token=getattr(args, "admin_token", None),
    )
