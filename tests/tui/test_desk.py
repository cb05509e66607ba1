"""Rejestracja w placówce in the app: the desk's login (F3), Terminarz, Zapisz pacjenta,
attendance and cancelling with a reason, driven by keys on the embedded backend."""

from __future__ import annotations

from datetime import timedelta

from erej_tui.api.models import AppointmentStatus, DeskBooking
from erej_tui.tui.driving import screen_text
from erej_tui.tui.screens.desk import BookDialog, DeskForm, DeskLoginScreen, ScheduleScreen
from erej_tui.tui.screens.login import LoginScreen
from erej_tui.tui.table import KeyTable

from .conftest import burst, press, settle
from .test_booking_flow import type_text

SIZE = (100, 30)
FACILITY = 103  # Kraków: kardiologia, hpv, cytologia, the second stage


async def to_desk(pilot) -> ScheduleScreen:
    """From the login screen: F3, Tab to the login, rej103 and demo typed at once."""
    await settle(pilot)
    await press(pilot, "f3")
    assert isinstance(pilot.app.screen, DeskLoginScreen)
    burst(pilot.app, "tab", *f"rej{FACILITY}", "tab", *"demo", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ScheduleScreen), screen
    return screen


async def first_free(app, service: str = "hpv"):
    """The first free slot of the desk's facility, with its day."""
    day = app.screen.day
    for ahead in range(1, 40):
        found = await app.api.desk.schedule(day + timedelta(days=ahead), service)
        free = [s for s in found.slots if s.state.value == "free"]
        if free:
            return ahead, free[0]
    raise AssertionError("no free slot")


async def show(pilot, ahead: int, slot_id: int) -> None:
    """Terminarz on that day, the cursor on that slot."""
    await press(pilot, *["right"] * ahead)
    screen = pilot.app.screen
    table = screen.query_one("#desk-table", KeyTable)
    index = next(i for i, s in enumerate(screen.slots) if s.slot_id == slot_id)
    table.move_cursor(row=index)
    await settle(pilot)


async def anna_booked_on_view(pilot):
    """Anna booked at the desk into its first free slot, shown in Terminarz."""
    app = pilot.app
    await to_desk(pilot)
    ahead, slot = await first_free(app)
    anna = next(p for p in await app.api.demo.patients() if p.name == "Anna Kowalska")
    visit = await app.api.desk.book(DeskBooking(pesel=anna.pesel, slot_id=slot.slot_id))
    await show(pilot, ahead, slot.slot_id)
    return anna, visit


async def test_the_desk_logs_in_from_the_login_screen(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        schedule = await to_desk(pilot)
        assert "Rejestracja:" in app.sub_title
        assert "Terminarz · Przychodnia Specjalistyczna „Panaceum” – Kraków" in screen_text(app)
        await press(pilot, "right")
        assert schedule.day == schedule.desk.today + timedelta(days=1)
        assert schedule.slots and "terminów" in screen_text(app)
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, LoginScreen)


async def test_a_wrong_password_is_said_and_a_demo_letter_logs_in(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        burst(app, "tab", *"rej103", "tab", *"zle", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskLoginScreen)
        assert "Błędny login lub hasło" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, LoginScreen)
        await press(pilot, "f3", "a")  # the first demo desk, from the list
        assert isinstance(app.screen, ScheduleScreen)


async def test_zapisz_pacjenta_on_a_free_slot_by_phone(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_desk(pilot)
        ahead, slot = await first_free(app)
        await show(pilot, ahead, slot.slot_id)
        await press(pilot, "z")
        assert isinstance(app.screen, BookDialog)
        anna = next(p for p in await app.api.demo.patients() if p.name == "Anna Kowalska")
        await type_text(pilot, anna.pesel)
        await press(pilot, "enter")
        assert "Anna Kowalska" in screen_text(app)
        app.screen.query_one("#desk-via").value = "phone"
        await press(pilot, "enter")
        assert isinstance(app.screen, ScheduleScreen)
        await settle(pilot)
        row = next(s for s in app.screen.slots if s.slot_id == slot.slot_id)
        assert row.visit is not None and row.visit.pesel == anna.pesel
        assert "telefonicznie" in screen_text(app) and "Anna Kowalska" in screen_text(app)
        await app.api.login(anna.pesel, anna.password)
        (visit,) = await app.api.appointments()
        assert visit.booked_via.value == "phone" and visit.history[0].staff


async def test_bad_pesel_and_an_ineligible_patient_are_said_in_the_dialog(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_desk(pilot)
        ahead, slot = await first_free(app)
        await show(pilot, ahead, slot.slot_id)
        await press(pilot, "z")
        await type_text(pilot, "12345678901")
        await press(pilot, "enter")
        assert isinstance(app.screen, BookDialog) and "PESEL" in screen_text(app)
        helena = next(p for p in await app.api.demo.patients() if p.name == "Helena Wójcik")
        field = app.screen.query_one("#desk-pesel")
        field.value = helena.pesel
        field.focus()
        await press(pilot, "enter", "enter")  # too old for the cervical programme
        assert isinstance(app.screen, BookDialog)
        assert "lat" in str(app.screen.query_one("#desk-book-notice").render())
        await press(pilot, "escape")
        assert isinstance(app.screen, ScheduleScreen)


async def test_cancel_with_a_reason_and_attendance_only_on_the_day(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        anna, visit = await anna_booked_on_view(pilot)
        await press(pilot, "o")
        assert any("w dniu wizyty" in str(n.message) for n in app._notifications)
        await press(pilot, "x")
        assert isinstance(app.screen, DeskForm)
        await type_text(pilot, "choroba lekarza")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        assert any("Odwołano wizytę" in str(n.message) for n in app._notifications)
        await app.api.login(anna.pesel, anna.password)
        cancelled = await app.api.appointment(visit.id)
        assert cancelled.status is AppointmentStatus.CANCELLED
        assert "choroba lekarza" in (await app.api.notifications())[0].body


async def test_a_doctors_absence_cancels_the_shown_day(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        anna, visit = await anna_booked_on_view(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, DeskForm)
        await type_text(pilot, "ab")
        await press(pilot, "enter")  # too short a reason: said, nothing changed
        assert isinstance(app.screen, DeskForm) and "co najmniej 3" in screen_text(app)
        await type_text(pilot, "sencja lekarza")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        assert any("Odwołano wizyt: 1" in str(n.message) for n in app._notifications)
        assert all(s.state.value != "free" for s in app.screen.slots)
        await app.api.login(anna.pesel, anna.password)
        assert (await app.api.appointment(visit.id)).status is AppointmentStatus.CANCELLED


async def test_grafik_publishes_slots_and_a_follow_up_and_contact_data(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        schedule = await to_desk(pilot)
        await press(pilot, *["right"] * 20)  # Monday, 21 December
        before = len(schedule.slots)
        await press(pilot, "p")
        assert isinstance(app.screen, DeskForm)
        form = app.screen
        form.query_one("#desk-service").value = "hpv"
        form.query_one("#desk-times").value = "16:00,16:15"
        form.query_one("#desk-times").focus()
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        assert len(app.screen.slots) == before + 2
        assert any("Opublikowano terminów: 2" in str(n.message) for n in app._notifications)
        anna = next(p for p in await app.api.demo.patients() if p.name == "Anna Kowalska")
        await press(pilot, "f")
        form = app.screen
        assert isinstance(form, DeskForm)
        form.query_one("#desk-pesel").value = anna.pesel
        form.query_one("#desk-service").value = "hpv"
        form.query_one("#desk-time").value = "10:00"
        form.query_one("#desk-time").focus()
        await press(pilot, "enter")
        await settle(pilot)
        assert any("Zapisano: wizyta nr" in str(n.message) for n in app._notifications)
        await press(pilot, "c")
        form = app.screen
        assert isinstance(form, DeskForm)
        form.query_one("#desk-pesel").value = anna.pesel
        form.query_one("#desk-phone").value = "+48 600 100 200"
        form.query_one("#desk-email").focus()
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        await app.api.login(anna.pesel, anna.password)
        assert (await app.api.me()).contact.phone == "+48 600 100 200"
        (follow,) = await app.api.appointments(AppointmentStatus.BOOKED)
        assert follow.follow_up and follow.start.hour == 10


async def test_out_of_turn_for_priority_rights_and_one_service_at_a_time(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        schedule = await to_desk(pilot)
        await press(pilot, "right", "s")
        first = schedule.desk.staff.facility.services[0]
        assert schedule.service == first and {s.service for s in schedule.slots} == {first}
        patients = {p.name: p for p in await app.api.demo.patients()}
        for name, booked in (("Anna Kowalska", False), ("Maria Kamińska", True)):
            await press(pilot, "u")
            form = app.screen
            assert isinstance(form, DeskForm)
            form.query_one("#desk-pesel").value = patients[name].pesel
            form.query_one("#desk-service").value = "hpv"
            await press(pilot, "ctrl+s")
            await settle(pilot)
            if booked:
                assert isinstance(app.screen, ScheduleScreen)
                assert any("Zapisano: wizyta nr" in str(n.message) for n in app._notifications)
            else:  # the right is the server's to check: said in the form, nothing booked
                notice = str(form.query_one("#desk-form-notice").render())
                assert app.screen is form and "tylko pacjentów z takim uprawnieniem" in notice
                await press(pilot, "escape")
        maria = patients["Maria Kamińska"]
        await app.api.login(maria.pesel, maria.password)
        (visit,) = await app.api.appointments()
        assert visit.start.date() - schedule.desk.today <= timedelta(days=11)


async def test_f1_says_what_terminarz_is_for(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_desk(pilot)
        await press(pilot, "f1")
        said = screen_text(app)
        assert "Terminarz placówki na jeden dzień" in said and "desk.book" in said
