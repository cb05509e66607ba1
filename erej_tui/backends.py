"""Where every backend is built, and named: the one place that knows them all.

`connect(settings)` gives the API for the settings' backend (the embedded mock in-process,
or a server speaking the HTTP contract; FHIR next), and `backend_key(settings)` the name
its saved sessions are kept under. The TUI, the headless commands and the pytest plugin
all come here; nothing else names a backend's class.

Light at import: the HTTP client and the mock are imported when a backend is built, so the
first screen draws before them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .api.protocol import RegistrationAPI

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): a first run of the embedded backend seeds its database."""


async def connect(settings: Settings, progress: Progress | None = None) -> RegistrationAPI:
    """The API of the backend `settings` name, ready to use (the embedded one seeded)."""
    if settings.embedded:
        from .embedded import open_embedded

        return await open_embedded(
            settings.data_path,
            seed=settings.seed,
            clock=settings.clock,
            lang=settings.lang,
            progress=progress,
            timeout=settings.timeout,
            fhir=settings.fhir,
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
