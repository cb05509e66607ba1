"""How contract values read to a person, in the UI language: statuses, dates, places.

Shared by the headless commands and the TUI. No Textual import here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from pydantic import ValidationError

from .api import timefmt
from .api.models import (
    Accessibility,
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    CancelledBy,
    Channel,
    Contact,
    DemoPatient,
    DeskVisit,
    Facility,
    OpeningHours,
    Referral,
    ReferralStatus,
    SearchCriteria,
    Service,
    ServiceKind,
    WaitlistEntry,
    WaitlistOutlook,
    WaitlistStatus,
    refusal_text,
)
from .api.names import VOIVODESHIPS
from .i18n import MESSAGES, t


def invalid(exc: ValidationError, lang: str, names: Mapping[str, str] | None = None) -> str:
    """Why a contract model refused what was given, in the UI language (see
    `api.models.refusal_text`). With `names` (a field to what the person typed it as: a
    command's option), each error says which one it is about; a contract rule's own
    sentence says it already."""
    said = []
    for error in exc.errors():
        text = refusal_text(error, lang)
        field = ".".join(str(part) for part in error.get("loc", ()) if isinstance(part, str))
        own_words = bool((error.get("ctx") or {}).get("en"))
        if names is not None and field and not own_words:
            text = f"{names.get(field, field)}: {text}"
        said.append(text)
    return " ".join(said)


def when(moment: datetime, lang: str = "pl") -> str:
    return timefmt.when(moment, lang)


def day(value: date, lang: str = "pl") -> str:
    return timefmt.day(value, lang)


def service_name(service: Service, lang: str = "pl") -> str:
    return service.name_en if lang == "en" else service.name


def in_language(polish: str, english: str | None, lang: str) -> str:
    """A backend's text in the UI language: its optional English (the contract's `*_en`
    fields), or the Polish it always gives when there is none."""
    return (english or polish) if lang == "en" else polish


def booked_service(item: Appointment | WaitlistEntry, lang: str = "pl") -> str:
    """The service of a visit or a waiting-room entry, by name in the UI language."""
    return in_language(item.service_name, item.service_name_en, lang)


def demo_description(patient: DemoPatient, lang: str = "pl") -> str:
    """What a demo patient is there to show, in the UI language."""
    return in_language(patient.description, patient.description_en, lang)


def service_kind(kind: ServiceKind, lang: str = "pl") -> str:
    return t(f"kind_{kind.value}", lang)


def referral_status(referral: Referral, lang: str = "pl") -> str:
    """'niewykorzystane', 'w użyciu: ER/2026/000123', 'zrealizowane', 'nieważne od …'."""
    match referral.status:
        case ReferralStatus.BOOKED if referral.appointment_number:
            return t("referral_booked_visit", lang, number=referral.appointment_number)
        case ReferralStatus.BOOKED:
            return t("referral_booked_waiting", lang)
        case ReferralStatus.EXPIRED if referral.valid_until:
            return t("referral_expired_on", lang, day=referral.valid_until.strftime("%d.%m.%Y"))
    return t(f"referral_{referral.status.value}", lang)


def urgency(referral: Referral, lang: str = "pl") -> str:
    return t(f"urgency_{referral.urgency.value}", lang)


def referral_line(referral: Referral, lang: str = "pl") -> str:
    """One e-referral as a picker shows it: code, urgency, the doctor and the date."""
    issued = referral.issued_on.strftime("%d.%m.%Y")
    return t(
        "referral_line",
        lang,
        code=referral.code,
        urgency=urgency(referral, lang),
        doctor=referral.issued_by,
        issued=issued,
    )


def appointment_status(appt: Appointment, lang: str = "pl") -> str:
    if appt.status is AppointmentStatus.CANCELLED and appt.cancelled_by is CancelledBy.FACILITY:
        return t("cancelled_by_facility", lang)
    return t(f"status_{appt.status.value}", lang)


def history(appt: Appointment, lang: str = "pl") -> str:
    """The visit's history, a line an event: the backend's words in Polish (the contract's
    language), the UI's own by the event's kind in English."""
    lines = []
    for event in appt.history:
        detail = event.detail
        if lang == "en":
            kind = event.kind
            if kind == "cancelled" and appt.cancelled_by is CancelledBy.FACILITY:
                kind = "cancelled_by_facility"
            detail = t(f"event_{kind}", lang) if f"event_{kind}" in MESSAGES else detail
        by = f" {t('acted_by', lang, name=event.actor)}" if event.actor else ""
        if event.staff:
            by = f" {t('acted_by_staff', lang, name=event.staff)}"
        lines.append(f"{when(event.at, lang)}: {detail}{by}")
    return "\n".join(lines)


def appointment_source(source: AppointmentSource, lang: str = "pl") -> str:
    return t(f"source_{source.value}", lang)


def waitlist_status(status: WaitlistStatus, lang: str = "pl") -> str:
    return t(f"wstatus_{status.value}", lang)


def channel(value: Channel, lang: str = "pl") -> str:
    return t(f"channel_{value.value}", lang)


def distance(km: float | None, lang: str = "pl") -> str:
    if km is None:
        return ""
    text = f"{km:.1f}".replace(".", ",") if lang == "pl" else f"{km:.1f}"
    return t("km", lang, km=text)


WEEKDAYS = {
    "pl": ("pn", "wt", "śr", "cz", "pt", "sb", "nd"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def likely_range(outlook: WaitlistOutlook) -> str:
    """'04.12.2026 – 07.02.2027': the likely dates, for a table's cell."""
    return f"{outlook.likely_from:%d.%m.%Y} – {outlook.likely_to:%d.%m.%Y}"


def outlook_text(outlook: WaitlistOutlook, lang: str = "pl") -> str:
    """How a predicted date is made, in words: place, rate, likely range, deadline."""
    from babel.numbers import format_decimal

    text = t(
        "outlook_text",
        lang,
        position=outlook.position,
        rate=format_decimal(outlook.rate_per_week, "0.##", locale="en" if lang == "en" else "pl"),
        likely_from=timefmt.day(outlook.likely_from, lang),
        likely_to=timefmt.day(outlook.likely_to, lang),
        predicted=timefmt.day(outlook.predicted_date, lang),
        deadline=timefmt.day(outlook.deadline, lang),
    )
    if outlook.likely_to > outlook.deadline:
        text += " " + t("outlook_past_deadline", lang, deadline=timefmt.day(outlook.deadline, lang))
    return text


def opening_hours(hours: list[OpeningHours], lang: str = "pl") -> str:
    """'pn–pt 7:00–18:00', or 'pn, śr 7:00–15:00; wt, cz, pt 8:00–16:00' when days differ;
    '' when the backend gives none."""
    names = WEEKDAYS["en" if lang == "en" else "pl"]
    spans: dict[tuple[str, str], list[int]] = {}
    for h in hours:
        span = (f"{h.opens.hour}:{h.opens.minute:02d}", f"{h.closes.hour}:{h.closes.minute:02d}")
        spans.setdefault(span, []).append(h.weekday)
    parts = []
    for (opens, closes), days in spans.items():
        runs: list[list[int]] = []
        for d in sorted(days):
            if runs and d == runs[-1][-1] + 1:
                runs[-1].append(d)
            else:
                runs.append([d])
        text = ", ".join(  # three days or more in a row read as a range
            f"{names[r[0] - 1]}–{names[r[-1] - 1]}"
            if len(r) > 2
            else ", ".join(names[d - 1] for d in r)
            for r in runs
        )
        parts.append(f"{text} {opens}–{closes}")
    return "; ".join(parts)


def accessibility(acc: Accessibility, lang: str = "pl") -> str:
    """'toaleta, podjazd, winda', or 'brak' when the facility reports none."""
    have = [t(f"acc_{k}", lang) for k, v in acc.model_dump().items() if v]
    return ", ".join(have) or t("none", lang)


def facility_lines(f: Facility, lang: str = "pl", offered: str | None = None) -> list[str]:
    """A facility as Placówki and `erej facilities` show it, a line each: the name and the
    distance; the address and the phone; the opening hours; the accessibility; and, given
    `offered`, the services it offers."""
    a = f.address
    first = f"{f.name} · {distance(f.distance_km, lang)}" if f.distance_km is not None else f.name
    lines = [
        first,
        f"{a.street}, {a.postal_code} {a.locality} · {t('phone_short', lang)} {f.phone}",
    ]
    hours = opening_hours(f.opening_hours, lang)
    if hours:
        lines.append(f"{t('opening_hours', lang)}: {hours}")
    lines.append(f"{t('accessibility', lang)}: {accessibility(f.accessibility, lang)}")
    if offered is not None:
        lines.append(f"{t('services_offered', lang)}: {offered}")
    return lines


def desk_source(visit: DeskVisit, lang: str = "pl") -> str:
    """How a visit in the desk's schedule was booked: online, from the waiting room, at the
    desk in person or by phone, or as a follow-up."""
    if visit.follow_up:
        return t("desk_via_follow_up", lang)
    if visit.booked_via is not None:
        return t(f"desk_via_{visit.booked_via.value}", lang)
    return appointment_source(visit.source, lang)


def eligibility_note(service: Service, lang: str = "pl", reasons: bool = True) -> str:
    """Why a service cannot be booked now and from when; or what booking it needs.

    `reasons` False: the backend gives no eligibility reasons (it does not offer
    `Capability.ELIGIBILITY_REASONS`), so the booking itself is what tells."""
    # A visit or a waiting-room place already held comes first, as a booking is refused:
    # the referral it used is no longer "unused", but that is not why.
    if service.active_appointment_id:
        number = service.active_appointment_number or ""
        return t("active_visit", lang, number=number).strip()
    if service.active_waitlist_id:
        return t("active_waitlist", lang)
    verdict = service.eligibility
    if not verdict.eligible:
        return (verdict.detail if reasons else None) or t("not_bookable_now", lang)
    if service.requires_referral:
        return t("needs_referral", lang)
    return "" if reasons else t("checked_at_booking", lang)


def confirmation_targets(contact: Contact, lang: str = "pl") -> str:
    """'SMS +48 601 234 567, e-mail anna@example.pl', or '' when nothing is chosen."""
    parts = []
    if Channel.SMS in contact.channels and contact.phone:
        parts.append(f"{channel(Channel.SMS, lang)} {contact.phone}")
    if Channel.EMAIL in contact.channels and contact.email:
        parts.append(f"{channel(Channel.EMAIL, lang)} {contact.email}")
    return ", ".join(parts)


def place(criteria: SearchCriteria, locality_name: str | None, lang: str = "pl") -> str:
    if criteria.locality_id is not None and criteria.radius_km:
        return t("within", lang, km=criteria.radius_km, place=locality_name or criteria.locality_id)
    if criteria.locality_id is not None:
        return locality_name or str(criteria.locality_id)
    if criteria.voivodeship:
        return f"{t('voivodeship', lang).lower()} {VOIVODESHIPS[criteria.voivodeship]}"
    return t("whole_country", lang)


def criteria_text(
    criteria: SearchCriteria,
    locality_name: str | None,
    lang: str = "pl",
    facility_name: str | None = None,
) -> str:
    parts = [place(criteria, locality_name, lang)]
    if criteria.date_from or criteria.date_to:
        start = timefmt.short_day(criteria.date_from, lang) if criteria.date_from else "…"
        end = timefmt.short_day(criteria.date_to, lang) if criteria.date_to else "…"
        parts.append(f"{start} – {end}")
    if criteria.hour_from or criteria.hour_to:
        start = criteria.hour_from.strftime("%H:%M") if criteria.hour_from else "…"
        end = criteria.hour_to.strftime("%H:%M") if criteria.hour_to else "…"
        parts.append(f"{start}–{end}")
    if criteria.facility_id:
        parts.append(facility_name or f"{t('facility', lang).lower()} #{criteria.facility_id}")
    return ", ".join(parts)
