"""The patient's SMS and e-mail messages."""

from typing import Annotated

from fastapi import APIRouter, Query

from erej_tui.api.models import MAX_ID, Notification

from ..auth import AUTH_ERRORS, SignedIn
from ..edge import Edge
from ..problems import problems


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    api = edge.router()

    @api.get(
        "/notifications",
        response_model=list[Notification],
        tags=["notifications"],
        responses=problems(*AUTH_ERRORS),
    )
    def notifications(
        caller: SignedIn,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        after_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    ) -> list[Notification]:
        """The patient's SMS and e-mail messages, newest first (`after_id` for new ones)."""
        return registry.notices.notifications(caller.pid, limit, after_id)

    return [api]
