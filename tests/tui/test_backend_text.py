"""Words from the backend are shown as written: square brackets in a facility's name, a
street, a locality, a service, a patient's name or a message are never read as Textual
markup, which would hide them or end the app with a MarkupError."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets._toast import Toast

from erej_tui.embedded import DB_NAME
from erej_tui.tui.driving import screen_text, type_text, wait_for
from erej_tui.tui.screens.confirm import ConfirmScreen
from erej_tui.tui.screens.details import DetailsScreen
from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.screens.slots import SlotsScreen

from .conftest import ANNA, log_in_demo, press, settle

MARK = " [/b][NZOZ]"
SIZE = (120, 40)


@pytest.fixture
def bracketed(tui_data):
    with sqlite3.connect(tui_data / DB_NAME) as db:
        db.execute("UPDATE facilities SET name = name || ?, street = street || ?", (MARK, MARK))
        db.execute("UPDATE localities SET name = name || ?", (MARK,))
        db.execute("UPDATE services SET name = name || ?, name_en = name_en || ?", (MARK, MARK))
        db.execute("UPDATE patients SET last_name = last_name || ?", (MARK,))
    return MARK


async def test_names_with_brackets_are_shown_as_written(make_tui, bracketed):
    app = make_tui(live=0.2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
        await settle(pilot)
        assert f"Kowalska{MARK}" in screen_text(app)  # the demo patients on the login screen
        await log_in_demo(pilot, ANNA)
        assert isinstance(app.screen, HomeScreen)
        assert f"Anna Kowalska{MARK}" in screen_text(app)
        await press(pilot, "r")
        assert f"Mammografia (profilaktyka raka piersi){MARK}" in screen_text(app)
        await press(pilot, "down", "down", "enter")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "krak")
        assert f"Kraków{MARK} (małopolskie)" in screen_text(app)
        await press(pilot, "enter")
        await press(pilot, "tab", "tab", "tab", "tab", "tab", "enter")  # the facility list
        await settle(pilot)
        await press(pilot, "escape")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SlotsScreen)
        assert MARK in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        assert shown.count(MARK) >= 3  # service, facility, street
        await press(pilot, "enter")
        assert isinstance(app.screen, DoneScreen)
        assert MARK in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        # The confirmation SMS names the facility (Powiadomienia shows it whole).
        await press(pilot, "n")
        assert MARK in screen_text(app)
        await press(pilot, "escape", "v", "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert screen_text(app).count(MARK) >= 3
        # Screens report the backend's error details as toasts too (Widget.notify asks
        # for markup by default; the app shows them as written all the same).
        app.screen.notify(f"Nie udało się{MARK}", severity="error")
        assert await wait_for(
            pilot, lambda: any(f"się{MARK}" in str(t.render()) for t in app.screen.query(Toast))
        )
        await press(pilot, "o")  # Odwołać wizytę …? names the service
        assert MARK in screen_text(app)
