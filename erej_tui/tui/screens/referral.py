"""The e-referral code a first visit needs: 4 digits, checked with the backend before the
search, so a wrong or used code is explained here."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from ...api import errors
from ...api.models import SearchCriteria, Service
from ...formatting import service_name
from ..context import Session
from ..widgets import Notice, Plain, TextField
from .base import ErejModal


class ReferralScreen(ErejModal):
    def __init__(self, session: Session, service: Service) -> None:
        super().__init__(session)
        self.service = service

    def compose(self) -> ComposeResult:
        with Vertical(id="referral-box", classes="dialog"):
            yield Plain(self.t("referral_title"), classes="title")
            yield Plain(f"{service_name(self.service, self.lang)}\n{self.t('referral_help')}")
            yield TextField(
                id="referral-code", max_length=4, restrict=r"\d*", placeholder="0000", compact=True
            )
            yield Notice(id="referral-notice")
            yield Button(self.t("next"), id="referral-next", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#referral-code").focus()

    @on(TextField.Submitted, "#referral-code")
    @on(Button.Pressed, "#referral-next")
    def submit(self) -> None:
        code = self.query_one("#referral-code", TextField).value
        if len(code) != 4:
            self.query_one(Notice).show(self.t("referral_format"), "error")
            return
        self.check(code)

    @work(exclusive=True, group="referral")
    async def check(self, code: str) -> None:
        notice = self.query_one(Notice)
        notice.show(self.t("checking"), "info")
        try:
            await self.session.api.slots(
                self.service.code, SearchCriteria(), referral_code=code, limit=1
            )
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        self.dismiss(code)
