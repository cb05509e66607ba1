"""Sterowanie demem (F2, mock backend only): move the clock, have another patient free a
slot the waiting room wants, publish slots, switch faults on and off, reset to the seed."""

from __future__ import annotations

from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import ClockChange, FaultSpec, PublishRequest, ReleaseRequest
from ...api.protocol import RegistrationAPI
from ...formatting import when
from ...i18n import t
from ..context import Session
from ..widgets import KeyOptions, Notice, Plain
from .base import ErejModal

DEMO_ACTIONS = (
    "clock_hour",
    "clock_day",
    "clock_week",
    "release",
    "publish",
    "slow",
    "error",
    "drop",
    "malformed",
    "faults_off",
    "reset",
)
CLOCK_STEPS = {
    "clock_hour": timedelta(hours=1),
    "clock_day": timedelta(days=1),
    "clock_week": timedelta(days=7),
}
FAULTS = {
    "slow": FaultSpec(latency_ms=3000),
    "error": FaultSpec(error_status=503, retry_after=2),
    "drop": FaultSpec(drop=True),
    "malformed": FaultSpec(malformed=True),
}


async def run_demo_action(api: RegistrationAPI, name: str, services: list[str], lang: str) -> str:
    """Carry out one demo control; returns what to tell the person."""
    demo = api.demo
    if name in CLOCK_STEPS:
        state = await demo.move_clock(ClockChange(advance=CLOCK_STEPS[name]))
        return t("demo_clock_now", lang, when=when(state.now, lang))
    if name == "release":
        queue = await demo.queue()
        if not queue:
            return t("demo_queue_empty", lang)
        first = queue[0]
        released = await demo.release(ReleaseRequest(waitlist_entry_id=first.id))
        if released.assigned_appointment_id:
            return t("demo_released", lang, patient=first.patient)
        return t("demo_released_free", lang)
    if name == "publish":
        published = assigned = 0
        for code in services:
            result = await demo.publish(PublishRequest(service=code, count=10, days=14))
            published += len(result.published)
            assigned += len(result.assigned)
        return t("demo_published", lang, count=published, assigned=assigned)
    if name in FAULTS:
        await demo.set_fault(FAULTS[name])
        return t(f"demo_{name}_on", lang)
    if name == "faults_off":
        await demo.clear_faults()
        return t("demo_faults_cleared", lang)
    if name == "reset":
        await demo.reset()
        return t("demo_reset_done", lang)
    raise ValueError(name)


class DemoScreen(ErejModal):
    def __init__(self, session: Session) -> None:
        super().__init__(session)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog demo"):
            yield Plain(self.t("demo_title"), classes="title")
            yield Plain(id="demo-state", classes="subtitle")
            yield Notice(id="demo-said")
            yield KeyOptions(
                *(Option(self.t(f"demo_{name}"), id=name) for name in DEMO_ACTIONS),
                id="demo-actions",
            )

    def on_mount(self) -> None:
        self.query_one("#demo-said", Notice).clear()
        self.query_one("#demo-actions").focus()
        self.show_state()

    def said(self, text: str, kind: str = "info") -> None:
        """What a control did, in the dialog itself: a toast would lie over it."""
        self.query_one("#demo-said", Notice).show(text, kind)

    @work(exclusive=True, group="demo-state")
    async def show_state(self) -> None:
        try:
            clock = await self.session.api.demo.clock()
            faults = await self.session.api.demo.faults()
        except errors.ApiError as exc:
            self.fail(exc)
            return
        state = self.t("demo_clock_now", when=when(clock.now, self.lang))
        active = faults.active
        if active is not None:
            kind = (
                "drop"
                if active.drop
                else "malformed"
                if active.malformed
                else "error"
                if active.error_status
                else "slow"
            )
            state += "\n" + self.t(f"demo_{kind}_on")
        self.query_one("#demo-state", Static).update(state)

    @on(KeyOptions.OptionSelected, "#demo-actions")
    def chosen(self, event: KeyOptions.OptionSelected) -> None:
        self.erej.demo_action(event.option.id or "")
        if event.option.id != "reset":  # a reset closes everything and returns to login
            self.show_state()
