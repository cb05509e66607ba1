"""The waiting room: join, look, leave, and the forecast before joining."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from erej_tui.api import errors
from erej_tui.api.models import WaitlistEntry, WaitlistForecast, WaitlistRequest

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
from .booking import BOOKING_ERRORS

ENTRY = {"parameters": {"entry_id": "$response.body#/id"}}


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    api = edge.router()

    @api.post(
        "/waitlist",
        status_code=201,
        response_model=WaitlistEntry,
        tags=["waiting room"],
        operation_id="join_waitlist",
        responses=problems(*BOOKING_ERRORS, errors.SlotsAvailable)
        | links(201, entry=("waitlist_entry", ENTRY), leave=("leave_waitlist", ENTRY)),
    )
    def join_waitlist(
        request: Request, caller: SignedIn, body: WaitlistRequest, key: IdempotencyKey = None
    ) -> JSONResponse:
        result, replayed = registry.waiting_room.join_waitlist(
            caller.pid,
            body,
            lang=caller.lang,
            idempotency_key=key,
            fingerprint=fingerprint(request, body),
            actor=caller.actor,
        )
        return written(result, replayed)

    @api.get(
        "/waitlist",
        response_model=list[WaitlistEntry],
        tags=["waiting room"],
        responses=problems(*AUTH_ERRORS),
    )
    def waitlist(caller: SignedIn) -> list[WaitlistEntry]:
        return registry.waiting_room.waitlist(caller.pid)

    @api.get(
        "/waitlist/forecast",
        response_model=WaitlistForecast,
        tags=["waiting room"],
        responses=problems(*AUTH_ERRORS, *SEARCH_ERRORS),
    )
    def waitlist_forecast(
        caller: SignedIn,
        service: str,
        criteria: Criteria,
        referral_code: ReferralQuery = None,
    ) -> WaitlistForecast:
        """Position and predicted date that joining with these criteria (and this
        e-referral, whose category counts) would give now."""
        return registry.waiting_room.forecast(caller.pid, service, criteria, referral_code)

    @api.get(
        "/waitlist/{entry_id}",
        response_model=WaitlistEntry,
        tags=["waiting room"],
        operation_id="waitlist_entry",
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def waitlist_entry(caller: SignedIn, entry_id: IdPath) -> WaitlistEntry:
        return registry.waiting_room.waitlist_entry(caller.pid, entry_id)

    @api.delete(
        "/waitlist/{entry_id}",
        response_model=WaitlistEntry,
        tags=["waiting room"],
        operation_id="leave_waitlist",
        responses=problems(*AUTH_ERRORS, errors.NotFound, errors.NotActive),
    )
    def leave_waitlist(caller: SignedIn, entry_id: IdPath) -> WaitlistEntry:
        return registry.waiting_room.leave_waitlist(caller.pid, entry_id, caller.actor)

    return [api]
