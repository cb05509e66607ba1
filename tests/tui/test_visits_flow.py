"""Plan leczenia → Zaplanowane wizyty → Szczegóły → Zmień termin / Odwołaj; the waiting
room, notifications, Moje konto, the calendar file and live updates."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from textual import events

from erej_tui.api.models import (
    AppointmentStatus,
    ClockChange,
    FollowUpRequest,
    ReleaseRequest,
    SearchCriteria,
    WaitlistRequest,
)
from erej_tui.tui.driving import screen_text, wait_for
from erej_tui.tui.screens.account import AccountScreen
from erej_tui.tui.screens.confirm import ConfirmScreen
from erej_tui.tui.screens.details import DetailsScreen
from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.notifications import NotificationsScreen
from erej_tui.tui.screens.question import QuestionScreen
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.screens.slots import SlotsScreen
from erej_tui.tui.screens.visits import VisitsScreen
from erej_tui.tui.screens.waitlist import WaitlistScreen
from erej_tui.tui.widgets import Notice
from tests.support import CLOCK

from .conftest import (
    ANNA,
    JAN,
    PIOTR,
    another_patient_books,
    book_first,
    log_in_demo,
    press,
    settle,
)

pytestmark = pytest.mark.contract_and_fhir  # every flow here, over the contract and FHIR


SIZE = (80, 24)


def text(widget) -> str:
    return str(widget.render())


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_first_visit(pilot) -> None:
    await press(pilot, "v")
    assert isinstance(pilot.app.screen, VisitsScreen)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, DetailsScreen)


async def test_reschedule_moves_the_visit(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        old = await book_first(app)
        await open_first_visit(pilot)
        await press(pilot, "z")
        search = app.screen
        assert isinstance(search, SearchScreen) and search.reschedule is not None
        assert search.query_one("#locality").value == old.facility.address.locality
        await press(pilot, "ctrl+s")
        slots = app.screen
        assert isinstance(slots, SlotsScreen)
        new = slots.slots[1]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Obecny termin" in " ".join(text(w) for w in app.screen.query("Label"))
        await press(pilot, "enter")
        assert isinstance(app.screen, DoneScreen)
        assert "Termin zmieniony" in text(app.screen.query_one(".title"))
        (visit,) = await app.api.appointments()
        assert visit.id == old.id and visit.start == new.start
        assert [e.kind for e in visit.history] == ["booked", "rescheduled"]
        # The old slot is free again.
        again = await app.api.slots(
            "mammografia",
            SearchCriteria(
                facility_id=old.facility.id, date_from=old.start.date(), date_to=old.start.date()
            ),
            limit=200,
        )
        assert old.start in {s.start for s in again.items}


async def test_a_reschedule_to_a_slot_taken_meanwhile_keeps_the_old_visit(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        old = await book_first(app)
        await open_first_visit(pilot)
        await press(pilot, "z", "ctrl+s")
        slots = app.screen
        target = slots.slots[0]
        await press(pilot, "enter")
        await another_patient_books(app, target.id)
        await press(pilot, "enter")
        assert app.screen is slots
        assert any("przed chwilą" in t for t in toasts(app))
        (visit,) = await app.api.appointments()
        assert visit.start == old.start and visit.status == "booked"


async def test_cancel_after_confirmation_frees_the_slot(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        old = await book_first(app)
        await open_first_visit(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, QuestionScreen)
        assert "trafi do innej osoby" in text(app.screen.query_one("#question-text"))
        await press(pilot, "escape")  # changed her mind
        assert (await app.api.appointment(old.id)).status == "booked"
        await press(pilot, "o", "left", "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert (await app.api.appointment(old.id)).status == "cancelled"
        assert "odwołana" in " ".join(text(w) for w in app.screen.query("Label"))
        free = await app.api.slots(
            "mammografia",
            SearchCriteria(
                facility_id=old.facility.id, date_from=old.start.date(), date_to=old.start.date()
            ),
            limit=200,
        )
        assert old.start in {s.start for s in free.items}


async def test_the_calendar_file_parses_back_with_two_alarms(make_tui, tui_data):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        visit = await book_first(app)
        await open_first_visit(pilot)
        await press(pilot, "c")
        (path,) = (tui_data / "downloads").glob("*.ics")
        assert any("wizyta-ER-2026-000001.ics" in t for t in toasts(app))
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == visit.start
    assert event.decoded("dtend") == visit.end
    assert visit.number in str(event.get("summary"))
    assert visit.facility.address.street in str(event.get("location"))
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    assert triggers == [timedelta(days=-7), timedelta(days=-1)]
    descriptions = sorted(str(a.get("description")) for a in event.walk("VALARM"))
    assert descriptions[0].endswith("wizyta jutro") and descriptions[1].endswith("za 7 dni")
    # The zone the times name is defined in the file, with winter and summer time.
    assert event["dtstart"].params["TZID"] == "Europe/Warsaw"
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Warsaw"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert b"BEGIN:VTIMEZONE" in path.read_bytes()


async def test_a_calendar_file_that_cannot_be_written_is_a_plain_message(make_tui, tui_data):
    (tui_data / "downloads").write_text("not a folder")  # the folder cannot be made
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await book_first(app)
        await open_first_visit(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, DetailsScreen)
        assert any("Nie udało się zapisać pliku" in t for t in toasts(app))


async def open_account(pilot) -> AccountScreen:
    await log_in_demo(pilot, ANNA)
    await press(pilot, "a")
    assert isinstance(pilot.app.screen, AccountScreen)
    return pilot.app.screen


async def test_contact_data_is_checked_then_saved(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        screen.query_one("#phone").value = "12345"
        await press(pilot, "ctrl+s")
        assert "komórkowy" in text(screen.query_one(Notice))
        assert (await app.api.me()).contact.phone == "+48 601 234 567"
        screen.query_one("#phone").value = "699-000-111"
        screen.query_one("#email").value = "anna@"
        await press(pilot, "ctrl+s")
        assert "e-mail" in text(screen.query_one(Notice))
        screen.query_one("#email").value = "anna@nowa.pl"
        await press(pilot, "ctrl+s")
        me = await app.api.me()
        assert (me.contact.phone, me.contact.email) == ("+48 699 000 111", "anna@nowa.pl")
        assert screen.query_one("#phone").value == "+48 699 000 111"


async def test_leaving_the_account_with_unsaved_changes_asks_first(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        await press(pilot, "escape")  # nothing changed: straight back
        assert isinstance(app.screen, HomeScreen)
        screen = await open_account(pilot)
        screen.query_one("#phone").value = "699 000 111"
        await press(pilot, "escape")
        assert isinstance(app.screen, QuestionScreen)
        assert "nie są zapisane" in text(app.screen.query_one("#question-text"))
        await press(pilot, "enter")  # the safe answer: back to the form, as typed
        assert app.screen is screen and screen.query_one("#phone").value == "699 000 111"
        await press(pilot, "escape", "left", "enter")  # "Wyjdź bez zapisu"
        assert isinstance(app.screen, HomeScreen)
        assert (await app.api.me()).contact.phone == "+48 601 234 567"


async def test_saving_with_no_channel_asks_and_says_what_will_not_arrive(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        sms = screen.query_one("#sms")
        assert "✓" in str(sms.render())  # on: a tick, readable without colour
        sms.value = False
        screen.query_one("#mail").value = False
        await settle(pilot)
        assert "✓" not in str(sms.render()) and "X" not in str(sms.render())  # an empty box
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, QuestionScreen)
        asked = text(app.screen.query_one("#question-text"))
        assert "nie dostaniesz potwierdzeń" in asked and "przypomnień" in asked
        await press(pilot, "enter")  # the safe answer: back, nothing saved
        assert app.screen is screen and "Nie zapisano" in text(screen.query_one(Notice))
        assert set((await app.api.me()).contact.channels) == {"sms", "email"}
        await press(pilot, "ctrl+s")
        await press(pilot, "left", "enter")  # "Zapisz bez powiadomień"
        assert app.screen is screen
        assert (await app.api.me()).contact.channels == []


async def test_contact_data_is_refused_in_the_ui_language(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        screen.query_one("#phone").value = "12345"
        screen.query_one("#email").value = "anna@"
        await press(pilot, "ctrl+s")
        assert text(screen.query_one(Notice)) == (
            "Give a Polish mobile number: 9 digits, e.g. 601 234 567. "
            "Give a valid e-mail address, e.g. jan.kowalski@example.pl."
        )
        assert (await app.api.me()).contact.phone == "+48 601 234 567"


async def jan_waits(app) -> int:
    """Jan joins the queue for cardiology in opolskie (nothing free in 40 days)."""
    entry = await app.api.join_waitlist(
        WaitlistRequest(
            service="kardiologia",
            voivodeship="08",
            referral_code="1234",
            date_to=CLOCK.date() + timedelta(days=40),
        )
    )
    return entry.id


async def test_a_slot_freed_by_another_patient_arrives_live(make_tui):
    app = make_tui(live=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        entry = await jan_waits(app)
        await pilot.pause(0.5)
        await settle(pilot)
        assert "miejsce 1" in text(app.screen.query_one("#waitlist"))
        # Another patient cancels a visit that fits Jan's criteria.
        await app.api.demo.release(ReleaseRequest(waitlist_entry_id=entry))
        # A line in a toast (the SMS itself is in Powiadomienia): it covers nothing.
        said = "Przydzielono termin z poczekalni."
        assert await wait_for(pilot, lambda: said in toasts(app))
        assert isinstance(app.screen, HomeScreen)
        assert "Pierwsza wizyta u kardiologa" in text(app.screen.query_one("#visits"))
        await press(pilot, "w")
        assert isinstance(app.screen, WaitlistScreen)
        (visit,) = await app.api.appointments()
        status = str(app.screen.query_one("#entries").get_row_at(0)[2])
        assert f"przydzielona wizyta {visit.number}" in status and "#" not in status
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert "przydzielona z poczekalni" in " ".join(text(w) for w in app.screen.query("Label"))


async def test_reminders_arrive_when_the_clock_moves_seven_days(make_tui):
    app = make_tui(live=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await book_first(app, days_ahead=10)
        await pilot.pause(0.5)
        await app.api.demo.move_clock(ClockChange(advance=timedelta(days=7)))
        assert await wait_for(pilot, lambda: "Przypomnienie o wizycie za tydzień." in toasts(app))
        await press(pilot, "n")
        assert isinstance(app.screen, NotificationsScreen)
        messages = [text(w) for w in app.screen.query(".message")]
        assert "za 7 dni" in messages[0] and "● nowe" in messages[0]
        await press(pilot, "escape", "n")
        assert not any("● nowe" in text(w) for w in app.screen.query(".message"))


async def test_toasts_are_never_over_an_open_dialog(make_tui):
    app = make_tui(live=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        entry = await jan_waits(app)
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Zapisano do poczekalni." in toasts(app)  # shown on the waiting-room list
        await press(pilot, "w", "u")
        assert isinstance(app.screen, QuestionScreen)
        # The toast on view steps aside for the question, and news waits for its answer.
        assert toasts(app) == []
        await app.api.demo.release(ReleaseRequest(waitlist_entry_id=entry))
        await pilot.pause(0.8)
        assert toasts(app) == []
        await press(pilot, "enter")  # "Zostaję": stays in the queue
        assert "Zapisano do poczekalni." in toasts(app)  # back, for the rest of its time
        assert await wait_for(pilot, lambda: "Przydzielono termin z poczekalni." in toasts(app))


async def test_a_visit_on_view_cancelled_by_the_facility_is_said_on_the_screen(make_tui):
    app = make_tui(live=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        page = await app.api.slots("mammografia", SearchCriteria(voivodeship="06"), limit=1)
        await app.api.book(page.items[0].id)
        await pilot.pause(0.5)
        await open_first_visit(pilot)
        assert app.screen.query_one(Notice).display is False
        await app.api.demo.release(ReleaseRequest(slot_id=page.items[0].id, by="facility"))
        said = "Placówka odwołała tę wizytę. Termin możesz umówić ponownie w Rejestracji."
        assert await wait_for(pilot, lambda: text(app.screen.query_one(Notice)) == said)
        assert "Placówka odwołała wizytę." in toasts(app)
        assert "odwołana przez placówkę" in " ".join(text(w) for w in app.screen.query("Label"))
        assert not app.screen.check_action("cancel", ())  # nothing left to cancel


async def test_leaving_the_waiting_room(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await jan_waits(app)
        await press(pilot, "w")
        screen = app.screen
        assert "opolskie" in str(screen.query_one("#entries").get_row_at(0)[0])
        await press(pilot, "u", "left", "enter")
        (entry,) = await app.api.waitlist()
        assert entry.status == "left"
        assert "wypisano" in str(screen.query_one("#entries").get_row_at(0)[2])
        said = [str(n.message) for n in app._notifications]
        assert "Wypisano z poczekalni: Pierwsza wizyta u kardiologa." in said
        assert not any("#" in toast for toast in said)  # no row ids in what people read


async def test_visits_and_waiting_room_name_the_service_in_english(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await book_first(app)
        await press(pilot, "f5")
        visits = text(app.screen.query_one("#visits"))  # (the SMS texts stay Polish)
        assert "Mammography (breast cancer screening)" in visits and "Mammografia" not in visits
        await open_first_visit(pilot)
        assert "Mammography (breast cancer screening)" in screen_text(app)
        assert "Booked by the patient." in screen_text(app)  # the history, not the backend's
        assert "Zarezerwowano" not in screen_text(app)  # Polish words
        await press(pilot, "ctrl+l")
        await log_in_demo(pilot, JAN)
        await jan_waits(app)
        await press(pilot, "f5")
        assert "First cardiology visit · position 1" in text(app.screen.query_one("#waitlist"))
        await press(pilot, "w")
        assert "First cardiology visit" in screen_text(app)
        header = app.screen.query_one("#entries").render_line(0).text
        assert "Position" in header and "Predicted date" in header  # not cut to "Positio"


async def test_a_screen_taller_than_the_terminal_scrolls(make_tui):
    """Moje konto on a terminal of 8 rows: the form and its advice run past the bottom,
    and the screen scrolls to them (a screen method once named `loading` shadowed
    Textual's flag, which kept every logged-in screen from scrolling)."""
    app = make_tui()
    async with app.run_test(size=(80, 8)) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "a")
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert screen.virtual_size.height > screen.size.height
        assert screen.allow_vertical_scroll
        for _ in range(3):  # the mouse wheel, as a person scrolls
            screen.post_message(
                events.MouseScrollDown(
                    screen, 10, 3, 0, 0, 0, False, False, False, screen_x=10, screen_y=3
                )
            )
            await pilot.pause()
        assert screen.scroll_offset.y > 0


async def test_a_follow_up_visit_is_cancelled_online_but_not_moved(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, PIOTR)
        me = await app.api.me()
        booked = await app.api.demo.follow_up(
            FollowUpRequest(pesel=me.pesel, service="kardiologia")
        )
        await open_first_visit(pilot)
        shown = screen_text(app)
        assert "wizyta kontrolna" in shown and "przez placówkę" in shown
        assert "termin zmienisz w placówce" in text(app.screen.query_one(Notice))
        await press(pilot, "z")  # greyed: nothing opens, the date stays
        assert isinstance(app.screen, DetailsScreen)
        assert (await app.api.appointment(booked.id)).start == booked.start
        await press(pilot, "o")
        assert isinstance(app.screen, QuestionScreen)
        await press(pilot, "left", "enter")  # "Tak, odwołaj"
        await settle(pilot)
        assert (await app.api.appointment(booked.id)).status is AppointmentStatus.CANCELLED


async def test_a_no_show_is_said_in_the_visits_past(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        visit = await book_first(app)
        await app.api.demo.move_clock(ClockChange(to=visit.end + timedelta(minutes=1)))
        await app.api.demo.no_show(visit.id)
        await press(pilot, "v", "h")  # with the past visits
        assert "no-show" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert "the term is lost" in text(app.screen.query_one(Notice))
        assert "The facility recorded a no-show." in screen_text(app)  # its history
