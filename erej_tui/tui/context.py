"""What a logged-in screen needs, handed to it through its constructor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..api.client import HttpRegistrationAPI
from ..api.models import Locality, Patient, Service
from ..state import ClientState


@dataclass
class LastSearch:
    """What was last searched for a service, to fill the form again."""

    locality: Locality | None
    radius: int
    hour_from: str = ""
    hour_to: str = ""


@dataclass
class Session:
    api: HttpRegistrationAPI
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
