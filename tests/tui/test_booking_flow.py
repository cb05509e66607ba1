"""The IKP booking flow in the app, driven by keys against the embedded backend."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import OptionList

from erej_tui.api import errors
from erej_tui.api.models import FaultSpec
from erej_tui.api.timefmt import day as when_day
from erej_tui.formatting import when
from erej_tui.tui.driving import screen_text as read_screen
from erej_tui.tui.outlook import OutlookChart
from erej_tui.tui.screens.confirm import ConfirmScreen
from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.login import LoginScreen
from erej_tui.tui.screens.referral import ReferralScreen
from erej_tui.tui.screens.registration import RegistrationScreen
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.screens.slots import SlotsScreen
from erej_tui.tui.screens.waitlist import WaitlistScreen
from erej_tui.tui.table import KeyTable
from erej_tui.tui.widgets import Notice

from .conftest import (
    ANNA,
    HELENA,
    JAN,
    MAGDALENA,
    MARIA,
    PIOTR,
    TOMASZ,
    another_patient_books,
    burst,
    log_in_demo,
    press,
    settle,
)

pytestmark = pytest.mark.contract_and_fhir  # every flow here, over the contract and FHIR


SIZE = (80, 24)


def text(widget) -> str:
    return str(widget.render())


def screen_text(screen) -> str:
    """Everything a person can read on the screen, as plain text."""
    parts = []
    for widget in screen.query("Static, Label"):
        if widget.display and widget.visible:
            parts.append(text(widget))
    for options in screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
    return "\n".join(parts)


async def type_text(pilot, value: str) -> None:
    await pilot.press(*value)
    await settle(pilot)


async def to_search(pilot, service: str) -> None:
    """From Plan leczenia: Rejestracja, then down the list to the service and Enter."""
    await press(pilot, "r")
    assert isinstance(pilot.app.screen, RegistrationScreen)
    options = pilot.app.screen.query_one("#services", OptionList)
    while options.highlighted_option.id != service:
        await press(pilot, "down")
    await press(pilot, "enter")


async def search_near(pilot, locality: str) -> None:
    assert isinstance(pilot.app.screen, SearchScreen)
    await type_text(pilot, locality)
    await press(pilot, "enter", "ctrl+s")


async def test_the_search_form_keeps_each_label_beside_its_field(make_tui):
    """The locality suggestions open and close under the locality field; every label
    below stays on its field's row when the form is first shown, while suggesting, and
    once a locality is chosen."""
    app = make_tui()

    def rows_apart() -> dict[str, int]:
        screen = app.screen
        pairs = {"Zasięg": "#radius", "Od dnia": "#date-from", "Placówka": "#facility"}
        labels = {text(label): label for label in screen.query("#search-form > Label")}
        return {
            name: screen.query_one(field).region.y - labels[name].region.y
            for name, field in pairs.items()
        }

    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        assert rows_apart() == {"Zasięg": 0, "Od dnia": 0, "Placówka": 0}
        await type_text(pilot, "krak")
        assert "Kraków (małopolskie)" in screen_text(app.screen)
        assert rows_apart() == {"Zasięg": 0, "Od dnia": 0, "Placówka": 0}
        await press(pilot, "enter")
        assert app.screen.query_one("#locality").value == "Kraków"
        assert rows_apart() == {"Zasięg": 0, "Od dnia": 0, "Placówka": 0}


async def test_book_a_mammography_end_to_end(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        assert isinstance(app.screen, HomeScreen)
        await to_search(pilot, "mammografia")
        await search_near(pilot, "krak")
        screen = app.screen
        assert isinstance(screen, SlotsScreen)
        first = screen.slots[0]
        assert "25 km od: Kraków" in text(screen.query_one("#criteria"))
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app.screen)
        assert when(first.start) in shown and first.facility.name in shown
        assert "SMS +48 601 234 567" in shown
        await press(pilot, "enter")
        assert isinstance(app.screen, DoneScreen)
        done = text(app.screen.query_one("#done-text"))
        assert "Numer wizyty: ER/2026/000001" in done
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Mammografia" in text(app.screen.query_one("#visits"))
        (visit,) = await app.api.appointments()
        assert visit.start == first.start and visit.facility.id == first.facility.id


async def test_cardiology_with_a_valid_code(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await to_search(pilot, "kardiologia")
        assert isinstance(app.screen, ReferralScreen)
        await type_text(pilot, "1234")
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen) and app.screen.referral == "1234"
        await type_text(pilot, "Gdańsk")
        await press(
            pilot, "enter", "down", "down", "enter", "ctrl+s"
        )  # 50 km: the list opens on 25
        assert isinstance(app.screen, SlotsScreen) and app.screen.slots
        await press(pilot, "enter")
        assert "1234" in screen_text(app.screen)
        await press(pilot, "enter")
        assert isinstance(app.screen, DoneScreen)
        (visit,) = await app.api.appointments()
        assert visit.referral_code == "1234"


async def test_cardiology_offers_the_patients_unused_referrals_to_pick(make_tui):
    """Jan's e-referral is listed under the code field (code, category, doctor, date); Down
    and Enter pick it, and the booking carries it. The code typed in a burst still goes to
    the field, as the README's quick path types it."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await to_search(pilot, "kardiologia")
        assert isinstance(app.screen, ReferralScreen)
        await settle(pilot)
        assert "1234 · stabilny · lek. Ewa Nowicka, 11.11.2026" in screen_text(app.screen)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, SearchScreen) and app.screen.referral == "1234"
        await press(pilot, "escape")
        assert isinstance(app.screen, RegistrationScreen)
        burst(app, "enter", *"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.screen.referral == "1234"


async def test_a_patient_without_referrals_is_offered_none(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, PIOTR)  # his only e-referral is used up
        await to_search(pilot, "kardiologia")
        assert isinstance(app.screen, ReferralScreen)
        await settle(pilot)
        assert not app.screen.query_one("#referral-list").display
        assert "wybierz jedno" not in screen_text(app.screen)


async def test_when_the_list_of_referrals_fails_the_code_can_still_be_typed(make_tui, monkeypatch):
    """A backend that fails to list e-referrals leaves the field as it is, with no error
    in the way: the code typed still books."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)

        async def failing():
            raise errors.BackendUnavailable("Serwer rejestracji ma problem (błąd 503).")

        monkeypatch.setattr(app.api, "referrals", failing)
        await to_search(pilot, "kardiologia")
        assert isinstance(app.screen, ReferralScreen)
        await settle(pilot)
        assert not app.screen.query_one("#referral-list").display
        assert "503" not in screen_text(app.screen)
        await type_text(pilot, "1234")
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen) and app.screen.referral == "1234"


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        (
            "pl",
            "Nie znaleziono e-skierowania o kodzie 9999 dla Twojego numeru PESEL. "
            "Sprawdź kod na wydruku lub w IKP.",
        ),
        (
            "en",
            "No e-referral with the code 9999 was found for your PESEL. "
            "Check the code on the printout or in IKP.",
        ),
    ],
)
async def test_a_wrong_referral_is_explained_in_the_ui_language(make_tui, lang, told):
    app = make_tui(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await to_search(pilot, "kardiologia")
        await type_text(pilot, "9999")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReferralScreen)
        assert text(app.screen.query_one(Notice)) == told
        await press(pilot, "escape")
        assert isinstance(app.screen, RegistrationScreen)
        assert await app.api.appointments() == []


async def test_a_used_referral_is_explained_and_kept_out(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, PIOTR)
        await press(pilot, "r")
        assert "e-skierowanie" in screen_text(app.screen)
        await press(pilot, "enter")
        await type_text(pilot, "5678")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReferralScreen)
        assert "5678 zostało już zrealizowane" in text(app.screen.query_one(Notice))
        assert await app.api.appointments() == []


async def test_an_ineligible_patient_is_told_why(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, HELENA)
        await press(pilot, "r")
        listed = screen_text(app.screen)
        assert "do 74 lat" in listed and "do 64 lat" in listed
        await press(pilot, "down", "down", "down", "enter")
        assert isinstance(app.screen, RegistrationScreen)  # nowhere to go
        toasts = [str(n.message) for n in app._notifications]
        assert any("do 74 lat" in t for t in toasts)


async def test_priority_rights_show_the_leaflet_advice(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, MARIA)
        await press(pilot, "r")
        assert "zapisz się w placówce" in text(app.screen.query_one("#priority"))


async def test_a_slot_taken_between_listing_and_confirming(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        await search_near(pilot, "krak")
        slots_screen = app.screen
        taken = slots_screen.slots[0]
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        # Meanwhile another patient books that very slot.
        await another_patient_books(app, taken.id)
        await press(pilot, "enter")
        assert app.screen is slots_screen
        assert taken.id not in {s.id for s in slots_screen.slots}
        assert "25 km od: Kraków" in text(slots_screen.query_one("#criteria"))
        assert any("przed chwilą" in str(n.message) for n in app._notifications)
        assert await app.api.appointments() == []


async def to_opole_cardiology_search(pilot) -> None:
    """Jan's cardiology search in the whole opolskie voivodeship (no free first visit in
    the next 40 days), on the form, not yet sent."""
    await log_in_demo(pilot, JAN)
    await to_search(pilot, "kardiologia")
    await type_text(pilot, "1234")
    await press(pilot, "enter")
    await type_text(pilot, "Opole")
    await press(pilot, "enter", "down", "down", "down", "down", "enter")


async def test_no_fitting_slot_offers_the_waiting_room(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_opole_cardiology_search(pilot)
        await press(pilot, "ctrl+s")
        screen = app.screen
        assert isinstance(screen, SlotsScreen)
        offer = text(screen.query_one("#offer-text"))
        assert "Brak wolnych terminów" in offer and "miejscu 1" in offer
        # The outlook: the likely range in words, the weeks and the range in the chart.
        forecast = await app.api.waitlist_forecast("kardiologia", screen.criteria, "1234")
        outlook = forecast.outlook
        assert outlook is not None
        likely = f"między {when_day(outlook.likely_from)} a {when_day(outlook.likely_to)}"
        assert likely in offer
        chart = screen.query_one(OutlookChart)
        assert chart.display and chart.outlook == outlook
        await press(pilot, "p")
        assert isinstance(app.screen, DoneScreen)
        assert "miejsce w kolejce 1" in text(app.screen.query_one("#done-text"))
        (entry,) = await app.api.waitlist()
        assert entry.status == "waiting" and entry.criteria.voivodeship == "08"
        # Poczekalnia: the range in the list, how it is made under it.
        await press(pilot, "enter", "w")
        assert isinstance(app.screen, WaitlistScreen)
        said = read_screen(app)
        assert f"{outlook.likely_from:%d.%m.%Y} – {outlook.likely_to:%d.%m.%Y}" in said
        assert "Miejsce w kolejce: 1." in said and "na tydzień" in said
        assert app.screen.query_one(OutlookChart).outlook == entry.outlook


async def test_a_predicted_date_past_the_range_is_said_and_the_range_can_be_widened(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_opole_cardiology_search(pilot)
        app.screen.query_one("#date-to").value = "2026-12-06"
        await press(pilot, "ctrl+s")
        screen = app.screen
        assert isinstance(screen, SlotsScreen)
        offer = text(screen.query_one("#offer-text"))
        assert "wypada po końcu wybranego przez Ciebie zakresu dat (6 grudnia 2026)" in offer
        widen = screen.query_one("#widen-button")
        assert widen.display and str(widen.label).startswith("Rozszerz zakres do ")
        predicted = screen.widen_to
        widen.press()
        await settle(pilot)
        assert screen.criteria.date_to == predicted
        offer = text(screen.query_one("#offer-text"))
        assert "wypada po końcu" not in offer and not screen.query_one("#widen-button").display
        await press(pilot, "p")
        (entry,) = await app.api.waitlist()
        assert entry.criteria.date_to == predicted  # the entry keeps the range she chose


async def test_backend_down_shows_a_message_and_retry_works(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await app.api.demo.set_fault(FaultSpec(error_status=503))
        await press(pilot, "r")
        notice = app.screen.query_one("#registration-notice", Notice)
        assert notice.display and "F5" in text(notice)
        await app.api.demo.clear_faults()
        await press(pilot, "f5")
        assert not notice.display
        assert "Mammografia" in screen_text(app.screen)


async def test_a_saved_session_resumes_without_asking(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        assert isinstance(app.screen, HomeScreen)
    again = make_tui()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)
        assert "Anna Kowalska" in screen_text(again.screen)


async def test_an_expired_session_returns_to_login_with_a_message(make_tui, tui_data):
    import sqlite3

    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
    with sqlite3.connect(tui_data / "embedded.sqlite3") as db:
        db.execute("UPDATE sessions SET revoked = 1")
    again = make_tui()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, LoginScreen)
        assert "Sesja wygasła" in text(again.screen.query_one(Notice))


@pytest.mark.parametrize(
    ("lang", "pesel", "told"),
    [
        ("pl", "44051401358", "Cyfra kontrolna PESEL się nie zgadza – sprawdź numer."),
        ("en", "4405140", "A PESEL has 11 digits, not 7."),
    ],
)
async def test_invalid_pesel_is_refused_before_sending(make_tui, lang, pesel, told):
    app = make_tui(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#pesel").focus()
        await type_text(pilot, pesel)
        await press(pilot, "enter")
        await type_text(pilot, "x")
        await press(pilot, "enter")
        assert isinstance(app.screen, LoginScreen)
        assert text(app.screen.query_one(Notice)) == told


async def test_escape_goes_back_and_keeps_what_was_typed(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        await search_near(pilot, "krak")
        await press(pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#locality").value == "Kraków"


async def test_command_palette_offers_booking_a_mammography(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Umów: Mammografia (profilaktyka raka piersi)" in titles
        assert "Plan leczenia" in titles
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Umów: Mammo")
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.service.code == "mammografia"


async def test_the_palette_says_why_a_service_cannot_be_booked(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "kobiet" in helps["Umów: Mammografia (profilaktyka raka piersi)"]
        assert "e-skierowania" in helps["Umów: Pierwsza wizyta u kardiologa"]
        await press(pilot, "ctrl+l")
        await log_in_demo(pilot, ANNA)
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Umów: Mammografia (profilaktyka raka piersi)"] == (
            "Rejestracja na to świadczenie"
        )


async def test_more_slots_load_as_you_scroll(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "cytologia")
        await type_text(pilot, "Warszawa")
        await press(pilot, "enter", "ctrl+s")
        screen = app.screen
        first_page = len(screen.slots)
        assert first_page == 30 and screen.cursor
        await press(pilot, *(["down"] * 27))
        assert len(screen.slots) > first_page
        assert len({s.id for s in screen.slots}) == len(screen.slots)
        assert screen.query_one(KeyTable).row_count == len(screen.slots)


async def test_english_labels(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app.screen)
        assert "Anna Kowalska – Woman, 58: may book" in shown and "Kobieta" not in shown
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r")
        shown = screen_text(app.screen)
        assert "Book a screening" in shown and "Mammography" in shown
        assert "Umów" not in shown


async def test_the_first_screen_does_not_wait_for_the_backend(make_tui, tui_data):
    import asyncio

    from erej_tui.embedded import open_embedded
    from erej_tui.tui.app import ErejApp
    from tests.support import CLOCK

    gate = asyncio.Event()

    async def slow_connect(progress):
        # As on a first run: the backend seeds in a thread, reporting progress.
        await asyncio.to_thread(progress, 120, 320, "terminy")
        await gate.wait()
        return await open_embedded(tui_data, clock=CLOCK)

    base = make_tui()
    app = ErejApp(
        base.settings, connect=slow_connect, store=base.store, blink=False, live_interval=None
    )
    async with app.run_test(size=SIZE) as pilot:
        # Poll without settling: the backend worker is held at the gate on purpose.
        for _ in range(200):
            await pilot.pause(0.05)
            if (
                app.screen.query("#seed-progress")
                and app.screen.query_one("#seed-progress").display
            ):
                break
        assert isinstance(app.screen, LoginScreen)
        assert "generowanie danych" in text(app.screen.query_one("#status-text"))
        bar = app.screen.query_one("#seed-progress")
        assert bar.display and bar.progress == 120 and bar.total == 320
        # A demo letter before the backend is up is told to wait, then logs in when it is;
        # the key typed after it waits too and acts on Plan leczenia.
        await pilot.press("a", "r")
        await pilot.pause(0.1)
        assert not app.screen.query("#demo-list")  # no demo patients to offer yet
        assert "jeszcze się uruchamia" in text(app.screen.query_one("#login-notice"))
        assert app.screen.query_one("#pesel").value == ""  # the letters typed nothing
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, RegistrationScreen)
        assert app.session.patient.first_name == "Anna"


async def test_the_saved_session_is_read_off_the_event_loop(make_tui, monkeypatch):
    """The keyring may take a while (its import, a desktop keyring to unlock): the screen
    must keep drawing meanwhile."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
    readers = []
    again = make_tui()
    load = again.store.load

    def recording_load(backend):
        readers.append(threading.current_thread() is threading.main_thread())
        return load(backend)

    monkeypatch.setattr(again.store, "load", recording_load)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)
    assert readers == [False]


async def test_the_session_is_kept_and_forgotten_off_the_event_loop_in_order(make_tui, monkeypatch):
    """Saving and deleting the token reach the keyring too: off the event loop, and in the
    order asked, so a slow logout followed by a login leaves the new session kept."""
    import time

    app = make_tui()
    store = app.store
    save, delete = store.save, store.delete
    calls = []

    def recording_save(backend, pesel, *rest):
        calls.append(("save", threading.current_thread() is threading.main_thread()))
        save(backend, pesel, *rest)

    def slow_delete(backend):
        calls.append(("delete", threading.current_thread() is threading.main_thread()))
        time.sleep(1)  # a keyring that takes its time, longer than the next login
        return delete(backend)

    monkeypatch.setattr(store, "save", recording_save)
    monkeypatch.setattr(store, "delete", slow_delete)
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "ctrl+l")
        await log_in_demo(pilot, JAN)
        assert isinstance(app.screen, HomeScreen)
        jan = app.session.patient.pesel
    assert calls == [("save", False), ("delete", False), ("save", False)]
    kept = store.load(app.key)
    assert kept is not None and kept.pesel == jan


async def test_search_criteria_are_refused_in_the_ui_language(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        await type_text(pilot, "krak")
        await press(pilot, "enter")
        screen = app.screen
        screen.query_one("#date-from").value = "2027-02-01"
        screen.query_one("#date-to").value = "2027-01-01"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert text(screen.query_one("#search-notice")) == "The end date is before the start date."
        screen.query_one("#date-to").value = "2027-03-01"
        screen.query_one("#hour-from").value = "25:00"
        await press(pilot, "ctrl+s")
        assert text(screen.query_one("#search-notice")) == "Hours: enter a time HH:MM."


async def test_a_start_date_in_the_past_is_refused_on_the_form(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        await type_text(pilot, "krak")
        await press(pilot, "enter")
        screen = app.screen
        screen.query_one("#date-from").value = "2026-11-30"  # the clock says 1 December
        await press(pilot, "ctrl+s")
        assert app.screen is screen  # nothing sent, the form stays as typed
        assert text(screen.query_one("#search-notice")) == (
            "Data początkowa nie może być w przeszłości: najwcześniej 2026-12-01."
        )
        screen.query_one("#date-from").value = "2026-12-01"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SlotsScreen)


@pytest.mark.parametrize(
    ("call", "told"),
    [
        ("load", "odczytać zapisanej sesji"),  # at start: log in by hand instead
        ("save", "zapamiętać sesji"),  # at login
        ("delete", "usunąć zapisanej sesji"),  # at logout
    ],
)
async def test_a_failing_token_store_is_told_and_the_app_goes_on(make_tui, monkeypatch, call, told):
    app = make_tui()

    def failing(*args):
        raise OSError("dysk niedostępny")

    monkeypatch.setattr(app.store, call, failing)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await log_in_demo(pilot, ANNA)
        assert isinstance(app.screen, HomeScreen) and "Anna Kowalska" in screen_text(app.screen)
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, LoginScreen)
        toasts = [str(n.message) for n in app._notifications]
        assert any(told in m and "dysk niedostępny" in m for m in toasts)


async def test_a_drop_down_closes_with_escape_said_in_polish(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        screen = app.screen
        select = screen.query_one("Select")
        select.focus()
        await press(pilot, "enter")  # its list opens
        said = {a.binding.description for a in screen.active_bindings.values()}
        assert "Zamknij listę" in said and "Dismiss menu" not in said


async def test_rejestracja_shows_each_services_terms_and_the_second_stage(make_tui):
    """Magdalena's negative HPV test two years ago: both cervical tests say from when; the
    highlighted service's terms stand under the list; a clinic not yet live says so."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, MAGDALENA)
        await press(pilot, "r")
        listed = screen_text(app.screen)
        assert "Poradnie drugiego etapu e-rejestracji" in listed
        assert listed.count("od 1 grudnia 2029") == 2  # the HPV test and the cytology
        terms = app.screen.query_one("#service-terms")
        assert "także poradnie kardiologiczne dla dzieci" in text(terms)
        await press(pilot, "down")
        assert "co 5 lat po wyniku ujemnym" in text(terms)
        await press(pilot, "2")  # the HPV test: refused, with the date, and nothing opens
        assert isinstance(app.screen, RegistrationScreen)
        toasts = [str(n.message) for n in app._notifications]
        assert any("od 1 grudnia 2029" in t for t in toasts)


async def test_a_clinic_not_yet_live_tells_tomasz_to_book_at_the_facility(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, TOMASZ)
        await to_search(pilot, "zakazne")
        assert isinstance(app.screen, RegistrationScreen)  # no referral dialog, no search
        toasts = [str(n.message) for n in app._notifications]
        assert any("joins the central e-registration on 1 January 2027" in t for t in toasts)
        assert await app.api.appointments() == []
