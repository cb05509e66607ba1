"""The slot calendar, drawn: a month of days, each shaded by how many free slots fit the
search, with the count where there is room. One drawing for the app's calendar and for
`erej slots --calendar`; the caller gives the styles (the app its theme's, the terminal
rich's colours). Readable without colour: every day with free slots carries a glyph and
its count, a public holiday a `*`. No Textual import here.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from babel.dates import format_date
from rich.style import Style
from rich.text import Text

from .api.models import SlotCalendar, SlotDay
from .api.workdays import holiday_name
from .i18n import counted, t

GLYPHS = {"none": "·", "few": "░", "some": "▒", "many": "█"}
STYLES = ("title", "header", "weekend", "outside", "none", "few", "some", "many", "today")
"""The parts a caller styles; "selected" too, which is drawn over the day's own style."""
CELL = 9
"""The narrowest a day's cell can be: "  24*▒ 12" and a space between days."""


def level(free: int) -> str:
    """How much room a day has: "none", "few" (1-2), "some" (3-9) or "many" (10+)."""
    if free <= 0:
        return "none"
    return "few" if free <= 2 else "some" if free <= 9 else "many"


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "pl"


def month_name(year: int, month: int, lang: str) -> str:
    """'grudzień 2026' / 'December 2026' (the stand-alone form CLDR gives a title)."""
    return format_date(date(year, month, 1), "LLLL y", locale=_locale(lang))


@dataclass
class MonthView:
    """One search's free slots per day, the day chosen, and how each day reads."""

    summary: SlotCalendar
    today: date
    date_from: date | None = None
    date_to: date | None = None
    lang: str = "pl"
    by_day: dict[date, SlotDay] = field(init=False)
    selected: date = field(init=False)

    def __post_init__(self) -> None:
        self.by_day = {d.day: d for d in self.summary.days}
        self.selected = self.first

    @property
    def first(self) -> date:
        """The first day with a free slot, else the first day of the search."""
        if self.summary.days:
            return self.summary.days[0].day
        return max(self.today, self.date_from or self.today)

    @property
    def last(self) -> date:
        """The last day one can move to: the end of the search, or of the slots found (a
        month ahead at least)."""
        ends = [self.today + timedelta(days=31)]
        if self.date_to:
            ends.append(self.date_to)
        if self.summary.days:
            ends.append(self.summary.days[-1].day)
        return max(ends)

    def move(self, days: int = 0, months: int = 0) -> date:
        """Move the chosen day (by days, or to the same day months away), within reach."""
        day = self.selected + timedelta(days=days)
        if months:
            index = day.year * 12 + day.month - 1 + months
            year, month = divmod(index, 12)
            last = calendar.monthrange(year, month + 1)[1]
            day = date(year, month + 1, min(day.day, last))
        self.selected = min(max(day, self.today), self.last)
        return self.selected

    def in_range(self, day: date) -> bool:
        return (
            day >= self.today
            and (self.date_from is None or day >= self.date_from)
            and (self.date_to is None or day <= self.date_to)
        )

    def level(self, day: date) -> str:
        if not self.in_range(day):
            return "outside"
        found = self.by_day.get(day)
        return level(found.free if found else 0)

    def describe(self, day: date | None = None) -> str:
        """The chosen day in words: its free slots from what time, or why there are none."""
        day = day or self.selected
        name = format_date(day, "EEEE, d MMMM", locale=_locale(self.lang))
        holiday = holiday_name(day, self.lang)
        if holiday:
            name = f"{name}, {holiday}"
        found = self.by_day.get(day)
        if found and self.in_range(day):
            return t(
                "day_free",
                self.lang,
                day=name,
                count=counted("free_slots", found.free, self.lang),
                earliest=found.earliest.strftime("%H:%M"),
            )
        if day < self.today:
            return t("day_past", self.lang, day=name)
        return t("day_none" if self.in_range(day) else "day_outside", self.lang, day=name)

    def draw(
        self,
        styles: Mapping[str, Style],
        selected: Style | None = None,
        width: int = 7 * CELL,
        legend: bool = True,
        year_month: tuple[int, int] | None = None,
    ) -> Text:
        """The month of the chosen day (or `year_month`) as lines of text `width` wide:
        its name (and the legend, where it fits on that line), the weekdays, the weeks."""
        year, month = year_month or (self.selected.year, self.selected.month)
        cell = max(CELL, width // 7)
        style = styles.get
        out = Text(no_wrap=True, overflow="crop")
        title = month_name(year, month, self.lang)
        out.append(title, style("title"))
        key = t("legend", self.lang)
        if legend and len(title) + 2 + len(key) <= 7 * cell:
            out.append(" " * (7 * cell - len(title) - len(key)))
            out.append(key, style("header"))
        out.append("\n")
        monday = date(2024, 1, 1)  # a Monday: the week's names in CLDR's narrowest form
        for n in range(7):
            name = format_date(monday + timedelta(days=n), "EEEEEE", locale=_locale(self.lang))
            pad = " " * ((cell - CELL) // 2)
            out.append((pad + name.rjust(3)).ljust(cell), style("weekend" if n >= 5 else "header"))
        for week in calendar.Calendar().monthdatescalendar(year, month):
            out.append("\n")
            for day in week:
                if day.month != month:
                    out.append(" " * cell)
                    continue
                out.append_text(self._cell(day, cell, styles, selected))
        if legend and len(title) + 2 + len(key) > 7 * cell:
            out.append("\n")
            out.append(key, style("header"))
        return out

    def _cell(
        self, day: date, width: int, styles: Mapping[str, Style], selected: Style | None
    ) -> Text:
        kind = self.level(day)
        found = self.by_day.get(day)
        mark = "*" if holiday_name(day) else " "
        text = " " * ((width - CELL) // 2) + f"{day.day:>3}{mark}"
        if kind in GLYPHS:
            count = ""
            if found and kind != "none":
                count = str(found.free) if found.free < 1000 else "1k+"
            text += f"{GLYPHS[kind]}{count:>3}"
        style = styles.get(kind, Style())
        if day.weekday() >= 5 or mark == "*":
            style += styles.get("weekend", Style())
        if day == self.today:
            style += styles.get("today", Style())
        if day == self.selected and selected is not None:
            style += selected
        cell = Text(text.ljust(width - 1), style=style)
        cell.append(" ")  # unshaded: the days stay apart
        return cell
