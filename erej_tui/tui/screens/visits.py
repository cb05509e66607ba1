"""Zaplanowane wizyty: the patient's visits, upcoming first, with their status; past and
cancelled ones on request. Enter opens Szczegóły."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from ...api import errors, timefmt
from ...api.models import Appointment, AppointmentStatus
from ...formatting import appointment_status, booked_service
from ..table import KeyTable
from ..widgets import AppHeader, Notice, Plain
from .base import ErejScreen


class VisitsScreen(ErejScreen):
    BINDINGS = [
        Binding("h", "toggle_past", "show_past", id="visits.past"),
        Binding("f5", "refresh", "refresh", id="visits.refresh"),
    ]

    show_past = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("visits_title"), classes="title")
        yield Notice(id="visits-notice")
        yield KeyTable(id="visit-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        table = self.query_one("#visit-table", KeyTable)
        table.add_column(self.t("when"), width=20)
        table.add_flex_column(f"{self.t('service')} / {self.t('facility').lower()}")
        table.add_column(self.t("status"), width=14)
        self.visits: list[Appointment] = []
        self.load()

    def action_toggle_past(self) -> None:
        self.show_past = not self.show_past
        self.load()

    @work(exclusive=True, group="visits")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            with self.first_load("#visit-table"):
                visits = await self.api.appointments(
                    None if self.show_past else AppointmentStatus.BOOKED
                )
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        upcoming = [v for v in visits if v.status is AppointmentStatus.BOOKED]
        others = sorted(
            (v for v in visits if v.status is not AppointmentStatus.BOOKED),
            key=lambda v: v.start,
            reverse=True,
        )
        self.visits = upcoming + others
        table = self.query_one("#visit-table", KeyTable)
        table.clear()
        for v in self.visits:
            what = Text(f"{booked_service(v, self.lang)}\n", no_wrap=True, overflow="ellipsis")
            what.append(v.facility.name, style="dim")
            table.add_row(
                f"{timefmt.short_day(v.start.date(), self.lang)} {v.start:%H:%M}",
                what,
                appointment_status(v, self.lang)
                + (f"\n{self.t('follow_up_short')}" if v.follow_up else ""),
                key=str(v.id),
                height=2,
            )
        if self.visits:
            notice.clear()
            table.focus()
        else:
            notice.show(self.t("no_visits"), "info")

    @on(KeyTable.RowSelected, "#visit-table")
    def open_details(self, event: KeyTable.RowSelected) -> None:
        from .details import DetailsScreen

        self.app.push_screen(DetailsScreen(self.session, self.visits[event.cursor_row].id))
