"""The e-referral code a first visit needs: 4 digits, checked with the backend before the
search, so a wrong or used code is explained here. Where the backend lists the patient's
e-referrals, her unused ones for the service are offered below the field to pick (Tab or
Down to reach them); typing a code stays possible, as a patient holding a printout would."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import ReferralStatus, SearchCriteria, Service
from ...api.protocol import Capability
from ...formatting import referral_line, service_name
from ..context import Session
from ..widgets import KeyOptions, Notice, Plain, TextField
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
            yield Plain(self.t("referral_pick"), id="referral-pick")
            yield KeyOptions(id="referral-list")
            yield Notice(id="referral-notice")
            yield Button(self.t("next"), id="referral-next", variant="primary", compact=True)

    BINDINGS = [Binding("down", "to_list", show=False)]

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#referral-pick").display = False
        self.query_one("#referral-list").display = False
        self.query_one("#referral-code").focus()
        if self.session.offers(Capability.REFERRALS):
            self.offer_referrals()

    @work(exclusive=True, group="referrals")
    async def offer_referrals(self) -> None:
        try:
            held = await self.session.api.referrals()
        except errors.ApiError:
            return  # the code can still be typed; the search checks it
        unused = [
            r for r in held if r.service == self.service.code and r.status is ReferralStatus.UNUSED
        ]
        if not unused:
            return
        options = self.query_one("#referral-list", KeyOptions)
        options.add_options(Option(referral_line(r, self.lang), id=r.code) for r in unused)
        options.highlighted = 0
        self.query_one("#referral-pick").display = True
        options.display = True

    def action_to_list(self) -> None:
        options = self.query_one("#referral-list", KeyOptions)
        if options.display and self.focused is self.query_one("#referral-code"):
            options.focus()

    @on(KeyOptions.OptionSelected, "#referral-list")
    def picked(self, event: KeyOptions.OptionSelected) -> None:
        code = event.option.id or ""
        self.query_one("#referral-code", TextField).value = code
        self.check(code)

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
