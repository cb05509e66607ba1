"""The contract's wire models (pydantic v2), shared by the client and the mock server.

Everything that crosses HTTP under `/api/v1` and `/_mock` is described here, so that the
OpenAPI document, the server and the client cannot drift apart. Times are timezone-aware
(Europe/Warsaw). Must not import Textual, FastAPI or anything from `mock_server`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .pesel import Sex


def refused(rule: str, pl: str, en: str) -> PydanticCustomError:
    """A contract rule's refusal: its own error type, the Polish message, and the English
    one in the error's context (`ctx["en"]`), so either side can say it in the UI's or
    the request's language."""
    return PydanticCustomError(rule, pl, {"en": en})


PYDANTIC_POLISH = {
    "missing": "brak wymaganego pola",
    "extra_forbidden": "nieznane pole",
    "int_parsing": "oczekiwano liczby całkowitej",
    "int_type": "oczekiwano liczby całkowitej",
    "float_parsing": "oczekiwano liczby",
    "string_type": "oczekiwano tekstu",
    "bool_parsing": "oczekiwano wartości tak/nie",
    "date_parsing": "nieprawidłowa data (RRRR-MM-DD)",
    "date_from_datetime_parsing": "nieprawidłowa data (RRRR-MM-DD)",
    "datetime_parsing": "nieprawidłowa data i godzina",
    "datetime_from_date_parsing": "nieprawidłowa data i godzina",
    "time_parsing": "nieprawidłowa godzina (GG:MM)",
    "string_pattern_mismatch": "nieprawidłowy format",
    "string_too_short": "za krótki tekst (co najmniej {min_length} znaków)",
    "string_too_long": "za długi tekst (najwyżej {max_length} znaków)",
    "greater_than_equal": "wartość za mała (najmniej {ge})",
    "less_than_equal": "wartość za duża (najwięcej {le})",
    "enum": "niedozwolona wartość (dozwolone: {expected})",
    "literal_error": "niedozwolona wartość (dozwolone: {expected})",
    "list_type": "oczekiwano listy",
    "model_attributes_type": "oczekiwano obiektu JSON",
    "dict_type": "oczekiwano obiektu JSON",
    "time_delta_parsing": "nieprawidłowy czas trwania (np. P7D, PT2H)",
    "timezone_aware": "podaj datę i godzinę ze strefą czasową, np. 2026-12-01T08:00+01:00",
    "string_unicode": "oczekiwano tekstu w UTF-8",
    "bool_type": "oczekiwano wartości tak/nie",
    "float_type": "oczekiwano liczby",
    "int_from_float": "oczekiwano liczby całkowitej",
    "greater_than": "wartość za mała (więcej niż {gt})",
    "less_than": "wartość za duża (mniej niż {lt})",
    "time_delta_type": "nieprawidłowy czas trwania (np. P7D, PT2H)",
    "datetime_type": "nieprawidłowa data i godzina",
    "date_type": "nieprawidłowa data (RRRR-MM-DD)",
    "time_type": "nieprawidłowa godzina (GG:MM)",
    "too_short": "za mało elementów",
    "too_long": "za dużo elementów",
}
"""pydantic's own error types in Polish: its messages are English only."""


def refusal_text(error: Mapping[str, Any], lang: str) -> str:
    """One of pydantic's errors as a person reads it: a contract rule in `lang` (see
    `refused`); any other error in Polish from PYDANTIC_POLISH (a plain "invalid value"
    for a type it lacks), or in pydantic's own words for English."""
    context = error.get("ctx") or {}
    english = context.get("en")
    if english:
        return str(english) if lang == "en" else str(error.get("msg", ""))
    if lang == "en":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = PYDANTIC_POLISH.get(str(error.get("type")), "nieprawidłowa wartość")
    values = {k: str(v).replace(" or ", " lub ") for k, v in context.items()}
    try:
        return template.format_map(values)
    except (KeyError, ValueError):  # a bound pydantic did not report
        return template.split(" (")[0]


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


def _numeric(annotation: Any) -> bool:
    """Whether a field of this type holds a number (maybe within Annotated, or None)."""
    if annotation in (int, float):
        return True
    if get_origin(annotation) in (Union, UnionType, Annotated):
        return any(_numeric(arg) for arg in get_args(annotation))
    return False


class Strict(BaseModel):
    """Request bodies: unknown fields are a client bug, so they are refused; so is true or
    false where a number goes (pydantic would read them as 1 and 0)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_truth_for_numbers(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(field.alias or name)
                if isinstance(value, bool) and _numeric(field.annotation):
                    raise PydanticCustomError(
                        "int_type", "{field}: a number, not true or false", {"field": name}
                    )
        return data


class Problem(BaseModel):
    """An RFC 9457 problem document as it travels on the wire (the catalogue of problem
    types and their errors is `errors`)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = None
    """The slug of `type`, repeated for clients that do not want to parse URIs."""


# --- enums ---------------------------------------------------------------------------------
class Channel(StrEnum):
    SMS = "sms"
    EMAIL = "email"


class ServiceKind(StrEnum):
    VISIT = "visit"
    EXAMINATION = "examination"


class IneligibilityReason(StrEnum):
    SEX = "sex"
    TOO_YOUNG = "too-young"
    TOO_OLD = "too-old"
    INTERVAL = "interval"
    REFERRAL_REQUIRED = "referral-required"
    PRIORITY_REGISTRATION = "priority-registration"
    NOT_YET_LIVE = "not-yet-live"
    """The service joins the central e-registration on a later day (`eligible_from`)."""


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no-show"
    """The facility recorded that the patient did not come: the term is lost, the
    e-referral stays usable."""


class AppointmentSource(StrEnum):
    PATIENT = "patient"
    WAITLIST = "waitlist"
    FACILITY = "facility"
    """Booked by the facility for its own reasons (a follow-up visit)."""
    DESK = "desk"
    """Booked for the patient at the facility's registration desk, in person or by phone."""


class BookingChannel(StrEnum):
    """How the patient asked the desk for a visit."""

    IN_PERSON = "in-person"
    PHONE = "phone"


class CancelledBy(StrEnum):
    PATIENT = "patient"
    FACILITY = "facility"


class WaitlistStatus(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    EXPIRED = "expired"
    LEFT = "left"


class NotificationKind(StrEnum):
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    CANCELLED_BY_FACILITY = "cancelled-by-facility"
    WAITLIST_JOINED = "waitlist-joined"
    WAITLIST_ASSIGNED = "waitlist-assigned"
    WAITLIST_EXPIRED = "waitlist-expired"
    WAITLIST_LEFT = "waitlist-left"
    REMINDER_7D = "reminder-7d"
    REMINDER_1D = "reminder-1d"
    NO_SHOW = "no-show"
    FOLLOW_UP_BOOKED = "follow-up-booked"
    SMS_REPLY = "sms-reply"
    """The system's answer to an SMS the patient sent that cancelled nothing."""


# --- contact data --------------------------------------------------------------------------
# Polish mobile numbers: nine digits starting 4-8, optionally after +48 / 0048.
_PHONE_RE = re.compile(r"^(?:\+48|0048)?([4-8]\d{8})$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def normalize_mobile(value: str) -> str:
    """'601234567', '+48 601-234-567' -> '+48 601 234 567'; ValueError when not a mobile."""
    digits = re.sub(r"[\s\-()]", "", value)
    match = _PHONE_RE.match(digits)
    if not match:
        raise refused(
            "mobile_number",
            "Podaj polski numer komórkowy: 9 cyfr, np. 601 234 567.",
            "Give a Polish mobile number: 9 digits, e.g. 601 234 567.",
        )
    d = match.group(1)
    return f"+48 {d[0:3]} {d[3:6]} {d[6:9]}"


def normalize_email(value: str) -> str:
    email = value.strip()
    if not _EMAIL_RE.match(email) or len(email) > 254:
        raise refused(
            "email_address",
            "Podaj prawidłowy adres e-mail, np. jan.kowalski@example.pl.",
            "Give a valid e-mail address, e.g. jan.kowalski@example.pl.",
        )
    return email


class Contact(Wire):
    phone: str | None = None
    email: str | None = None
    channels: list[Channel] = Field(default_factory=list)


class ContactUpdate(Strict):
    """PATCH /me/contact: only the fields given change; an empty string clears a field."""

    phone: str | None = None
    email: str | None = None
    channels: list[Channel] | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        return normalize_mobile(v) if v else v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return normalize_email(v) if v else v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: list[Channel] | None) -> list[Channel] | None:
        return sorted(set(v)) if v is not None else v


# --- identity ------------------------------------------------------------------------------
class Patient(Wire):
    pesel: str
    first_name: str
    last_name: str
    sex: Sex
    birth_date: date
    contact: Contact
    priority_rights: bool = False
    """Has the right to care out of turn: must register at the facility, not online."""
    acting_guardian: str | None = None
    """When a parent or guardian has opened this (a child's) account: who acts, by name.
    `contact` is then the guardian's, where the child's messages go."""


class ChildAccount(Wire):
    """A child whose account the logged-in patient may open (IKP's "Konta Twoich dzieci"):
    under 18, and hers as a parent or legal guardian."""

    pesel: str
    first_name: str
    last_name: str
    birth_date: date


class LoginRequest(Strict):
    pesel: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=256)


class LoginResponse(Wire):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    patient: Patient


# --- catalogue and geography ---------------------------------------------------------------
class Eligibility(Wire):
    eligible: bool
    reason: IneligibilityReason | None = None
    detail: str | None = None
    eligible_from: date | None = None
    """The first day the patient may book, when that day is known and in the future."""


class Service(Wire):
    code: str
    name: str
    name_en: str
    kind: ServiceKind
    requires_referral: bool
    waitlist_days: int
    """How long the waiting room keeps looking: 40 days for visits, 90 for examinations."""
    eligibility: Eligibility
    live_from: date | None = None
    """The day the service joined (or joins) the central e-registration."""
    stage: int = 1
    """The rollout's stage that brought it: 1 (2026-01-01) or 2 (the second wave)."""
    terms: str | None = None
    """Who may book and how often, in the request's language (a backend may leave it out)."""
    active_appointment_id: int | None = None
    active_appointment_number: str | None = None
    """The active visit's number as given to the patient (a backend may leave it out)."""
    active_waitlist_id: int | None = None


class Urgency(StrEnum):
    """The medical category a doctor puts on an e-referral; the waiting room serves urgent
    ones first."""

    URGENT = "pilny"
    STABLE = "stabilny"


class ReferralStatus(StrEnum):
    UNUSED = "unused"
    BOOKED = "booked"
    """Held by a booked visit or a waiting-room entry."""
    REALISED = "realised"
    """A completed visit used it up."""
    EXPIRED = "expired"


class Referral(Wire):
    """An e-referral on the patient's account (IKP shows them): its 4-digit code with the
    PESEL is what a patient brings to a facility."""

    code: str
    service: str
    service_name: str
    service_name_en: str = ""
    issued_on: date
    issued_by: str
    """The issuing doctor."""
    urgency: Urgency = Urgency.STABLE
    status: ReferralStatus
    valid_until: date | None = None
    appointment_number: str | None = None
    """The visit holding it, while booked."""
    waitlist_id: int | None = None
    """The waiting-room entry holding it, while it waits."""


class Voivodeship(Wire):
    code: str
    """NFZ branch code, 01-16."""
    name: str
    teryt: str


class Locality(Wire):
    id: int
    name: str
    voivodeship: Voivodeship
    teryt: str
    latitude: float
    longitude: float


class Accessibility(Wire):
    toilet: bool = False
    ramp: bool = False
    car_park: bool = False
    elevator: bool = False


WallClock = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}$", "examples": ["08:00"]}),
]
"""A local time of day a server sends, `HH:MM`, without an offset: JSON Schema's `time`
format (RFC 3339) would require one."""


class OpeningHours(Wire):
    """When a facility is open on one day of the week (ISO: 1 is Monday). A day the list
    does not name, and a public holiday, is closed. FHIR's Location.hoursOfOperation."""

    weekday: int = Field(ge=1, le=7)
    opens: WallClock
    closes: WallClock


class Address(Wire):
    street: str
    postal_code: str
    locality: str
    voivodeship: str


class Facility(Wire):
    id: int
    name: str
    provider: str
    address: Address
    phone: str
    teryt: str
    latitude: float
    longitude: float
    accessibility: Accessibility
    services: list[str]
    opening_hours: list[OpeningHours] = []
    """Monday first; derived in the mock from the services' sessions."""
    distance_km: float | None = None


MAX_ID = 2**63 - 1
"""The largest id SQLite stores (a signed 64-bit integer)."""
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An id a client sends: positive and within SQLite's 64-bit integers."""

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
"""The days a request may name: far enough from the calendar's ends that the date
arithmetic of a search or a schedule never leaves Python's calendar."""


def _iso_text(pattern: str, rule: str, pl: str, en: str) -> Callable[[Any], Any]:
    """A before-validator that lets through a value of the type itself, or text in the ISO
    form `pattern`; pydantic would read a bare number as seconds since 1970."""
    form = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and form.fullmatch(value):
            return value
        if isinstance(value, date | time):
            return value
        raise refused(rule, pl, en)

    return check


def _within_calendar(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise refused(
            "date_out_of_range",
            f"Data musi leżeć między {FIRST_DAY.isoformat()} a {LAST_DAY.isoformat()}.",
            f"The date must lie between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}.",
        )
    return day


def _moment_within_calendar(moment: datetime) -> datetime:
    _within_calendar(moment.date())
    return moment


Day = Annotated[
    date,
    BeforeValidator(
        _iso_text(
            r"\d{4}-\d{2}-\d{2}",
            "date_format",
            "Oczekiwano daty w postaci RRRR-MM-DD.",
            "Expected a date as YYYY-MM-DD.",
        )
    ),
    AfterValidator(_within_calendar),
]
"""A day a client sends: `YYYY-MM-DD` only, within FIRST_DAY..LAST_DAY."""
Hour = Annotated[
    time,
    BeforeValidator(
        _iso_text(
            r"\d{2}:\d{2}(:\d{2})?",
            "time_format",
            "Oczekiwano godziny w postaci GG:MM.",
            "Expected a time as HH:MM.",
        )
    ),
]
"""A time of day a client sends: `HH:MM` (or `HH:MM:SS`) only."""


# --- search --------------------------------------------------------------------------------
RadiusKm = Annotated[int, Field(ge=1, le=500)]


class SearchCriteria(Strict):
    """Where and when: a locality with a radius, or a voivodeship, or neither (the country)."""

    locality_id: RecordId | None = None
    radius_km: RadiusKm | None = None
    voivodeship: str | None = Field(default=None, pattern=r"^(0[1-9]|1[0-6])$")
    date_from: Day | None = None
    date_to: Day | None = None
    hour_from: Hour | None = None
    hour_to: Hour | None = None
    facility_id: RecordId | None = None

    @model_validator(mode="after")
    def _ranges(self) -> SearchCriteria:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise refused(
                "date_range",
                "Data końcowa jest wcześniejsza niż początkowa.",
                "The end date is before the start date.",
            )
        if self.hour_from and self.hour_to and self.hour_to <= self.hour_from:
            raise refused(
                "hour_range",
                "Godzina końcowa musi być późniejsza niż początkowa.",
                "The end hour must be later than the start hour.",
            )
        if self.radius_km is not None and self.locality_id is None:
            raise refused(
                "radius_needs_locality",
                "Odległość wymaga podania miejscowości.",
                "A distance needs a locality.",
            )
        if self.locality_id is not None and self.voivodeship is not None:
            raise refused(
                "locality_or_voivodeship",
                "Podaj miejscowość albo województwo, nie oba naraz.",
                "Give a locality or a voivodeship, not both.",
            )
        return self


class Slot(Wire):
    id: int
    service: str
    start: datetime
    end: datetime
    facility: Facility
    distance_km: float | None = None


class SlotPage(Wire):
    items: list[Slot]
    next_cursor: str | None = None


class SlotDay(Wire):
    """One day of a slot calendar: how many free slots fit the criteria, from what time."""

    day: date
    free: int = Field(ge=1)
    earliest: WallClock


class SlotCalendar(Wire):
    """The free slots that fit a search, counted per day (days without any are left out):
    what `GET /slots` would list, at a glance."""

    service: str
    days: list[SlotDay]


# --- appointments --------------------------------------------------------------------------
ReferralCode = Annotated[str, Field(pattern=r"^\d{4}$")]


class BookingRequest(Strict):
    slot_id: RecordId
    referral_code: ReferralCode | None = None


class RescheduleRequest(Strict):
    slot_id: RecordId


class CancelRequest(Strict):
    reason: str | None = Field(default=None, max_length=500)


class HistoryEvent(Wire):
    at: datetime
    kind: str
    """booked, assigned, rescheduled, reminder-7d, reminder-1d, cancelled, completed."""
    detail: str
    actor: str | None = None
    """Who acted for the patient (a parent or guardian, by name); none when she did, or
    the system."""
    staff: str | None = None
    """The facility's registration desk member who acted, by name, when the desk did."""


class Appointment(Wire):
    id: int
    number: str
    """The visit's number as given to the patient, e.g. ER/2026/000123."""
    service: str
    service_name: str
    service_name_en: str | None = None
    """The service's name in English (a backend may leave it out: `service_name` then)."""
    status: AppointmentStatus
    start: datetime
    end: datetime
    facility: Facility
    slot_id: int | None = None
    """The slot the visit holds (a backend may leave it out)."""
    referral_code: str | None = None
    source: AppointmentSource
    created_at: datetime
    cancelled_at: datetime | None = None
    cancelled_by: CancelledBy | None = None
    follow_up: bool = False
    """A follow-up visit (wizyta kontrolna) the facility booked: it can be cancelled
    online, but its term is changed only at the facility."""
    booked_via: BookingChannel | None = None
    """How the desk took a booking (`source` desk): in person or by phone."""
    history: list[HistoryEvent] = Field(default_factory=list)


# --- waiting room --------------------------------------------------------------------------
class WaitlistRequest(SearchCriteria):
    service: str
    referral_code: ReferralCode | None = None


class WaitlistEntry(Wire):
    id: int
    service: str
    service_name: str
    service_name_en: str | None = None
    criteria: SearchCriteria
    status: WaitlistStatus
    position: int | None = None
    """1 for the first in the queue; None once the entry is no longer waiting."""
    predicted_date: date | None = None
    created_at: datetime
    expires_at: datetime
    appointment_id: int | None = None
    appointment_number: str | None = None
    """The assigned visit's number as given to the patient (a backend may leave it out)."""
    referral_code: str | None = None
    urgency: Urgency | None = None
    """The medical category of the entry's e-referral: urgent entries are served first."""
    outlook: WaitlistOutlook | None = None
    """How the predicted date is made, while the entry waits."""


class WeekCount(Wire):
    week: date
    """The week's Monday."""
    slots: int = Field(ge=0)
    """Slots freed (cancelled) or published that week at the facilities of the area."""


class WaitlistOutlook(Wire):
    """How a predicted date is made: the place in the queue, the rate at which slots
    appeared at the area's facilities lately, and the range of likely dates it gives."""

    position: int
    rate_per_week: float
    """Fitting slots a week the forecast counts on (the last 4 weeks)."""
    weeks: list[WeekCount]
    """Slots freed or published per week in the last 8 weeks, the oldest first."""
    likely_from: date
    likely_to: date
    """Eight times in ten the slot comes between these days (the model's range)."""
    predicted_date: date
    deadline: date
    """The last day a slot may be found: the end of the chosen dates or the waiting
    room's limit, whichever comes first."""


class WaitlistForecast(Wire):
    """What joining the waiting room with these criteria would give, before joining."""

    position: int
    predicted_date: date
    expires_at: datetime
    outlook: WaitlistOutlook | None = None


# --- notifications -------------------------------------------------------------------------
class Notification(Wire):
    id: int
    channel: Channel
    recipient: str
    kind: NotificationKind
    subject: str | None = None
    body: str
    created_at: datetime
    appointment_id: int | None = None
    waitlist_id: int | None = None


# --- demo controls (/_mock) ----------------------------------------------------------------
class ClockState(Wire):
    now: datetime
    fixed: bool


MAX_CLOCK_MOVE = timedelta(days=366)
"""The most the demo clock moves at once: each day passed publishes that day's schedules."""


class ClockChange(Strict):
    """Move the virtual clock: either by `advance` (ISO 8601 duration or seconds) or `to`."""

    advance: timedelta | None = None
    to: Annotated[AwareDatetime, AfterValidator(_moment_within_calendar)] | None = None
    """A moment with its offset: a naive one names no moment."""

    @model_validator(mode="after")
    def _one(self) -> ClockChange:
        if (self.advance is None) == (self.to is None):
            raise refused(
                "advance_or_to",
                "Podaj dokładnie jedno: advance albo to.",
                "Give exactly one of advance and to.",
            )
        if self.advance is not None and self.advance < timedelta(0):
            raise refused(
                "clock_forward",
                "Zegar można przesuwać tylko do przodu.",
                "The clock only moves forward.",
            )
        if self.advance is not None and self.advance > MAX_CLOCK_MOVE:
            raise refused(
                "clock_move_too_far",
                "Zegar można przesunąć najwyżej o rok naraz.",
                "The clock moves a year at most at a time.",
            )
        return self


class FaultSpec(Strict):
    """A fault applied to `/api/v1` requests until cleared (or for `remaining` requests)."""

    latency_ms: int = Field(default=0, ge=0, le=120_000)
    error_status: Literal[500, 502, 503, 504] | None = None
    retry_after: int | None = Field(default=None, ge=0, le=3600)
    drop: bool = False
    """Close the connection mid-response."""
    malformed: bool = False
    """Answer 200 with a body that is not the contract (cut-off JSON)."""
    phase: Literal["before", "after"] = "before"
    """`before`: the request never reaches the app. `after`: the app handles it (a booking
    is made), then the answer is lost to the fault."""
    rate: float = Field(default=1.0, ge=0.0, le=1.0)
    """The share of requests hit; drawn from a seeded generator, so runs repeat."""
    remaining: int | None = Field(default=None, ge=1, le=1_000_000)


class FaultState(Wire):
    active: FaultSpec | None = None


class PublishRequest(Strict):
    service: str
    count: int = Field(default=10, ge=1, le=5000)
    facility_id: RecordId | None = None
    voivodeship: str | None = Field(default=None, pattern=r"^(0[1-9]|1[0-6])$")
    date_from: Day | None = None
    """Earliest day of the new slots; defaults to tomorrow (virtual clock)."""
    days: int = Field(default=14, ge=1, le=120)


class InboundSms(Strict):
    """An SMS a patient sends to the system (a reply to a reminder), as the operator
    delivers it."""

    phone: str
    text: str = Field(max_length=640)

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        return normalize_mobile(v)


class SmsOutcome(StrEnum):
    CANCELLED = "cancelled"
    """The reply named a visit (or the one last reminded of) and it was cancelled."""
    NOT_UNDERSTOOD = "not-understood"
    NO_VISIT = "no-visit"
    """A cancel reply, but no booked visit of this phone's patients fits it."""


class InboundSmsResult(Wire):
    outcome: SmsOutcome
    appointment_id: int | None = None
    appointment_number: str | None = None
    reply: str
    """What the system answered by SMS (in Polish, as the system writes)."""


class FollowUpRequest(Strict):
    """A follow-up visit the facility books for a patient (no e-referral needed)."""

    pesel: str = Field(min_length=11, max_length=11, pattern=r"^\d{11}$")
    service: str = Field(min_length=1, max_length=64)
    days_ahead: int = Field(default=21, ge=1, le=120)
    """The visit goes on the first working day this many days ahead, or later."""


class PublishResult(Wire):
    published: list[int]
    assigned: list[int]
    """Appointment ids booked from the waiting room out of the new slots."""


class ReleaseRequest(Strict):
    """Free a taken slot as another patient or the facility desk would.

    Give `slot_id`, or `waitlist_entry_id` to free a slot matching that entry's criteria.
    """

    slot_id: RecordId | None = None
    waitlist_entry_id: RecordId | None = None
    by: CancelledBy = CancelledBy.PATIENT

    @model_validator(mode="after")
    def _one(self) -> ReleaseRequest:
        if (self.slot_id is None) == (self.waitlist_entry_id is None):
            raise refused(
                "slot_or_entry",
                "Podaj slot_id albo waitlist_entry_id.",
                "Give slot_id or waitlist_entry_id.",
            )
        return self


class ReleaseResult(Wire):
    slot_id: int
    cancelled_appointment_id: int | None = None
    assigned_appointment_id: int | None = None


class QueuedEntry(Wire):
    """A waiting-room entry as the demo controls see it (any patient's)."""

    id: int
    service: str
    patient: str
    created_at: datetime


class DemoPatient(Wire):
    pesel: str
    password: str
    name: str
    description: str
    description_en: str | None = None
    """The description in English; a backend may leave it out (the client then shows
    `description`)."""
    referral_codes: list[str] = Field(default_factory=list)
    """Codes of the patient's unused e-referrals."""


class DemoStaff(Wire):
    """A demo facility's registration desk account, for the login screen's list."""

    login: str
    password: str
    name: str
    facility_id: int
    facility_name: str
    locality: str


class HealthStatus(Wire):
    status: Literal["ok"] = "ok"
    now: datetime
    seed: int
    capabilities: list[str] | None = None
    """What the server offers beyond the core operations (`Capability` values; names a
    client does not know are ignored). None from a server that does not say: the whole
    contract."""


# --- the facility's registration desk (Rejestracja w placówce) -----------------------------
class DeskLoginRequest(Strict):
    login: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class StaffMember(Wire):
    """A member of a facility's registration desk; she acts for that facility only."""

    login: str
    first_name: str
    last_name: str
    facility: Facility


class DeskLoginResponse(Wire):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    staff: StaffMember


class SlotState(StrEnum):
    FREE = "free"
    BOOKED = "booked"
    TAKEN = "taken"
    """Held by a patient the demo does not model (other facilities' traffic)."""
    CLOSED = "closed"
    """Withdrawn by the facility (a doctor's absence)."""


class DeskVisit(Wire):
    """A visit as the desk sees it in its schedule: whose, with which e-referral, how
    booked, and what became of it."""

    id: int
    number: str
    service: str
    start: datetime
    status: AppointmentStatus
    patient_name: str
    pesel: str
    referral_code: str | None = None
    urgency: Urgency | None = None
    source: AppointmentSource
    booked_via: BookingChannel | None = None
    follow_up: bool = False


class ScheduleSlot(Wire):
    slot_id: int
    service: str
    start: datetime
    end: datetime
    state: SlotState
    visit: DeskVisit | None = None
    """The visit that holds (or held, if it took place or was missed) the slot."""


class DeskDay(Wire):
    """One day of a facility's schedule: every slot with its state and visit, and the
    visits of that day cancelled since (their slots went to others or back to the pool)."""

    day: date
    facility_id: int
    slots: list[ScheduleSlot]
    cancelled: list[DeskVisit] = Field(default_factory=list)


class DeskPatient(Wire):
    """What the desk sees of a patient found by PESEL: her data, what she may book here
    and why not, her e-referrals, and her visits at this facility (not elsewhere)."""

    patient: Patient
    services: list[Service]
    referrals: list[Referral]
    visits: list[Appointment]


Pesel = Annotated[str, Field(min_length=11, max_length=11, pattern=r"^\d{11}$")]


class DeskBooking(Strict):
    """A booking the desk makes for a patient: a slot of this facility, or, for a patient
    with the right to care out of turn, `out_of_turn` with the service: the earliest term
    the rules give her (within 7 working days, ahead of the waiting room)."""

    pesel: Pesel
    slot_id: RecordId | None = None
    service: str | None = Field(default=None, min_length=1, max_length=64)
    referral_code: ReferralCode | None = None
    via: BookingChannel = BookingChannel.IN_PERSON
    out_of_turn: bool = False

    @model_validator(mode="after")
    def _what(self) -> DeskBooking:
        if self.out_of_turn and not self.service:
            raise refused(
                "out_of_turn_service",
                "Poza kolejnością podaj świadczenie.",
                "Out of turn, give the service.",
            )
        if not self.out_of_turn and self.slot_id is None:
            raise refused("slot_needed", "Podaj termin (slot_id).", "Give the slot (slot_id).")
        return self


class DeskReason(Strict):
    """Why the facility cancels: said to the patient and kept in the visit's history."""

    reason: str = Field(min_length=3, max_length=200)


class DayCancel(DeskReason):
    """A whole day withdrawn (a doctor's absence): its visits cancelled, its free slots
    closed."""

    day: Day
    service: str | None = Field(default=None, min_length=1, max_length=64)


class DayCancelResult(Wire):
    cancelled: list[DeskVisit]
    closed: int
    """Free slots withdrawn."""


class DeskPublish(Strict):
    """New slots of this facility: each working day from `date_from` to `date_to` (the
    same day when not given), at each of `times`."""

    service: str = Field(min_length=1, max_length=64)
    date_from: Day
    date_to: Day | None = None
    times: list[Hour] = Field(min_length=1, max_length=48)


class DeskFollowUp(Strict):
    """A follow-up visit the desk books for a patient of this facility, at a day and time
    it adds to its schedule."""

    pesel: Pesel
    service: str = Field(min_length=1, max_length=64)
    day: Day
    time: Hour
