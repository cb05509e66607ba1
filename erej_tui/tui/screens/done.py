"""The result of a booking or of joining the waiting room; any key back to the plan."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Footer

from ..context import Session
from ..widgets import AppHeader, Plain
from .base import ErejScreen


class DoneScreen(ErejScreen):
    BINDINGS = [
        Binding("enter", "to_plan", "to_plan", id="done.plan"),
        Binding("escape", "to_plan", "to_plan", show=False, id="nav.back"),
    ]

    def __init__(self, session: Session, title: str, text: str) -> None:
        super().__init__(session)
        self.heading = title
        self.text = text

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.heading, classes="title success")
        yield Plain(self.text, id="done-text", classes="panel")
        yield Button(self.t("to_plan"), id="to-plan", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#to-plan").focus()

    def on_button_pressed(self) -> None:
        self.action_to_plan()

    def action_to_plan(self) -> None:
        self.app.home()
