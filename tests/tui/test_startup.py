"""Start-up: the login screen is the first frame and the bottom of the screen stack, and
`erej` starts with the garbage collector off (nothing it builds then is garbage), which
the app must turn back on however the backend's start ends."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from erej_tui.tui.driving import press, settle, wait_until_ready
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.login import LoginScreen
from erej_tui.tui.widgets import Notice

from .conftest import ANNA, JAN, log_in_demo


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


async def test_logging_out_and_in_again_keeps_one_login_screen_and_no_password(make_tui):
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen
        assert isinstance(first, LoginScreen) and app.screen_stack == [first]
        for patient in (ANNA, JAN, ANNA):
            await log_in_demo(pilot, patient)
            assert isinstance(app.screen, HomeScreen)
            # The first login screen stays at the bottom, without the password typed in it.
            assert app.screen_stack[0] is first
            assert first.query_one("#password").value == ""
            await press(pilot, "ctrl+l")
            assert isinstance(app.screen, LoginScreen) and len(app.screen_stack) == 2
            assert "Wylogowano" in str(app.screen.query_one(Notice).render())


def test_the_first_frame_needs_neither_the_contract_nor_the_http_client():
    """Everything the login screen is drawn with is Textual and our light modules; the
    contract (pydantic), httpx, the keyring and the backend load after the first frame."""
    probe = (
        "import sys, erej_tui.cli, erej_tui.tui.app\n"
        "heavy = ('pydantic', 'httpx', 'keyring', 'fastapi', 'mock_server')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


async def test_settling_waits_past_a_load_replaced_by_a_newer_one(make_tui):
    """`settle` (the scripts' and tests' wait) must not fail when a screen's load is
    replaced by a newer one, as when a screen is shown again while it still loads."""
    import asyncio

    from erej_tui.api.models import FaultSpec

    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_demo(pilot, ANNA)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await app.api.demo.set_fault(FaultSpec(latency_ms=400, remaining=1))
        home.load()  # waits on the slow answer…
        settling = asyncio.create_task(settle(pilot))
        await asyncio.sleep(0.1)
        home.load()  # …and is replaced by this one (one load at a time per screen)
        await settling
        assert "Anna Kowalska" in str(home.query_one(".title").render())
