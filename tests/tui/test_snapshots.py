"""Every screen of the booking flow at 80x24, in Polish (and the slot list in English).

Deterministic: fixed seed and clock, a fresh database per test, no cursor blink, and every
worker finished before the picture is taken.
"""

from __future__ import annotations

from erej_tui.tui.driving import screen_text, wait_for

from .conftest import ANNA, EWA, JAN, MARIA, book_first, log_in_demo, press, settle


async def type_text(pilot, value: str) -> None:
    await pilot.press(*value)
    await settle(pilot)


async def to_mammography_search(pilot) -> None:
    await log_in_demo(pilot, ANNA)
    await press(pilot, "r", "4")  # mammography


async def to_krakow_slots(pilot) -> None:
    await to_mammography_search(pilot)
    await type_text(pilot, "krak")
    await press(pilot, "enter", "ctrl+s")


def test_login(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=settle)


def test_plan_leczenia(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, ANNA)

    assert snap_compare(make_tui(), run_before=run)


def test_konta_dzieci(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, EWA)
        await wait_for(pilot, lambda: "Zofia Mazur" in screen_text(pilot.app))
        await press(pilot, "k", "down", "down")

    assert snap_compare(make_tui(), run_before=run)


def test_plan_leczenia_of_a_child(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, EWA)
        await wait_for(pilot, lambda: "Zofia Mazur" in screen_text(pilot.app))
        await press(pilot, "k", "down", "down", "enter")
        await wait_for(pilot, lambda: pilot.app.session.guardian is not None)
        pilot.app.clear_notifications()

    assert snap_compare(make_tui(), run_before=run)


def test_rejestracja(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r")

    assert snap_compare(make_tui(), run_before=run)


def test_rejestracja_priority_rights(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, MARIA)
        await press(pilot, "r")

    assert snap_compare(make_tui(), run_before=run)


def test_placowki(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, ANNA)
        await press(pilot, "l")
        await type_text(pilot, "krak")
        await press(pilot, "enter", "tab")

    assert snap_compare(make_tui(), run_before=run)


def test_placowki_priority_rights(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, MARIA)
        await press(pilot, "r", "4")
        await type_text(pilot, "poznan")
        await press(pilot, "enter", "tab")

    assert snap_compare(make_tui(), run_before=run)


def test_rejestracja_placowki_logowanie(make_tui, snap_compare):
    async def run(pilot):
        await settle(pilot)
        await press(pilot, "f3")

    assert snap_compare(make_tui(), run_before=run)


def test_terminarz(make_tui, snap_compare):
    """Facility 101's 4 December, with Maria's cytology booked out of turn at the desk."""

    async def run(pilot):
        from erej_tui.api.models import DeskBooking

        app = pilot.app
        await settle(pilot)
        patients = {p.name: p for p in await app.api.demo.patients()}
        await app.api.desk.login("rej101", "demo")
        await app.api.desk.book(
            DeskBooking(
                pesel=patients["Maria Kamińska"].pesel, service="cytologia", out_of_turn=True
            )
        )
        await app.api.desk.logout()
        await press(pilot, "f3")
        await pilot.press("tab", *"rej101", "tab", *"demo", "enter")
        await settle(pilot)
        await press(pilot, "right", "right", "right")
        app.clear_notifications()

    assert snap_compare(make_tui(), run_before=run)


def test_referral_code(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, JAN)
        await press(pilot, "r", "enter")
        await type_text(pilot, "12")

    assert snap_compare(make_tui(), run_before=run)


def test_miejsce_i_termin_first_shown(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_mammography_search)


def test_miejsce_i_termin(make_tui, snap_compare):
    async def run(pilot):
        await to_mammography_search(pilot)
        await type_text(pilot, "krak")

    assert snap_compare(make_tui(), run_before=run)


def test_wybierz_termin(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_krakow_slots)


def test_wybierz_termin_english(make_tui, snap_compare):
    assert snap_compare(make_tui(lang="en"), run_before=to_krakow_slots)


def test_zatwierdz(make_tui, snap_compare):
    async def run(pilot):
        await to_krakow_slots(pilot)
        await press(pilot, "enter")

    assert snap_compare(make_tui(), run_before=run)


def test_booked(make_tui, snap_compare):
    async def run(pilot):
        await to_krakow_slots(pilot)
        await press(pilot, "enter", "enter")

    assert snap_compare(make_tui(), run_before=run)


async def to_opole_cardiology(pilot) -> None:
    await log_in_demo(pilot, JAN)
    await press(pilot, "r", "enter")
    await type_text(pilot, "1234")
    await press(pilot, "enter")
    await type_text(pilot, "Opole")
    await press(pilot, "enter", "down", "down", "down", "down", "enter", "ctrl+s")


def test_no_slot_waiting_room_offer(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_opole_cardiology)


def test_joined_waiting_room(make_tui, snap_compare):
    async def run(pilot):
        await to_opole_cardiology(pilot)
        await press(pilot, "p")

    assert snap_compare(make_tui(), run_before=run)


def test_wybierz_termin_200x50(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_krakow_slots, terminal_size=(200, 50))


def test_wybierz_termin_light(make_tui, snap_compare):
    assert snap_compare(make_tui(theme="light"), run_before=to_krakow_slots)


def test_wybierz_termin_one_day_200x50_light_english(make_tui, snap_compare):
    """The calendar beside the list, in focus, the list narrowed to the third free day."""

    async def run(pilot):
        await to_krakow_slots(pilot)
        await press(pilot, "c", "right", "right", "right", "right", "right", "right", "enter")
        await press(pilot, "c")

    app = make_tui(theme="light", lang="en")
    assert snap_compare(app, run_before=run, terminal_size=(200, 50))


def test_no_slot_waiting_room_offer_200x50_light(make_tui, snap_compare):
    app = make_tui(theme="light")
    assert snap_compare(app, run_before=to_opole_cardiology, terminal_size=(200, 50))


async def to_poczekalnia(pilot) -> None:
    await to_opole_cardiology(pilot)
    await press(pilot, "p", "enter", "w")


def test_poczekalnia_light(make_tui, snap_compare):
    assert snap_compare(make_tui(theme="light"), run_before=to_poczekalnia)


def test_poczekalnia_200x50(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_poczekalnia, terminal_size=(200, 50))


def test_plan_leczenia_light_theme(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, ANNA)

    assert snap_compare(make_tui(theme="light"), run_before=run)


async def anna_with_a_visit(pilot) -> None:
    """Anna, logged in, with her mammography booked and its confirmation sent."""
    await log_in_demo(pilot, ANNA)
    await book_first(pilot.app)
    await press(pilot, "f5")


def test_plan_leczenia_with_a_visit(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=anna_with_a_visit)


def test_zaplanowane_wizyty(make_tui, snap_compare):
    async def run(pilot):
        await anna_with_a_visit(pilot)
        await press(pilot, "v")

    assert snap_compare(make_tui(), run_before=run)


def test_szczegoly(make_tui, snap_compare):
    async def run(pilot):
        await anna_with_a_visit(pilot)
        await press(pilot, "v", "enter")

    assert snap_compare(make_tui(), run_before=run)


def test_odwolaj(make_tui, snap_compare):
    async def run(pilot):
        await anna_with_a_visit(pilot)
        await press(pilot, "v", "enter", "o")

    assert snap_compare(make_tui(), run_before=run)


def test_zmien_termin_confirmation(make_tui, snap_compare):
    async def run(pilot):
        await anna_with_a_visit(pilot)
        await press(pilot, "v", "enter", "z", "ctrl+s", "down", "enter")

    assert snap_compare(make_tui(), run_before=run)


def test_poczekalnia(make_tui, snap_compare):
    assert snap_compare(make_tui(), run_before=to_poczekalnia)


def test_powiadomienia(make_tui, snap_compare):
    async def run(pilot):
        await anna_with_a_visit(pilot)
        await press(pilot, "n")

    assert snap_compare(make_tui(), run_before=run)


def test_moje_konto(make_tui, snap_compare):
    async def run(pilot):
        await log_in_demo(pilot, ANNA)
        await press(pilot, "a")
        pilot.app.screen.query_one("#phone").value = "12345"
        await press(pilot, "ctrl+s")

    assert snap_compare(make_tui(), run_before=run)
