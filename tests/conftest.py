"""Shared fixtures: a mock backend seeded once per run, copied fresh for each test.

Seeding takes seconds, copying the seeded file milliseconds, so every test gets its own
database with the same fixed seed and clock.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import keyring
import keyring.backend
import keyring.errors
import pytest

from mock_server.app import create_app
from mock_server.seeding import seed_into
from tests.support import ADMIN_TOKEN, API, CLOCK, SEED, Demo


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: half again as many workers as cores. The app's tests spend a third of
    their time waiting for the screen to go idle (measured: 3 workers keep 2 cores 90 %
    busy and finish the suite about a sixth sooner than 2)."""
    return max(2, (os.cpu_count() or 2) * 3 // 2)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Seeded once for the whole run: the first of the workers seeds, the others wait for
    it under a lock and read the same file (never written after)."""
    import fcntl

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the directory the workers' own temporary roots share
    path = root / "seeded.sqlite3"
    with open(root / "seeded.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            seed_into(path, SEED, CLOCK.date())
    return path


@pytest.fixture
def db_path(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "mock.sqlite3"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., object]:
    def make(**kw):
        kw.setdefault("seed", SEED)
        kw.setdefault("clock", CLOCK)
        kw.setdefault("demo", True)
        kw.setdefault("admin_token", ADMIN_TOKEN)
        return create_app(db_path, **kw)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=API, timeout=30
    ) as c:
        yield c


@pytest.fixture
def demo(client) -> Demo:
    return Demo(client)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives for one test: tests never touch the user's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
