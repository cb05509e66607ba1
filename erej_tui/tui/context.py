"""What a logged-in screen needs, handed to it through its constructor."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..api.models import (
    Appointment,
    ChildAccount,
    Locality,
    Patient,
    SearchCriteria,
    Service,
    Slot,
)
from ..api.protocol import Capability, RegistrationAPI, new_idempotency_key
from ..state import ClientState


@dataclass(frozen=True)
class BookingIntent:
    """What a booking is for, carried along the flow (Rejestracja, Miejsce i termin,
    Wybierz termin, Zatwierdź), each screen adding what it settles."""

    service: Service
    referral: str | None = None
    """The e-referral's access code, for a service that needs one."""
    reschedule: Appointment | None = None
    """The visit being moved, when this is "Zmień termin"."""
    locality: Locality | None = None
    criteria: SearchCriteria | None = None
    facility_name: str | None = None
    """The one facility the criteria name, if they name one, as the person chose it."""
    slot: Slot | None = None
    key: str = field(default_factory=new_idempotency_key)
    """The Idempotency-Key of the booking of `slot`: one per slot chosen, kept across
    retries, so a retry after a lost answer never books twice."""

    def searching(
        self,
        criteria: SearchCriteria,
        locality: Locality | None,
        facility_name: str | None = None,
    ) -> BookingIntent:
        return replace(
            self, criteria=criteria, locality=locality, facility_name=facility_name, slot=None
        )

    def choosing(self, slot: Slot) -> BookingIntent:
        return replace(self, slot=slot, key=new_idempotency_key())


class FollowsIntent:
    """A screen of the booking flow: what the intent settled, read from it (never copied)."""

    intent: BookingIntent

    @property
    def service(self) -> Service:
        return self.intent.service

    @property
    def referral(self) -> str | None:
        return self.intent.referral

    @property
    def reschedule(self) -> Appointment | None:
        return self.intent.reschedule


@dataclass
class LastSearch:
    """What was last searched for a service, to fill the form again."""

    locality: Locality | None
    radius: int
    hour_from: str = ""
    hour_to: str = ""

    def to_json(self) -> dict:
        return {
            "locality": self.locality.model_dump(mode="json") if self.locality else None,
            "radius": self.radius,
            "hour_from": self.hour_from,
            "hour_to": self.hour_to,
        }

    @classmethod
    def from_json(cls, data: dict) -> LastSearch:
        loc = data.get("locality")
        return cls(
            Locality.model_validate(loc) if loc else None,
            int(data["radius"]),
            str(data.get("hour_from", "")),
            str(data.get("hour_to", "")),
        )


SECTION_NEEDS: dict[str, Capability | None] = {
    "visits": None,
    "waitlist": Capability.WAITING_ROOM,
    "notifications": Capability.NOTIFICATIONS,
    "account": Capability.CONTACT_DATA,
}
"""What each section of the plan needs from the backend."""


@dataclass
class Session:
    api: RegistrationAPI
    lang: str
    patient: Patient
    today: date
    """The backend's date (its virtual clock), for default date ranges."""
    embedded: bool
    downloads: Path
    """Where "Dodaj do kalendarza" writes its .ics files."""
    state: ClientState
    last_search: dict[str, LastSearch] = field(default_factory=dict)
    """The last criteria per service code, to fill the search form again."""
    locality_names: dict[int, str] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)
    """The catalogue as last loaded (it is data from the backend, never a list of ours)."""
    guardian: Patient | None = None
    """Who is logged in and acts, when `patient` is her child's account ("Konta Twoich
    dzieci"); None on the patient's own account."""
    children: list[ChildAccount] = field(default_factory=list)
    """The accounts of the logged-in patient's children, as last loaded."""

    def offers(self, what: Capability | str) -> bool:
        """Whether the backend offers `what`: a capability, or a section of the plan
        ("waitlist", "notifications", "account"; "visits" always)."""
        needed = SECTION_NEEDS.get(what, what) if isinstance(what, str) else what
        return needed is None or needed in self.api.capabilities
