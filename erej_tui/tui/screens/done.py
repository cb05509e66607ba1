"""The result of a booking or of joining the waiting room; any key back to the plan."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Footer

from ...api.models import NotificationKind
from ..context import Session
from ..widgets import AppHeader, Notice, Plain
from .base import BackendChanged, ErejScreen


class DoneScreen(ErejScreen):
    BINDINGS = [
        Binding("enter", "to_plan", "to_plan", id="done.plan"),
        Binding("escape", "to_plan", "to_plan", show=False, id="nav.back"),
    ]

    def __init__(
        self, session: Session, title: str, text: str, appointment_id: int | None = None
    ) -> None:
        super().__init__(session)
        self.heading = title
        self.text = text
        self.appointment_id = appointment_id  # the visit shown, when it is one

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.heading, classes="title success")
        yield Notice(id="done-notice")
        yield Plain(self.text, id="done-text", classes="panel")
        yield Button(self.t("to_plan"), id="to-plan", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#to-plan").focus()

    def on_backend_changed(self, message: BackendChanged) -> None:
        """The visit shown cancelled by its facility meanwhile: said here, not only in a
        toast that passes."""
        if self.appointment_id is not None and any(
            n.appointment_id == self.appointment_id
            and n.kind is NotificationKind.CANCELLED_BY_FACILITY
            for n in message.news
        ):
            self.query_one(Notice).show(self.t("visit_cancelled_by_facility"), "error")

    def on_button_pressed(self) -> None:
        self.action_to_plan()

    def action_to_plan(self) -> None:
        self.erej.home()
