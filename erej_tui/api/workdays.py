"""Working days in Poland: what a facility's calendar, the waiting room's forecast and the
app's slot calendar count.

Facilities publish no slots on Saturdays, Sundays and statutory public holidays (Boże
Narodzenie, Nowy Rok, Poniedziałek Wielkanocny, Wigilia from 2025 …). The holidays come
from the `holidays` package, which computes the movable feasts (Easter, Corpus Christi)
for any year, rather than from a table of ours that would need a yearly update.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays

# Every year the mock can reach is computed on first use of that year; the object is only
# read afterwards. Filling the years around now up front keeps that first use out of the
# worker threads.
_HOLIDAYS = holidays.country_holidays("PL", language="pl", years=range(2020, 2041))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _HOLIDAYS


_IN_ENGLISH: holidays.HolidayBase | None = None


def holiday_name(day: date, lang: str = "pl") -> str | None:
    """The name of the public holiday on `day`, if it is one, in Polish or English."""
    global _IN_ENGLISH
    if lang == "pl" or day not in _HOLIDAYS:
        return _HOLIDAYS.get(day)
    if _IN_ENGLISH is None:
        _IN_ENGLISH = holidays.country_holidays("PL", language="en_US", years=range(2020, 2041))
    return _IN_ENGLISH.get(day)


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (`day` itself need not be one)."""
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1))
    return next_working_day(day)


def working_days_between(first: date, last: date) -> int:
    """Working days in [first, last)."""
    return sum(is_working_day(first + timedelta(days=n)) for n in range((last - first).days))
