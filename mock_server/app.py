"""The mock CeR backend as a FastAPI app: `create_app()` builds it over a SQLite file.

This module is the HTTP edge only: parsing, bearer-token auth, problem+json errors, the
Idempotency-Key header, the OpenAPI description and the booking hot path. The rules live in
`registry.py`.
"""

import asyncio
import functools
import hashlib
import inspect
import json
import logging
import random
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from erej_tui.api import errors
from erej_tui.api.models import (
    MAX_CLOCK_MOVE,
    MAX_ID,
    Appointment,
    AppointmentStatus,
    BookingRequest,
    CancelRequest,
    ClockChange,
    ClockState,
    ContactUpdate,
    Day,
    DemoPatient,
    Facility,
    FaultSpec,
    FaultState,
    HealthStatus,
    Hour,
    Locality,
    LoginRequest,
    LoginResponse,
    Notification,
    Patient,
    Problem,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    ReleaseRequest,
    ReleaseResult,
    RescheduleRequest,
    SearchCriteria,
    Service,
    SlotPage,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
    refusal_text,
)

from .clock import VirtualClock
from .db import Database
from .faults import FaultMiddleware, Faults
from .messages import language, problem_answer
from .registry import Registry
from .seed import Progress

log = logging.getLogger("mock_server")

API = "/api/v1"
TRAFFIC_SUMMARY_SECONDS = 60
IdPath = Annotated[int, PathParam(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]


# --- problem+json --------------------------------------------------------------------------
def problem_json(
    error: errors.ApiError,
    path: str,
    accept_language: str | None,
    extra_headers: dict[str, str] | None = None,
) -> JSONResponse:
    body, headers = problem_answer(error, path, accept_language)
    headers.update(extra_headers or {})
    if "retry_after" in error.extra:
        headers["Retry-After"] = str(error.extra["retry_after"])
    return JSONResponse(
        body, status_code=error.status, media_type=errors.PROBLEM_MEDIA_TYPE, headers=headers
    )


def problem_response(
    error: errors.ApiError, request: Request, headers: dict[str, str] | None = None
) -> JSONResponse:
    return problem_json(error, request.url.path, request.headers.get("accept-language"), headers)


def crash_response(method: str, path: str, accept_language: str | None) -> JSONResponse:
    """The answer to an exception nobody expected; called while it is being handled."""
    log.exception("unhandled error on %s %s", method, path)
    return problem_json(
        errors.InternalError(
            "Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie.",
            detail_en="An unexpected server error occurred. Try again.",
        ),
        path,
        accept_language,
    )


def describe_validation(
    problems: Sequence[Mapping[str, Any]], lang: str = "pl"
) -> tuple[str, list[dict[str, str]]]:
    """Pydantic's error list as one plain sentence plus a per-field list: Polish, or
    English (pydantic's own words, and the contract rules' English) for `lang` "en"."""
    fields = []
    body = "(body)" if lang == "en" else "(treść)"
    for p in problems:
        loc = ".".join(str(x) for x in p.get("loc", ()) if x not in ("body", "query", "path"))
        msg = refusal_text(p, lang)
        fields.append({"field": loc or body, "message": msg})
    invalid = "invalid input" if lang == "en" else "nieprawidłowe dane"
    first = fields[0] if fields else {"field": "", "message": invalid}
    detail = f"{first['field']}: {first['message']}" if first["field"] != body else first["message"]
    return detail[:1].upper() + detail[1:], fields


def refusal(problems: Sequence[Mapping[str, Any]]) -> errors.ValidationFailed:
    """A 422 for pydantic's errors, its detail in both languages."""
    detail, fields = describe_validation(problems)
    detail_en, _ = describe_validation(problems, "en")
    return errors.ValidationFailed(detail, detail_en=detail_en, errors=fields)


def unreadable_body() -> errors.MalformedRequest:
    return errors.MalformedRequest(
        "Treść żądania nie jest poprawnym dokumentem JSON w UTF-8.",
        detail_en="The request body is not a valid JSON document in UTF-8.",
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (RFC 9110: a 405 lists them all in
    Allow); Starlette names only those of the first route whose path matched."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.ApiError)
    async def api_error(request: Request, exc: errors.ApiError) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = list(exc.errors())
        if any(p.get("type") == "json_invalid" for p in problems):
            return problem_response(unreadable_body(), request)
        return problem_response(refusal(problems), request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = None
        if exc.status_code == 404:
            error: errors.ApiError = errors.NotFound(
                f"Nie ma zasobu {request.url.path}.",
                detail_en=f"There is no resource {request.url.path}.",
            )
        elif exc.status_code == 405:
            error = errors.MethodNotAllowed(
                f"Metoda {request.method} nie jest dozwolona dla {request.url.path}.",
                detail_en=f"Method {request.method} is not allowed for {request.url.path}.",
            )
            headers = {"Allow": ", ".join(allowed_methods(request))}
        elif exc.status_code == 400:  # a body FastAPI could not read
            error = unreadable_body()
        else:  # the framework's words are English: the problem type's own title instead
            cls = errors._FALLBACK_BY_STATUS.get(exc.status_code, errors.ValidationFailed)
            error = cls(detail_en=cls.problem.title_en)
        return problem_response(error, request, headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        return crash_response(
            request.method, request.url.path, request.headers.get("accept-language")
        )


DEFAULT_PROBLEMS: tuple[type[errors.ApiError], ...] = (
    errors.ValidationFailed,
    errors.MalformedRequest,
    errors.InternalError,
    errors.ServiceUnavailable,
)
"""What any route may answer: bad input, unreadable JSON, a crash, an injected outage."""


def problems(*classes: type[errors.ApiError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem types a route can answer with (their bodies are
    filled in by `document_problems`)."""
    by_status: dict[int, list[errors.ProblemType]] = {}
    for cls in (*classes, *DEFAULT_PROBLEMS):
        by_status.setdefault(cls.problem.status, []).append(cls.problem)
    return {
        status: {"description": "; ".join(f"`{p.uri}` {p.title_en}" for p in types)}
        for status, types in sorted(by_status.items())
    }


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the server sends: every error answer (each router
    declares `problems()`, so FastAPI adds no 422 of its own) is an
    `application/problem+json` Problem."""
    build = app.openapi
    body = {
        errors.PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}},
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                for status, response in operation["responses"].items():
                    if status[0] in "45":
                        response["content"] = body
        schema["components"]["schemas"]["Problem"] = Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


AUTH = (errors.Unauthorized, errors.SessionExpired)


# --- request helpers -----------------------------------------------------------------------
async def lang_dep(accept_language: Annotated[str | None, Header()] = None) -> str:
    return language(accept_language)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header, as HTTPBearer reads it."""
    scheme, _, token = (authorization or "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


class PatientToken(HTTPBearer):
    """The session token from POST /auth/login, resolved to its patient's id.

    One dependency that both documents the bearer scheme and authenticates: FastAPI
    spends some 20 µs of every request on each dependency, and a function depending on
    HTTPBearer is two. `__call__` is plain, so FastAPI runs it in a worker thread (it
    takes the database lock); `InlinePatientToken` runs it on the loop (see `on_loop`)."""

    def __init__(self, registry: Registry) -> None:
        super().__init__(
            auto_error=False,
            description="The token from POST /auth/login.",
            scheme_name=HTTPBearer.__name__,
        )
        self.registry = registry

    def __call__(self, request: Request) -> int:  # type: ignore[override]
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            raise errors.Unauthorized(
                "Brak tokenu sesji – zaloguj się.", detail_en="No session token: log in."
            )
        return self.registry.authenticate(token)


class InlinePatientToken(PatientToken):
    async def __call__(self, request: Request) -> int:  # type: ignore[override]
        return PatientToken.__call__(self, request)


def _query_names(route: APIRoute) -> frozenset[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:  # the route's own parameters and its dependencies'
        dependant = pending.pop()
        names.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


def refuse_unknown_query(request: Request) -> None:
    """Refuse query parameters the operation does not have, as bodies refuse unknown
    fields: a misspelt filter must not be silently ignored."""
    route = request.scope.get("route")
    if not request.scope["query_string"] or not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _query_names(route))
    if unknown:
        raise errors.ValidationFailed(
            f"Nieznany parametr zapytania: {', '.join(unknown)}.",
            detail_en=f"Unknown query parameter: {', '.join(unknown)}.",
            errors=[{"field": name, "message": "nieznany parametr"} for name in unknown],
        )


def each_request(registry: Registry) -> Callable[[Request], None]:
    """The step before every operation: refuse unknown query parameters, then bring the
    clock's due events up to date. A plain function, so FastAPI runs it in a worker thread
    (a clock moved far takes a while) unless the caller wraps it with `on_loop`."""

    def step(request: Request) -> None:
        refuse_unknown_query(request)
        registry.tick()

    return step


def request_fingerprint(method: str, path: str, body: Any) -> str:
    """What an Idempotency-Key is bound to: a retry must send the same request."""
    payload = json.dumps(body.model_dump(mode="json") if body is not None else None, sort_keys=True)
    return hashlib.sha256(f"{method} {path} {payload}".encode()).hexdigest()


def fingerprint(request: Request, body: Any) -> str:
    return request_fingerprint(request.method, request.url.path, body)


MAX_KEY = 255
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=MAX_KEY,
        description="Retries with the same key replay the first result; another body is 422.",
    ),
]


def created(result: Any, replayed: bool) -> JSONResponse:
    body = result if replayed else result.model_dump(mode="json")
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(body, status_code=201, headers=headers)


def booked(
    registry: Registry,
    pid: int,
    body: BookingRequest,
    key: str | None,
    fingerprint: str,
    lang: str,
) -> JSONResponse:
    """`POST /appointments` once the patient is known: for the route and the hot path."""
    result, replayed = registry.book(
        pid,
        body.slot_id,
        body.referral_code,
        idempotency_key=key,
        fingerprint=fingerprint,
        lang=lang,
    )
    return created(result, replayed)


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


class InlineRoute(ContractRoute):
    """A route whose plain `def` endpoint runs on the event loop (see `on_loop`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, on_loop(endpoint), **kwargs)


# --- the booking hot path ------------------------------------------------------------------
BOOKING_PATH = f"{API}/appointments"
_HOT_HEADERS = (b"authorization", b"accept-language", b"content-type", b"idempotency-key")


class BookingHotPath:
    """`POST /appointments` without FastAPI's request machinery.

    When slots are published, a crowd books at once and the requests are served one after
    another; FastAPI's routing, dependency solving and validation cost more than the booking
    itself (README, "Measured"). A booking in the ordinary shape (a bearer token, a JSON
    body that is a valid BookingRequest, no query, a key within bounds, no demo fault on)
    is answered here by the steps the route takes, in its order: the clock's tick, the
    session, the registry's booking with the same fingerprint, the same answers. Anything
    else goes to the route, which answers it as it always has; the route also documents
    the operation. tests/mock_server/test_hot_path.py sends the same requests both ways and
    compares what comes back."""

    def __init__(self, registry: Registry, faults: Faults, *, inline: bool) -> None:
        self.registry, self.faults, self.inline = registry, faults, inline

    async def __call__(self, scope: Scope, receive: Receive, send: Send, route: ASGIApp) -> None:
        if self.faults.spec is not None or scope["query_string"]:
            return await route(scope, receive, send)
        body = await _read_body(receive)
        if body is None:  # the client went away before sending it all
            return None
        replay = _replaying(body, receive)
        headers: dict[bytes, str] = {}
        for name, value in scope["headers"]:  # the first of each, as Starlette reads them
            if name in _HOT_HEADERS and name not in headers:
                headers[name] = value.decode("latin-1")
        token = bearer_token(headers.get(b"authorization"))
        key = headers.get(b"idempotency-key")
        booking = _ordinary_booking(headers.get(b"content-type"), body)
        if token is None or booking is None or (key is not None and len(key) > MAX_KEY):
            return await route(scope, replay, send)
        lang = headers.get(b"accept-language")
        if self.inline:
            response = self.answer(token, key, lang, booking)
        else:  # embedded: off the event loop, as the route's steps run there
            response = await run_in_threadpool(self.answer, token, key, lang, booking)
        await response(scope, replay, send)

    def answer(
        self, token: str, key: str | None, accept_language: str | None, booking: BookingRequest
    ) -> JSONResponse:
        try:
            self.registry.tick()
            pid = self.registry.authenticate(token)
            fingerprint = request_fingerprint("POST", BOOKING_PATH, booking)
            return booked(self.registry, pid, booking, key, fingerprint, language(accept_language))
        except errors.ApiError as error:
            return problem_json(error, BOOKING_PATH, accept_language)
        except Exception:  # noqa: BLE001 - answered as the app's crash handler answers
            return crash_response("POST", BOOKING_PATH, accept_language)


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read already, then whatever comes next."""
    given = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _ordinary_booking(content_type: str | None, body: bytes) -> BookingRequest | None:
    """The body as a BookingRequest, read as FastAPI reads it, if it is JSON and valid."""
    if (content_type or "").partition(";")[0].strip().lower() != "application/json":
        return None
    try:
        return BookingRequest.model_validate(decode_json(body))
    except ValueError:  # not JSON, or not a valid booking (ValidationError)
        return None


class MockApp(FastAPI):
    """The mock's app: FastAPI, except for ordinary bookings (see `BookingHotPath`)."""

    hot_path: BookingHotPath | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.hot_path is not None
            and scope["type"] == "http"
            and scope["path"] == BOOKING_PATH
            and scope["method"] == "POST"
        ):
            await self.hot_path(scope, receive, send, super().__call__)
        else:
            await super().__call__(scope, receive, send)


# --- the app -------------------------------------------------------------------------------
def create_app(
    db: str | Path = ":memory:",
    *,
    seed: int = 42,
    clock: datetime | VirtualClock | None = None,
    demo: bool = False,
    admin_token: str | None = None,
    scale: str = "default",
    token_ttl: timedelta = timedelta(hours=12),
    wall: Callable[[], float] | None = None,
    progress: Progress | None = None,
    traffic: float = 0.0,
    inline: bool = False,
    hot_path: bool = True,
) -> FastAPI:
    """Build the mock backend. An empty database is seeded first (a few seconds).

    `clock` fixes the virtual clock (or passes one in); `demo` mounts the `/_mock` demo
    controls, guarded by `admin_token` in the X-Admin-Token header. `inline` runs the
    handlers on the event loop (see `InlineRoute`): for a server, not for the embedded app.
    `hot_path` False sends every booking through its FastAPI route (see `BookingHotPath`).
    """
    route_class = InlineRoute if inline else ContractRoute
    vclock = clock if isinstance(clock, VirtualClock) else VirtualClock(clock)
    database = Database(db)
    extra = {"wall": wall} if wall else {}
    registry = Registry(database, vclock, seed=seed, scale=scale, token_ttl=token_ttl, **extra)
    registry.ensure_seeded(progress)
    faults = Faults(seed)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        # Other patients' traffic runs only when served (uvicorn runs lifespan events).
        task = asyncio.create_task(other_patients(registry, traffic, seed)) if traffic else None
        yield
        if task:
            task.cancel()

    app = MockApp(
        lifespan=lifespan,
        title="erej mock CeR backend",
        version="1",
        description=(
            "The HTTP contract of erej-tui, served by a mock of Poland's Centralna "
            "e-Rejestracja. Errors are RFC 9457 `application/problem+json` with a stable "
            f"`type` under `{errors.PROBLEM_BASE}`."
        ),
    )
    app.state.registry = registry
    app.state.faults = faults
    app.state.admin_token = admin_token
    install_error_handlers(app)
    document_problems(app)
    app.add_middleware(FaultMiddleware, faults=faults)

    # Both take the database lock: on the loop when served, in a thread when embedded.
    before = on_loop(each_request(registry)) if inline else each_request(registry)
    Pid = Annotated[int, Depends((InlinePatientToken if inline else PatientToken)(registry))]
    Lang = Annotated[str, Depends(lang_dep)]
    api = APIRouter(
        prefix=API,
        dependencies=[Depends(before)],
        route_class=route_class,
        responses=problems(),
    )

    @api.get("/health", response_model=HealthStatus, tags=["meta"])
    def health() -> HealthStatus:
        return HealthStatus(now=registry.now(), seed=seed)

    @api.post(
        "/auth/login",
        response_model=LoginResponse,
        tags=["session"],
        responses=problems(errors.InvalidPesel, errors.InvalidCredentials),
    )
    def login(body: LoginRequest) -> LoginResponse:
        token, expires, patient = registry.login(body.pesel, body.password)
        return LoginResponse(token=token, expires_at=expires, patient=patient)

    @api.post("/auth/logout", status_code=204, tags=["session"], responses=problems(*AUTH))
    def logout(request: Request, pid: Pid) -> None:
        registry.logout(bearer_token(request.headers.get("authorization")) or "")

    @api.get("/me", response_model=Patient, tags=["session"], responses=problems(*AUTH))
    def me(pid: Pid) -> Patient:
        return registry.me(pid)

    @api.patch("/me/contact", response_model=Patient, tags=["session"], responses=problems(*AUTH))
    def update_contact(pid: Pid, body: ContactUpdate) -> Patient:
        return registry.update_contact(pid, body)

    @api.get(
        "/services", response_model=list[Service], tags=["catalogue"], responses=problems(*AUTH)
    )
    def services(pid: Pid, lang: Lang) -> list[Service]:
        return registry.services(pid, lang)

    @api.get("/localities", response_model=list[Locality], tags=["catalogue"])
    def localities(
        q: Annotated[str, Query(min_length=1, max_length=100)],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> list[Locality]:
        return registry.localities(q, limit)

    @api.get(
        "/localities/{locality_id}",
        response_model=Locality,
        tags=["catalogue"],
        responses=problems(errors.NotFound),
    )
    def locality(locality_id: IdPath) -> Locality:
        found = registry.places.localities.get(locality_id)
        if found is None:
            raise errors.NotFound(
                f"Nie ma miejscowości o identyfikatorze {locality_id}.",
                detail_en=f"There is no locality with the id {locality_id}.",
            )
        return found

    @api.get(
        "/facilities",
        response_model=list[Facility],
        tags=["catalogue"],
        responses=problems(errors.NotFound),
    )
    def facilities(
        criteria: Annotated[SearchCriteria, Depends(search_criteria)],
        service: str | None = None,
    ) -> list[Facility]:
        return registry.facilities(criteria, service)

    @api.get(
        "/slots",
        response_model=SlotPage,
        tags=["booking"],
        responses=problems(*AUTH, errors.NotFound, errors.ReferralInvalid, errors.ReferralUsed),
    )
    def slots(
        pid: Pid,
        service: str,
        criteria: Annotated[SearchCriteria, Depends(search_criteria)],
        referral_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
        cursor: Annotated[str | None, Query(max_length=500)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> SlotPage:
        """Free slots, earliest first, then nearest; `next_cursor` fetches the next page."""
        return registry.search_slots(
            pid, service, criteria, referral_code=referral_code, cursor=cursor, limit=limit
        )

    booking_errors = (
        *AUTH,
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

    @api.post(
        "/appointments",
        status_code=201,
        response_model=Appointment,
        tags=["booking"],
        responses=problems(*booking_errors),
    )
    def book(
        request: Request, pid: Pid, lang: Lang, body: BookingRequest, key: IdempotencyKey = None
    ) -> JSONResponse:
        """Book a slot. Checked in this order: the slot (it exists, has not passed, is
        free), the patient (eligible, no visit or waiting-room place for the service yet),
        the referral. A slot someone else has taken is reported before anything about the
        patient."""
        return booked(registry, pid, body, key, fingerprint(request, body), lang)

    @api.get(
        "/appointments",
        response_model=list[Appointment],
        tags=["visits"],
        responses=problems(*AUTH),
    )
    def appointments(pid: Pid, status: AppointmentStatus | None = None) -> list[Appointment]:
        return registry.appointments(pid, status)

    @api.get(
        "/appointments/{appointment_id}",
        response_model=Appointment,
        tags=["visits"],
        responses=problems(*AUTH, errors.NotFound),
    )
    def appointment(pid: Pid, appointment_id: IdPath) -> Appointment:
        return registry.appointment(pid, appointment_id)

    @api.post(
        "/appointments/{appointment_id}/reschedule",
        status_code=201,
        response_model=Appointment,
        tags=["visits"],
        responses=problems(
            *AUTH,
            errors.NotFound,
            errors.NotActive,
            errors.SlotTaken,
            errors.SlotUnavailable,
            errors.IdempotencyKeyReused,
            errors.IdempotencyInProgress,
        ),
    )
    def reschedule(
        request: Request,
        pid: Pid,
        appointment_id: IdPath,
        body: RescheduleRequest,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """Move the visit to another slot atomically: never both slots, never neither."""
        result, replayed = registry.reschedule(
            pid,
            appointment_id,
            body.slot_id,
            idempotency_key=key,
            fingerprint=fingerprint(request, body),
        )
        return created(result, replayed)

    @api.post(
        "/appointments/{appointment_id}/cancel",
        response_model=Appointment,
        tags=["visits"],
        responses=problems(*AUTH, errors.NotFound, errors.NotActive, errors.IdempotencyKeyReused),
    )
    def cancel(
        request: Request,
        pid: Pid,
        appointment_id: IdPath,
        body: CancelRequest | None = None,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """Cancel the visit; the slot goes back to the pool (the waiting room first)."""
        result, replayed = registry.cancel(
            pid, appointment_id, idempotency_key=key, fingerprint=fingerprint(request, body)
        )
        return JSONResponse(
            result if replayed else result.model_dump(mode="json"),
            headers={"Idempotent-Replayed": "true"} if replayed else {},
        )

    @api.post(
        "/waitlist",
        status_code=201,
        response_model=WaitlistEntry,
        tags=["waiting room"],
        responses=problems(*booking_errors, errors.SlotsAvailable),
    )
    def join_waitlist(
        request: Request, pid: Pid, lang: Lang, body: WaitlistRequest, key: IdempotencyKey = None
    ) -> JSONResponse:
        result, replayed = registry.join_waitlist(
            pid, body, lang=lang, idempotency_key=key, fingerprint=fingerprint(request, body)
        )
        return created(result, replayed)

    @api.get(
        "/waitlist",
        response_model=list[WaitlistEntry],
        tags=["waiting room"],
        responses=problems(*AUTH),
    )
    def waitlist(pid: Pid) -> list[WaitlistEntry]:
        return registry.waitlist(pid)

    @api.get(
        "/waitlist/forecast",
        response_model=WaitlistForecast,
        tags=["waiting room"],
        responses=problems(*AUTH, errors.NotFound),
    )
    def waitlist_forecast(
        pid: Pid, service: str, criteria: Annotated[SearchCriteria, Depends(search_criteria)]
    ) -> WaitlistForecast:
        """Position and predicted date that joining with these criteria would give now."""
        return registry.forecast(service, criteria)

    @api.get(
        "/waitlist/{entry_id}",
        response_model=WaitlistEntry,
        tags=["waiting room"],
        responses=problems(*AUTH, errors.NotFound),
    )
    def waitlist_entry(pid: Pid, entry_id: IdPath) -> WaitlistEntry:
        return registry.waitlist_entry(pid, entry_id)

    @api.delete(
        "/waitlist/{entry_id}",
        response_model=WaitlistEntry,
        tags=["waiting room"],
        responses=problems(*AUTH, errors.NotFound, errors.NotActive),
    )
    def leave_waitlist(pid: Pid, entry_id: IdPath) -> WaitlistEntry:
        return registry.leave_waitlist(pid, entry_id)

    @api.get(
        "/notifications",
        response_model=list[Notification],
        tags=["notifications"],
        responses=problems(*AUTH),
    )
    def notifications(
        pid: Pid,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        after_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    ) -> list[Notification]:
        """The patient's SMS and e-mail messages, newest first (`after_id` for new ones)."""
        return registry.notifications(pid, limit, after_id)

    # Mounted flat rather than with include_router: FastAPI matches an included router's
    # routes twice a request (to pick the router, then inside it).
    app.router.routes.extend(api.routes)
    if demo:
        app.router.routes.extend(demo_router(registry, faults, admin_token).routes)
    if hot_path:
        app.hot_path = BookingHotPath(registry, faults, inline=inline)
    return app


async def other_patients(registry: Registry, rate: float, seed: int) -> None:
    """Book and cancel at `rate` actions a second, as other patients would.

    Each action is logged at the debug level; once a minute an info line sums them up.
    """
    r = random.Random(f"{seed}:traffic")
    counts: Counter[str] = Counter()
    since = time.monotonic()
    while True:
        await asyncio.sleep(1 / rate)
        try:
            event = await asyncio.to_thread(registry.traffic_step, r)
        except Exception:  # noqa: BLE001 - traffic must never stop the server
            log.exception("simulated traffic step failed")
            continue
        counts[event.kind] += 1
        counts["assigned"] += event.assigned is not None
        log.debug("%s", event.describe())
        if time.monotonic() - since >= TRAFFIC_SUMMARY_SECONDS:
            log.info(
                "ruch w ostatniej minucie: %d rezerwacji, %d odwołań, %d przydziałów z poczekalni",
                counts["booked"],
                counts["cancelled"],
                counts["assigned"],
            )
            counts.clear()
            since = time.monotonic()


def demo_router(registry: Registry, faults: Faults, admin_token: str | None) -> APIRouter:
    """Demo controls under /_mock: time travel, publishing, releases, faults, reset."""

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
            raise errors.Forbidden(
                "Sterowanie demem wymaga tokenu administratora (X-Admin-Token).",
                detail_en="The demo controls need the admin token (X-Admin-Token).",
            )

    router = APIRouter(
        prefix="/_mock",
        tags=["demo controls"],
        route_class=ContractRoute,
        # In a worker thread even when served: a clock moved far takes a while.
        dependencies=[Depends(admin), Depends(each_request(registry))],
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
            raise errors.ValidationFailed(
                "Zegara nie można cofnąć.", detail_en="The clock cannot go back."
            )
        if target - now > MAX_CLOCK_MOVE:
            # Each day passed publishes that day's schedules: a year is plenty for a demo.
            raise errors.ValidationFailed(
                "Zegar można przesunąć najwyżej o rok naraz.",
                detail_en="The clock moves a year at most at a time.",
            )
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
        return registry.publish(body)

    @router.post(
        "/slots/release",
        response_model=ReleaseResult,
        responses=problems(errors.NotFound, errors.Conflict, errors.SlotUnavailable),
    )
    def release(body: ReleaseRequest) -> ReleaseResult:
        return registry.release(body)

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
        return registry.queue()

    @router.get("/patients", response_model=list[DemoPatient])
    def patients(everyone: bool = False) -> list[DemoPatient]:
        """The demo patients with their passwords (`everyone` adds the test population)."""
        return registry.demo_patients(everyone)

    return router
