"""The waiting room's outlook, drawn: how the predicted date is made (the place in the
queue, the slots that appeared lately, the range of likely dates) in words, and a chart on
one axis of days: the slots freed or published each week of the last eight (bars), the
likely range (a band), today, the forecast and the deadline (lines). Plotext draws it,
through textual-plotext, in the theme's text colours, made to be read on its
backgrounds."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult, RenderResult
from textual.color import Color
from textual.containers import Vertical
from textual_plotext import PlotextPlot

from ..api.models import WaitlistOutlook
from ..formatting import outlook_text
from ..i18n import t
from .widgets import Plain


class OutlookChart(PlotextPlot):
    """The chart (see the module); drawn anew at every render, so that it follows the
    widget's size and the theme."""

    DEFAULT_CSS = """
    OutlookChart {
        height: 9;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outlook: WaitlistOutlook | None = None
        self.today = date.today()
        self.lang = "pl"

    def show(self, outlook: WaitlistOutlook, today: date, lang: str) -> None:
        self.outlook, self.today, self.lang = outlook, today, lang
        self.refresh()

    def _rgb(self, variable: str) -> tuple[int, int, int]:
        return Color.parse(self.app.theme_variables[variable]).rgb

    def _days(self, day: date) -> int:
        return (day - self.today).days

    def render(self) -> RenderResult:
        plt, outlook = self.plt, self.outlook
        plt.clear_figure()
        if outlook is None:
            return super().render()
        first = self._days(outlook.weeks[0].week)
        end = max(self._days(d) for d in (outlook.deadline, outlook.likely_to)) + 3
        counts = [w.slots for w in outlook.weeks]
        top = max(max(counts), 1)
        plt.bar(
            [self._days(w.week) + 3 for w in outlook.weeks],
            counts,
            width=0.7,
            color=self._rgb("text-success"),
            marker="sd",
        )
        predicted = self._days(outlook.predicted_date)
        # The band in two, either side of the forecast's line, a column apart from it, so
        # that the line stays in sight.
        gap = -(-(end - first) // max(1, self.size.width - 6))
        for left, right in (
            (self._days(outlook.likely_from), predicted - gap),
            (predicted + gap, self._days(outlook.likely_to)),
        ):
            if left <= right:
                plt.plot(
                    [left, right],
                    [top, top],
                    fillx=True,
                    color=self._rgb("text-primary"),
                    marker="sd",
                )
        plt.vline(0, self._rgb("foreground"))
        plt.vline(predicted, self._rgb("foreground"))
        plt.vline(self._days(outlook.deadline), self._rgb("text-error"))
        step = max(1, -(-top // 3))
        plt.yticks(list(range(0, top + 1, step)))
        ticks = {first: outlook.weeks[0].week.strftime("%d.%m"), 0: t("today", self.lang)}
        deadline = self._days(outlook.deadline)
        if deadline - 6 > 0:  # room for both labels
            ticks[deadline] = outlook.deadline.strftime("%d.%m")
        plt.xticks(list(ticks), list(ticks.values()))
        plt.xlim(first - 1, end)
        plt.ylim(0, top)
        return super().render()


class Outlook(Vertical):
    """The outlook in words (unless the screen says it otherwise), the chart's key, and
    the chart."""

    DEFAULT_CSS = """
    Outlook {
        height: auto;
    }
    """

    def __init__(self, *, words: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def compose(self) -> ComposeResult:
        yield Plain(id="outlook-text")
        yield Plain(id="outlook-key", classes="subtitle")
        yield OutlookChart(id="outlook-chart")

    def on_mount(self) -> None:
        self.query_one("#outlook-text").display = self.words

    def show(self, outlook: WaitlistOutlook, today: date, lang: str) -> None:
        self.query_one("#outlook-text", Plain).update(outlook_text(outlook, lang))
        self.query_one("#outlook-key", Plain).update(t("outlook_chart", lang))
        self.query_one(OutlookChart).show(outlook, today, lang)
