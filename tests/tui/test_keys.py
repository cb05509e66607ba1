"""Keys for power users: rebinding, the help screen, quick booking, remembered criteria."""

from __future__ import annotations

import json

import pytest

from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.help import HelpScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.registration import RegistrationScreen
from erej_tui.tui.screens.search import SearchScreen

from .conftest import ANNA, burst, log_in_demo, press, settle

SIZE = (80, 24)


async def test_a_keymap_rebinds_a_key(make_tui):
    app = make_tui(keymap={"plan.registration": "e", "plan.visits": "ctrl+w"})
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r")
        assert isinstance(app.screen, HomeScreen)  # r is no longer Rejestracja
        await press(pilot, "e")
        assert isinstance(app.screen, RegistrationScreen)


def test_erej_keys_prints_the_effective_keymap(tmp_path, monkeypatch, capsys):
    from erej_tui.cli import main

    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"plan.registration" = "e"\n', encoding="utf-8")
    monkeypatch.setenv("EREJ_CONFIG_FILE", str(config))
    assert main(["keys", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["plan.registration"]["keys"] == "e"
    assert rows["plan.registration"]["action"] == "Rejestracja"
    assert rows["nav.back"]["keys"] == "escape" and rows["nav.back"]["action"] == "Wróć"
    assert main(["keys"]) == 0
    assert "Odwołaj" in capsys.readouterr().out


async def test_f1_and_question_mark_show_the_keys_of_the_screen(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        for key in ("f1", "question_mark"):
            await press(pilot, key)
            assert isinstance(app.screen, HelpScreen)
            rows = {row[2]: row for row in app.screen.rows}
            assert rows["plan.registration"][:2] == ("r", "Rejestracja")
            assert "app.quit" in rows
            hint = app.screen.query_one(".notice").render()
            assert "w tabeli [keymap] (id = klawisze)" in str(hint)  # where to rebind them
            await press(pilot, "escape")
            assert isinstance(app.screen, HomeScreen)


QUICK_BOOKING = ("r", "4", "ctrl+s", "enter", "enter")
"""From Plan leczenia to a booked earliest mammography (the README's sequence)."""


@pytest.mark.parametrize("burst_typed", [False, True], ids=["key by key", "in one burst"])
async def test_quick_booking_in_five_keystrokes_with_remembered_criteria(make_tui, burst_typed):
    first = make_tui()
    async with first.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r", "4")
        await pilot.press(*"krak")
        await settle(pilot)
        await press(pilot, "enter", "ctrl+s")
    # Another launch: the session resumes and the criteria are remembered.
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        if burst_typed:  # each key lands while the screen before it still loads
            burst(app, *QUICK_BOOKING)
            await settle(pilot)
        for key in () if burst_typed else QUICK_BOOKING:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        (visit,) = await app.api.appointments()
        assert visit.service == "mammografia"
        assert visit.facility.address.voivodeship == "małopolskie"
    assert len(QUICK_BOOKING) <= 8


async def test_a_first_booking_typed_in_one_burst_from_the_login_screen(make_tui):
    """Every key but the first lands while a screen is loading (the login, Rejestracja's
    list, the place suggestions, the search, the booking): each must act on the screen it
    was meant for, once, in order."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "a", "r", "4", *"krak", "enter", "ctrl+s", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        (visit,) = await app.api.appointments()  # booked once: no key acted twice
        assert visit.service == "mammografia"
        assert visit.facility.address.voivodeship == "małopolskie"  # near Kraków
        assert visit.number in str(app.screen.query_one("#done-text").render())


async def test_a_pesel_typed_fast_goes_into_the_pesel_field(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        anna = app.demo_patients[ANNA - 1]
        # Digits never pick a demo patient: "6…" used to log in the sixth one.
        burst(app, *anna.pesel, "tab", *anna.password, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.patient.pesel == anna.pesel


async def test_the_search_form_comes_back_filled(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r", "2")
        await pilot.press(*"gdan")
        await settle(pilot)
        await press(pilot, "enter", "down", "down", "enter", "ctrl+s", "escape", "escape")
        assert isinstance(app.screen, RegistrationScreen)
        await press(pilot, "2")  # a new search screen, filled from the last one
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#locality").value == "Gdańsk"
        assert app.screen.query_one("#radius").value == 50


async def test_help_explains_the_screen_before_its_keys(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r")
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        about = str(app.screen.query_one("#help-about").render())
        assert about.startswith("Rejestracja: świadczenia, które możesz umówić")
        assert "potem miejsce i termin" in about  # what comes next in the flow
        keys = app.screen.query_one("#help-keys")
        assert [str(c.label) for c in keys.columns.values()] == ["Klawisz", "Działanie"]
        actions = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
        assert {"Wróć", "W dół", "Odśwież"} <= actions  # the list's own keys, in Polish too
        keymap = str(app.screen.query_one("#help-keymap").render())
        assert "registration.refresh = f5" in keymap and "nav.back = esc" in keymap
