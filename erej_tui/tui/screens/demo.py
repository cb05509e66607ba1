"""Sterowanie demem (F2, mock backend only): move the clock, have another patient free a
slot the waiting room wants, publish slots, reply to the last reminder by SMS, have the
facility record a no-show or book a follow-up visit, switch faults on and off, reset to the
seed."""

from __future__ import annotations

from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import (
    AppointmentStatus,
    ClockChange,
    FaultSpec,
    FollowUpRequest,
    InboundSms,
    PublishRequest,
    ReleaseRequest,
    SmsOutcome,
)
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
    "sms_reply",
    "no_show",
    "follow_up",
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
    if name in PATIENT_ACTIONS:
        return await PATIENT_ACTIONS[name](api, lang)
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


CANCEL_REPLY = "ODWOŁAJ"
"""What the patient replies to a reminder SMS to cancel (the mock's `messages.CANCEL_WORD`;
the client does not import the mock)."""


async def reply_to_reminder(api: RegistrationAPI, lang: str) -> str:
    """The account's phone answers the last reminder: "ODWOŁAJ"."""
    phone = (await api.me()).contact.phone
    if not phone:
        return t("demo_no_phone", lang)
    result = await api.demo.sms_inbound(InboundSms(phone=phone, text=CANCEL_REPLY))
    if result.outcome is SmsOutcome.CANCELLED:
        return t("demo_sms_cancelled", lang, number=result.appointment_number or "")
    return t("demo_sms_answered", lang, reply=result.reply)


async def record_no_show(api: RegistrationAPI, lang: str) -> str:
    """The facility records that the patient missed her latest visit whose time has come."""
    now = (await api.demo.clock()).now
    past = [
        v
        for v in await api.appointments()
        if v.start <= now and v.status in (AppointmentStatus.BOOKED, AppointmentStatus.COMPLETED)
    ]
    if not past:
        return t("demo_no_past_visit", lang)
    missed = await api.demo.no_show(max(past, key=lambda v: v.start).id)
    return t("demo_no_show_done", lang, number=missed.number)


async def book_follow_up(api: RegistrationAPI, lang: str) -> str:
    """The facility books a follow-up of the patient's latest visit's service (cardiology
    when she has had none)."""
    me, visits = await api.me(), await api.appointments()
    had = sorted(
        (v for v in visits if v.status is not AppointmentStatus.BOOKED), key=lambda v: v.start
    )
    service = had[-1].service if had else "kardiologia"
    visit = await api.demo.follow_up(FollowUpRequest(pesel=me.pesel, service=service))
    return t("demo_follow_up_done", lang, number=visit.number, when=when(visit.start, lang))


PATIENT_ACTIONS = {
    "sms_reply": reply_to_reminder,
    "no_show": record_no_show,
    "follow_up": book_follow_up,
}
"""Controls that act on the logged-in patient's (or the open child's) account."""


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
