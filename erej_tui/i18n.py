"""The message catalogue: every user-facing string of the client, in Polish and English.

Polish is the default; labels follow the IKP leaflet and CER_RULES.md. `t("key", lang)`
returns the text; a missing English text falls back to Polish. No Textual import here.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # --- sessions
    "logged_in": ("Zalogowano jako {name}.", "Logged in as {name}."),
    "logged_out": ("Wylogowano.", "Logged out."),
    "not_logged_in_before": ("Nie było zapisanej sesji.", "There was no saved session."),
    "not_logged_in": (
        "Nie jesteś zalogowany. Zaloguj się: erej login --pesel TWÓJ_PESEL",
        "You are not logged in. Log in with: erej login --pesel YOUR_PESEL",
    ),
    "session_expired": (
        "Sesja wygasła. Zaloguj się ponownie: erej login --pesel {pesel}",
        "Your session has expired. Log in again: erej login --pesel {pesel}",
    ),
    "password_prompt": ("Hasło: ", "Password: "),
    "password_empty": ("Nie podano hasła.", "No password given."),
    "seeding": ("Przygotowanie danych", "Preparing data"),
    # --- whoami / contact
    "pesel": ("PESEL", "PESEL"),
    "name": ("Imię i nazwisko", "Name"),
    "phone": ("Telefon", "Phone"),
    "email": ("E-mail", "E-mail"),
    "channels": ("Powiadomienia", "Notifications"),
    "none": ("brak", "none"),
    "contact_updated": ("Zapisano dane kontaktowe.", "Contact data saved."),
    "keep_contact_current": (
        "Pamiętaj, by dane kontaktowe były aktualne – na nie wysyłamy potwierdzenia i "
        "przypomnienia.",
        "Keep your contact data current: confirmations and reminders go there.",
    ),
    "priority_rights": (
        "Masz uprawnienia do świadczeń poza kolejnością – zapisuj się w placówce.",
        "You have the right to care out of turn: register at the facility.",
    ),
    # --- catalogue
    "service": ("Świadczenie", "Service"),
    "kind": ("Rodzaj", "Kind"),
    "kind_visit": ("wizyta", "visit"),
    "kind_examination": ("badanie profilaktyczne", "screening"),
    "can_book": ("Możesz umówić?", "Can book?"),
    "yes": ("tak", "yes"),
    "no": ("nie", "no"),
    "notes": ("Uwagi", "Notes"),
    "needs_referral": ("wymaga e-skierowania", "needs an e-referral"),
    "active_visit": ("umówiona wizyta #{id}", "booked visit #{id}"),
    "active_waitlist": ("w poczekalni (#{id})", "in the waiting room (#{id})"),
    "eligible_from": ("od {date}", "from {date}"),
    "locality": ("Miejscowość", "Locality"),
    "voivodeship": ("Województwo", "Voivodeship"),
    "id": ("Nr", "No."),
    # --- slots
    "when": ("Termin", "When"),
    "facility": ("Placówka", "Facility"),
    "address": ("Adres", "Address"),
    "distance": ("Odległość", "Distance"),
    "km": ("{km} km", "{km} km"),
    "no_slots": (
        "Brak wolnych terminów dla tych kryteriów. Możesz zapisać się do poczekalni: "
        "erej waitlist join (te same kryteria).",
        "No free slots match. You can join the waiting room: erej waitlist join (same criteria).",
    ),
    "more_slots": ("Więcej terminów: dodaj --cursor {cursor}", "More slots: add --cursor {cursor}"),
    "location_tip": (
        "Wskazówka: szukaj według lokalizacji, nie konkretnej placówki – szybciej znajdziesz "
        "termin.",
        "Tip: search by location, not by a particular facility, to find an earlier date.",
    ),
    "unknown_service": (
        "Nie znam świadczenia „{text}”. Dostępne: {options}.",
        "Unknown service “{text}”. Available: {options}.",
    ),
    "ambiguous_service": (
        "„{text}” pasuje do kilku świadczeń: {options}. Doprecyzuj.",
        "“{text}” matches several services: {options}. Be more specific.",
    ),
    "unknown_locality": (
        "Nie znam miejscowości „{text}”.",
        "Unknown locality “{text}”.",
    ),
    "ambiguous_locality": (
        "„{text}” pasuje do kilku miejscowości: {options}. Podaj pełną nazwę.",
        "“{text}” matches several localities: {options}. Give the full name.",
    ),
    "unknown_voivodeship": (
        "Nie znam województwa „{text}” (podaj nazwę, np. śląskie, albo kod NFZ 01-16).",
        "Unknown voivodeship “{text}” (give a name such as śląskie or an NFZ code 01-16).",
    ),
    "bad_hours": (
        "Godziny podaj jako OD-DO, np. 8-12 albo 08:00-12:30.",
        "Give hours as FROM-TO, e.g. 8-12 or 08:00-12:30.",
    ),
    "bad_date": (
        "Datę podaj jako RRRR-MM-DD albo +N (za N dni), nie „{text}”.",
        "Give a date as YYYY-MM-DD or +N (in N days), not “{text}”.",
    ),
    # --- appointments
    "booked": ("Zarezerwowano wizytę nr {number}.", "Visit {number} booked."),
    "rescheduled": ("Zmieniono termin wizyty nr {number}.", "Visit {number} rescheduled."),
    "cancelled": (
        "Odwołano wizytę nr {number}. Termin trafi do innego pacjenta.",
        "Visit {number} cancelled. The slot goes to another patient.",
    ),
    "confirm_cancel": (
        "Odwołać wizytę nr {number} ({when})? Termin trafi do innej osoby. [t/N] ",
        "Cancel visit {number} ({when})? The slot will go to someone else. [y/N] ",
    ),
    "cancel_aborted": ("Nie odwołano wizyty.", "The visit was not cancelled."),
    "confirmation_to": ("Potwierdzenie wyślemy: {where}.", "Confirmation goes to: {where}."),
    "no_channels": (
        "Nie masz wybranego kanału powiadomień – ustaw go: erej contact.",
        "You have no notification channel: set one with erej contact.",
    ),
    "status": ("Status", "Status"),
    "status_booked": ("umówiona", "booked"),
    "status_cancelled": ("odwołana", "cancelled"),
    "status_completed": ("odbyta", "done"),
    "number": ("Numer", "Number"),
    "referral": ("E-skierowanie", "E-referral"),
    "source": ("Sposób rezerwacji", "Booked"),
    "source_patient": ("przez pacjenta", "by the patient"),
    "source_waitlist": ("przydzielona z poczekalni", "assigned from the waiting room"),
    "history": ("Historia", "History"),
    "no_visits": ("Nie masz zaplanowanych wizyt.", "You have no planned visits."),
    "cancelled_by_facility": ("odwołana przez placówkę", "cancelled by the facility"),
    # --- waiting room
    "waitlist_joined": (
        "Zapisano do poczekalni (#{id}). Miejsce w kolejce: {position}, prognozowany termin: "
        "{predicted}. Szukamy do {expires}.",
        "Joined the waiting room (#{id}). Position: {position}, predicted date: {predicted}. "
        "Searching until {expires}.",
    ),
    "waitlist_left": ("Wypisano z poczekalni (#{id}).", "Left the waiting room (#{id})."),
    "position": ("Miejsce", "Position"),
    "predicted": ("Prognozowany termin", "Predicted date"),
    "deadline": ("Szukamy do", "Searching until"),
    "criteria": ("Kryteria", "Criteria"),
    "wstatus_waiting": ("czeka", "waiting"),
    "wstatus_assigned": ("przydzielono termin", "slot assigned"),
    "wstatus_expired": ("wygasł", "expired"),
    "wstatus_left": ("wypisano", "left"),
    "no_waitlist": ("Nie czekasz w poczekalni.", "You are not in the waiting room."),
    "whole_country": ("cała Polska", "all of Poland"),
    "within": ("{km} km od: {place}", "within {km} km of {place}"),
    # --- notifications
    "sent_at": ("Wysłano", "Sent"),
    "channel": ("Kanał", "Channel"),
    "recipient": ("Do", "To"),
    "text": ("Treść", "Text"),
    "channel_sms": ("SMS", "SMS"),
    "channel_email": ("e-mail", "e-mail"),
    "no_notifications": ("Brak powiadomień.", "No notifications."),
    # --- demo
    "demo_only_embedded": (
        "Lista pacjentów demo jest dostępna tylko dla wbudowanego serwera (--backend embedded).",
        "Demo patients are listed only for the embedded backend (--backend embedded).",
    ),
    "password": ("Hasło", "Password"),
    "description": ("Opis", "Description"),
    # --- errors
    "error": ("Błąd", "Error"),
    "tui_not_ready": (
        "Interfejs tekstowy nie jest jeszcze dostępny – użyj podkomend (erej --help).",
        "The text interface is not available yet: use the subcommands (erej --help).",
    ),
}


def t(key: str, lang: str = "pl", **values: Any) -> str:
    pl, en = MESSAGES[key]
    text = en if lang == "en" and en else pl
    return text.format(**values) if values else text
