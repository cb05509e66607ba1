"""The embedded backend: the mock CeR server in-process, behind httpx's ASGI transport.

The only module of `erej_tui` that imports `mock_server`, and only inside functions, so that
importing the client (and starting the app) does not wait for FastAPI. Its SQLite file lives
in the user data directory; the first run seeds it (a few seconds, with progress).
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from .api.client import HttpRegistrationAPI
from .config import DB_NAME

EMBEDDED_URL = "http://embedded/api/v1"
EMBEDDED_FHIR_URL = "http://embedded/fhir"

Progress = Callable[[int, int, str], None]


class EmbeddedTransport(httpx.ASGITransport):
    """An ASGI transport that behaves like a socket where it matters to the client: the
    request's read timeout is enforced (the ASGI transport has none of its own), and app
    failures look like a broken connection (the mock's "dropped connection" fault)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = (request.extensions.get("timeout") or {}).get("read")
        try:
            return await asyncio.wait_for(super().handle_async_request(request), timeout)
        except TimeoutError as exc:
            raise httpx.ReadTimeout(
                "the embedded backend did not answer in time", request=request
            ) from exc
        except httpx.HTTPError:
            raise
        except Exception as exc:
            raise httpx.RemoteProtocolError(
                "the embedded backend closed the connection", request=request
            ) from exc


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def needs_seeding(data_dir: Path) -> bool:
    """A first run, or a database an earlier release seeded under another schema."""
    path = database_path(data_dir)
    if not path.exists():
        return True
    import sqlite3

    from mock_server.db import stale

    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return stale(conn)
    except sqlite3.Error:
        return True


def follow_seeding(process: subprocess.Popen[str], progress: Progress | None) -> None:
    """Wait for a first run's seeding process (`backends.start_seeding`), passing on its
    progress. Should it fail, the database is not there and the app seeds it itself."""
    for line in process.stdout or ():
        done, _, total = line.strip().partition(" ")
        if progress and done.isdigit() and total.isdigit():
            progress(int(done), int(total), "terminy")
    process.wait()


def build_app(
    data_dir: Path,
    *,
    seed: int = 42,
    clock: datetime | None = None,
    admin_token: str,
    progress: Progress | None = None,
    seeding: subprocess.Popen[str] | None = None,
) -> Any:
    from mock_server.app import create_app  # while a seeding process works on

    if seeding is not None:
        follow_seeding(seeding, progress)

    return create_app(
        database_path(data_dir),
        seed=seed,
        clock=clock,
        demo=True,
        admin_token=admin_token,
        progress=progress,
    )


async def open_embedded(
    data_dir: Path,
    *,
    seed: int = 42,
    clock: datetime | None = None,
    lang: str = "pl",
    progress: Progress | None = None,
    fhir: bool = False,
    seeding: subprocess.Popen[str] | None = None,
    **client_options: Any,
) -> HttpRegistrationAPI:
    """Build the embedded backend in a worker thread (importing FastAPI and, on the first
    run, seeding take seconds) and return a client talking to it: to its contract, or
    (`fhir`) to its FHIR face. `seeding`: a first run's seeding process to wait for."""
    admin_token = secrets.token_urlsafe(16)
    app = await asyncio.to_thread(
        build_app,
        data_dir,
        seed=seed,
        clock=clock,
        admin_token=admin_token,
        progress=progress,
        seeding=seeding,
    )
    from .api.fhir import FhirRegistrationAPI

    kind, url = (
        (FhirRegistrationAPI, EMBEDDED_FHIR_URL) if fhir else (HttpRegistrationAPI, EMBEDDED_URL)
    )
    return kind(
        url,
        transport=EmbeddedTransport(app=app),
        admin_token=admin_token,
        lang=lang,
        **client_options,
    )


def serve_mock(argv: list[str]) -> int:
    """`erej mock ...`: the same as `erej-mock ...`."""
    from mock_server.cli import main

    return main(argv)


_SEEDED: dict[tuple[int, date], Path] = {}


def prepare_database(data_dir: Path, *, seed: int = 42, clock: datetime | None = None) -> Path:
    """Put a freshly seeded database into `data_dir` (for scripted runs and tests).

    Seeding takes seconds and copying milliseconds, so each (seed, day) is seeded once per
    process and copied from then on.
    """
    day = clock.date() if clock else date.today()
    cached = _SEEDED.get((seed, day))
    if cached is None or not cached.exists():
        from mock_server.seeding import seed_into

        cached = Path(tempfile.mkdtemp(prefix="erej-seed-")) / DB_NAME
        seed_into(cached, seed, day)
        _SEEDED[(seed, day)] = cached
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, database_path(data_dir))
    return database_path(data_dir)
