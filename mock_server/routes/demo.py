"""The demo controls under /_mock: time travel, publishing, releases, faults, reset."""

from datetime import timedelta

from fastapi import APIRouter, Depends, Request

from erej_tui.api import errors
from erej_tui.api.models import (
    MAX_CLOCK_MOVE,
    Appointment,
    ClockChange,
    ClockState,
    DemoPatient,
    DemoStaff,
    FaultSpec,
    FaultState,
    FollowUpRequest,
    InboundSms,
    InboundSmsResult,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    RecordId,
    ReleaseRequest,
    ReleaseResult,
)

from .. import refusals
from ..auth import admin_check, before
from ..edge import ContractRoute, Edge
from ..faults import Faults
from ..problems import problems


def routers(edge: Edge, faults: Faults, admin_token: str | None) -> list[APIRouter]:
    registry = edge.registry

    def in_thread(request: Request) -> None:  # a plain def: FastAPI runs it in a thread
        before(registry, request)

    router = APIRouter(
        prefix="/_mock",
        tags=["demo controls"],
        route_class=ContractRoute,
        # In a worker thread even when served: a clock moved far takes a while.
        dependencies=[Depends(admin_check(admin_token)), Depends(in_thread)],
        responses=problems(errors.Forbidden),
    )

    def clock_state() -> ClockState:
        return ClockState(now=registry.now(), fixed=registry.clock.fixed)

    @router.get("/clock", response_model=ClockState)
    def get_clock() -> ClockState:
        return clock_state()

    @router.post("/clock", response_model=ClockState)
    def move_clock(body: ClockChange) -> ClockState:
        """Advance or set the virtual clock; due reminders and expiries fire at once."""
        now = registry.now()
        target = body.to if body.to is not None else now + (body.advance or timedelta(0))
        if target < now:
            raise refusals.clock_backwards()
        if target - now > MAX_CLOCK_MOVE:
            # Each day passed publishes that day's schedules: a year is plenty for a demo.
            raise refusals.clock_too_far()
        if body.advance is not None:
            registry.clock.advance(body.advance)
        else:
            registry.clock.set(target)
        registry.tick(force=True)
        return clock_state()

    @router.post(
        "/slots/publish", response_model=PublishResult, responses=problems(errors.NotFound)
    )
    def publish(body: PublishRequest) -> PublishResult:
        return registry.demo.publish(body)

    @router.post(
        "/slots/release",
        response_model=ReleaseResult,
        responses=problems(errors.NotFound, errors.Conflict, errors.SlotUnavailable),
    )
    def release(body: ReleaseRequest) -> ReleaseResult:
        return registry.demo.release(body)

    @router.post(
        "/appointments/{appointment_id}/no-show",
        response_model=Appointment,
        responses=problems(errors.NotFound, errors.Conflict, errors.NotActive),
    )
    def no_show(appointment_id: RecordId) -> Appointment:
        """The facility records that the patient did not come (after the visit's time)."""
        return registry.facility.no_show(appointment_id)

    @router.post(
        "/follow-ups",
        response_model=Appointment,
        status_code=201,
        responses=problems(errors.NotFound, errors.AlreadyBooked),
    )
    def follow_up(body: FollowUpRequest) -> Appointment:
        """The facility books a follow-up visit (wizyta kontrolna) for a patient."""
        return registry.facility.follow_up(body)

    @router.post(
        "/sms/inbound", response_model=InboundSmsResult, responses=problems(errors.NotFound)
    )
    def sms_inbound(body: InboundSms) -> InboundSmsResult:
        """An SMS a patient sent, as the operator delivers it: "ODWOŁAJ" (and optionally
        the visit's number) in reply to a reminder cancels the visit."""
        return registry.sms.inbound(body)

    @router.get("/faults", response_model=FaultState)
    def get_faults() -> FaultState:
        return FaultState(active=faults.spec)

    @router.put("/faults", response_model=FaultState)
    def set_faults(body: FaultSpec) -> FaultState:
        faults.set(body)
        return FaultState(active=faults.spec)

    @router.delete("/faults", response_model=FaultState)
    def clear_faults() -> FaultState:
        faults.set(None)
        return FaultState(active=None)

    @router.post("/reset", status_code=204)
    def reset() -> None:
        """Back to the seed: every booking, entry and message made since is gone."""
        faults.set(None)
        registry.reset()

    @router.get("/waitlist", response_model=list[QueuedEntry])
    def queue() -> list[QueuedEntry]:
        """Every waiting-room entry still waiting, oldest first."""
        return registry.demo.queue()

    @router.get("/patients", response_model=list[DemoPatient])
    def patients(everyone: bool = False) -> list[DemoPatient]:
        """The demo patients with their passwords (`everyone` adds the test population)."""
        return registry.demo.demo_patients(everyone)

    @router.get("/staff", response_model=list[DemoStaff])
    def staff() -> list[DemoStaff]:
        """Registration desks to demo with, one in each voivodeship's largest town, with
        their passwords (every facility has one: rej<facility id>, demo)."""
        return registry.demo.demo_staff()

    return [router]
