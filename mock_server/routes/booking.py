"""Booking a slot: the one code path, and the middleware that takes ordinary bookings to it
before FastAPI's routing.

When slots are published, a crowd books at once and the server answers the requests one
after another. Through its FastAPI route a booking costs about twice what a one-route
FastAPI app doing nothing costs (routing, dependency solving, validation: README,
"Measured"), so `BookingFastPath`, a middleware in the app's stack under the fault
injection, answers a booking in the ordinary shape itself: a JSON body that is a valid
BookingRequest, no query string, an Idempotency-Key within bounds. It identifies the
patient with the route's own dependency function and answers with `book`, as the route
does. Anything else goes on to the route, which answers it as it always has and documents
the operation."""

from collections.abc import MutableMapping
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from erej_tui.api import errors
from erej_tui.api.models import BookingRequest

from ..auth import AUTH_ERRORS, Caller, identify
from ..edge import API, MAX_KEY, decode_json, fingerprint, written
from ..problems import problem_response
from ..registry import Registry

BOOKING_PATH = f"{API}/appointments"

BOOKING_ERRORS = (
    *AUTH_ERRORS,
    errors.NotFound,
    errors.NotEligible,
    errors.PriorityRegistration,
    errors.ReferralRequired,
    errors.ReferralInvalid,
    errors.ReferralUsed,
    errors.AlreadyBooked,
    errors.SlotTaken,
    errors.SlotUnavailable,
    errors.IdempotencyKeyReused,
    errors.IdempotencyInProgress,
)
"""What a booking may be refused with (joining the waiting room too)."""


def book(
    registry: Registry, request: Request, caller: Caller, body: BookingRequest
) -> JSONResponse:
    """`POST /appointments` for a patient known: the booking and its answer, a refusal as
    a problem document (answered here, not raised through the stack)."""
    try:
        result, replayed = registry.visits.book(
            caller.pid,
            body.slot_id,
            body.referral_code,
            idempotency_key=request.headers.get("idempotency-key"),
            fingerprint=fingerprint(request, body),
            lang=caller.lang,
            actor=caller.actor,
        )
    except errors.ApiError as refused:
        return problem_response(refused, request)
    return written(result, replayed)


class BookingFastPath:
    """Ordinary bookings straight to `book` (see the module's docstring)."""

    def __init__(self, app: ASGIApp, registry: Registry, inline: bool) -> None:
        self.app, self.registry, self.inline = app, registry, inline

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != BOOKING_PATH
            or scope["query_string"]
        ):
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        try:
            raw = await request.body()
        except ClientDisconnect:  # the client went away before sending it all: nobody to answer
            return None
        booking = _ordinary(request, raw)
        if booking is None:
            return await self.app(scope, _replaying(raw, receive), send)
        if self.inline:
            response = self.answer(request, booking)
        else:  # embedded: off the event loop, as the route runs there
            response = await run_in_threadpool(self.answer, request, booking)
        await response(scope, receive, send)

    def answer(self, request: Request, booking: BookingRequest) -> JSONResponse:
        try:
            caller = identify(self.registry, request)
        except errors.ApiError as refused:
            return problem_response(refused, request)
        return book(self.registry, request, caller, booking)


def _ordinary(request: Request, raw: bytes) -> BookingRequest | None:
    """The body as a BookingRequest if the request is in the ordinary shape."""
    content_type = request.headers.get("content-type", "")
    key = request.headers.get("idempotency-key")
    if content_type.partition(";")[0].strip().lower() != "application/json" or (
        key is not None and len(key) > MAX_KEY
    ):
        return None
    try:
        return BookingRequest.model_validate(decode_json(raw))
    except (ValueError, ValidationError):  # not JSON, or not a valid booking
        return None


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read already, then whatever comes next."""
    given = False

    async def replay() -> MutableMapping[str, Any] | Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
