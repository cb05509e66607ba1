"""The facility's registration desk under /desk: staff tokens, one facility's schedule,
bookings in person or by phone, attendance, cancellations, new slots, follow-up visits."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam

from erej_tui.api import errors
from erej_tui.api.models import (
    Appointment,
    ContactUpdate,
    Day,
    DayCancel,
    DayCancelResult,
    DeskBooking,
    DeskDay,
    DeskFollowUp,
    DeskLoginRequest,
    DeskLoginResponse,
    DeskPatient,
    DeskPublish,
    DeskReason,
    Patient,
    PublishResult,
    StaffMember,
)

from ..auth import AUTH_ERRORS, AtDesk, bearer_token
from ..edge import Edge, IdPath
from ..problems import problems

PeselPath = Annotated[str, PathParam(min_length=1, max_length=32)]
ServiceQuery = Annotated[str | None, Query(min_length=1, max_length=64)]
VISIT_ERRORS = (*AUTH_ERRORS, errors.NotFound, errors.NotActive, errors.Conflict)


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    desk = registry.desk
    public, api = edge.router(public=True), edge.router()

    @public.post(
        "/desk/auth/login",
        response_model=DeskLoginResponse,
        tags=["desk"],
        responses=problems(errors.InvalidCredentials),
    )
    def login(body: DeskLoginRequest) -> DeskLoginResponse:
        """Staff of one facility log in to its registration desk."""
        return desk.login(body.login, body.password)

    @api.post("/desk/auth/logout", status_code=204, tags=["desk"], responses=problems(*AUTH_ERRORS))
    def logout(request: Request, staff: AtDesk) -> None:
        desk.logout(bearer_token(request.headers.get("authorization")) or "")

    @api.get(
        "/desk/me", response_model=StaffMember, tags=["desk"], responses=problems(*AUTH_ERRORS)
    )
    def me(staff: AtDesk) -> StaffMember:
        return desk.me(staff.id)

    @api.get(
        "/desk/schedule",
        response_model=DeskDay,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def schedule(
        staff: AtDesk, day: Annotated[Day, Query()], service: ServiceQuery = None
    ) -> DeskDay:
        """Terminarz: the facility's slots of a day, each free, booked (whose, with which
        e-referral, how booked), taken elsewhere or closed, and the day's cancelled visits."""
        return desk.schedule(staff.id, day, service)

    @api.get(
        "/desk/patients/{pesel}",
        response_model=DeskPatient,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.InvalidPesel, errors.NotFound),
    )
    def patient(staff: AtDesk, pesel: PeselPath) -> DeskPatient:
        """A patient by PESEL: her data, eligibility as the desk books it, e-referrals, and
        her visits at this facility only."""
        return desk.patient(staff.id, pesel, staff.lang)

    @api.patch(
        "/desk/patients/{pesel}/contact",
        response_model=Patient,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.InvalidPesel, errors.NotFound),
    )
    def contact(staff: AtDesk, pesel: PeselPath, body: ContactUpdate) -> Patient:
        """Contact data the patient gives at the facility; her messages follow them."""
        return desk.update_contact(staff.id, pesel, body)

    @api.post(
        "/desk/appointments",
        response_model=Appointment,
        status_code=201,
        tags=["desk"],
        responses=problems(
            *AUTH_ERRORS,
            errors.InvalidPesel,
            errors.NotFound,
            errors.NotEligible,
            errors.ReferralInvalid,
            errors.AlreadyBooked,
            errors.SlotTaken,
            errors.SlotUnavailable,
        ),
    )
    def book(staff: AtDesk, body: DeskBooking) -> Appointment:
        """A booking at the desk, in person or by phone; `out_of_turn` for a patient with the
        right to it gives her the earliest term within 7 working days."""
        return desk.book(staff.id, body, staff.lang)

    @api.get(
        "/desk/appointments",
        response_model=Appointment,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def visit(
        staff: AtDesk, number: Annotated[str, Query(min_length=1, max_length=32)]
    ) -> Appointment:
        """A visit at this facility by its number; one elsewhere answers as missing."""
        return desk.visit(staff.id, number)

    @api.post(
        "/desk/appointments/{appointment_id}/attend",
        response_model=Appointment,
        tags=["desk"],
        responses=problems(*VISIT_ERRORS),
    )
    def attend(staff: AtDesk, appointment_id: IdPath) -> Appointment:
        """The patient came: the visit took place, its e-referral is realised."""
        return desk.attend(staff.id, appointment_id)

    @api.post(
        "/desk/appointments/{appointment_id}/no-show",
        response_model=Appointment,
        tags=["desk"],
        responses=problems(*VISIT_ERRORS),
    )
    def no_show(staff: AtDesk, appointment_id: IdPath) -> Appointment:
        """The patient did not come: the term is lost, the e-referral usable again."""
        return desk.no_show(staff.id, appointment_id)

    @api.post(
        "/desk/appointments/{appointment_id}/cancel",
        response_model=Appointment,
        tags=["desk"],
        responses=problems(*VISIT_ERRORS),
    )
    def cancel(staff: AtDesk, appointment_id: IdPath, body: DeskReason) -> Appointment:
        """Cancelled by the facility with the reason: the patient is told, the slot goes to
        the waiting room first."""
        return desk.cancel(staff.id, appointment_id, body.reason)

    @api.post(
        "/desk/days/cancel",
        response_model=DayCancelResult,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.NotFound, errors.ValidationFailed),
    )
    def cancel_day(staff: AtDesk, body: DayCancel) -> DayCancelResult:
        """A doctor's absence: every visit of the day cancelled with the reason, the day's
        free slots closed."""
        return desk.cancel_day(staff.id, body)

    @api.post(
        "/desk/slots",
        response_model=PublishResult,
        status_code=201,
        tags=["desk"],
        responses=problems(*AUTH_ERRORS, errors.NotFound, errors.ValidationFailed),
    )
    def publish(staff: AtDesk, body: DeskPublish) -> PublishResult:
        """Grafik: new slots, offered to the waiting room as they appear."""
        return desk.publish(staff.id, body)

    @api.post(
        "/desk/follow-ups",
        response_model=Appointment,
        status_code=201,
        tags=["desk"],
        responses=problems(
            *AUTH_ERRORS, errors.NotFound, errors.AlreadyBooked, errors.ValidationFailed
        ),
    )
    def follow_up(staff: AtDesk, body: DeskFollowUp) -> Appointment:
        """A follow-up visit (wizyta kontrolna) at a day and time the facility adds."""
        return desk.follow_up(staff.id, body)

    return [public, api]
