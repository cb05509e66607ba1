"""What the mock says when it refuses: each refusal as its typed error, in Polish with its
English beside it (the answer follows the request's Accept-Language, see `messages.py`).

Kept here, beside the other messages, so that a wording is reviewed, and a translation
added, in one place; the rooms of the registry and the HTTP edge raise them by name."""

from __future__ import annotations

from datetime import date, datetime

from erej_tui.api import errors, timefmt
from erej_tui.api.pesel import PeselError

# --- sessions ----------------------------------------------------------------------------------


def no_token() -> errors.Unauthorized:
    return errors.Unauthorized(
        "Brak tokenu sesji – zaloguj się.", detail_en="No session token: log in."
    )


def unknown_token() -> errors.Unauthorized:
    return errors.Unauthorized(
        "Nieznany token sesji – zaloguj się.", detail_en="Unknown session token: log in."
    )


def session_expired() -> errors.SessionExpired:
    return errors.SessionExpired(
        "Sesja wygasła – zaloguj się ponownie.",
        detail_en="Your session has expired: log in again.",
    )


def wrong_credentials() -> errors.InvalidCredentials:
    return errors.InvalidCredentials(
        "Błędny PESEL lub hasło.", detail_en="Wrong PESEL or password."
    )


def sms_needs_phone() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Aby dostawać SMS-y, podaj numer telefonu.",
        detail_en="To get text messages, give a phone number.",
    )


def email_needs_address() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Aby dostawać e-maile, podaj adres e-mail.",
        detail_en="To get e-mails, give an e-mail address.",
    )


def no_child(pesel: str) -> errors.NotFound:
    """Another patient, or a child no longer under 18, answers like a missing one."""
    return errors.NotFound(
        f"Nie masz dostępu do konta dziecka o numerze PESEL {pesel}.",
        detail_en=f"You have no access to a child's account with the PESEL {pesel}.",
    )


def child_contact_is_guardians() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Wiadomości o wizytach dziecka idą na dane kontaktowe opiekuna – zmień je na swoim koncie.",
        detail_en="Messages about a child's visits go to the guardian's contact data: change"
        " them on your own account.",
    )


def admin_token_needed() -> errors.Forbidden:
    return errors.Forbidden(
        "Sterowanie demem wymaga tokenu administratora (X-Admin-Token).",
        detail_en="The demo controls need the admin token (X-Admin-Token).",
    )


# --- requests ----------------------------------------------------------------------------------


def unknown_query(names: list[str]) -> errors.ValidationFailed:
    listed = ", ".join(names)
    return errors.ValidationFailed(
        f"Nieznany parametr zapytania: {listed}.",
        detail_en=f"Unknown query parameter: {listed}.",
        errors=[{"field": name, "message": "nieznany parametr"} for name in names],
    )


def key_reused() -> errors.IdempotencyKeyReused:
    return errors.IdempotencyKeyReused(
        "Ten klucz Idempotency-Key był już użyty z innym żądaniem.",
        detail_en="This Idempotency-Key was already used with another request.",
    )


def bad_cursor() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Nieprawidłowy kursor stronicowania.", detail_en="Invalid paging cursor."
    )


def dates_past() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Przedział dat leży w przeszłości.", detail_en="The date range lies in the past."
    )


def start_date_past() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Data początkowa nie może być w przeszłości.",
        detail_en="The start date cannot be in the past.",
    )


# --- the catalogue -----------------------------------------------------------------------------


def no_service(code: str) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma świadczenia „{code}” w katalogu.",
        detail_en=f"There is no service “{code}” in the catalogue.",
    )


def no_locality(locality_id: int) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma miejscowości o identyfikatorze {locality_id}.",
        detail_en=f"There is no locality with the id {locality_id}.",
    )


def no_facility(facility_id: int) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma placówki o identyfikatorze {facility_id}.",
        detail_en=f"There is no facility with the id {facility_id}.",
    )


# --- e-referrals -------------------------------------------------------------------------------


def referral_code_needed() -> errors.ReferralRequired:
    return errors.ReferralRequired(
        "Podaj 4-cyfrowy kod e-skierowania – bez niego nie umówisz pierwszej wizyty.",
        detail_en="Give the 4-digit code of your e-referral: a first visit cannot be "
        "booked without it.",
    )


def no_such_referral(code: str) -> errors.ReferralInvalid:
    return errors.ReferralInvalid(
        f"Nie znaleziono e-skierowania o kodzie {code} dla Twojego numeru PESEL. "
        "Sprawdź kod na wydruku lub w IKP.",
        detail_en=f"No e-referral with the code {code} was found for your PESEL. "
        "Check the code on the printout or in IKP.",
    )


def referral_for_another_service(code: str, name: str, name_en: str) -> errors.ReferralInvalid:
    return errors.ReferralInvalid(
        f"E-skierowanie {code} jest wystawione na inne świadczenie niż {name.lower()}.",
        detail_en=f"E-referral {code} is for another service than {name_en.lower()}.",
    )


def referral_realised(code: str) -> errors.ReferralUsed:
    return errors.ReferralUsed(
        f"E-skierowanie {code} zostało już zrealizowane.",
        detail_en=f"E-referral {code} has already been used.",
    )


def referral_expired(code: str, valid_until: date) -> errors.ReferralInvalid:
    return errors.ReferralInvalid(
        f"E-skierowanie {code} było ważne do {valid_until:%d.%m.%Y} – potrzebne jest nowe "
        "od lekarza.",
        detail_en=f"E-referral {code} was valid until {valid_until:%d.%m.%Y}: a new one is "
        "needed from your doctor.",
    )


def referral_in_use(code: str, by: str) -> errors.ReferralUsed:
    """`by`: the visit's number, or "poczekalnia" for a waiting-room entry."""
    return errors.ReferralUsed(
        f"E-skierowanie {code} jest już wykorzystane ({by}). "
        "Odwołanie tamtej wizyty zwolni je ponownie.",
        detail_en=f"E-referral {code} is already in use "
        f"({'waiting room' if by == 'poczekalnia' else by}). "
        "Cancelling that visit frees it again.",
    )


# --- slots and visits --------------------------------------------------------------------------


def no_slot(slot_id: int) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma terminu o identyfikatorze {slot_id}.",
        detail_en=f"There is no slot with the id {slot_id}.",
    )


def slot_for_another_service() -> errors.SlotUnavailable:
    return errors.SlotUnavailable(
        "Ten termin dotyczy innego świadczenia.", detail_en="This slot is for another service."
    )


def slot_passed() -> errors.SlotUnavailable:
    return errors.SlotUnavailable(
        "Ten termin już minął – wybierz inny.", detail_en="This slot has passed: choose another."
    )


def slot_taken() -> errors.SlotTaken:
    return errors.SlotTaken(
        "Ktoś zarezerwował ten termin przed chwilą. Wybierz inny z odświeżonej listy.",
        detail_en="Someone booked this slot a moment ago. Choose another from the refreshed list.",
    )


def same_slot() -> errors.SlotUnavailable:
    return errors.SlotUnavailable(
        "To jest obecny termin tej wizyty.", detail_en="This is the current slot of this visit."
    )


def already_booked() -> errors.AlreadyBooked:
    return errors.AlreadyBooked(
        "Masz już wizytę lub miejsce w poczekalni na to świadczenie.",
        detail_en="You already have a visit or a waiting-room place for this service.",
    )


def has_visit(number: str) -> errors.AlreadyBooked:
    return errors.AlreadyBooked(
        f"Masz już umówioną wizytę na to świadczenie (nr {number}). "
        "Możesz zmienić jej termin albo ją odwołać.",
        detail_en=f"You already have a visit booked for this service (no. {number}). "
        "You can change its date or cancel it.",
        appointment_number=number,
    )


def is_waiting(entry_id: int) -> errors.AlreadyBooked:
    return errors.AlreadyBooked(
        "Czekasz już w poczekalni na to świadczenie. Aby umówić inny termin, "
        "najpierw wypisz się z poczekalni.",
        detail_en="You are already in the waiting room for this service. "
        "To book another date, leave the waiting room first.",
        waitlist_id=entry_id,
    )


def no_visit(appt_id: int) -> errors.NotFound:
    """Another patient's visit answers exactly like a missing one."""
    return errors.NotFound(
        f"Nie masz wizyty o identyfikatorze {appt_id}.",
        detail_en=f"You have no visit with the id {appt_id}.",
    )


def visit_not_changeable() -> errors.NotActive:
    return errors.NotActive(
        "Tej wizyty nie można już zmienić – nie jest aktywna.",
        detail_en="This visit can no longer be changed: it is not active.",
    )


def visit_not_cancellable() -> errors.NotActive:
    return errors.NotActive(
        "Ta wizyta nie jest aktywna – nie można jej odwołać.",
        detail_en="This visit is not active: it cannot be cancelled.",
    )


# --- the waiting room --------------------------------------------------------------------------


def waiting_dates_past() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Przedział dat nie może leżeć w przeszłości.",
        detail_en="The date range cannot lie in the past.",
    )


def slots_available() -> errors.SlotsAvailable:
    return errors.SlotsAvailable(
        "Są wolne terminy spełniające te kryteria – wybierz jeden z nich "
        "zamiast zapisu do poczekalni.",
        detail_en="There are free slots that fit these criteria: choose one "
        "of them instead of joining the waiting room.",
    )


def no_entry(entry_id: int) -> errors.NotFound:
    return errors.NotFound(
        f"Nie masz wpisu w poczekalni o identyfikatorze {entry_id}.",
        detail_en=f"You have no waiting-room entry with the id {entry_id}.",
    )


def entry_not_waiting() -> errors.NotActive:
    return errors.NotActive(
        "Ten wpis nie czeka już w poczekalni.",
        detail_en="This entry is no longer waiting in the waiting room.",
    )


# --- the demo controls -------------------------------------------------------------------------


def clock_backwards() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Zegara nie można cofnąć.", detail_en="The clock cannot go back."
    )


def clock_too_far() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Zegar można przesunąć najwyżej o rok naraz.",
        detail_en="The clock moves a year at most at a time.",
    )


def publish_past() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Nowe terminy nie mogą leżeć w przeszłości.",
        detail_en="New slots cannot lie in the past.",
    )


def no_facility_offers() -> errors.NotFound:
    return errors.NotFound(
        "Żadna placówka z tych kryteriów nie udziela tego świadczenia.",
        detail_en="No facility matching these criteria provides this service.",
    )


def release_passed() -> errors.SlotUnavailable:
    return errors.SlotUnavailable("Ten termin już minął.", detail_en="This slot has passed.")


def already_free() -> errors.Conflict:
    return errors.Conflict("Ten termin jest już wolny.", detail_en="This slot is already free.")


def no_waiting_entry(entry_id: int) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma czekającego wpisu {entry_id} w poczekalni.",
        detail_en=f"There is no waiting entry {entry_id} in the waiting room.",
    )


def no_taken_slot_fits() -> errors.NotFound:
    return errors.NotFound(
        "Żaden zajęty termin nie pasuje do kryteriów tego wpisu.",
        detail_en="No booked slot fits the criteria of this entry.",
    )


# --- the HTTP edge -----------------------------------------------------------------------------


def unreadable_body() -> errors.MalformedRequest:
    return errors.MalformedRequest(
        "Treść żądania nie jest poprawnym dokumentem JSON w UTF-8.",
        detail_en="The request body is not a valid JSON document in UTF-8.",
    )


def fhir_parameter(name: str, expected: str) -> errors.ValidationFailed:
    """A FHIR search parameter or resource element we cannot use."""
    return errors.ValidationFailed(
        f"Parametr {name}: oczekiwano {expected}.",
        detail_en=f"Parameter {name}: expected {expected}.",
    )


def fhir_not_found(kind: str, resource_id: str) -> errors.NotFound:
    return errors.NotFound(
        f"Nie ma zasobu {kind}/{resource_id}.", detail_en=f"There is no {kind}/{resource_id}."
    )


def fhir_precondition_required() -> errors.PreconditionRequired:
    return errors.PreconditionRequired(
        "Zmiana wymaga nagłówka If-Match z wersją odczytanego zasobu.",
        detail_en="A change needs an If-Match header with the version read.",
    )


def fhir_version_conflict() -> errors.VersionConflict:
    return errors.VersionConflict(
        "Wizyta zmieniła się od odczytu (np. w innym oknie) – odczytaj ją ponownie.",
        detail_en="The visit changed since it was read (in another window, say): read it again.",
    )


def no_resource(path: str) -> errors.NotFound:
    return errors.NotFound(f"Nie ma zasobu {path}.", detail_en=f"There is no resource {path}.")


def method_not_allowed(method: str, path: str) -> errors.MethodNotAllowed:
    return errors.MethodNotAllowed(
        f"Metoda {method} nie jest dozwolona dla {path}.",
        detail_en=f"Method {method} is not allowed for {path}.",
    )


def crashed() -> errors.InternalError:
    return errors.InternalError(
        "Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie.",
        detail_en="An unexpected server error occurred. Try again.",
    )


def simulated_outage(unavailable: bool) -> errors.ApiError:
    """The demo controls' injected failure: a 503, or a server error."""
    if unavailable:
        return errors.ServiceUnavailable(
            "Usługa chwilowo niedostępna (awaria symulowana).",
            detail_en="Service temporarily unavailable (simulated outage).",
        )
    return errors.InternalError(
        "Błąd serwera (awaria symulowana).", detail_en="Server error (simulated outage)."
    )


# --- the facility and the phone ------------------------------------------------------------


def no_show_too_early(start: datetime) -> errors.Conflict:
    when = timefmt.when(start)
    return errors.Conflict(
        f"Wizyta jeszcze się nie odbyła ({when}) – nieobecność odnotowuje się po jej terminie.",
        detail_en=f"The visit has not taken place yet ({timefmt.when(start, 'en')}): a no-show"
        " is recorded after its time.",
    )


def follow_up_at_facility(facility: str) -> errors.BookAtFacility:
    return errors.BookAtFacility(
        f"To wizyta kontrolna umówiona przez placówkę ({facility}): jej termin zmienisz tylko"
        " w placówce, osobiście lub telefonicznie. Na IKP możesz ją odwołać.",
        detail_en=f"This is a follow-up visit booked by the facility ({facility}): its time is"
        " changed only at the facility, in person or by phone. You can cancel it on IKP.",
    )


def no_patient() -> errors.NotFound:
    return errors.NotFound(
        "Nie ma pacjenta o tym numerze PESEL.", detail_en="No patient has this PESEL."
    )


def unknown_phone() -> errors.NotFound:
    return errors.NotFound(
        "Ten numer telefonu nie należy do żadnego pacjenta.",
        detail_en="This phone number belongs to no patient.",
    )


# --- the facility's registration desk --------------------------------------------------------
def wrong_staff_credentials() -> errors.InvalidCredentials:
    return errors.InvalidCredentials(
        "Błędny login lub hasło rejestracji.", detail_en="Wrong desk login or password."
    )


def not_offered_here(service: str) -> errors.NotFound:
    return errors.NotFound(
        f"Ta placówka nie udziela świadczenia „{service}”.",
        detail_en=f"This facility does not provide the service “{service}”.",
    )


def no_priority_rights() -> errors.NotEligible:
    return errors.NotEligible(
        "Poza kolejnością przyjmuje się tylko pacjentów z takim uprawnieniem (np. honorowych "
        "dawców krwi, inwalidów wojennych); ten pacjent go nie ma.",
        detail_en="Only patients with the right to care out of turn (honorary blood donors,"
        " war invalids, …) are booked out of turn; this patient has no such right.",
        reason="no-priority-rights",
    )


def attend_too_early(start: datetime) -> errors.Conflict:
    return errors.Conflict(
        f"Obecność potwierdza się w dniu wizyty ({timefmt.when(start)}).",
        detail_en=f"Attendance is confirmed on the visit's day ({timefmt.when(start, 'en')}).",
    )


def day_past(day: date) -> errors.ValidationFailed:
    return errors.ValidationFailed(
        f"Dzień {day.isoformat()} już minął.", detail_en=f"The day {day.isoformat()} is past."
    )


def not_a_working_day(day: date) -> errors.ValidationFailed:
    return errors.ValidationFailed(
        f"{day.isoformat()} to dzień wolny od pracy: placówka nie przyjmuje.",
        detail_en=f"{day.isoformat()} is not a working day: the facility is closed.",
    )


def invalid_pesel(exc: PeselError) -> errors.InvalidPesel:
    return errors.InvalidPesel(str(exc), detail_en=exc.said("en"), reason=exc.reason)


def no_visit_number(number: str) -> errors.NotFound:
    return errors.NotFound(
        f"W tej placówce nie ma wizyty nr {number}.",
        detail_en=f"This facility has no visit number {number}.",
    )


def patient_has_booking() -> errors.AlreadyBooked:
    """The desk's words: the patient holds a visit or a waiting-room place for the service
    (which and where is hers to say, not another facility's to read)."""
    return errors.AlreadyBooked(
        "Pacjent ma już wizytę albo miejsce w poczekalni na to świadczenie (jedna rezerwacja "
        "na świadczenie). Może ją zmienić lub odwołać na IKP albo w placówce, w której ją ma.",
        detail_en="The patient already holds a visit or a waiting-room place for this service"
        " (one booking a service). She can change or cancel it on IKP or where she holds it.",
    )


def dates_reversed() -> errors.ValidationFailed:
    return errors.ValidationFailed(
        "Data końcowa jest wcześniejsza niż początkowa.",
        detail_en="The end date is before the start date.",
    )
