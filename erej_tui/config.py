"""Settings: defaults, then a TOML file, then `EREJ_*` environment variables, then flags.

The file is `config.toml` in the user config directory (`EREJ_CONFIG_FILE` names another):

    backend = "embedded"        # or a URL: "http://127.0.0.1:8000"
    lang = "pl"                 # or "en"
    theme = "dark"              # or "light"

    [keymap]                    # binding id = keys
    "app.quit" = "ctrl+q"

No Textual import here.
"""

from __future__ import annotations

import os
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_path, user_data_path
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "erej-tui"
EMBEDDED = "embedded"


class ConfigError(Exception):
    """The configuration cannot be used; the message says why, in plain words."""


def config_file() -> Path:
    override = os.environ.get("EREJ_CONFIG_FILE")
    return (
        Path(override) if override else user_config_path(APP_NAME, appauthor=False) / "config.toml"
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EREJ_", extra="ignore")

    backend: str = EMBEDDED
    """`embedded` (the mock backend in-process) or the base URL of a server."""
    lang: Literal["pl", "en"] = "pl"
    theme: Literal["dark", "light"] = "dark"
    keymap: dict[str, str] = Field(default_factory=dict)
    data_dir: Path | None = None
    """Where the embedded backend's database and session data live."""
    seed: int = 42
    """Seed of the embedded backend's data (used when it is first created)."""
    clock: datetime | None = None
    """Fix the embedded backend's virtual clock (tests, recorded demos)."""
    timeout: float = Field(default=10.0, gt=0, le=300)

    @field_validator("backend")
    @classmethod
    def _backend(cls, value: str) -> str:
        value = value.strip()
        if value == EMBEDDED:
            return value
        if not value.startswith(("http://", "https://")):
            raise ValueError("backend to 'embedded' albo adres URL serwera (http://...)")
        return value.rstrip("/")

    @property
    def embedded(self) -> bool:
        return self.backend == EMBEDDED

    @property
    def api_url(self) -> str:
        """The contract's base URL for a served backend."""
        return self.backend if self.backend.endswith("/api/v1") else f"{self.backend}/api/v1"

    @property
    def data_path(self) -> Path:
        return self.data_dir or user_data_path(APP_NAME, appauthor=False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # First wins: flags, then the environment, then the file, then the defaults.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_file()))


def load_settings(**flags: Any) -> Settings:
    """Settings with the given flags on top (flags that are None are not given)."""
    given = {k: v for k, v in flags.items() if v is not None}
    try:
        return Settings(**given)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Plik konfiguracji {config_file()} ma błąd składni: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ConfigError(f"Nieprawidłowe ustawienia ({problems}).") from None


def settings_from_args(args: Any) -> Settings:
    """Settings with the command line's flags on top (absent flags are not given)."""
    return load_settings(
        backend=getattr(args, "backend", None),
        lang=getattr(args, "lang", None),
        data_dir=getattr(args, "data_dir", None),
        clock=getattr(args, "clock", None),
        seed=getattr(args, "seed", None),
        theme=getattr(args, "theme", None),
    )
