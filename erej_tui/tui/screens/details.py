"""Szczegóły: one visit in full (facility, address, phone, date, service, referral, how it
was booked, its history), with Zmień termin, Odwołaj and Dodaj do kalendarza."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Footer, Static

from ...api import errors
from ...api.models import Appointment, AppointmentStatus, CancelledBy
from ...api.protocol import new_idempotency_key
from ...calendar import export_visit
from ...formatting import (
    appointment_source,
    appointment_status,
    booked_service,
    history,
    when,
)
from ..context import BookingIntent, Session
from ..widgets import AppHeader, Notice, Plain, PlainLabel
from .base import ErejScreen


class DetailsScreen(ErejScreen):
    BINDINGS = [
        Binding("z", "change", "change_date", id="details.change"),
        Binding("o", "cancel", "cancel_visit", id="details.cancel"),
        Binding("c", "calendar", "add_to_calendar", id="details.calendar"),
        Binding("f5", "refresh", "refresh", show=False, id="details.refresh"),
    ]

    def __init__(self, session: Session, appointment_id: int) -> None:
        super().__init__(session)
        self.appointment_id = appointment_id
        self.appointment: Appointment | None = None
        self._cancel_key = new_idempotency_key()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("details_title"), classes="title")
        yield Notice(id="details-notice")
        with VerticalScroll():
            yield Grid(classes="details", id="details-grid")
            yield Plain(self.t("history"), classes="section")
            yield Plain(id="history", classes="list wrap")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.load()

    @property
    def active(self) -> bool:
        return bool(self.appointment and self.appointment.status is AppointmentStatus.BOOKED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change" and self.appointment is not None and self.appointment.follow_up:
            return None if self.active else False  # shown, greyed: the note says why
        if action in ("change", "cancel"):
            return self.active
        if action == "calendar":
            return self.appointment is not None
        return True

    @work(exclusive=True, group="details")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            with self.first_load("VerticalScroll"):
                appt = await self.api.appointment(self.appointment_id)
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        # The visit on view cancelled by its facility meanwhile (a live update, F5): said
        # here, where the person is looking, not only in a toast.
        was_active = self.active
        self.appointment = appt
        if was_active and appt.cancelled_by is CancelledBy.FACILITY:
            notice.show(self.t("visit_cancelled_by_facility"), "error")
        elif appt.status is AppointmentStatus.NO_SHOW:
            notice.show(self.t("no_show_note"), "info")
        elif appt.follow_up and appt.status is AppointmentStatus.BOOKED:
            notice.show(self.t("follow_up_note"), "info")
        else:
            notice.clear()
        f, lang = appt.facility, self.lang
        rows = [
            (self.t("number"), appt.number),
            (self.t("service"), booked_service(appt, lang)),
            (self.t("when"), when(appt.start, lang)),
            (self.t("facility"), f.name),
            (
                self.t("address"),
                f"{f.address.street}, {f.address.postal_code} {f.address.locality}",
            ),
            (self.t("phone"), f.phone),
            (self.t("status"), appointment_status(appt, lang)),
            (self.t("source"), appointment_source(appt.source, lang)),
        ]
        if appt.follow_up:
            rows.insert(2, (self.t("kind"), self.t("follow_up")))
        if appt.referral_code:
            rows.append((self.t("referral"), appt.referral_code))
        grid = self.query_one("#details-grid", Grid)
        await grid.remove_children()
        await grid.mount_all(
            widget
            for key, value in rows
            for widget in (
                PlainLabel(key, classes="key"),
                PlainLabel(value, classes="value"),
            )
        )
        self.query_one("#history", Static).update(history(appt, lang))
        self.refresh_bindings()

    # --- Odwołaj ---------------------------------------------------------------------------
    def action_cancel(self) -> None:
        if not self.active or self.appointment is None:
            self.notify(self.t("not_active_visit"), severity="warning")
            return
        from .question import QuestionScreen

        appt = self.appointment
        question = self.t(
            "cancel_question",
            number=appt.number,
            service=booked_service(appt, self.lang),
            when=when(appt.start, self.lang),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.cancel_visit()

        self.app.push_screen(
            QuestionScreen(self.lang, question, self.t("cancel_yes"), self.t("cancel_no")),
            answered,
        )

    @work(exclusive=True, group="cancel")
    async def cancel_visit(self) -> None:
        try:
            appt = await self.api.cancel(self.appointment_id, idempotency_key=self._cancel_key)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one(Notice))
            return
        self.notify(self.t("cancelled", number=appt.number))
        self.load()

    # --- Zmień termin ----------------------------------------------------------------------
    def action_change(self) -> None:
        if self.appointment is not None and self.appointment.follow_up:
            self.notify(self.t("follow_up_note"), severity="warning")
            return
        if not self.active:
            self.notify(self.t("not_active_visit"), severity="warning")
            return
        self.open_reschedule()

    @work(exclusive=True, group="change")
    async def open_reschedule(self) -> None:
        appt = self.appointment
        assert appt is not None
        try:
            services = await self.api.services()
            found = await self.api.localities(appt.facility.address.locality, limit=5)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one(Notice))
            return
        service = next(s for s in services if s.code == appt.service)
        locality = next(
            (loc for loc in found if loc.name == appt.facility.address.locality),
            found[0] if found else None,
        )
        from .search import SearchScreen

        self.app.push_screen(
            SearchScreen(self.session, BookingIntent(service, reschedule=appt, locality=locality))
        )

    # --- Dodaj do kalendarza ---------------------------------------------------------------
    def action_calendar(self) -> None:
        if self.appointment is not None:
            self.save_calendar(self.appointment)

    @work(exclusive=True, group="calendar")
    async def save_calendar(self, appointment: Appointment) -> None:
        """Write the .ics file off the event loop (a slow or network disk must not stall)."""
        try:
            path = await asyncio.to_thread(
                export_visit, appointment, self.session.downloads, self.lang
            )
        except OSError as exc:
            self.notify(self.t("calendar_failed", error=exc.strerror or exc), severity="error")
            return
        self.notify(self.t("calendar_saved", path=_short(path)))


def _short(path: Path) -> str:
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)
