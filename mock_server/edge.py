"""The HTTP edge every route module shares: how bodies and query strings are read, the
step before each operation, idempotent writes, and `Edge`, which hands a route module its
registry and its routers."""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.responses import Response

from erej_tui.api import errors
from erej_tui.api.models import MAX_ID, Day, Hour, SearchCriteria

from .auth import step
from .problems import problems, refusal
from .registry import Registry

API = "/api/v1"
IdPath = Annotated[int, PathParam(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]


# --- bodies ----------------------------------------------------------------------------------
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def decode_json(body: bytes) -> Any:
    """A request body as JSON, or json.JSONDecodeError (FastAPI answers that with a 400 of
    ours): also for bytes that are not UTF-8, nesting deeper than the parser's recursion
    limit, and escaped lone UTF-16 surrogates ("\\ud800"), which are no text and could
    not be stored or sent back."""
    try:
        value = json.loads(body)
    except (RecursionError, UnicodeDecodeError) as exc:
        raise json.JSONDecodeError(type(exc).__name__, "", 0) from None
    if b"\\u" in body and _has_lone_surrogate(value):  # only an escape makes one
        raise json.JSONDecodeError("lone surrogate", "", 0)
    return value


class ContractRequest(Request):
    """A request whose JSON body is read by `decode_json`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = decode_json(await self.body())
        return self._json


class ContractRoute(APIRoute):
    """A route that reads JSON bodies with `decode_json` (FastAPI's documented way to
    give a route its own Request class)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def strict_json(request: Request) -> Response:
            return await handler(ContractRequest(request.scope, request.receive))

        return strict_json


def on_loop(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` as a coroutine function, so FastAPI calls it on the event loop rather
    than in a worker thread.

    Every database access goes through one lock, so worker threads add no parallelism
    under load, only a thread hop and GIL hand-offs per request: served by uvicorn, the
    mock runs its handlers and database dependencies on the loop. Embedded in the app it
    keeps the threads, so the terminal stays responsive while a handler holds the lock."""
    if inspect.iscoroutinefunction(function):
        return function

    @functools.wraps(function)  # FastAPI reads the parameters through __wrapped__
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return inline


class InlineRoute(ContractRoute):
    """A route whose plain `def` endpoint runs on the event loop (see `on_loop`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, on_loop(endpoint), **kwargs)


# --- queries ---------------------------------------------------------------------------------
def search_criteria(
    locality_id: IdQuery = None,
    radius_km: Annotated[int | None, Query(ge=1, le=500)] = None,
    voivodeship: Annotated[str | None, Query(pattern=r"^(0[1-9]|1[0-6])$")] = None,
    date_from: Annotated[Day | None, Query()] = None,
    date_to: Annotated[Day | None, Query()] = None,
    hour_from: Annotated[Hour | None, Query()] = None,
    hour_to: Annotated[Hour | None, Query()] = None,
    facility_id: IdQuery = None,
) -> SearchCriteria:
    try:
        return SearchCriteria(
            locality_id=locality_id,
            radius_km=radius_km,
            voivodeship=voivodeship,
            date_from=date_from,
            date_to=date_to,
            hour_from=hour_from,
            hour_to=hour_to,
            facility_id=facility_id,
        )
    except ValidationError as exc:
        raise refusal(exc.errors()) from None


Criteria = Annotated[SearchCriteria, Depends(search_criteria)]
# The e-referral a search is made for (its category and service count), as a query.
ReferralQuery = Annotated[str | None, Query(pattern=r"^\d{4}$")]
# What a search for a service, maybe with an e-referral, can be refused for.
SEARCH_ERRORS = (errors.NotFound, errors.ReferralInvalid, errors.ReferralUsed)


# --- idempotent writes -----------------------------------------------------------------------
MAX_KEY = 255
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=MAX_KEY,
        description="Retries with the same key replay the first result; another body is 422.",
    ),
]


def fingerprint(request: Request, body: Any) -> str:
    """What an Idempotency-Key is bound to: a retry must send the same request."""
    payload = json.dumps(body.model_dump(mode="json") if body is not None else None, sort_keys=True)
    return hashlib.sha256(
        f"{request.method} {request.scope['path']} {payload}".encode()
    ).hexdigest()


def written(result: Any, replayed: bool, status: int = 201) -> JSONResponse:
    """The answer to an idempotent write: a replay sends the first answer's body again."""
    body = result if replayed else result.model_dump(mode="json")
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(body, status_code=status, headers=headers)


# --- what a route module gets ----------------------------------------------------------------
@dataclass(frozen=True)
class Edge:
    """The registry of one app, and its routers. `inline` (a server) runs handlers and the
    database dependencies on the event loop; embedded in the app they run in threads."""

    registry: Registry
    inline: bool = False

    def router(self, *, public: bool = False) -> APIRouter:
        """A router for the contract's operations. A patient's route takes `auth.SignedIn`,
        which takes the step before each operation; a `public` router takes it itself."""
        return APIRouter(
            prefix=API,
            dependencies=[Depends(step)] if public else [],
            route_class=InlineRoute if self.inline else ContractRoute,
            responses=problems(),
        )
