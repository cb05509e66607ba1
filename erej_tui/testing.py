"""A pytest plugin for testing erej's screens with no set-up code (entry point `erej`).

    async def test_anna_books_a_mammography(erej_ui, erej_demo):
        await erej_ui.login("Anna Kowalska")
        await erej_ui.press("r", "4")
        await erej_ui.type("krak")
        await erej_ui.press("enter", "ctrl+s", "enter", "enter")
        assert "Numer wizyty: ER/2026/000001" in erej_ui.text()
        await erej_demo.move_clock(ClockChange(advance=timedelta(days=1)))

Fixtures (each test gets a fresh embedded backend: seed 42, clock 2026-12-01 08:00, in a
temporary directory, with tokens kept in memory):

- `erej_app_factory`: `make(lang="pl", live=None, **settings)` builds an `ErejApp`.
- `erej_app`: one such app, not yet running (for `run_test` or `snap_compare`).
- `erej_ui`: that app running headless at 80x24 with its backend up, as an `ErejUI`.
- `erej_demo`: the demo controls of that backend (clock, slots, faults, reset).

`pip install 'erej-tui[pytest]'` brings pytest-asyncio, and the plugin marks the async
tests that use these fixtures itself, so they run in pytest-asyncio's strict mode (its
default) with no configuration of the project's. Imports are lazy, so the plugin costs
nothing in test runs that do not use it.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import pytest

from .tui.screens.login import DEMO_KEYS

try:  # the `pytest` extra; without it the sync fixtures still work
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # said at collection, see `pytest_collection_modifyitems`

    def async_fixture(**_: Any) -> Callable[..., Any]:  # type: ignore[no-redef]
        return pytest.fixture


SEED = 42
CLOCK = datetime(2026, 12, 1, 8, 0)
SIZE = (80, 24)


class ErejUI:
    """A running app, driven as a person would: keys in, text out."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.app = pilot.app

    @property
    def demo(self):
        return self.app.api.demo

    @property
    def screen(self):
        return self.app.screen

    async def ready(self) -> None:
        from .tui.driving import wait_until_ready

        assert await wait_until_ready(self.pilot), "the embedded backend did not start"

    async def press(self, *keys: str) -> None:
        from .tui.driving import press

        await press(self.pilot, *keys)

    async def type(self, text: str) -> None:
        from .tui.driving import type_text

        await type_text(self.pilot, text)

    def text(self) -> str:
        from .tui.driving import screen_text

        return screen_text(self.app)

    async def wait_for(self, text: str, timeout: float = 10.0) -> bool:
        from .tui.driving import screen_text, wait_for

        return await wait_for(self.pilot, lambda: text in screen_text(self.app), timeout)

    async def login(self, name: str) -> None:
        """Log a demo patient in by name, with the one key the login screen offers."""
        patients = [p.name for p in await self.demo.patients()]
        await self.press(DEMO_KEYS[patients.index(name)])

    def screenshot(self) -> str:
        return self.app.export_screenshot()


@pytest.fixture
def erej_app_factory(tmp_path_factory) -> Callable[..., Any]:
    def make(lang: str = "pl", live: float | None = None, **settings: Any):
        from .config import Settings
        from .credentials import MemoryTokenStore
        from .embedded import prepare_database
        from .tui.app import ErejApp

        data = tmp_path_factory.mktemp("erej")
        settings.setdefault("seed", SEED)
        settings.setdefault("clock", CLOCK)
        prepare_database(data, seed=settings["seed"], clock=settings["clock"])
        config = Settings(data_dir=data, backend="embedded", lang=lang, **settings)
        return ErejApp(
            config,
            store=MemoryTokenStore(data),
            blink=False,
            live_interval=live,
            downloads=data / "downloads",
        )

    return make


@pytest.fixture
def erej_app(erej_app_factory):
    return erej_app_factory()


FIXTURES = {"erej_app_factory", "erej_app", "erej_ui", "erej_demo"}
NEEDS_EXTRA = (
    "erej's pytest fixtures in async tests need pytest-asyncio: pip install 'erej-tui[pytest]'"
)


def _uses_our_fixtures(obj: object) -> bool:
    if not inspect.iscoroutinefunction(obj):
        return False
    return bool(FIXTURES & set(inspect.signature(obj).parameters))


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    """Mark an async test that uses erej's fixtures for pytest-asyncio before it collects
    it, so it runs in pytest-asyncio's strict mode too (a project in auto mode loses
    nothing)."""
    if (
        collector.funcnamefilter(name)  # type: ignore[attr-defined]
        and _uses_our_fixtures(obj)
        and not any(m.name == "asyncio" for m in getattr(obj, "pytestmark", []))
    ):
        pytest.mark.asyncio(loop_scope="function")(obj)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.pluginmanager.hasplugin("asyncio") and any(
        isinstance(item, pytest.Function) and _uses_our_fixtures(item.obj) for item in items
    ):
        raise pytest.UsageError(NEEDS_EXTRA)


@async_fixture(loop_scope="function")
async def erej_ui(erej_app) -> AsyncIterator[ErejUI]:
    async with erej_app.run_test(size=SIZE) as pilot:
        ui = ErejUI(pilot)
        await ui.ready()
        yield ui


@pytest.fixture
def erej_demo(erej_ui: ErejUI):
    return erej_ui.demo
