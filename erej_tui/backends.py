"""Where every backend is built, and named: the one place that knows them all.

`connect(settings)` gives the API for the settings' backend (the embedded mock in-process,
or a server speaking the HTTP contract; FHIR next), and `backend_key(settings)` the name
its saved sessions are kept under. The TUI, the headless commands and the pytest plugin
all come here; nothing else names a backend's class.

Light at import: the HTTP client and the mock are imported when a backend is built, so the
first screen draws before them.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import DB_NAME, Settings

if TYPE_CHECKING:
    from .api.protocol import RegistrationAPI

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): a first run of the embedded backend seeds its database."""


_SEEDING: dict[Path, subprocess.Popen[str]] = {}


def start_seeding(settings: Settings) -> None:
    """A first run of the embedded backend: start seeding its database in a process of its
    own (`mock_server.seeding`), on another core. `connect` starts it if nobody has and
    waits for it, passing on its progress; the TUI starts it before its imports, so that
    it runs while the app loads and draws its first screen."""
    path = settings.data_path / DB_NAME
    if not settings.embedded or path.exists() or settings.data_path in _SEEDING:
        return
    command = [sys.executable, "-m", "mock_server.seeding", "--db", str(path)]
    command += ["--seed", str(settings.seed)]
    if settings.clock:
        command += ["--clock", settings.clock.isoformat()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _SEEDING[settings.data_path] = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        pass  # the backend seeds in-process when it comes up, as it would anyway


async def connect(settings: Settings, progress: Progress | None = None) -> RegistrationAPI:
    """The API of the backend `settings` name, ready to use (the embedded one seeded)."""
    if settings.embedded:
        start_seeding(settings)
        from .embedded import open_embedded

        return await open_embedded(
            settings.data_path,
            seed=settings.seed,
            clock=settings.clock,
            lang=settings.lang,
            progress=progress,
            timeout=settings.timeout,
            fhir=settings.fhir,
            seeding=_SEEDING.pop(settings.data_path, None),
        )
    from .api.client import HttpRegistrationAPI
    from .api.fhir import FhirRegistrationAPI

    kind = FhirRegistrationAPI if settings.fhir else HttpRegistrationAPI
    return kind(
        settings.api_url,
        lang=settings.lang,
        timeout=settings.timeout,
        admin_token=settings.admin_token,
    )


def needs_seeding(settings: Settings) -> bool:
    """A first run of the embedded backend: building it takes seconds (show progress)."""
    if not settings.embedded:
        return False
    from .embedded import needs_seeding as first_run

    return first_run(settings.data_path)


def backend_key(settings: Settings) -> str:
    """The name a backend's saved sessions are kept under (see credentials.TokenStore)."""
    return f"embedded:{settings.data_path}" if settings.embedded else settings.backend
