"""Poczekalnia: each entry with its criteria, position, predicted date, likely range and
deadline, and under the list how the highlighted entry's prediction is made (its outlook);
leave the queue; an entry that got a slot opens its visit."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from ...api import errors, timefmt
from ...api.models import WaitlistEntry, WaitlistStatus
from ...formatting import booked_service, criteria_text, likely_range, waitlist_status
from ..outlook import Outlook
from ..table import KeyTable
from ..widgets import AppHeader, Notice, Plain
from .base import ErejScreen


class WaitlistScreen(ErejScreen):
    BINDINGS = [
        Binding("u", "leave", "leave_queue", id="waitlist.leave"),
        Binding("f5", "refresh", "refresh", id="waitlist.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("waiting_room"), classes="title")
        yield Notice(id="waitlist-notice")
        yield KeyTable(id="entries")
        yield Outlook(id="entry-outlook")
        yield Footer()

    def on_mount(self) -> None:
        self.entries: list[WaitlistEntry] = []
        self.query_one(Notice).clear()
        table = self.query_one("#entries", KeyTable)
        table.add_flex_column(f"{self.t('service')} / {self.t('criteria').lower()}")
        table.add_column(self.t("position"), width=7)
        table.add_column(self.t("predicted"), width=25)
        self.load()

    @property
    def current(self) -> WaitlistEntry | None:
        table = self.query_one("#entries", KeyTable)
        if not self.entries or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            entry = self.current
            return entry is not None and entry.status is WaitlistStatus.WAITING
        return True

    @on(KeyTable.RowHighlighted, "#entries")
    def highlighted(self) -> None:
        self.refresh_bindings()
        self._show_outlook()

    def _show_outlook(self) -> None:
        entry, shown = self.current, self.query_one(Outlook)
        outlook = entry.outlook if entry and entry.status is WaitlistStatus.WAITING else None
        shown.display = outlook is not None
        if outlook is not None:
            shown.show(outlook, self.session.today, self.lang)

    @work(exclusive=True, group="waitlist")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            with self.first_load("#entries"):
                entries = await self.api.waitlist()
                names = self.session.locality_names
                for e in entries:
                    lid = e.criteria.locality_id
                    if lid and lid not in names:
                        names[lid] = (await self.api.locality(lid)).name
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        self.entries = entries
        table = self.query_one("#entries", KeyTable)
        table.clear()
        lang = self.lang
        for e in entries:
            what = Text(booked_service(e, lang), no_wrap=True, overflow="ellipsis")
            if e.urgency and e.status is WaitlistStatus.WAITING:
                what.append(f" · {self.t(f'urgency_{e.urgency.value}')}")
            what.append("\n")
            where = criteria_text(e.criteria, names.get(e.criteria.locality_id or 0), lang)
            what.append(where, style="dim")
            if e.status is WaitlistStatus.WAITING:
                dates = f"{timefmt.day(e.predicted_date, lang) if e.predicted_date else ''}\n"
                if e.outlook:
                    dates += f"{likely_range(e.outlook)}"
                else:
                    dates += self.t("until", date=timefmt.day(e.expires_at.date(), lang))
                position = str(e.position or "")
            else:
                status = waitlist_status(e.status, lang)
                if e.appointment_id:
                    number = e.appointment_number or ""
                    status += "\n" + self.t("assigned_visit", number=number).strip()
                dates, position = status, ""
            table.add_row(what, position, dates, key=str(e.id), height=2)
        self._show_outlook()
        if entries:
            notice.clear()
            table.focus()
        else:
            notice.show(self.t("no_waitlist"), "info")
        self.refresh_bindings()

    @on(KeyTable.RowSelected, "#entries")
    def open_entry(self) -> None:
        entry = self.current
        if entry and entry.appointment_id:
            from .details import DetailsScreen

            self.app.push_screen(DetailsScreen(self.session, entry.appointment_id))

    def action_leave(self) -> None:
        entry = self.current
        if entry is None or entry.status is not WaitlistStatus.WAITING:
            return
        from .question import QuestionScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.leave(entry)

        self.app.push_screen(
            QuestionScreen(
                self.lang,
                self.t("leave_question", service=booked_service(entry, self.lang)),
                self.t("leave_yes"),
                self.t("leave_no"),
            ),
            answered,
        )

    @work(exclusive=True, group="leave")
    async def leave(self, entry: WaitlistEntry) -> None:
        try:
            await self.api.leave_waitlist(entry.id)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one(Notice))
            return
        self.notify(self.t("waitlist_left", service=booked_service(entry, self.lang)))
        self.load()
