"""Wybierz termin's month calendar: the first free day chosen, the arrow keys, Enter to see
one day's slots and Escape to see every day again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from erej_tui.tui.driving import screen_text
from erej_tui.tui.month import MonthCalendar
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.screens.slots import SlotsScreen
from erej_tui.tui.table import KeyTable
from tests.support import CLOCK

from .conftest import press
from .test_snapshots import to_krakow_slots

SIZE = (80, 24)


def listed_days(screen: SlotsScreen) -> set:
    return {slot.start.date() for slot in screen.slots}


async def test_the_first_free_day_is_chosen_and_enter_shows_only_that_day(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await to_krakow_slots(pilot)
        screen = app.screen
        assert isinstance(screen, SlotsScreen)
        calendar = screen.query_one(MonthCalendar)
        first = screen.slots[0].start.date()
        assert calendar.selected == first
        said = screen_text(app)
        assert "grudzień 2026" in said and f"{first.day} grudnia:" in said
        assert "wolnych terminów, od" in said or "wolne terminy, od" in said
        # `c` goes to the calendar; the next day with slots, then Enter.
        await press(pilot, "c")
        assert calendar.has_focus
        later = sorted(d for d in calendar.view.by_day if d > first)[1]
        await press(pilot, *["right"] * (later - first).days, "enter")
        assert calendar.selected == later
        assert listed_days(screen) == {later}
        assert len(screen.slots) == min(calendar.view.by_day[later].free, 30)
        assert screen.query_one(KeyTable).has_focus
        assert "Tylko" in screen_text(app)
        # Escape: every day again, the chosen day kept in the calendar.
        await press(pilot, "escape")
        assert isinstance(app.screen, SlotsScreen) and len(listed_days(screen)) > 1
        assert screen.slots[0].start.date() == first and calendar.selected == later
        await press(pilot, "escape")
        assert isinstance(app.screen, SearchScreen)


async def test_arrows_move_by_day_week_and_month_and_not_into_the_past(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await to_krakow_slots(pilot)
        screen = app.screen
        calendar = screen.query_one(MonthCalendar)
        first = calendar.selected
        await press(pilot, "c", "down")
        assert calendar.selected == first + timedelta(days=7)
        await press(pilot, "up", "left")
        assert calendar.selected == first - timedelta(days=1)
        await press(pilot, "pagedown")
        assert (calendar.selected.month, calendar.selected.day) == (1, first.day - 1)
        assert "January 2027" in screen_text(app)
        await press(pilot, *["left"] * 80)
        assert calendar.selected == CLOCK.date()  # today at the earliest
        await press(pilot, "home")
        assert calendar.selected == first
        # A day without free slots: said so, and Enter shows it empty, with the way back.
        sunday = first + timedelta(days=6 - first.weekday())
        await press(pilot, *["right"] * (sunday - first).days)
        assert "no free slots" in screen_text(app)
        await press(pilot, "enter")
        assert screen.slots == [] and "No free slots on" in screen_text(app)
        await press(pilot, "escape")
        assert screen.slots and isinstance(app.screen, SlotsScreen)


@pytest.mark.parametrize("size", [SIZE, (200, 50)])
async def test_beside_the_list_on_a_wide_terminal_above_it_on_a_narrow_one(make_tui, size):
    app = make_tui()
    async with app.run_test(size=size) as pilot:
        await to_krakow_slots(pilot)
        calendar = app.screen.query_one(MonthCalendar)
        table = app.screen.query_one(KeyTable)
        if size == SIZE:
            assert calendar.region.bottom <= table.region.y
        else:
            assert calendar.region.right <= table.region.x
            assert calendar.region.y == table.region.y
