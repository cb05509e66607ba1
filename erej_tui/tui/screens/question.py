"""A yes/no question over the current screen (cancel a visit, leave the queue)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from ..widgets import Plain, localize_bindings
from .base import Localized


class QuestionScreen(Localized, ModalScreen):
    """Asked in `lang`; the patient's screens and the desk's ask alike."""

    BINDINGS = [
        Binding("escape", "back", "back", id="nav.back"),
        Binding("left", "app.focus_previous", "previous", show=False, id="question.previous"),
        Binding("right", "app.focus_next", "next", show=False, id="question.next"),
    ]

    def __init__(self, lang: str, text: str, yes: str, no: str) -> None:
        super().__init__()
        self.lang, self.text, self.yes, self.no = lang, text, yes, no
        localize_bindings(self, lang)

    def action_back(self) -> None:
        self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.text, id="question-text")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error", compact=True)
                yield Button(self.no, id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no").focus()  # the safe answer first

    @on(Button.Pressed, "#yes")
    def answer_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def answer_no(self) -> None:
        self.dismiss(False)
