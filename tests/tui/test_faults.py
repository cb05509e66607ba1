"""The fault matrix in the app: for each fault a plain message, no crash, the person's input
kept, and no duplicate booking when they try again."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import LoadingIndicator

from erej_tui.api.models import FaultSpec
from erej_tui.tui.driving import screen_text
from erej_tui.tui.screens.base import LOADING_DELAY, ErejScreen
from erej_tui.tui.screens.confirm import ConfirmScreen
from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.login import LoginScreen
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.widgets import Notice, Plain

from .conftest import ANNA, book_first, log_in_demo, press, settle

SIZE = (80, 24)


def text(widget) -> str:
    return str(widget.render())


async def to_confirmation(pilot) -> None:
    await log_in_demo(pilot, ANNA)
    await press(pilot, "r", "4")
    await pilot.press(*"krak")
    await press(pilot, "enter", "ctrl+s", "enter")
    assert isinstance(pilot.app.screen, ConfirmScreen)


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (FaultSpec(error_status=503, retry_after=0), "niedostępn"),
        (FaultSpec(error_status=500), "Spróbuj ponownie"),
        (FaultSpec(drop=True), "przerwane"),
        (FaultSpec(drop=True, phase="after"), "przerwane"),  # booked, but the answer lost
        (FaultSpec(error_status=503, phase="after"), "niedostępn"),
        (FaultSpec(malformed=True), "nie da się odczytać"),
        (FaultSpec(malformed=True, phase="after"), "nie da się odczytać"),
    ],
    ids=[
        "503",
        "500",
        "dropped",
        "dropped-after-booking",
        "503-after-booking",
        "malformed",
        "malformed-after-booking",
    ],
)
async def test_a_failed_confirmation_keeps_the_screen_and_books_once_on_retry(
    make_tui, fault, message
):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_confirmation(pilot)
        screen = app.screen
        slot = screen.slot
        assert "f5" not in screen.active_bindings  # nothing to try again yet
        await app.api.demo.set_fault(fault)
        await press(pilot, "enter")
        assert app.screen is screen, "the confirmation stays, with the chosen slot"
        notice = screen.query_one(Notice)
        assert message in text(notice) and "F5 ponawia próbę" in text(notice)
        assert screen.active_bindings["f5"].enabled  # the hint's key works, in the footer
        await app.api.demo.clear_faults()
        await press(pilot, "f5")  # the same confirmation, the same Idempotency-Key
        assert isinstance(app.screen, DoneScreen), text(screen.query_one(Notice))
        visits = await app.api.appointments()
        assert [v.start for v in visits] == [slot.start]


async def test_a_backend_slower_than_the_timeout(make_tui):
    # Short enough to try three times quickly, long enough for the first (cold) loads of
    # the way to the confirmation on a busy machine.
    app = make_tui(timeout=2.0)
    async with app.run_test(size=SIZE) as pilot:
        await to_confirmation(pilot)
        await app.api.demo.set_fault(FaultSpec(latency_ms=5000))
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "nie odpowiedział na czas" in text(app.screen.query_one(Notice))
        await app.api.demo.clear_faults()
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert len(await app.api.appointments()) == 1


async def test_search_criteria_survive_a_failed_search(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r", "4")
        await pilot.press(*"krak")
        await press(pilot, "enter")
        await app.api.demo.set_fault(FaultSpec(error_status=503))
        await press(pilot, "ctrl+s")
        assert "F5" in text(app.screen.query_one("#slots-notice"))
        await press(pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#locality").value == "Kraków"
        await app.api.demo.clear_faults()
        await press(pilot, "ctrl+s")
        assert app.screen.slots


async def test_a_backend_that_refuses_connections(make_tui):
    app = make_tui(backend="http://127.0.0.1:9")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Nie można połączyć się" in text(app.screen.query_one(Notice))


async def test_a_slow_first_load_shows_the_loading_indicator_and_a_reload_keeps_the_rows(
    make_tui,
):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await book_first(app)
        await app.api.demo.set_fault(FaultSpec(latency_ms=4000, remaining=1))
        await pilot.press("v")
        await pilot.pause(0.3)
        table = app.screen.query_one("#visit-table")
        inside = (table.region.x + 10, table.region.y + 2)
        # Shown 0.2 s into the load; looked for while the answer is still seconds away (a
        # busy machine may draw it late).
        for _ in range(40):
            if isinstance(app.get_widget_at(*inside)[0], LoadingIndicator):
                break
            await pilot.pause(0.05)
        assert isinstance(app.get_widget_at(*inside)[0], LoadingIndicator)
        await settle(pilot)
        assert app.get_widget_at(*inside)[0] is table and table.row_count == 1
        # A reload (F5; live updates alike) leaves the rows in view while it waits.
        await app.api.demo.set_fault(FaultSpec(latency_ms=1500, remaining=1))
        await pilot.press("f5")
        await pilot.pause(0.6)
        assert app.get_widget_at(*inside)[0] is table and table.row_count == 1
        await settle(pilot)
        assert table.row_count == 1


async def test_rejestracja_shows_the_loading_indicator_while_its_list_loads(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await app.api.demo.set_fault(FaultSpec(latency_ms=3000, remaining=1))
        await pilot.press("r")

        def drawn() -> bool:  # anywhere under the title, where the list will be
            return any(
                isinstance(app.get_widget_at(40, y)[0], LoadingIndicator) for y in range(2, 12)
            )

        for _ in range(40):  # shown 0.2 s into the load, while the answer is seconds away
            if drawn():
                break
            await pilot.pause(0.05)
        assert drawn(), "an empty list has room for the loading indicator"
        await settle(pilot)
        assert app.screen.query_one("#services").option_count > 0 and not drawn()


@pytest.mark.parametrize("again", ["f5", "logging-in"])
async def test_a_backend_down_at_start_is_tried_again(make_tui, tui_data, again):
    from erej_tui.api.client import HttpRegistrationAPI
    from erej_tui.embedded import open_embedded
    from erej_tui.tui.app import ErejApp
    from tests.support import CLOCK

    class Refused(HttpRegistrationAPI):
        closed = False

        async def aclose(self) -> None:
            self.closed = True
            await super().aclose()

    attempts: list[HttpRegistrationAPI] = []

    async def down_then_up(progress):
        if attempts:
            attempts.append(await open_embedded(tui_data, clock=CLOCK))
        else:  # nothing listens there: its health check fails
            attempts.append(Refused("http://127.0.0.1:9", retries=0))
        return attempts[-1]

    base = make_tui()
    app = ErejApp(base.settings, connect=down_then_up, store=base.store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = screen_text(app)
        assert said.count("Nie można połączyć się") == 1 and "F5" in said
        assert attempts[0].closed  # the failed connection's client is not left open
        if again == "f5":
            await press(pilot, "f5")
        else:
            app.screen.query_one("#pesel").value = "44051401359"
            app.screen.query_one("#password").value = "demo"
            app.screen.query_one("#password").focus()
            await press(pilot, "enter")
        assert len(attempts) == 2 and app.screen.query_one("#demo-list").display
        assert "Nie można" not in screen_text(app)
        app.screen.query_one("#pesel").focus()  # a letter in the password field is typed
        await press(pilot, "a")
        assert isinstance(app.screen, HomeScreen)


class BusyWhileLoading(ErejScreen):
    """A screen whose first load runs in its own handler, so its message queue waits until
    the answer has come: as a busy machine, or an answer arriving just as the indicator's
    delay ends, may leave a screen's pending calls for after the load."""

    def compose(self):
        yield Plain("dane", id="data")

    async def on_mount(self) -> None:
        with self.first_load("#data"):
            await asyncio.sleep(LOADING_DELAY + 0.3)


async def test_the_loading_indicator_never_outlives_its_load(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await app.push_screen(BusyWhileLoading(app.session))
        await settle(pilot)
        await pilot.pause(0.1)
        data = app.screen.query_one("#data")
        assert app.get_widget_at(data.region.x, data.region.y)[0] is data


async def test_leaving_a_screen_while_its_first_load_waits(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await app.api.demo.set_fault(FaultSpec(latency_ms=1000, remaining=1))
        await pilot.press("v")
        await pilot.pause(0.4)  # the loading indicator is up
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Nie masz zaplanowanych wizyt" in str(app.screen.query_one("#visits").render())
