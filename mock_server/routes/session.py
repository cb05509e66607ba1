"""Logging in and out, and the patient's own record."""

from collections.abc import Sequence

from fastapi import APIRouter, Request

from erej_tui.api import errors
from erej_tui.api.models import (
    ChildAccount,
    ContactUpdate,
    HealthStatus,
    LoginRequest,
    LoginResponse,
    Patient,
)

from ..auth import AUTH_ERRORS, SignedIn, bearer_token
from ..edge import Edge
from ..problems import problems


def routers(edge: Edge, seed: int, capabilities: Sequence[str]) -> list[APIRouter]:
    registry = edge.registry
    public, api = edge.router(public=True), edge.router()

    @public.get("/health", response_model=HealthStatus, tags=["meta"])
    def health() -> HealthStatus:
        """The server's clock and seed, and what it offers beyond the core operations."""
        return HealthStatus(now=registry.now(), seed=seed, capabilities=list(capabilities))

    @public.post(
        "/auth/login",
        response_model=LoginResponse,
        tags=["session"],
        responses=problems(errors.InvalidPesel, errors.InvalidCredentials),
    )
    def login(body: LoginRequest) -> LoginResponse:
        token, expires, patient = registry.sessions.login(body.pesel, body.password)
        return LoginResponse(token=token, expires_at=expires, patient=patient)

    @api.post("/auth/logout", status_code=204, tags=["session"], responses=problems(*AUTH_ERRORS))
    def logout(request: Request, caller: SignedIn) -> None:
        registry.sessions.logout(bearer_token(request.headers.get("authorization")) or "")

    @api.get(
        "/me",
        response_model=Patient,
        tags=["session"],
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def me(caller: SignedIn) -> Patient:
        """The patient whose account is open; with X-Acting-For, the child's, naming the
        guardian who acts (`acting_guardian`)."""
        return registry.sessions.me(caller.pid, caller.actor)

    @api.patch(
        "/me/contact",
        response_model=Patient,
        tags=["session"],
        responses=problems(*AUTH_ERRORS, errors.NotFound, errors.ValidationFailed),
    )
    def update_contact(caller: SignedIn, body: ContactUpdate) -> Patient:
        """The patient's own contact data; a child's messages go to the guardian's, so it
        is refused on a child's account."""
        return registry.sessions.update_contact(caller.pid, body, caller.actor)

    @api.get(
        "/children",
        response_model=list[ChildAccount],
        tags=["session"],
        responses=problems(*AUTH_ERRORS, errors.NotFound),
    )
    def children(caller: SignedIn) -> list[ChildAccount]:
        """IKP's "Konta Twoich dzieci": the children under 18 whose accounts the logged-in
        patient may open (as their parent or legal guardian), for X-Acting-For."""
        return registry.sessions.children(caller.actor if caller.actor is not None else caller.pid)

    return [public, api]
