"""Zatwierdź: everything about the visit, the referral used and where the confirmation
goes. Confirming books it; a slot taken a moment ago sends the person back to a fresh list
with the criteria kept. One Idempotency-Key per screen: confirming again after a failure
can never book twice."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Footer

from ...api import errors
from ...api.models import Slot
from ...formatting import (
    accessibility,
    booked_service,
    confirmation_targets,
    distance,
    service_name,
    when,
)
from ..context import BookingIntent, FollowsIntent, Session
from ..widgets import AppHeader, Notice, Plain, PlainLabel
from .base import ErejScreen


class ConfirmScreen(FollowsIntent, ErejScreen):
    BINDINGS = [
        Binding("ctrl+j,ctrl+enter", "confirm", "confirm", id="confirm.submit"),
        # Shown once a try failed: the same request again, with the same Idempotency-Key.
        Binding("f5", "retry", "retry", id="confirm.retry"),
    ]

    def __init__(self, session: Session, intent: BookingIntent) -> None:
        super().__init__(session)
        assert intent.slot is not None  # Wybierz termin chose it
        self.intent = intent
        self.slot: Slot = intent.slot
        self.key = intent.key
        self.busy = False
        self.failed = False

    def compose(self) -> ComposeResult:
        f, lang = self.slot.facility, self.lang
        contact = self.session.patient.contact
        rows = [(self.t("service"), service_name(self.service, lang))]
        if self.reschedule:
            rows.append((self.t("current_date"), when(self.reschedule.start, lang)))
        rows += [
            (self.t("new_date" if self.reschedule else "when"), when(self.slot.start, lang)),
            (self.t("facility"), f.name),
            (
                self.t("address"),
                f"{f.address.street}, {f.address.postal_code} {f.address.locality}",
            ),
            (self.t("phone"), f.phone),
        ]
        if self.slot.distance_km is not None:
            rows.append((self.t("distance"), distance(self.slot.distance_km, lang)))
        rows.append((self.t("accessibility"), accessibility(f.accessibility, lang)))
        referral = self.referral or (self.reschedule.referral_code if self.reschedule else None)
        if referral:
            rows.append((self.t("referral"), referral))
        rows.append(
            (
                self.t("confirmation_where"),
                confirmation_targets(contact, lang) or self.t("no_channels"),
            )
        )
        yield AppHeader()
        yield Plain(
            self.t("reschedule_title" if self.reschedule else "confirm_title"),
            classes="title",
        )
        if self.reschedule:
            yield Plain(self.t("reschedule_kept"), classes="notice info")
        with Grid(classes="details"):
            for key, value in rows:
                yield PlainLabel(key, classes="key")
                yield PlainLabel(value, classes="value")
        yield Notice(id="confirm-notice")
        with Horizontal(classes="buttons"):
            yield Button(
                self.t("reschedule_button" if self.reschedule else "confirm_button"),
                id="confirm-button",
                variant="success",
                compact=True,
            )
            yield Button(self.t("back"), id="back-button", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#confirm-button").focus()

    @on(Button.Pressed, "#back-button")
    def go_back(self) -> None:
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#confirm-button")
    def action_confirm(self) -> None:
        if not self.busy:
            self.book()

    def action_retry(self) -> None:
        self.action_confirm()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.failed if action == "retry" else True

    @work(exclusive=True, group="book")
    async def book(self) -> None:
        notice = self.query_one(Notice)
        self.busy = True
        notice.show(self.t("booking"), "info")
        try:
            if self.reschedule:
                appt = await self.api.reschedule(
                    self.reschedule.id, self.slot.id, idempotency_key=self.key
                )
            else:
                appt = await self.api.book(self.slot.id, self.referral, idempotency_key=self.key)
        except errors.SlotTaken:
            self.dismiss("taken")
            return
        except errors.ApiError as exc:
            self.failed = True
            self.refresh_bindings()
            self.fail(exc, notice)
            return
        finally:
            self.busy = False
        from .done import DoneScreen

        contact = confirmation_targets(self.session.patient.contact, self.lang)
        lines = [
            self.t("booked_number", number=appt.number),
            booked_service(appt, self.lang),
            when(appt.start, self.lang),
            f"{appt.facility.name}, {appt.facility.address.street}, "
            f"{appt.facility.address.locality}",
        ]
        if contact:
            lines.append(self.t("confirmation_to", where=contact))
        title = self.t("rescheduled_title" if self.reschedule else "booked_title")
        self.app.switch_screen(DoneScreen(self.session, title, "\n".join(lines), appt.id))
