"""Konta Twoich dzieci: whose account to open, the patient's own or one of her children's
(a parent or legal guardian acts for a child under 18). Dismissed with the chosen PESEL,
"" for her own account, or None when nothing changes."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from ...api.timefmt import age
from ..context import Session
from ..widgets import KeyOptions, Plain
from .base import ErejModal

OWN = "own"
"""The option id of the patient's own account (a PESEL is never this)."""


class ChildrenScreen(ErejModal):
    def __init__(self, session: Session, today: date) -> None:
        super().__init__(session)
        self.today = today

    def compose(self) -> ComposeResult:
        me = self.session.guardian or self.session.patient
        with Vertical(id="children-box", classes="dialog"):
            yield Plain(self.t("children_accounts"), classes="title")
            yield Plain(self.t("children_choose"))
            options = [
                Option(self.t("own_account", name=f"{me.first_name} {me.last_name}"), id=OWN)
            ]
            options += [
                Option(
                    self.t(
                        "open_child_account",
                        name=f"{c.first_name} {c.last_name}"
                        f" ({age(c.birth_date, self.today, self.lang)})",
                    ),
                    id=c.pesel,
                )
                for c in self.session.children
            ]
            yield KeyOptions(*options, id="children-list")

    @property
    def opened(self) -> str:
        """The option id of the account open now."""
        return self.session.patient.pesel if self.session.guardian else OWN

    def on_mount(self) -> None:
        options = self.query_one(KeyOptions)
        options.highlighted = options.get_option_index(self.opened)
        options.focus()

    @on(KeyOptions.OptionSelected, "#children-list")
    def picked(self, event: KeyOptions.OptionSelected) -> None:
        chosen = event.option.id or OWN
        if chosen == self.opened:
            self.dismiss(None)
            return
        self.dismiss("" if chosen == OWN else chosen)
