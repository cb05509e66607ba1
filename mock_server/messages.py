"""What the mock backend says to people: eligibility explanations and SMS / e-mail texts.

Eligibility and error details follow the request's Accept-Language (Polish by default);
SMS and e-mail messages are always Polish, as the national system sends them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from erej_tui.api import timefmt
from erej_tui.api.errors import ApiError
from erej_tui.api.models import Channel, IneligibilityReason, NotificationKind, Urgency

_INELIGIBLE = {
    IneligibilityReason.PRIORITY_REGISTRATION: (
        "Masz uprawnienia do świadczeń poza kolejnością – zapisz się bezpośrednio w placówce, "
        "osobiście lub telefonicznie.",
        "You have the right to care out of turn: register directly at the facility, in person "
        "or by phone.",
    ),
    IneligibilityReason.SEX: (
        "To badanie jest przeznaczone dla kobiet.",
        "This examination is for women.",
    ),
    IneligibilityReason.TOO_YOUNG: (
        "Program obejmuje osoby od {min_age} lat (liczy się rok urodzenia). "
        "Możesz się zapisać od {since}.",
        "The programme starts at age {min_age} (by year of birth). You can book from {since}.",
    ),
    IneligibilityReason.TOO_OLD: (
        "Program obejmuje osoby do {max_age} lat (liczy się rok urodzenia).",
        "The programme ends at age {max_age} (by year of birth).",
    ),
    IneligibilityReason.INTERVAL: (
        "Ostatnie badanie w programie: {test}, {last}. Kolejne przysługuje po {months} "
        "miesiącach, od {since}.",
        "Your last programme examination: {test} on {last}. The next one is due after "
        "{months} months, from {since}.",
    ),
    IneligibilityReason.NOT_YET_LIVE: (
        "To świadczenie będzie w centralnej e-rejestracji od {since}. Do tego dnia zapisz się "
        "bezpośrednio w placówce.",
        "This service joins the central e-registration on {since}. Until then, book directly "
        "at a facility.",
    ),
    IneligibilityReason.REFERRAL_REQUIRED: (
        "Na pierwszą wizytę potrzebne jest e-skierowanie – nie masz niewykorzystanego "
        "e-skierowania na to świadczenie.",
        "A first visit needs an e-referral: you have no unused e-referral for this service.",
    ),
}


def language(accept_language: str | None) -> str:
    """The language of an answer: English when the request asks for it, else Polish."""
    return "en" if accept_language and accept_language.strip().lower().startswith("en") else "pl"


def problem_answer(
    error: ApiError, path: str, accept_language: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """An error as a problem+json answer's document and headers, in the request's language,
    which Content-Language names (a client words a problem in another language itself)."""
    lang = language(accept_language)
    return error.document(instance=path, lang=lang), {"Content-Language": lang}


def load_names() -> None:
    """Load the month and weekday names of both languages now: babel reads them on first
    use (~20 ms a language), which would otherwise fall on the first patient to book."""
    for lang in ("pl", "en"):
        timefmt.when(datetime(2026, 1, 1, 12), lang)


def referral_used_up(code: str, lang: str = "pl") -> str:
    if lang == "en":
        return (
            f"Your e-referral {code} has been used already: a first visit needs a new "
            "e-referral from your doctor."
        )
    return (
        f"Twoje e-skierowanie {code} zostało już wykorzystane – na pierwszą wizytę potrzebne "
        "jest nowe e-skierowanie od lekarza."
    )


def ineligible(
    reason: IneligibilityReason, lang: str = "pl", since: date | None = None, **kw: object
) -> str:
    pl, en = _INELIGIBLE[reason]
    fmt = {k: timefmt.day(v, lang) if isinstance(v, date) else v for k, v in kw.items()}
    if since is not None:
        fmt["since"] = timefmt.day(since, lang)
    return (en if lang == "en" else pl).format(**fmt)


def _place(facility_name: str, street: str, locality: str) -> str:
    return f"{facility_name}, {street}, {locality}"


SUBJECTS = {
    NotificationKind.BOOKED: "Potwierdzenie rezerwacji",
    NotificationKind.RESCHEDULED: "Zmiana terminu wizyty",
    NotificationKind.CANCELLED: "Odwołanie wizyty",
    NotificationKind.CANCELLED_BY_FACILITY: "Placówka odwołała wizytę",
    NotificationKind.WAITLIST_JOINED: "Zapis do poczekalni",
    NotificationKind.WAITLIST_ASSIGNED: "Przydzielono termin z poczekalni",
    NotificationKind.WAITLIST_EXPIRED: "Koniec oczekiwania w poczekalni",
    NotificationKind.WAITLIST_LEFT: "Rezygnacja z poczekalni",
    NotificationKind.REMINDER_7D: "Przypomnienie o wizycie",
    NotificationKind.REMINDER_1D: "Przypomnienie o wizycie",
    NotificationKind.NO_SHOW: "Nieobecność na wizycie",
    NotificationKind.FOLLOW_UP_BOOKED: "Wizyta kontrolna",
    NotificationKind.SMS_REPLY: "Odpowiedź SMS",
}

CANCEL_WORD = "ODWOŁAJ"
"""What a patient replies to a reminder SMS to cancel the visit (diacritics optional)."""


def in_days(days: int) -> str:
    """'jutro', 'pojutrze', 'za 5 dni' (days >= 1)."""
    return {1: "jutro", 2: "pojutrze"}.get(days, f"za {days} dni")


def visit_text(
    kind: NotificationKind,
    *,
    service_name: str,
    start: datetime,
    facility_name: str,
    street: str,
    locality: str,
    number: str,
    old_start: datetime | None = None,
    sent_at: datetime | None = None,
    by_sms: bool = False,
    referral_code: str | None = None,
    reason: str | None = None,
) -> str:
    """The message about a visit; `by_sms`: the SMS's wording where it differs (a reminder
    says how to cancel by replying); `reason`: why the facility cancelled it."""
    when = timefmt.when(start)
    place = _place(facility_name, street, locality)
    match kind:
        case NotificationKind.BOOKED:
            return (
                f"Centralna e-Rejestracja: potwierdzamy rezerwację nr {number}: {service_name}, "
                f"{when}, {place}. Jeśli nie możesz przyjść, odwołaj wizytę na IKP."
            )
        case NotificationKind.WAITLIST_ASSIGNED:
            return (
                f"Centralna e-Rejestracja: z poczekalni przydzieliliśmy Ci termin nr {number}: "
                f"{service_name}, {when}, {place}. Jeśli termin Ci nie odpowiada, odwołaj go "
                "na IKP – trafi do kolejnej osoby."
            )
        case NotificationKind.RESCHEDULED:
            # "z 2 grudnia 2026 (środa), godz. 14:00 na ...": the service's name has its own
            # brackets, so it stands apart from the dates' ones.
            before = f"z {timefmt.moment(old_start)} " if old_start else ""
            return (
                f"Centralna e-Rejestracja: wizyta nr {number} – {service_name} – przeniesiona "
                f"{before}na {timefmt.moment(start)}, {place}."
            )
        case NotificationKind.CANCELLED:
            return (
                f"Centralna e-Rejestracja: odwołano wizytę nr {number}: {service_name}, {when}. "
                "Termin trafi do innego pacjenta. Dziękujemy."
            )
        case NotificationKind.CANCELLED_BY_FACILITY:
            why = f" Powód: {reason.rstrip('.')}." if reason else ""
            return (
                f"Centralna e-Rejestracja: placówka {facility_name} odwołała Twoją wizytę "
                f"nr {number}: {service_name}, {when}.{why} Umów nowy termin na IKP."
            )
        case NotificationKind.REMINDER_7D | NotificationKind.REMINDER_1D:
            # Reminders go out on working days: "za 3 dni" on the Friday before a Monday.
            days = (
                timefmt.to_warsaw(start).date() - timefmt.to_warsaw(sent_at or start).date()
            ).days
            how = (
                f"odpowiedz na tego SMS-a: {CANCEL_WORD} – albo odwołaj ją na IKP"
                if by_sms
                else "odwołaj ją na IKP"
            )
            return (
                f"Przypomnienie: {in_days(days)}, {when}, masz wizytę nr {number}: "
                f"{service_name}, {place}. Nie możesz przyjść? {how[0].upper()}{how[1:]}."
            )
        case NotificationKind.NO_SHOW:
            referral = (
                f" E-skierowanie {referral_code} pozostaje ważne – możesz umówić nowy termin."
                if referral_code
                else " Możesz umówić nowy termin."
            )
            return (
                f"Centralna e-Rejestracja: placówka {facility_name} odnotowała Twoją nieobecność "
                f"na wizycie nr {number}: {service_name}, {when}. Termin przepadł.{referral}"
            )
        case NotificationKind.FOLLOW_UP_BOOKED:
            return (
                f"Centralna e-Rejestracja: placówka umówiła Ci wizytę kontrolną nr {number}: "
                f"{service_name}, {when}, {place}. Możesz ją odwołać na IKP; termin zmienisz "
                "w placówce."
            )
    raise ValueError(f"not a visit notification: {kind}")


def sms_reply_text(outcome: str, number: str | None = None) -> str:
    """The system's SMS answer to a patient's reply: a cancellation is confirmed by the
    usual message, so only a reply that cancelled nothing gets one of these."""
    if outcome == "no-visit":
        return (
            "Centralna e-Rejestracja: nie znaleźliśmy umówionej wizyty"
            f"{f' nr {number}' if number else ''} do odwołania. Sprawdź wizyty na IKP."
        )
    return (
        f"Centralna e-Rejestracja: nie rozpoznaliśmy odpowiedzi. Aby odwołać wizytę, odpowiedz "
        f"na przypomnienie: {CANCEL_WORD} (albo {CANCEL_WORD} i numer wizyty)."
    )


URGENCY = {
    Urgency.URGENT: "Kategoria medyczna e-skierowania: pilny – przydzielamy przed stabilnymi. ",
    Urgency.STABLE: "Kategoria medyczna e-skierowania: stabilny. ",
}


def waitlist_text(
    kind: NotificationKind,
    *,
    service_name: str,
    predicted: date | None,
    expires: datetime,
    urgency: Urgency | None = None,
) -> str:
    match kind:
        case NotificationKind.WAITLIST_JOINED:
            forecast = f"Prognozowany termin: {timefmt.day(predicted)}. " if predicted else ""
            category = URGENCY[urgency] if urgency else ""
            return (
                f"Centralna e-Rejestracja: zapisano Cię do poczekalni – {service_name}. "
                f"{category}{forecast}Gdy pojawi się wolny termin, przydzielimy go i "
                f"powiadomimy Cię. Szukamy do {timefmt.day(expires.date())}."
            )
        case NotificationKind.WAITLIST_EXPIRED:
            return (
                f"Centralna e-Rejestracja: do {timefmt.day(expires.date())} nie znaleźliśmy "
                f"terminu ({service_name}). Wpis w poczekalni wygasł – możesz zapisać się ponownie."
            )
        case NotificationKind.WAITLIST_LEFT:
            return f"Centralna e-Rejestracja: wypisano Cię z poczekalni – {service_name}."
    raise ValueError(f"not a waiting-room notification: {kind}")


HISTORY = {
    "booked": "Zarezerwowano przez pacjenta (IKP).",
    "assigned": "Przydzielona automatycznie z poczekalni.",
    "rescheduled": "Zmieniono termin z {old} na {new}.",
    "cancelled": "Odwołana przez pacjenta. Termin wrócił do puli.",
    "cancelled_by_facility": "Odwołana przez placówkę.",
    "reminder": "Wysłano przypomnienie.",
    "completed": "Wizyta się odbyła.",
    "cancelled_by_sms": "Odwołana przez pacjenta odpowiedzią SMS. Termin wrócił do puli.",
    "no_show": "Placówka odnotowała nieobecność pacjenta. Termin przepadł.",
    "follow_up": "Wizyta kontrolna umówiona przez placówkę.",
    "desk_booked": "Zarezerwowano w rejestracji placówki ({via}).",
    "desk_out_of_turn": "Zarezerwowano w rejestracji placówki ({via}), poza kolejnością.",
    "desk_cancelled": "Odwołana przez placówkę. Powód: {reason}.",
    "desk_attended": "Placówka potwierdziła obecność pacjenta. Wizyta się odbyła.",
    "desk_contact": "Dane kontaktowe zmienione w rejestracji placówki.",
}
"""A visit's history, as IKP words it (the client shows its own words for each kind in
English; these details are the record's, in Polish)."""


BOOKED_VIA = {"in-person": "osobiście", "phone": "telefonicznie"}
"""How the patient asked the desk, in a visit's history."""


def about_child(name: str, body: str) -> str:
    """A message about a child's visit, sent to her guardian: whose visit it is first."""
    return f"Dotyczy dziecka: {name}. {body}"


def recipients(
    phone: str | None, email: str | None, channels: list[str]
) -> list[tuple[Channel, str]]:
    """Where a message goes: each chosen channel that has contact data behind it."""
    out: list[tuple[Channel, str]] = []
    if Channel.SMS in channels and phone:
        out.append((Channel.SMS, phone))
    if Channel.EMAIL in channels and email:
        out.append((Channel.EMAIL, email))
    return out
