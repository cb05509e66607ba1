"""Free slots, booking, and the patient's visits: list, move, cancel."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from erej_tui.api import errors
from erej_tui.api.models import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    CancelRequest,
    RescheduleRequest,
    SlotCalendar,
    SlotPage,
)

from ..auth import AUTH_ERRORS, SignedIn
from ..edge import (
    SEARCH_ERRORS,
    Criteria,
    Edge,
    IdempotencyKey,
    IdPath,
    ReferralQuery,
    fingerprint,
    written,
)
from ..problems import links, problems
from . import booking

VISIT = {"parameters": {"appointment_id": "$response.body#/id"}}
"""A link's way to the visit an answer carries."""
FIRST_SLOT = {"requestBody": {"slot_id": "$response.body#/items/0/id"}}
"""A link's way to book the first slot of a page."""


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    api = edge.router()

    @api.post(
        "/appointments",
        status_code=201,
        response_model=Appointment,
        tags=["booking"],
        operation_id="book",
        responses={
            **problems(*booking.BOOKING_ERRORS),
            **links(
                201,
                visit=("appointment", VISIT),
                move=("reschedule", VISIT),
                cancel=("cancel", VISIT),
            ),
        },
    )
    def book(
        request: Request, caller: SignedIn, body: BookingRequest, key: IdempotencyKey = None
    ) -> JSONResponse:
        """Book a slot. Checked in this order: the slot (it exists, has not passed, is
        free), the patient (eligible, no visit or waiting-room place for the service yet),
        the referral. A slot someone else has taken is reported before anything about the
        patient. `BookingFastPath` answers the ordinary ones with the same `booking.book`;
        `key` is declared for its validation and the OpenAPI document."""
        return booking.book(registry, request, caller, body)

    @api.get(
        "/slots",
        response_model=SlotPage,
        tags=["booking"],
        operation_id="slots",
        responses=links(
            200, book=("book", {"requestBody": {"slot_id": "$response.body#/items/0/id"}})
        )
        | problems(*AUTH_ERRORS, *SEARCH_ERRORS),
    )
    def slots(
        caller: SignedIn,
        service: str,
        criteria: Criteria,
        referral_code: ReferralQuery = None,
        cursor: Annotated[str | None, Query(max_length=500)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> SlotPage:
        """Free slots, earliest first, then nearest; `next_cursor` fetches the next page."""
        return registry.search.search_slots(
            caller.pid, service, criteria, referral_code=referral_code, cursor=cursor, limit=limit
        )

    @api.get(
        "/slots/calendar",
        response_model=SlotCalendar,
        tags=["booking"],
        operation_id="slot_calendar",
        responses=problems(*AUTH_ERRORS, *SEARCH_ERRORS),
    )
    def slot_calendar(
        caller: SignedIn,
        service: str,
        criteria: Criteria,
        referral_code: ReferralQuery = None,
    ) -> SlotCalendar:
        """The free slots `GET /slots` would list for the same criteria, counted per day,
        with the earliest time of each; days without a free slot are left out."""
        return registry.search.calendar(caller.pid, service, criteria, referral_code)

    @api.get(
        "/appointments",
        response_model=list[Appointment],
        tags=["visits"],
        responses=problems(*AUTH_ERRORS),
    )
    def appointments(
        caller: SignedIn, status: AppointmentStatus | None = None
    ) -> list[Appointment]:
        return registry.visits.appointments(caller.pid, status)

    @api.get(
        "/appointments/{appointment_id}",
        response_model=Appointment,
        tags=["visits"],
        operation_id="appointment",
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def appointment(caller: SignedIn, appointment_id: IdPath) -> Appointment:
        return registry.visits.appointment(caller.pid, appointment_id)

    @api.post(
        "/appointments/{appointment_id}/reschedule",
        status_code=201,
        response_model=Appointment,
        tags=["visits"],
        operation_id="reschedule",
        responses=problems(
            *AUTH_ERRORS,
            errors.NotFound,
            errors.NotActive,
            errors.BookAtFacility,
            errors.SlotTaken,
            errors.SlotUnavailable,
            errors.IdempotencyKeyReused,
            errors.IdempotencyInProgress,
        ),
    )
    def reschedule(
        request: Request,
        caller: SignedIn,
        appointment_id: IdPath,
        body: RescheduleRequest,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """Move the visit to another slot atomically: never both slots, never neither."""
        result, replayed = registry.visits.reschedule(
            caller.pid,
            appointment_id,
            body.slot_id,
            idempotency_key=key,
            fingerprint=fingerprint(request, body),
            actor=caller.actor,
        )
        return written(result, replayed)

    @api.post(
        "/appointments/{appointment_id}/cancel",
        response_model=Appointment,
        tags=["visits"],
        operation_id="cancel",
        responses=problems(
            *AUTH_ERRORS, errors.NotFound, errors.NotActive, errors.IdempotencyKeyReused
        ),
    )
    def cancel(
        request: Request,
        caller: SignedIn,
        appointment_id: IdPath,
        body: CancelRequest | None = None,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """Cancel the visit; the slot goes back to the pool (the waiting room first)."""
        result, replayed = registry.visits.cancel(
            caller.pid,
            appointment_id,
            idempotency_key=key,
            fingerprint=fingerprint(request, body),
            actor=caller.actor,
        )
        return written(result, replayed, status=200)

    return [api]
