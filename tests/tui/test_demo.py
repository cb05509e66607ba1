"""The demo controls in the app: each one, from the F2 panel (and the palette)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from erej_tui.api.models import AppointmentStatus, ClockChange, SearchCriteria, WaitlistRequest
from erej_tui.config import Settings
from erej_tui.credentials import TokenStore
from erej_tui.tui.app import ErejApp
from erej_tui.tui.driving import type_text
from erej_tui.tui.screens.demo import DEMO_ACTIONS, DemoScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.login import LoginScreen
from erej_tui.tui.widgets import KeyOptions
from tests.mock_server.test_real_server import running_server
from tests.support import ADMIN_TOKEN, CLOCK

from .conftest import ANNA, JAN, book_first, log_in_demo, press, settle

SIZE = (80, 24)


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def said(app) -> str:
    """What the demo dialog says a control did (in the dialog: no toast lies over it)."""
    assert isinstance(app.screen, DemoScreen)
    assert not toasts(app)
    return str(app.screen.query_one("#demo-said").render())


async def use_control(pilot, name: str) -> None:
    await press(pilot, "f2")
    assert isinstance(pilot.app.screen, DemoScreen)
    await press(pilot, *["down"] * DEMO_ACTIONS.index(name), "enter")


async def test_the_clock_moves_by_an_hour_a_day_a_week(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        for name, hours in (("clock_hour", 1), ("clock_day", 25), ("clock_week", 25 + 168)):
            await use_control(pilot, name)
            told = said(app)
            await press(pilot, "escape")
            now = (await app.api.health()).now
            assert now == CLOCK + timedelta(hours=hours)
        assert "Zegar serwera: środa, 9 grudnia 2026, 09:00" in told


async def test_another_patient_frees_a_slot_for_the_waiting_room(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await app.api.join_waitlist(
            WaitlistRequest(
                service="kardiologia",
                voivodeship="08",
                referral_code="1234",
                date_to=CLOCK.date() + timedelta(days=40),
            )
        )
        await use_control(pilot, "release")
        assert "Jan Nowak" in said(app)
        (visit,) = await app.api.appointments()
        assert visit.source == "waitlist"


async def test_facilities_publish_slots(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        before = await app.api.slots("cytologia", SearchCriteria(voivodeship="08"), limit=200)
        await use_control(pilot, "publish")
        services = len(await app.api.services())
        assert f"Opublikowano {10 * services} terminów" in said(app)
        after = await app.api.slots("cytologia", SearchCriteria(voivodeship="08"), limit=200)
        assert len(after.items) >= len(before.items)


async def test_faults_switch_on_and_off(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "f2")
        actions = app.screen.query_one("#demo-actions", KeyOptions)
        # In the dialog, one after another: Plan leczenia would reload under each fault.
        for name, check in (
            ("slow", lambda f: f.latency_ms == 3000),
            ("error", lambda f: f.error_status == 503),
            ("drop", lambda f: f.drop),
            ("faults_off", lambda f: f is None),
        ):
            actions.highlighted = DEMO_ACTIONS.index(name)
            await press(pilot, "enter")
            assert check((await app.api.demo.faults()).active)
        await press(pilot, "escape")
        assert not app.screen.query("#home-notice.error")


async def test_a_fault_shows_in_the_app_as_a_plain_message(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await use_control(pilot, "error")
        await press(pilot, "escape", "f5")
        notice = app.screen.query_one("#home-notice")
        assert notice.display and "F5" in str(notice.render())


async def test_reset_to_the_seed_logs_everyone_out(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await book_first(app)
        await use_control(pilot, "reset")
        assert isinstance(app.screen, LoginScreen)
        assert "Przywrócono stan początkowy" in str(app.screen.query_one("#login-notice").render())
        await log_in_demo(pilot, ANNA)
        assert isinstance(app.screen, HomeScreen)
        assert await app.api.appointments() == []


async def test_the_palette_offers_the_demo_controls(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Demo: Zegar: +1 dzień" in titles and "Demo: Awaria: błąd 503" in titles


async def test_no_demo_controls_without_the_mock(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        app.api.admin_token = None  # as against a real server
        await press(pilot, "f2")
        assert isinstance(app.screen, HomeScreen)
        assert not any(c.title.startswith("Demo:") for c in app.get_system_commands(app.screen))


@pytest.mark.parametrize("token", [ADMIN_TOKEN, "not-the-token"])
async def test_demo_controls_over_http_with_the_admin_token_only_if_accepted(
    db_path, tui_data, token
):
    """`erej --backend URL --admin-token T` against `erej-mock --demo --admin-token T`."""
    with running_server(db_path) as url:  # erej-mock --demo --admin-token ADMIN_TOKEN
        settings = Settings(
            backend=url.removesuffix("/api/v1"), data_dir=tui_data, admin_token=token
        )
        app = ErejApp(settings, store=TokenStore(tui_data), blink=False, live_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.app.workers.wait_for_complete()
            accepted = token == ADMIN_TOKEN
            login_text = "\n".join(str(w.render()) for w in app.screen.query("OptionList"))
            if accepted:  # the demo patients come from the server's demo controls
                await log_in_demo(pilot, ANNA)
                await press(pilot, "f2")
                assert isinstance(app.screen, DemoScreen)
            else:
                assert toasts(app) and "nie przyjął tokenu" in toasts(app)[-1]
                assert not app.demo_patients and "Anna" not in login_text
                assert app.api.admin_token is None


def palette_lines(app) -> list[str]:
    from textual.command import CommandList

    options = app.screen.query_one(CommandList).options
    return [str(option.prompt).split("\n")[0] for option in options]


async def test_the_palette_lists_the_patients_actions_first_and_the_demo_last(make_tui):
    app = make_tui()
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "ctrl+p")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.query_one("CommandInput").placeholder == "Szukaj polecenia…"
        lines = palette_lines(app)
        assert lines[:2] == ["Plan leczenia", "Rejestracja"], lines
        assert lines[2].startswith("Umów: ")
        booking = [i for i, line in enumerate(lines) if line.startswith("Umów: ")]
        assert lines[booking[-1] + 1] == "Placówki"  # where to book, after what to book
        demo = [i for i, line in enumerate(lines) if line.startswith("Demo:")]
        assert demo and demo == list(range(demo[0], len(lines))), lines  # one group, last
        assert lines.index("Wyloguj") < demo[0]
        await type_text(pilot, "qqqzzz")
        await pilot.pause(0.8)
        await settle(pilot)
        assert palette_lines(app) == ["Nie znaleziono takiego polecenia"]
        await press(pilot, "enter")  # the message does nothing
        assert isinstance(app.screen, HomeScreen)


async def test_a_reply_to_the_last_reminder_cancels_the_visit(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        visit = await book_first(app, days_ahead=10)
        await use_control(pilot, "sms_reply")
        assert "nie znaleźliśmy umówionej wizyty" in said(app)  # no reminder sent yet
        await press(pilot, "escape")
        await app.api.demo.move_clock(ClockChange(to=visit.start - timedelta(days=7)))
        await use_control(pilot, "sms_reply")
        assert f"Odpowiedź SMS odwołała wizytę {visit.number}" in said(app)
        assert (await app.api.appointment(visit.id)).status is AppointmentStatus.CANCELLED


async def test_the_facility_records_a_no_show_and_books_a_follow_up(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await use_control(pilot, "no_show")
        assert "No visit of this account has begun yet" in said(app)
        await press(pilot, "escape")
        visit = await book_first(app)
        await app.api.demo.move_clock(ClockChange(to=visit.end + timedelta(minutes=1)))
        await use_control(pilot, "no_show")
        assert f"recorded a no-show for visit {visit.number}" in said(app)
        assert (await app.api.appointment(visit.id)).status is AppointmentStatus.NO_SHOW
        await press(pilot, "escape")
        await use_control(pilot, "follow_up")
        assert "The facility booked follow-up visit" in said(app)
        (follow_up,) = await app.api.appointments(AppointmentStatus.BOOKED)
        assert follow_up.follow_up and follow_up.service == "mammografia"
