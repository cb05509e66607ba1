"""Who is asking: a patient's bearer token, or the demo controls' admin token.

A patient's route depends on `SignedIn` alone: one dependency that refuses unknown query
parameters, brings the clock up to date, resolves the session and reads the answer's
language. FastAPI spends tens of microseconds of every request on each
dependency it solves, and the booking burst is served one request after another."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool

from erej_tui.api import errors

from . import refusals
from .messages import language
from .registry import Registry

AUTH_ERRORS = (errors.Unauthorized, errors.SessionExpired)
"""What a patient's route answers without a valid session."""


ACTING_FOR = "x-acting-for"
"""The header with which a parent or guardian acts for her child: the child's PESEL."""


@dataclass(frozen=True, slots=True)
class Caller:
    """The patient a request acts for, the language to answer in, and who acts: `actor`
    is the guardian acting for her child (None when the patient acts herself)."""

    pid: int
    lang: str
    actor: int | None = None


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header, as HTTPBearer reads it."""
    scheme, _, token = (authorization or "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


class PatientAuth(HTTPBearer):
    """The session token from POST /auth/login, resolved to its patient (`identify`),
    after the step every operation takes first (`before`).

    One dependency that both documents the bearer scheme and authenticates. It runs on the
    event loop when the app is served and in a worker thread when embedded (see
    `edge.on_loop`): it takes the database lock."""

    def __init__(self) -> None:
        super().__init__(
            auto_error=False,
            description="The token from POST /auth/login. A parent or guardian acts for her"
            " child (under 18) with the child's PESEL in the X-Acting-For header (GET"
            " /children lists them); any other PESEL is a 404.",
            scheme_name=HTTPBearer.__name__,
        )

    async def __call__(self, request: Request) -> Caller:  # type: ignore[override]
        state = request.app.state
        if state.inline:
            return identify(state.registry, request)
        return await run_in_threadpool(identify, state.registry, request)


def identify(registry: Registry, request: Request) -> Caller:
    """Who the request acts for; the route's dependency and `BookingFastPath` both ask."""
    before(registry, request)
    headers = request.headers
    token = bearer_token(headers.get("authorization"))
    if token is None:
        raise refusals.no_token()
    pid = registry.sessions.authenticate(token)
    lang = language(headers.get("accept-language"))
    child = headers.get(ACTING_FOR)
    if child is None:
        return Caller(pid, lang)
    return Caller(registry.sessions.child(pid, child), lang, actor=pid)


def before(registry: Registry, request: Request) -> None:
    """The step before every operation: refuse unknown query parameters, then bring the
    clock's due events up to date (a clock moved far takes a while)."""
    refuse_unknown_query(request)
    registry.tick()


async def step(request: Request) -> None:
    """`before` as a dependency of the operations no patient needs: on the loop when
    served, in a worker thread when embedded (as `PatientAuth`)."""
    state = request.app.state
    if state.inline:
        return before(state.registry, request)
    return await run_in_threadpool(before, state.registry, request)


def refuse_unknown_query(request: Request) -> None:
    """Refuse query parameters the operation does not have, as bodies refuse unknown
    fields: a misspelt filter must not be silently ignored."""
    route = request.scope.get("route")
    if not request.scope["query_string"] or not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _query_names(route))
    if unknown:
        raise refusals.unknown_query(unknown)


def _query_names(route: APIRoute) -> frozenset[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:  # the route's own parameters and its dependencies'
        dependant = pending.pop()
        names.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


SignedIn = Annotated[Caller, Depends(PatientAuth())]
"""A route's parameter for the patient it acts for."""


@dataclass(frozen=True, slots=True)
class Staff:
    """The desk's staff member a request comes from, and the language to answer in."""

    id: int
    lang: str


class StaffAuth(HTTPBearer):
    """A desk token from POST /desk/auth/login, resolved to the staff member. A patient's
    token is no desk token (401), nor the other way round."""

    def __init__(self) -> None:
        super().__init__(
            auto_error=False,
            description="The token from POST /desk/auth/login: staff of one facility, who"
            " see and change that facility's schedule and visits only.",
            scheme_name="DeskBearer",
        )

    async def __call__(self, request: Request) -> Staff:  # type: ignore[override]
        state = request.app.state
        if state.inline:
            return identify_staff(state.registry, request)
        return await run_in_threadpool(identify_staff, state.registry, request)


def identify_staff(registry: Registry, request: Request) -> Staff:
    before(registry, request)
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        raise refusals.no_token()
    return Staff(
        registry.desk.authenticate(token), language(request.headers.get("accept-language"))
    )


AtDesk = Annotated[Staff, Depends(StaffAuth())]
"""A desk route's parameter for the staff member who acts."""


def admin_check(admin_token: str | None) -> Callable[..., object]:
    """The demo controls' guard: the X-Admin-Token header must be the server's token."""

    async def admin(x_admin_token: Annotated[str | None, Header()] = None) -> None:
        # Compared as bytes: a header is read as Latin-1, and compare_digest refuses text
        # that is not ASCII.
        if (
            not admin_token
            or not x_admin_token
            or not secrets.compare_digest(
                x_admin_token.encode("latin-1"), admin_token.encode("utf-8")
            )
        ):
            raise refusals.admin_token_needed()

    return admin
