"""The contract's error catalogue: RFC 9457 problem types and the typed errors they map to.

Both sides import this module: the mock server raises `ApiError`s and renders them as
`application/problem+json`; the client turns problem documents back into the same classes.
Must not import Textual, FastAPI or anything from `mock_server`, and stays light (no
pydantic): the app's screens import it before the first frame. The wire form of a
problem, `models.Problem`, comes with the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

if TYPE_CHECKING:
    from .models import Problem

PROBLEM_BASE = "https://erej-tui.invalid/errors/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemType(NamedTuple):  # not a dataclass: ~2 ms less to import before the first frame
    """One stable kind of error: its slug (the end of the `type` URI) and HTTP status."""

    slug: str
    status: int
    title_pl: str
    title_en: str

    @property
    def uri(self) -> str:
        return PROBLEM_BASE + self.slug

    def title(self, lang: str = "pl") -> str:
        return self.title_en if lang == "en" else self.title_pl


class ApiError(Exception):
    """Base of every error the contract defines. `detail` is meant for a person; a server
    gives `detail_en` too, for a request in English (Accept-Language)."""

    problem: ClassVar[ProblemType]

    def __init__(
        self, detail: str | None = None, *, detail_en: str | None = None, **extra: Any
    ) -> None:
        super().__init__(detail or self.problem.title_pl)
        self.detail = detail or self.problem.title_pl
        self.detail_en = detail_en
        self.extra = extra

    @property
    def status(self) -> int:
        return self.problem.status

    def document(self, instance: str | None = None, lang: str = "pl") -> dict[str, Any]:
        """The error as a problem document (`models.Problem` on the wire), in `lang`."""
        fields = {
            "type": self.problem.uri,
            "title": self.problem.title(lang),
            "status": self.problem.status,
            "detail": self.detail_en if lang == "en" and self.detail_en else self.detail,
            "instance": instance,
            "code": self.problem.slug,
            **self.extra,
        }
        return {name: value for name, value in fields.items() if value is not None}


_BY_SLUG: dict[str, type[ApiError]] = {}


def _problem(
    slug: str, status: int, title_pl: str, title_en: str
) -> Callable[[type[ApiError]], type[ApiError]]:
    """Class decorator registering an error class under its problem type."""

    def register(cls: type[ApiError]) -> type[ApiError]:
        cls.problem = ProblemType(slug, status, title_pl, title_en)
        _BY_SLUG[slug] = cls
        return cls

    return register


# --- request shape -------------------------------------------------------------------------
@_problem("validation-error", 422, "Nieprawidłowe dane", "Invalid input")
class ValidationFailed(ApiError):
    pass


@_problem("malformed-request", 400, "Nieczytelne żądanie", "Malformed request")
class MalformedRequest(ApiError):
    pass


@_problem("invalid-pesel", 422, "Nieprawidłowy numer PESEL", "Invalid PESEL number")
class InvalidPesel(ApiError):
    pass


@_problem("not-found", 404, "Nie znaleziono", "Not found")
class NotFound(ApiError):
    pass


@_problem("method-not-allowed", 405, "Niedozwolona metoda", "Method not allowed")
class MethodNotAllowed(ApiError):
    pass


# --- identity ------------------------------------------------------------------------------
@_problem("invalid-credentials", 401, "Błędny PESEL lub hasło", "Wrong PESEL or password")
class InvalidCredentials(ApiError):
    pass


@_problem("unauthorized", 401, "Wymagane logowanie", "Login required")
class Unauthorized(ApiError):
    pass


@_problem("session-expired", 401, "Sesja wygasła", "Session expired")
class SessionExpired(Unauthorized):
    pass


@_problem("forbidden", 403, "Brak uprawnień", "Forbidden")
class Forbidden(ApiError):
    pass


# --- CeR rules -----------------------------------------------------------------------------
@_problem("not-eligible", 403, "Nie spełniasz warunków", "Not eligible")
class NotEligible(ApiError):
    pass


@_problem(
    "priority-registration",
    403,
    "Zapisz się w placówce",
    "Register at the facility",
)
class PriorityRegistration(NotEligible):
    pass


@_problem("referral-required", 422, "Wymagane e-skierowanie", "An e-referral is required")
class ReferralRequired(ApiError):
    pass


@_problem("referral-invalid", 422, "Nieprawidłowe e-skierowanie", "Invalid e-referral")
class ReferralInvalid(ApiError):
    pass


@_problem("referral-used", 409, "E-skierowanie zostało już wykorzystane", "E-referral used")
class ReferralUsed(ReferralInvalid):
    pass


@_problem(
    "already-booked",
    409,
    "Masz już wizytę lub miejsce w poczekalni na to świadczenie",
    "Already booked for this service",
)
class AlreadyBooked(ApiError):
    pass


@_problem("slot-taken", 409, "Termin jest już zajęty", "Slot already taken")
class SlotTaken(ApiError):
    pass


@_problem("slot-unavailable", 422, "Ten termin nie jest dostępny", "Slot not available")
class SlotUnavailable(ApiError):
    pass


@_problem(
    "slots-available",
    409,
    "Są wolne terminy spełniające te kryteria",
    "Free slots match these criteria",
)
class SlotsAvailable(ApiError):
    pass


@_problem(
    "book-at-facility",
    409,
    "Tę zmianę zrobisz tylko w placówce",
    "This change is made only at the facility",
)
class BookAtFacility(ApiError):
    """A follow-up visit's term is changed only at the facility (it may be cancelled
    online)."""


@_problem("not-active", 409, "Ta wizyta nie jest już aktywna", "No longer active")
class NotActive(ApiError):
    pass


# --- idempotency ---------------------------------------------------------------------------
@_problem(
    "idempotency-key-reused",
    422,
    "Klucz Idempotency-Key użyto z innym żądaniem",
    "Idempotency-Key reused with another request",
)
class IdempotencyKeyReused(ApiError):
    pass


@_problem(
    "idempotency-in-progress",
    409,
    "Poprzednie żądanie z tym kluczem jeszcze trwa",
    "A request with this key is still running",
)
class IdempotencyInProgress(ApiError):
    pass


# --- the backend itself --------------------------------------------------------------------
@_problem("rate-limited", 429, "Zbyt wiele żądań", "Too many requests")
class RateLimited(ApiError):
    pass


@_problem("internal-error", 500, "Błąd serwera", "Server error")
class InternalError(ApiError):
    pass


@_problem(
    "service-unavailable", 503, "Usługa chwilowo niedostępna", "Service temporarily unavailable"
)
class ServiceUnavailable(ApiError):
    pass


@_problem("conflict", 409, "Konflikt z bieżącym stanem", "Conflict with the current state")
class Conflict(ApiError):
    pass


@_problem(
    "version-conflict",
    412,
    "Zasób zmienił się w międzyczasie",
    "The resource changed in the meantime",
)
class VersionConflict(Conflict):
    """An update named a version (FHIR's If-Match) that is no longer the current one."""


@_problem("precondition-required", 428, "Brak wersji zasobu", "The resource's version is missing")
class PreconditionRequired(ApiError):
    """An update that must name the version it read (If-Match) did not."""


_FALLBACK_BY_STATUS: dict[int, type[ApiError]] = {
    400: MalformedRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    412: VersionConflict,
    422: ValidationFailed,
    429: RateLimited,
}


# --- the client's own errors: the backend could not be reached or did not speak the contract.
def _client_problem(
    slug: str, title_pl: str, title_en: str
) -> Callable[[type[ApiError]], type[ApiError]]:
    """Like `_problem`, but never sent by a server, so not in the catalogue."""

    def register(cls: type[ApiError]) -> type[ApiError]:
        cls.problem = ProblemType(slug, 503, title_pl, title_en)
        return cls

    return register


@_client_problem(
    "backend-unavailable", "Serwer rejestracji jest niedostępny", "The registration server is down"
)
class BackendUnavailable(ApiError):
    """Down, refusing connections, dropping them, or answering 5xx after our retries."""


@_client_problem(
    "backend-timeout",
    "Serwer rejestracji nie odpowiada",
    "The registration server is not answering",
)
class BackendTimeout(BackendUnavailable):
    pass


@_client_problem(
    "contract-violation",
    "Serwer odpowiedział w nieznanym formacie",
    "The server's answer is not in the expected format",
)
class ContractViolation(ApiError):
    """The answer was not our contract: not JSON, or JSON of the wrong shape."""


def error_classes() -> dict[str, type[ApiError]]:
    """Every error class by problem slug (a copy)."""
    return dict(_BY_SLUG)


def _known_class(problem: Problem) -> type[ApiError] | None:
    """Our class for `problem`'s slug (its `code`, else the end of its `type` URI)."""
    return _BY_SLUG.get(problem.code or problem.type.rsplit("/", 1)[-1])


def known_problem(problem: Problem) -> ProblemType | None:
    """The problem type of our contract that `problem` is, if it is one we know."""
    cls = _known_class(problem)
    return cls.problem if cls is not None else None


def error_from_problem(problem: Problem) -> ApiError:
    """Rebuild the typed error a problem document stands for.

    An unknown slug falls back to the class for its status family, so that a newer server
    still yields a sensible error on an older client.
    """
    cls = _known_class(problem)
    if cls is None:
        cls = _FALLBACK_BY_STATUS.get(problem.status)
    if cls is None:
        cls = ServiceUnavailable if problem.status >= 500 else ValidationFailed
    extra = problem.model_extra or {}
    return cls(problem.detail or problem.title, **extra)
