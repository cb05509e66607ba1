"""What there is: services with the patient's eligibility, localities and facilities."""

from typing import Annotated

from fastapi import APIRouter, Query

from erej_tui.api import errors
from erej_tui.api.models import Facility, Locality, Referral, Service

from ..auth import AUTH_ERRORS, SignedIn
from ..edge import Criteria, Edge, IdPath
from ..problems import problems


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    public, api = edge.router(public=True), edge.router()

    @api.get(
        "/services",
        response_model=list[Service],
        tags=["catalogue"],
        responses=problems(*AUTH_ERRORS),
    )
    def services(caller: SignedIn) -> list[Service]:
        return registry.catalogue.services(caller.pid, caller.lang)

    @api.get(
        "/referrals",
        response_model=list[Referral],
        tags=["catalogue"],
        responses=problems(*AUTH_ERRORS),
    )
    def referrals(caller: SignedIn) -> list[Referral]:
        """The patient's e-referrals, newest first: status, urgency, the issuing doctor,
        and the visit or waiting-room entry holding one."""
        return registry.catalogue.referrals(caller.pid)

    @public.get("/localities", response_model=list[Locality], tags=["catalogue"])
    def localities(
        q: Annotated[str, Query(min_length=1, max_length=100)],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> list[Locality]:
        return registry.catalogue.localities(q, limit)

    @public.get(
        "/localities/{locality_id}",
        response_model=Locality,
        tags=["catalogue"],
        responses=problems(errors.NotFound),
    )
    def locality(locality_id: IdPath) -> Locality:
        return registry.catalogue.locality(locality_id)

    @public.get(
        "/facilities",
        response_model=list[Facility],
        tags=["catalogue"],
        responses=problems(errors.NotFound),
    )
    def facilities(criteria: Criteria, service: str | None = None) -> list[Facility]:
        return registry.catalogue.facilities(criteria, service)

    return [api, public]
