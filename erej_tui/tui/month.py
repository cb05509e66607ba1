"""The slot calendar in the app: a month of days shaded by free slots (erej_tui.month draws
it), a day chosen with the arrow keys, Enter to narrow the slot list to it."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from ..month import STYLES, MonthView


class MonthCalendar(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "previous day", show=False),
        Binding("right", "move(1)", "next day", show=False),
        Binding("up", "move(-7)", "previous week", show=False),
        Binding("down", "move(7)", "next week", show=False),
        Binding("pageup", "month(-1)", "previous month", show=False),
        Binding("pagedown", "month(1)", "next month", show=False),
        Binding("home", "first", "first free day", show=False),
        Binding("enter", "choose", "this day only", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"month-calendar--{name}" for name in STYLES),
        "month-calendar--selected",
        "month-calendar--status",
    }

    DEFAULT_CSS = """
    MonthCalendar {
        height: auto;
        padding: 0 1;
    }
    """

    class Chosen(Message):
        """Enter on a day: the list is to show that day only."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: MonthView | None = None

    def show(self, view: MonthView) -> None:
        self.view = view
        self.refresh(layout=True)

    @property
    def selected(self) -> date | None:
        return self.view.selected if self.view else None

    def render(self) -> RenderableType:
        if self.view is None:
            return Text()
        styles = {name: self.get_component_rich_style(f"month-calendar--{name}") for name in STYLES}
        drawn = self.view.draw(
            styles,
            self.get_component_rich_style("month-calendar--selected"),
            width=self.content_region.width or 56,
        )
        status = Text(self.view.describe(), self.get_component_rich_style("month-calendar--status"))
        return Group(drawn, status)

    def readable(self) -> str:
        """The month and the chosen day as plain text (for scripts reading the screen)."""
        if self.view is None:
            return ""
        return (
            f"{self.view.draw({}, width=self.content_region.width).plain}\n{self.view.describe()}"
        )

    def _moved(self) -> None:
        self.refresh(layout=True)

    def action_move(self, days: int) -> None:
        if self.view:
            self.view.move(days=days)
            self._moved()

    def action_month(self, months: int) -> None:
        if self.view:
            self.view.move(months=months)
            self._moved()

    def action_first(self) -> None:
        if self.view:
            self.view.selected = self.view.first
            self._moved()

    def action_choose(self) -> None:
        if self.view:
            self.post_message(self.Chosen(self.view.selected))
