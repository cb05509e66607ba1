"""Time in the contract: the Europe/Warsaw zone and how dates read to a person.

Both sides format dates the same way ("czwartek, 3 grudnia 2026, 09:40"), so the server's
SMS texts and the client's screens agree. Babel supplies the CLDR month and weekday names.
No Textual, no `mock_server`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.units import format_unit

WARSAW = ZoneInfo("Europe/Warsaw")


def to_warsaw(moment: datetime) -> datetime:
    """An aware datetime in Warsaw time; a naive one is taken to be Warsaw time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=WARSAW)
    return moment.astimezone(WARSAW)


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "pl"


def when(moment: datetime, lang: str = "pl") -> str:
    """'czwartek, 3 grudnia 2026, 09:40' / 'Thursday, 3 December 2026, 09:40'."""
    return format_datetime(to_warsaw(moment), "EEEE, d MMMM y, HH:mm", locale=_locale(lang))


def moment(value: datetime, lang: str = "pl") -> str:
    """'3 grudnia 2026 (czwartek), godz. 09:40' / '3 December 2026 (Thursday), 09:40': a
    moment inside a sentence, as in "z ... na ..."."""
    local = to_warsaw(value)
    weekday = format_datetime(local, "EEEE", locale=_locale(lang))
    hour = local.strftime("%H:%M")
    return f"{day(local.date(), lang)} ({weekday}), {'godz. ' if lang != 'en' else ''}{hour}"


def day(value: date, lang: str = "pl") -> str:
    """'3 grudnia 2026' / '3 December 2026'."""
    return format_date(value, "d MMMM y", locale=_locale(lang))


def short_day(value: date, lang: str = "pl") -> str:
    """'śro 02.12.2026' / 'Wed 02.12.2026': for tables, the same width every day, so the
    columns after it stay aligned (CLDR's short Polish names are all three letters; the
    abbreviated ones run from 'wt.' to 'niedz.')."""
    pattern = "EEE dd.MM.y" if lang == "en" else "EEEEEE dd.MM.y"
    return format_date(value, pattern, locale=_locale(lang))


def age(born: date, today: date, lang: str = "pl") -> str:
    """'8 lat', '22 lata', '1 rok' / '8 years': full years on `today`, in CLDR's plural."""
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return format_unit(years, "duration-year", length="long", locale=_locale(lang))
