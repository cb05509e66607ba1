"""`RegistrationAPI`: what the app, the headless commands, scripts and the pytest plugin
need from a CeR backend, and `DemoControls`, the demo controls a mock backend adds.

One async method per contract operation, returning the contract's models and raising the
typed errors of `errors.py`. Every consumer names these types; only `erej_tui.backends`
knows the classes behind them (`HttpRegistrationAPI` over HTTP, for a URL or the embedded
mock). No Textual, no `mock_server`.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Protocol, runtime_checkable

from .models import (
    Appointment,
    AppointmentStatus,
    ChildAccount,
    ClockChange,
    ClockState,
    ContactUpdate,
    DayCancel,
    DayCancelResult,
    DemoPatient,
    DemoStaff,
    DeskBooking,
    DeskDay,
    DeskFollowUp,
    DeskLoginResponse,
    DeskPatient,
    DeskPublish,
    Facility,
    FaultSpec,
    FaultState,
    FollowUpRequest,
    HealthStatus,
    InboundSms,
    InboundSmsResult,
    Locality,
    LoginResponse,
    Notification,
    Patient,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    Referral,
    ReleaseRequest,
    ReleaseResult,
    SearchCriteria,
    Service,
    SlotCalendar,
    SlotPage,
    StaffMember,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
)


def new_idempotency_key() -> str:
    """A fresh Idempotency-Key: a write retried with it is done once."""
    return str(uuid.uuid4())


class Capability(StrEnum):
    """What a backend may offer beyond logging in, searching and booking. The TUI hides,
    and the CLI explains, what a backend does not offer, rather than failing on it."""

    ELIGIBILITY_REASONS = "eligibility-reasons"
    """Says why a service cannot be booked (age, interval, referral …)."""
    WAITING_ROOM = "waiting-room"
    NOTIFICATIONS = "notifications"
    CONTACT_DATA = "contact-data"
    REFERRALS = "referrals"
    """Lists the patient's e-referrals (a code can always be typed)."""
    CHILDREN = "children"
    """A parent or guardian opens her children's accounts and acts for them."""
    DESK = "desk"
    """The facilities' registration desks (staff logins, schedules, bookings at the desk)."""
    DEMO_CONTROLS = "demo-controls"


CONTRACT_CAPABILITIES = frozenset(
    {
        Capability.ELIGIBILITY_REASONS,
        Capability.WAITING_ROOM,
        Capability.NOTIFICATIONS,
        Capability.CONTACT_DATA,
        Capability.REFERRALS,
        Capability.CHILDREN,
        Capability.DESK,
    }
)
"""What the HTTP contract offers; a server announces its own in GET /health."""


@runtime_checkable
class DemoControls(Protocol):
    """The mock's demo controls: time travel, other patients, faults, a reset. A backend
    without them says so through `available` (False), and is never asked."""

    @property
    def available(self) -> bool: ...

    async def accepted(self) -> bool:
        """Whether the backend takes our credentials for them (`available` turns False if
        not)."""
        ...

    async def patients(self, everyone: bool = False) -> list[DemoPatient]: ...

    async def staff(self) -> list[DemoStaff]:
        """Registration desks to demo with, and their passwords."""
        ...

    async def queue(self) -> list[QueuedEntry]: ...

    async def clock(self) -> ClockState: ...

    async def move_clock(self, change: ClockChange) -> ClockState: ...

    async def publish(self, request: PublishRequest) -> PublishResult: ...

    async def release(self, request: ReleaseRequest) -> ReleaseResult: ...

    async def no_show(self, appointment_id: int) -> Appointment:
        """Record, as the facility would, that the patient did not come to a visit whose
        time has come."""
        ...

    async def follow_up(self, request: FollowUpRequest) -> Appointment:
        """Book a follow-up visit for a patient, as her facility would."""
        ...

    async def sms_inbound(self, sms: InboundSms) -> InboundSmsResult:
        """Deliver an SMS a patient sent (a reply to a reminder)."""
        ...

    async def faults(self) -> FaultState: ...

    async def set_fault(self, spec: FaultSpec) -> FaultState: ...

    async def clear_faults(self) -> FaultState: ...

    async def reset(self) -> None: ...


@runtime_checkable
class DeskAPI(Protocol):
    """A facility's registration desk (`Capability.DESK`): staff of one facility, logged
    in with their own token, act on that facility's schedule and visits only. A backend
    without a desk says so through `available` (False), and is never asked."""

    token: str | None
    """The staff member's session, if logged in."""

    @property
    def available(self) -> bool: ...

    async def login(self, login: str, password: str) -> DeskLoginResponse: ...

    async def logout(self) -> None: ...

    async def me(self) -> StaffMember: ...

    async def schedule(self, day: date, service: str | None = None) -> DeskDay:
        """Terminarz: the facility's slots of a day, with their visits."""
        ...

    async def patient(self, pesel: str) -> DeskPatient: ...

    async def update_contact(self, pesel: str, update: ContactUpdate) -> Patient: ...

    async def book(self, booking: DeskBooking) -> Appointment: ...

    async def visit(self, number: str) -> Appointment:
        """A visit at this facility by its number (as the patient says it)."""
        ...

    async def attend(self, appointment_id: int) -> Appointment: ...

    async def no_show(self, appointment_id: int) -> Appointment: ...

    async def cancel(self, appointment_id: int, reason: str) -> Appointment: ...

    async def cancel_day(self, request: DayCancel) -> DayCancelResult: ...

    async def publish(self, request: DeskPublish) -> PublishResult: ...

    async def follow_up(self, request: DeskFollowUp) -> Appointment: ...


@runtime_checkable
class RegistrationAPI(Protocol):
    token: str | None
    """The bearer token of the current session, if any."""

    lang: str
    """The language the backend is asked to answer in ("pl" or "en")."""

    acting_for: str | None
    """The PESEL of the child whose account is open, when the logged-in parent or guardian
    acts for her (`Capability.CHILDREN`); every operation then is the child's. None: the
    patient's own account."""

    @property
    def demo(self) -> DemoControls:
        """The demo controls; `demo.available` is False on a backend without them."""
        ...

    @property
    def desk(self) -> DeskAPI:
        """The facility's registration desk; `desk.available` is False on a backend
        without one."""
        ...

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What this backend offers (demo controls only while `demo.available`)."""
        ...

    async def health(self) -> HealthStatus: ...

    async def login(self, pesel: str, password: str) -> LoginResponse: ...

    async def logout(self) -> None: ...

    async def me(self) -> Patient: ...

    async def update_contact(self, update: ContactUpdate) -> Patient: ...

    async def children(self) -> list[ChildAccount]:
        """The children under 18 whose accounts the logged-in patient may open
        (`Capability.CHILDREN`), whichever account is open."""
        ...

    async def services(self) -> list[Service]: ...

    async def referrals(self) -> list[Referral]:
        """The patient's e-referrals, newest first (`Capability.REFERRALS`)."""
        ...

    async def localities(self, query: str, limit: int = 10) -> list[Locality]: ...

    async def locality(self, locality_id: int) -> Locality: ...

    async def facilities(
        self, criteria: SearchCriteria, service: str | None = None
    ) -> list[Facility]: ...

    async def slots(
        self,
        service: str,
        criteria: SearchCriteria,
        *,
        referral_code: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> SlotPage: ...

    async def slot_calendar(
        self, service: str, criteria: SearchCriteria, *, referral_code: str | None = None
    ) -> SlotCalendar:
        """The free slots `slots` would list for the same criteria, counted per day."""
        ...

    async def book(
        self, slot_id: int, referral_code: str | None = None, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def appointments(self, status: AppointmentStatus | None = None) -> list[Appointment]: ...

    async def appointment(self, appointment_id: int) -> Appointment: ...

    async def reschedule(
        self, appointment_id: int, slot_id: int, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def cancel(
        self, appointment_id: int, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def join_waitlist(
        self, request: WaitlistRequest, *, idempotency_key: str | None = None
    ) -> WaitlistEntry: ...

    async def waitlist_forecast(
        self, service: str, criteria: SearchCriteria, referral_code: str | None = None
    ) -> WaitlistForecast:
        """What joining now would give; with the e-referral one would join with, its
        category counts (urgent ones queue before stable ones)."""
        ...

    async def waitlist(self) -> list[WaitlistEntry]: ...

    async def waitlist_entry(self, entry_id: int) -> WaitlistEntry: ...

    async def leave_waitlist(self, entry_id: int) -> WaitlistEntry: ...

    async def notifications(
        self, *, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]: ...

    async def aclose(self) -> None: ...
