"""`HttpRegistrationAPI`: the contract over HTTP, with timeouts, retries and typed errors.

Retries (with exponential backoff, honouring Retry-After) cover requests that are safe to
repeat: reads, and writes that carry an Idempotency-Key, which a booking, a reschedule, a
cancellation and joining the waiting room always do, reusing the key on every attempt. A
request that never reached the server (connection refused, connect timeout) is always safe.
No Textual, no `mock_server` (the embedded backend is built in `embedded.py`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import errors
from .models import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    ChildAccount,
    ClockChange,
    ClockState,
    ContactUpdate,
    DayCancel,
    DayCancelResult,
    DemoPatient,
    DemoStaff,
    DeskBooking,
    DeskDay,
    DeskFollowUp,
    DeskLoginRequest,
    DeskLoginResponse,
    DeskPatient,
    DeskPublish,
    DeskReason,
    Facility,
    FaultSpec,
    FaultState,
    FollowUpRequest,
    HealthStatus,
    InboundSms,
    InboundSmsResult,
    Locality,
    LoginRequest,
    LoginResponse,
    Notification,
    Patient,
    Problem,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    Referral,
    ReleaseRequest,
    ReleaseResult,
    RescheduleRequest,
    SearchCriteria,
    Service,
    SlotCalendar,
    SlotPage,
    StaffMember,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
)
from .protocol import CONTRACT_CAPABILITIES, Capability, new_idempotency_key

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
RETRYABLE_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 10.0
"""Seconds: a longer Retry-After is not waited for; the error goes to the person instead."""

Sleep = Callable[[float], Awaitable[None]]

CLIENT_MESSAGES: dict[str, tuple[str, str]] = {
    "unreachable": (
        "Nie można połączyć się z serwerem rejestracji. Sprawdź połączenie i spróbuj ponownie.",
        "Cannot connect to the registration server. Check the connection and try again.",
    ),
    "timeout": (
        "Serwer rejestracji nie odpowiedział na czas. Spróbuj ponownie za chwilę.",
        "The registration server did not answer in time. Try again in a moment.",
    ),
    "dropped": (
        "Połączenie z serwerem rejestracji zostało przerwane. Spróbuj ponownie.",
        "The connection to the registration server was lost. Try again.",
    ),
    "not_json": (
        "Serwer rejestracji odpowiedział czymś, czego nie da się odczytać (zamiast danych JSON).",
        "The registration server answered with something that cannot be read (not JSON).",
    ),
    "wrong_shape": (
        "Serwer rejestracji odpowiedział w nieznanym formacie (niezgodnym z kontraktem).",
        "The registration server answered in an unknown format (not our contract).",
    ),
    "server_error": (
        "Serwer rejestracji ma problem (błąd {status}). Spróbuj ponownie za chwilę.",
        "The registration server has a problem (error {status}). Try again in a moment.",
    ),
    "unknown_error": (
        "Serwer rejestracji odpowiedział błędem {status} w nieznanym formacie.",
        "The registration server answered with error {status} in an unknown format.",
    ),
    "try_later": ("Spróbuj ponownie za chwilę.", "Try again in a moment."),
    "no_patient": (
        "Serwer nie zna pacjenta dla tego logowania.",
        "The server knows no patient for this login.",
    ),
    "foreign_cursor": (
        "Ta strona wyników pochodzi z innego serwera – wyszukaj ponownie.",
        "This page of results is from another server: search again.",
    ),
}


class HttpRegistrationAPI:
    """The `RegistrationAPI` over HTTP. Build it from a base URL, or over any httpx
    transport (the embedded backend uses the ASGI transport)."""

    MEDIA_TYPE = "application/json"
    """What bodies are sent as and answers asked for."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        token: str | None = None,
        admin_token: str | None = None,
        lang: str = "pl",
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff: float = 0.25,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.admin_token = admin_token
        self.lang = lang
        self.acting_for: str | None = None
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": self.MEDIA_TYPE, "Accept-Language": lang},
        )
        self.demo = HttpDemoControls(self)
        self.desk = HttpDesk(self)
        self._announced: frozenset[Capability] = CONTRACT_CAPABILITIES

    @property
    def root_url(self) -> str:
        """The server's root, where the demo controls (`/_mock`) sit."""
        return self.base_url.removesuffix("/api/v1")

    def _contract(self, path: str) -> str:
        """Where the contract's own operation `path` is (logging in, localities): under
        `base_url` here; beside it for a client of another face of the server."""
        return path

    @property
    def is_embedded(self) -> bool:
        return self.base_url.startswith("http://embedded")

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> HttpRegistrationAPI:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- the request loop ------------------------------------------------------------------
    async def request(
        self,
        method: str,
        path: str,
        result: type[T] | None,
        *,
        json_body: BaseModel | dict[str, Any] | None = None,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        idempotency_key: str | None = None,
        auth: bool = True,
        admin: bool = False,
        expect_body: bool = True,
        desk_token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> T:
        """Send one contract request; return `result` parsed (a model or a type).
        `desk_token`: the desk's session instead of the patient's."""
        headers = dict(headers or {})
        if desk_token:
            headers["Authorization"] = f"Bearer {desk_token}"
        elif auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
            if self.acting_for:
                headers["X-Acting-For"] = self.acting_for
        if admin and self.admin_token:
            headers["X-Admin-Token"] = self.admin_token
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        content = None
        if isinstance(json_body, BaseModel):
            content = json_body.model_dump_json(exclude_unset=True).encode()
        elif json_body is not None:
            content = json.dumps(json_body).encode()
        if content is not None:
            headers["Content-Type"] = self.MEDIA_TYPE
        repeatable = method in {"GET", "HEAD", "PUT", "DELETE", "PATCH"} or bool(idempotency_key)
        pairs = params.items() if isinstance(params, dict) else (params or [])
        clean_params = [(k, _param(v)) for k, v in pairs if v is not None]

        attempt = 0
        while True:
            try:
                # No params (None, not []): a cursor URL keeps its own query.
                response = await self._http.request(
                    method, path, params=clean_params or None, content=content, headers=headers
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # Never reached the server: always safe to try again.
                if attempt < self.retries:
                    await self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                raise errors.BackendUnavailable(self._say("unreachable")) from exc
            except httpx.TimeoutException as exc:
                if repeatable and attempt < self.retries:
                    await self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                raise errors.BackendTimeout(self._say("timeout")) from exc
            except httpx.TransportError as exc:
                if repeatable and attempt < self.retries:
                    await self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                raise errors.BackendUnavailable(self._say("dropped")) from exc

            if (
                response.status_code in RETRYABLE_STATUS
                and attempt < self.retries
                and (repeatable or response.status_code == 429)
            ):
                wait = _retry_after(response)
                if wait is None or wait <= MAX_RETRY_AFTER:
                    await self._sleep(wait if wait is not None else self._delay(attempt))
                    attempt += 1
                    continue
            try:
                return self._parse(response, result, expect_body)
            except errors.ContractViolation:
                # A success that cannot be read is a failed answer like any other: a
                # repeatable request (a keyed write replays) is sent again.
                if not (repeatable and response.status_code < 400 and attempt < self.retries):
                    raise
                await self._sleep(self._delay(attempt))
                attempt += 1

    def _in_our_language(self, response: httpx.Response) -> bool:
        """Whether the answer's words are in the UI's language. Polish is the contract's
        own (a backend that names no language speaks it); the mock names its language."""
        said = str(response.headers.get("content-language", "pl")).split("-")[0].strip().lower()
        return said == self.lang

    def _say(self, key: str, **values: object) -> str:
        """The client's own messages (the server's come localised), in the client's language."""
        polish, english = CLIENT_MESSAGES[key]
        return (english if self.lang == "en" else polish).format(**values)

    def _delay(self, attempt: int) -> float:
        return float(self.backoff * (2**attempt))

    def _parse(self, response: httpx.Response, result: type[T] | None, expect_body: bool) -> T:
        if response.status_code >= 400:
            raise self._error(response)
        if not expect_body or result is None:
            return None  # type: ignore[return-value]  # a request sent for its effect
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise errors.ContractViolation(self._say("not_json")) from exc
        try:
            return TypeAdapter(result).validate_python(data)
        except ValidationError as exc:
            raise errors.ContractViolation(self._say("wrong_shape")) from exc

    def _problem(self, response: httpx.Response) -> Problem:
        """The problem document of an error answer (ValueError when there is none)."""
        return Problem.model_validate(response.json())

    def _error(self, response: httpx.Response) -> errors.ApiError:
        try:
            problem = self._problem(response)
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            if response.status_code >= 500:
                return errors.BackendUnavailable(
                    self._say("server_error", status=response.status_code)
                )
            return errors.ContractViolation(self._say("unknown_error", status=response.status_code))
        known = errors.known_problem(problem)
        if known is not None and not self._in_our_language(response):
            # A backend that does not speak the UI's language (a Polish-only one, to the
            # English UI): the problem type's own title rather than words not understood.
            problem = problem.model_copy(update={"detail": known.title(self.lang) + "."})
        error = errors.error_from_problem(problem)
        if response.status_code >= 500 and not isinstance(error, errors.BackendUnavailable):
            # Still failing after our retries: to a person, the service is unavailable.
            wrapped = errors.BackendUnavailable(
                f"{problem.detail or problem.title} {self._say('try_later')}"
            )
            wrapped.__cause__ = error
            return wrapped
        return error

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What the server announced at its last `health()` (the whole contract until it
        has been asked); the demo controls also need an accepted admin token."""
        offered = self._announced - {Capability.DEMO_CONTROLS}
        return offered | {Capability.DEMO_CONTROLS} if self.demo.available else offered

    # --- operations ------------------------------------------------------------------------
    async def health(self) -> HealthStatus:
        status = await self.request("GET", "/health", HealthStatus, auth=False)
        if status.capabilities is not None:
            known = {c.value for c in Capability}
            self._announced = frozenset(Capability(c) for c in status.capabilities if c in known)
        return status

    async def login(self, pesel: str, password: str) -> LoginResponse:
        session = await self.request(
            "POST",
            self._contract("/auth/login"),
            LoginResponse,
            json_body=LoginRequest(pesel=pesel, password=password),
            auth=False,
        )
        self.token = session.token
        self.acting_for = None  # a new session opens the patient's own account
        return session

    async def logout(self) -> None:
        self.acting_for = None  # the session is the guardian's, whichever account is open
        try:
            await self.request("POST", self._contract("/auth/logout"), None, expect_body=False)
        finally:
            self.token = None

    async def me(self) -> Patient:
        return await self.request("GET", "/me", Patient)

    async def update_contact(self, update: ContactUpdate) -> Patient:
        return await self.request("PATCH", "/me/contact", Patient, json_body=update)

    async def children(self) -> list[ChildAccount]:
        return await self.request("GET", "/children", list[ChildAccount])

    async def referrals(self) -> list[Referral]:
        return await self.request("GET", "/referrals", list[Referral])

    async def services(self) -> list[Service]:
        return await self.request("GET", "/services", list[Service])

    async def localities(self, query: str, limit: int = 10) -> list[Locality]:
        return await self.request(
            "GET",
            self._contract("/localities"),
            list[Locality],
            params={"q": query, "limit": limit},
            auth=False,
        )

    async def locality(self, locality_id: int) -> Locality:
        return await self.request(
            "GET", self._contract(f"/localities/{locality_id}"), Locality, auth=False
        )

    async def facilities(
        self, criteria: SearchCriteria, service: str | None = None
    ) -> list[Facility]:
        params = {**criteria.model_dump(exclude_none=True), "service": service}
        return await self.request("GET", "/facilities", list[Facility], params=params, auth=False)

    async def slots(
        self,
        service: str,
        criteria: SearchCriteria,
        *,
        referral_code: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> SlotPage:
        params = {
            **criteria.model_dump(exclude_none=True),
            "service": service,
            "referral_code": referral_code,
            "cursor": cursor,
            "limit": limit,
        }
        return await self.request("GET", "/slots", SlotPage, params=params)

    async def slot_calendar(
        self, service: str, criteria: SearchCriteria, *, referral_code: str | None = None
    ) -> SlotCalendar:
        params = {
            **criteria.model_dump(exclude_none=True),
            "service": service,
            "referral_code": referral_code,
        }
        return await self.request("GET", "/slots/calendar", SlotCalendar, params=params)

    async def book(
        self, slot_id: int, referral_code: str | None = None, *, idempotency_key: str | None = None
    ) -> Appointment:
        body = BookingRequest(slot_id=slot_id, referral_code=referral_code)
        return await self.request(
            "POST",
            "/appointments",
            Appointment,
            json_body=body,
            idempotency_key=idempotency_key or new_idempotency_key(),
        )

    async def appointments(self, status: AppointmentStatus | None = None) -> list[Appointment]:
        return await self.request(
            "GET", "/appointments", list[Appointment], params={"status": status}
        )

    async def appointment(self, appointment_id: int) -> Appointment:
        return await self.request("GET", f"/appointments/{appointment_id}", Appointment)

    async def reschedule(
        self, appointment_id: int, slot_id: int, *, idempotency_key: str | None = None
    ) -> Appointment:
        return await self.request(
            "POST",
            f"/appointments/{appointment_id}/reschedule",
            Appointment,
            json_body=RescheduleRequest(slot_id=slot_id),
            idempotency_key=idempotency_key or new_idempotency_key(),
        )

    async def cancel(
        self, appointment_id: int, *, idempotency_key: str | None = None
    ) -> Appointment:
        return await self.request(
            "POST",
            f"/appointments/{appointment_id}/cancel",
            Appointment,
            idempotency_key=idempotency_key or new_idempotency_key(),
        )

    async def join_waitlist(
        self, request: WaitlistRequest, *, idempotency_key: str | None = None
    ) -> WaitlistEntry:
        return await self.request(
            "POST",
            "/waitlist",
            WaitlistEntry,
            json_body=request,
            idempotency_key=idempotency_key or new_idempotency_key(),
        )

    async def waitlist_forecast(
        self, service: str, criteria: SearchCriteria, referral_code: str | None = None
    ) -> WaitlistForecast:
        params = {**criteria.model_dump(exclude_none=True), "service": service}
        if referral_code:
            params["referral_code"] = referral_code
        return await self.request("GET", "/waitlist/forecast", WaitlistForecast, params=params)

    async def waitlist(self) -> list[WaitlistEntry]:
        return await self.request("GET", "/waitlist", list[WaitlistEntry])

    async def waitlist_entry(self, entry_id: int) -> WaitlistEntry:
        return await self.request("GET", f"/waitlist/{entry_id}", WaitlistEntry)

    async def leave_waitlist(self, entry_id: int) -> WaitlistEntry:
        return await self.request("DELETE", f"/waitlist/{entry_id}", WaitlistEntry)

    async def notifications(
        self, *, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]:
        return await self.request(
            "GET",
            "/notifications",
            list[Notification],
            params={"limit": limit, "after_id": after_id},
        )


class HttpDemoControls:
    """The `/_mock` demo controls of a mock backend (they need its admin token)."""

    def __init__(self, api: HttpRegistrationAPI) -> None:
        self._api = api

    @property
    def available(self) -> bool:
        return bool(self._api.admin_token)

    async def accepted(self) -> bool:
        """Whether the backend takes our admin token: a server without demo controls, or
        one with another token, refuses it, and the token is then forgotten (`available`
        turns False). A backend that is down is an error, as for any request."""
        if not self.available:
            return False
        try:
            await self.clock()
        except (
            errors.Forbidden,
            errors.NotFound,
            errors.MethodNotAllowed,
            errors.Unauthorized,
            errors.ContractViolation,  # something else answers at /_mock
        ):
            self._api.admin_token = None
        return self.available

    def _url(self, path: str) -> str:
        # /_mock sits beside /api/v1 (and /fhir), not under it.
        return f"{self._api.root_url}/_mock{path}"

    async def _call(
        self, method: str, path: str, result: type[T] | None, body: BaseModel | None = None
    ) -> T:
        return await self._api.request(
            method,
            self._url(path),
            result,
            json_body=body,
            auth=False,
            admin=True,
            expect_body=result is not None,
        )

    async def staff(self) -> list[DemoStaff]:
        return await self._call("GET", "/staff", list[DemoStaff])

    async def patients(self, everyone: bool = False) -> list[DemoPatient]:
        return await self._api.request(
            "GET",
            self._url("/patients"),
            list[DemoPatient],
            params={"everyone": everyone},
            auth=False,
            admin=True,
        )

    async def queue(self) -> list[QueuedEntry]:
        return await self._call("GET", "/waitlist", list[QueuedEntry])

    async def clock(self) -> ClockState:
        return await self._call("GET", "/clock", ClockState)

    async def move_clock(self, change: ClockChange) -> ClockState:
        return await self._call("POST", "/clock", ClockState, change)

    async def publish(self, request: PublishRequest) -> PublishResult:
        return await self._call("POST", "/slots/publish", PublishResult, request)

    async def release(self, request: ReleaseRequest) -> ReleaseResult:
        return await self._call("POST", "/slots/release", ReleaseResult, request)

    async def no_show(self, appointment_id: int) -> Appointment:
        return await self._call("POST", f"/appointments/{appointment_id}/no-show", Appointment)

    async def follow_up(self, request: FollowUpRequest) -> Appointment:
        return await self._call("POST", "/follow-ups", Appointment, request)

    async def sms_inbound(self, sms: InboundSms) -> InboundSmsResult:
        return await self._call("POST", "/sms/inbound", InboundSmsResult, sms)

    async def faults(self) -> FaultState:
        return await self._call("GET", "/faults", FaultState)

    async def set_fault(self, spec: FaultSpec) -> FaultState:
        return await self._call("PUT", "/faults", FaultState, spec)

    async def clear_faults(self) -> FaultState:
        return await self._call("DELETE", "/faults", FaultState)

    async def reset(self) -> None:
        await self._call("POST", "/reset", None)


def _param(value: Any) -> Any:
    """A query parameter as the server reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class HttpDesk:
    """The facility's registration desk (`/desk`), with the staff member's own token."""

    def __init__(self, api: HttpRegistrationAPI) -> None:
        self._api = api
        self.token: str | None = None

    @property
    def available(self) -> bool:
        return Capability.DESK in self._api.capabilities

    async def _call(
        self,
        method: str,
        path: str,
        result: type[T] | None,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        return await self._api.request(
            method,
            f"/desk{path}",
            result,
            json_body=body,
            params=params,
            auth=False,
            desk_token=self.token,
            expect_body=result is not None,
        )

    async def login(self, login: str, password: str) -> DeskLoginResponse:
        session = await self._call(
            "POST",
            "/auth/login",
            DeskLoginResponse,
            DeskLoginRequest(login=login, password=password),
        )
        self.token = session.token
        return session

    async def logout(self) -> None:
        try:
            await self._call("POST", "/auth/logout", None)
        finally:
            self.token = None

    async def me(self) -> StaffMember:
        return await self._call("GET", "/me", StaffMember)

    async def schedule(self, day: date, service: str | None = None) -> DeskDay:
        return await self._call(
            "GET", "/schedule", DeskDay, params={"day": day, "service": service}
        )

    async def patient(self, pesel: str) -> DeskPatient:
        return await self._call("GET", f"/patients/{quote(pesel, safe='')}", DeskPatient)

    async def update_contact(self, pesel: str, update: ContactUpdate) -> Patient:
        return await self._call(
            "PATCH", f"/patients/{quote(pesel, safe='')}/contact", Patient, update
        )

    async def book(self, booking: DeskBooking) -> Appointment:
        return await self._call("POST", "/appointments", Appointment, booking)

    async def visit(self, number: str) -> Appointment:
        return await self._call("GET", "/appointments", Appointment, params={"number": number})

    async def attend(self, appointment_id: int) -> Appointment:
        return await self._call("POST", f"/appointments/{appointment_id}/attend", Appointment)

    async def no_show(self, appointment_id: int) -> Appointment:
        return await self._call("POST", f"/appointments/{appointment_id}/no-show", Appointment)

    async def cancel(self, appointment_id: int, reason: str) -> Appointment:
        return await self._call(
            "POST", f"/appointments/{appointment_id}/cancel", Appointment, DeskReason(reason=reason)
        )

    async def cancel_day(self, request: DayCancel) -> DayCancelResult:
        return await self._call("POST", "/days/cancel", DayCancelResult, request)

    async def publish(self, request: DeskPublish) -> PublishResult:
        return await self._call("POST", "/slots", PublishResult, request)

    async def follow_up(self, request: DeskFollowUp) -> Appointment:
        return await self._call("POST", "/follow-ups", Appointment, request)
