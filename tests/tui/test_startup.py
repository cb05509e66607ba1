"""`erej` starts with the garbage collector off (nothing it builds then is garbage); the
app must turn it back on however the backend's start ends."""

from __future__ import annotations

import gc

import pytest

from erej_tui.tui.driving import settle, wait_until_ready
from erej_tui.tui.screens.login import LoginScreen


@pytest.fixture
def collector_off():
    gc.disable()
    yield
    gc.enable()
    gc.unfreeze()


async def test_the_collector_is_back_on_once_the_backend_is_up(make_tui, collector_off):
    app = make_tui(freeze_heap=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until_ready(pilot)
        await settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up loaded is out of the collector's way


async def test_the_collector_is_back_on_when_the_backend_is_unreachable(make_tui, collector_off):
    app = make_tui(backend="http://127.0.0.1:9", freeze_heap=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.api is None
        assert gc.isenabled()
