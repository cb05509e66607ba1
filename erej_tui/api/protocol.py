"""`RegistrationAPI`: what the app and the headless commands need from a CeR backend.

One async method per contract operation, returning the contract's models and raising the
typed errors of `errors.py`. `HttpRegistrationAPI` implements it over HTTP (a URL or the
embedded mock); a test can pass any other implementation. No Textual, no `mock_server`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from .models import (
    Appointment,
    AppointmentStatus,
    ContactUpdate,
    Facility,
    HealthStatus,
    Locality,
    LoginResponse,
    Notification,
    Patient,
    SearchCriteria,
    Service,
    SlotPage,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
)


@runtime_checkable
class RegistrationAPI(Protocol):
    token: str | None
    """The bearer token of the current session, if any."""

    async def health(self) -> HealthStatus: ...

    async def login(self, pesel: str, password: str) -> LoginResponse: ...

    async def logout(self) -> None: ...

    async def me(self) -> Patient: ...

    async def update_contact(self, update: ContactUpdate) -> Patient: ...

    async def services(self) -> list[Service]: ...

    async def localities(self, query: str, limit: int = 10) -> list[Locality]: ...

    async def locality(self, locality_id: int) -> Locality: ...

    async def facilities(
        self, criteria: SearchCriteria, service: str | None = None
    ) -> list[Facility]: ...

    async def slots(
        self,
        service: str,
        criteria: SearchCriteria,
        *,
        referral_code: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> SlotPage: ...

    async def book(
        self, slot_id: int, referral_code: str | None = None, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def appointments(self, status: AppointmentStatus | None = None) -> list[Appointment]: ...

    async def appointment(self, appointment_id: int) -> Appointment: ...

    async def reschedule(
        self, appointment_id: int, slot_id: int, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def cancel(
        self, appointment_id: int, *, idempotency_key: str | None = None
    ) -> Appointment: ...

    async def join_waitlist(
        self, request: WaitlistRequest, *, idempotency_key: str | None = None
    ) -> WaitlistEntry: ...

    async def waitlist_forecast(
        self, service: str, criteria: SearchCriteria
    ) -> WaitlistForecast: ...

    async def waitlist(self) -> list[WaitlistEntry]: ...

    async def waitlist_entry(self, entry_id: int) -> WaitlistEntry: ...

    async def leave_waitlist(self, entry_id: int) -> WaitlistEntry: ...

    async def notifications(
        self, *, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]: ...

    async def aclose(self) -> None: ...
