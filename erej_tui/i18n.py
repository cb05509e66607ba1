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
    # --- children's accounts (IKP "Konta Twoich dzieci")
    "account": ("Konto", "Account"),
    "child_account_of": (
        "konto dziecka – działa opiekun: {guardian}",
        "a child's account, opened by the guardian {guardian}",
    ),
    "born": ("Data urodzenia", "Born"),
    "no_children": (
        "Nie masz kont dzieci (rodzic lub opiekun prawny dziecka poniżej 18 lat).",
        "You have no children's accounts (a parent or legal guardian of a child under 18).",
    ),
    "acted_by": ("Przez opiekuna: {name}.", "By the guardian {name}."),
    "acted_by_staff": ("Rejestracja placówki: {name}.", "The facility's desk: {name}."),
    "for_needs_login_command": (
        "--for dotyczy poleceń po zalogowaniu, nie „erej {command}”.",
        "--for applies to commands after logging in, not 'erej {command}'.",
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
    "referrals_title": ("E-skierowania", "E-referrals"),
    "code": ("Kod", "Code"),
    "issued": ("Wystawione", "Issued"),
    "issued_by": ("Lekarz", "Doctor"),
    "urgency": ("Kategoria", "Category"),
    "urgency_pilny": ("pilny", "urgent"),
    "urgency_stabilny": ("stabilny", "stable"),
    "referral_unused": ("niewykorzystane", "unused"),
    "referral_booked_visit": ("wizyta {number}", "visit {number}"),
    "referral_booked_waiting": ("w poczekalni", "in the waiting room"),
    "referral_realised": ("zrealizowane", "used"),
    "referral_expired": ("nieważne", "expired"),
    "referral_expired_on": ("ważne do {day}", "valid until {day}"),
    "referral_line": (
        "{code} · {urgency} · {doctor}, {issued}",
        "{code} · {urgency} · {doctor}, {issued}",
    ),
    "referral_pick": (
        "Twoje niewykorzystane e-skierowania – wybierz jedno albo wpisz kod:",
        "Your unused e-referrals: pick one or type a code:",
    ),
    "no_referrals": ("Nie masz e-skierowań.", "You have no e-referrals."),
    "checked_at_booking": (
        "uprawnienia sprawdzi serwer przy rezerwacji",
        "the server checks eligibility when you book",
    ),
    "not_bookable_now": ("nie można teraz umówić", "cannot be booked now"),
    "active_visit": ("umówiona wizyta {number}", "booked visit {number}"),
    "active_waitlist": ("w poczekalni", "in the waiting room"),
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
    "opening_hours": ("Godziny otwarcia", "Opening hours"),
    "phone_short": ("tel.", "phone"),
    "services_offered": ("Świadczenia", "Services"),
    "no_facilities": (
        "Żadna placówka w tym obszarze nie przyjmuje zapisów na to świadczenie.",
        "No facility in this area takes bookings for this service.",
    ),
    "closed_on_holidays": (
        "W dni ustawowo wolne od pracy placówki są nieczynne.",
        "Facilities are closed on public holidays.",
    ),
    "more_facilities": (
        "Pokazano {shown} z {total} placówek: --limit 0 pokaże wszystkie.",
        "Showing {shown} of {total} facilities: --limit 0 shows them all.",
    ),
    "radius_needs_near": (
        "--radius to odległość od miejscowości: podaj ją w --near.",
        "--radius is a distance from a locality: give it with --near.",
    ),
    "limit_negative": ("--limit nie może być ujemny.", "--limit cannot be negative."),
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
    "confirm_reschedule": (
        "Przenieść wizytę nr {number} ({when}) na termin nr {slot}? Obecny termin trafi do "
        "innej osoby. [t/N] ",
        "Move visit {number} ({when}) to slot {slot}? The present slot will go to someone "
        "else. [y/N] ",
    ),
    "reschedule_aborted": ("Nie zmieniono terminu wizyty.", "The visit was not moved."),
    "confirm_leave": (
        "Wypisać się z poczekalni ({service})? Miejsce w kolejce przepadnie. [t/N] ",
        "Leave the waiting room ({service})? Your place in the queue will be lost. [y/N] ",
    ),
    "leave_aborted": ("Nie wypisano z poczekalni.", "You stay in the waiting room."),
    "needs_yes": (
        "„erej {command}” wymaga Twojego potwierdzenia, a nie ma terminala, w którym można "
        "o nie zapytać. Dodaj --yes, aby potwierdzić.",
        "“erej {command}” needs your confirmation, and there is no terminal to ask in. "
        "Pass --yes to confirm.",
    ),
    "bad_visit_number": (
        "„{text}” nie jest numerem wizyty. Podaj numer, np. ER/2026/000123 (erej visits "
        "pokazuje numery).",
        "“{text}” is not a visit number. Give the number, e.g. ER/2026/000123 (erej visits "
        "shows them).",
    ),
    "no_such_visit": (
        "Nie masz wizyty o numerze {text}.",
        "You have no visit numbered {text}.",
    ),
    "no_waitlist_entry": (
        "Nie czekasz w poczekalni na świadczenie „{text}”.",
        "You are not in the waiting room for “{text}”.",
    ),
    "no_localities": (
        "Nie znaleziono miejscowości „{text}”. Sprawdź pisownię (polskie znaki można pominąć).",
        "No locality found for “{text}”. Check the spelling (Polish letters are optional).",
    ),
    "needs_terminal": (
        "Interfejs erej potrzebuje terminala, a standardowe wejście lub wyjście nim nie "
        "jest. W skryptach użyj podkomendy: {commands} (erej --help opisuje każdą).",
        "The erej interface needs a terminal, and standard input or output is not one. In "
        "scripts use a subcommand: {commands} (erej --help describes each).",
    ),
    "confirmation_to": ("Potwierdzenie wyślemy: {where}.", "Confirmation goes to: {where}."),
    "no_channels": (
        "Nie masz wybranego kanału powiadomień – ustaw go: erej contact.",
        "You have no notification channel: set one with erej contact.",
    ),
    "status": ("Status", "Status"),
    "status_booked": ("umówiona", "booked"),
    "status_cancelled": ("odwołana", "cancelled"),
    "status_completed": ("odbyta", "done"),
    "status_no-show": ("nieobecność", "no-show"),
    "no_show_note": (
        "Placówka odnotowała Twoją nieobecność: termin przepadł. E-skierowanie, jeśli było, "
        "pozostaje ważne – możesz umówić nowy termin.",
        "The facility recorded that you did not come: the term is lost. An e-referral, if "
        "there was one, stays valid: you can book a new date.",
    ),
    "number": ("Numer", "Number"),
    "referral": ("E-skierowanie", "E-referral"),
    "source": ("Sposób rezerwacji", "Booked"),
    "source_desk": ("w rejestracji placówki", "at the facility's desk"),
    # --- the desk (erej desk …)
    "desk_not_logged_in": (
        "Rejestracja nie jest zalogowana. Zaloguj się: erej desk login --login LOGIN",
        "The desk is not logged in. Log in: erej desk login --login LOGIN",
    ),
    "desk_logged_in": ("Zalogowano: {name}, {facility}.", "Logged in: {name}, {facility}."),
    "desk_bad_times": (
        "Godziny podaj jak 8:00,8:20 (nie „{text}”).",
        "Give the times as 8:00,8:20 (not “{text}”).",
    ),
    "desk_booked": ("Zapisano: wizyta nr {number}, {when}.", "Booked: visit {number}, {when}."),
    "desk_attended": ("Wizyta nr {number} się odbyła.", "Visit {number} took place."),
    "desk_no_show_done": (
        "Odnotowano nieobecność na wizycie nr {number}.",
        "The no-show at visit {number} is recorded.",
    ),
    "desk_cancelled": (
        "Odwołano wizytę nr {number}; pacjent dostał powód, termin trafi do poczekalni.",
        "Visit {number} cancelled; the patient got the reason, the slot goes to the waiting room.",
    ),
    "desk_day_cancelled": (
        "Odwołano wizyt: {visits}; zamknięto wolnych terminów: {closed}. Pacjenci dostali powód.",
        "Visits cancelled: {visits}; free slots closed: {closed}. The patients got the reason.",
    ),
    "desk_published": (
        "Opublikowano terminów: {count}; z poczekalni przydzielono: {assigned}.",
        "Slots published: {count}; assigned from the waiting room: {assigned}.",
    ),
    "desk_confirm_no_show": (
        "Odnotować nieobecność na wizycie {visit}? Termin przepadnie. [t/N] ",
        "Record a no-show at visit {visit}? The term is lost. [y/N] ",
    ),
    "desk_confirm_cancel": (
        "Odwołać wizytę {visit}? Pacjent dostanie powód. [t/N] ",
        "Cancel visit {visit}? The patient gets the reason. [y/N] ",
    ),
    "desk_confirm_cancel_day": (
        "Odwołać wszystkie wizyty dnia {day} i zamknąć jego terminy? [t/N] ",
        "Cancel every visit of {day} and close its slots? [y/N] ",
    ),
    "desk_aborted": ("Nic nie zmieniono.", "Nothing changed."),
    "desk_facility_login": ("Placówka", "Facility"),
    "desk_login_title": ("Rejestracja w placówce", "The facility's desk"),
    "desk_demo_title": (
        "Rejestracje demo (hasło demo) – naciśnij literę:",
        "Demo desks (password demo) – press a letter:",
    ),
    "demo_desk": ("rejestracja demo", "demo desk"),
    "desk_login_placeholder": ("np. rej103", "e.g. rej103"),
    "desk_login_empty": ("Podaj login i hasło.", "Give the login and the password."),
    "desk_schedule_title": ("Terminarz", "Schedule"),
    "desk_header": ("Rejestracja: {name}", "Desk: {name}"),
    "desk_prev_day": ("Dzień wcześniej", "Day before"),
    "desk_next_day": ("Dzień później", "Day after"),
    "desk_book_short": ("Zapisz", "Book"),
    "desk_attend_short": ("Obecny", "Came"),
    "desk_no_show_short": ("Nieobecny", "No-show"),
    "desk_cancel_short": ("Odwołaj", "Cancel"),
    "desk_day_line": (
        "{day} (← →: inny dzień): terminów {count}, wolnych {free}, odwołanych wizyt {cancelled}",
        "{day} (← →: another day): {count} slots, {free} free, {cancelled} visits cancelled",
    ),
    "desk_no_slots": (
        "Tego dnia placówka nie ma terminów (← →: inny dzień).",
        "The facility has no slots this day (← →: another day).",
    ),
    "desk_pick_free": (
        "Wybierz wolny termin, aby zapisać pacjenta.",
        "Pick a free slot to book a patient.",
    ),
    "desk_pick_visit": ("Wybierz termin z wizytą.", "Pick a slot with a visit."),
    "desk_ask_no_show": (
        "Odnotować nieobecność na wizycie {visit}? Termin przepadnie, e-skierowanie wróci do "
        "pacjenta.",
        "Record a no-show at visit {visit}? The term is lost; the e-referral goes back to the "
        "patient.",
    ),
    "desk_booked_short": ("Zapisano: wizyta nr {number}.", "Booked: visit {number}."),
    "desk_book_title": ("Zapisz pacjenta", "Book a patient"),
    "desk_via": ("Zgłoszenie", "Asked"),
    "desk_book_button": ("Zapisz", "Book"),
    "desk_unused_referrals": ("Niewykorzystane e-skierowania", "Unused e-referrals"),
    "desk_reason_title": (
        "Odwołanie wizyty {number}: powód (pacjent go dostanie)",
        "Cancelling visit {number}: the reason (the patient is told it)",
    ),
    "desk_reason_short": (
        "Podaj powód (co najmniej 3 znaki).",
        "Give a reason (3 letters or more).",
    ),
    "desk_reason": ("Powód", "Reason"),
    "desk_send": ("Wyślij", "Send"),
    "desk_out_of_turn_short": ("Poza kolejnością", "Out of turn"),
    "desk_out_of_turn_title": (
        "Poza kolejnością (uprawnieni): najwcześniejszy termin w ciągu 7 dni roboczych",
        "Out of turn (patients with the right): the earliest term within 7 working days",
    ),
    "desk_service_short": ("Świadczenie", "Service"),
    "desk_cancel_day_title": (
        "Odwołanie dnia {day} (nieobecność lekarza): powód dla pacjentów",
        "Cancelling {day} (a doctor's absence): the reason for the patients",
    ),
    "desk_cancel_day_short": ("Odwołaj dzień", "Cancel the day"),
    "desk_publish_title": ("Grafik: nowe terminy", "Schedule: new slots"),
    "desk_publish_short": ("Grafik", "New slots"),
    "desk_same_day": ("ten sam dzień", "the same day"),
    "desk_times": ("Godziny", "Times"),
    "desk_follow_up_title": ("Wizyta kontrolna", "Follow-up visit"),
    "desk_follow_up_short": ("Kontrolna", "Follow-up"),
    "desk_day": ("Dzień", "Day"),
    "desk_contact_title": (
        "Dane kontaktowe podane w placówce",
        "Contact data given at the facility",
    ),
    "desk_contact_short": ("Dane kontaktowe", "Contact data"),
    "desk_contact_saved": (
        "Zapisano dane kontaktowe: {name}. Wiadomości pójdą na nowe dane.",
        "Contact data saved: {name}. Messages go to the new data.",
    ),
    "desk_keys_hint": (
        "s świadczenie · u poza kolejnością · d odwołaj dzień · f kontrolna · c kontakt",
        "s service · u out of turn · d cancel the day · f follow-up · c contact data",
    ),
    "desk_time": ("Godz.", "Time"),
    "desk_state": ("Stan", "State"),
    "desk_visit": ("Wizyta", "Visit"),
    "desk_patient": ("Pacjent", "Patient"),
    "desk_how": ("Zapis", "Booked"),
    "desk_login": ("Login", "Login"),
    "desk_day_caption": ("{day}: terminów {count}", "{day}: {count} slots"),
    "desk_state_free": ("wolny", "free"),
    "desk_state_taken": ("zajęty", "taken"),
    "desk_state_closed": ("zamknięty", "closed"),
    "desk_state_booked": ("zarezerwowany", "booked"),
    "desk_state_completed": ("odbyła się", "took place"),
    "desk_state_no-show": ("nieobecność", "no-show"),
    "desk_state_cancelled": ("odwołana", "cancelled"),
    "desk_via_in-person": ("w rejestracji, osobiście", "at the desk, in person"),
    "desk_via_phone": ("w rejestracji, telefonicznie", "at the desk, by phone"),
    "desk_via_follow_up": ("kontrolna (placówka)", "follow-up (facility)"),
    "source_patient": ("przez pacjenta", "by the patient"),
    "source_waitlist": ("przydzielona z poczekalni", "assigned from the waiting room"),
    "source_facility": ("przez placówkę", "by the facility"),
    "follow_up": ("wizyta kontrolna", "follow-up visit"),
    "follow_up_short": ("kontrolna", "follow-up"),
    "follow_up_note": (
        "Wizytę kontrolną umówiła placówka: możesz ją odwołać, a termin zmienisz w placówce.",
        "The facility booked this follow-up visit: you can cancel it; its time is changed at"
        " the facility.",
    ),
    "history": ("Historia", "History"),
    # A visit's history by the event's kind, for a backend whose words are not in the UI's
    # language (the Polish UI shows the backend's own, fuller words).
    "event_booked": ("Zarezerwowano przez pacjenta.", "Booked by the patient."),
    "event_assigned": (
        "Przydzielona automatycznie z poczekalni.",
        "Assigned automatically from the waiting room.",
    ),
    "event_rescheduled": ("Zmieniono termin.", "The date was changed."),
    "event_cancelled": ("Odwołana przez pacjenta.", "Cancelled by the patient."),
    "event_cancelled_by_facility": ("Odwołana przez placówkę.", "Cancelled by the facility."),
    "event_completed": ("Wizyta się odbyła.", "The visit took place."),
    "event_no-show": (
        "Placówka odnotowała nieobecność. Termin przepadł.",
        "The facility recorded a no-show. The term is lost.",
    ),
    "event_follow-up": (
        "Wizyta kontrolna umówiona przez placówkę.",
        "A follow-up visit booked by the facility.",
    ),
    "no_visits": ("Nie masz zaplanowanych wizyt.", "You have no planned visits."),
    "cancelled_by_facility": ("odwołana przez placówkę", "cancelled by the facility"),
    # --- waiting room
    "waitlist_joined": (
        "Zapisano do poczekalni: {service}. Miejsce w kolejce: {position}, prognozowany "
        "termin: {predicted}. Szukamy do {expires}.",
        "Joined the waiting room: {service}. Position: {position}, predicted date: "
        "{predicted}. Searching until {expires}.",
    ),
    "waitlist_left": ("Wypisano z poczekalni: {service}.", "Left the waiting room: {service}."),
    "position": ("Miejsce", "Position"),
    "predicted": ("Prognozowany termin", "Predicted date"),
    "forecast": ("Prognoza", "Forecast"),
    "search_until": ("Szukamy do", "Until"),
    "likely": ("Prawdopodobnie", "Likely"),
    "outlook_text": (
        "Miejsce w kolejce: {position}. W ostatnich 4 tygodniach pasujące terminy (zwolnione"
        " i nowe) pojawiały się tu w tempie {rate} na tydzień. Najpewniej termin znajdzie się"
        " między {likely_from} a {likely_to} (prognoza: {predicted}); szukamy do {deadline}.",
        "Place in the queue: {position}. In the last 4 weeks, fitting slots (freed or new)"
        " appeared here at {rate} a week. Most likely a slot comes between {likely_from} and"
        " {likely_to} (forecast: {predicted}); we search until {deadline}.",
    ),
    "joined_past_deadline": (
        "Wolny termin najpewniej pojawi się między {likely_from} a {likely_to}; część tego"
        " zakresu wypada po {deadline}: wpis może się zakończyć bez terminu.",
        "A slot most likely comes between {likely_from} and {likely_to}; part of that range"
        " falls after {deadline}: the entry may end without a slot.",
    ),
    "outlook_past_deadline": (
        "Część tego zakresu wypada po {deadline}: wpis może się zakończyć bez terminu.",
        "Part of that range falls after {deadline}: the entry may end without a slot.",
    ),
    "outlook_chart": (
        "Terminy zwolnione lub nowe w tygodniu · pasmo: prawdopodobny termin · │ dziś, prognoza,"
        " koniec",
        "Slots freed or new each week · band: likely date · │ today, forecast, end",
    ),
    "outlook_range": (
        "Najpewniej termin znajdzie się między {likely_from} a {likely_to}.",
        "Most likely a slot comes between {likely_from} and {likely_to}.",
    ),
    "today": ("dziś", "today"),
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
    "lang_code": ("pl", "en"),
    "web_starting": ("Uruchamianie…", "Starting…"),
    "web_start": ("Uruchom", "Start"),
    "web_ended": ("Sesja zakończona.", "Session ended."),
    "web_restart": ("Zacznij od nowa", "Start again"),
    "demo_only_embedded": (
        "Lista pacjentów demo jest dostępna dla wbudowanego serwera albo dla serwera "
        "erej-mock --demo z jego tokenem (--admin-token).",
        "Demo patients are listed by the embedded backend, or by an erej-mock --demo server "
        "given its token (--admin-token).",
    ),
    "admin_token_refused": (
        "Serwer nie przyjął tokenu sterowania demem (admin_token): sterowanie demem jest "
        "niedostępne.",
        "The server did not accept the demo controls' token (admin_token): the demo "
        "controls are not available.",
    ),
    "password": ("Hasło", "Password"),
    "description": ("Opis", "Description"),
    # --- TUI: navigation and bindings
    "app_title": ("erej · Centralna e-Rejestracja", "erej · Central e-Registration"),
    "back": ("Wróć", "Back"),
    "quit": ("Wyjdź", "Quit"),
    "logout": ("Wyloguj", "Log out"),
    "commands": ("Polecenia", "Commands"),
    "down": ("W dół", "Down"),
    "previous": ("Poprzedni", "Previous"),
    "up": ("W górę", "Up"),
    "retry_hint": ("{keys} ponawia próbę.", "{keys} tries again."),
    "try_again_later": ("Spróbuj ponownie za chwilę.", "Try again in a moment."),
    "retry": ("Ponów", "Try again"),
    # --- TUI: login
    "login_title": ("Zaloguj się", "Log in"),
    "login_button": ("Zaloguj", "Log in"),
    "pesel_placeholder": ("11 cyfr", "11 digits"),
    "password_placeholder": ("hasło", "password"),
    "demo_patients": (
        "Pacjenci demo – litera (a–{last}) loguje od razu:",
        "Demo patients: a letter (a–{last}) logs in at once:",
    ),
    "demo_patient": ("pacjent demo", "demo patient"),
    "backend_starting": ("Uruchamianie wbudowanego serwera…", "Starting the embedded backend…"),
    "backend_seeding": (
        "Pierwsze uruchomienie: generowanie danych…",
        "First run: generating data…",
    ),
    "backend_connecting": ("Łączenie z serwerem {url}…", "Connecting to {url}…"),
    "reconnect": ("Połącz ponownie", "Reconnect"),
    "backend_not_ready": (
        "Serwer jeszcze się uruchamia – chwileczkę.",
        "The backend is still starting: one moment.",
    ),
    "logging_in": ("Logowanie…", "Logging in…"),
    "session_expired_tui": (
        "Sesja wygasła – zaloguj się ponownie.",
        "Your session has expired: log in again.",
    ),
    "session_store_failed": (
        "Nie udało się zapamiętać sesji na tym komputerze ({error}).",
        "Could not keep the session on this computer ({error}).",
    ),
    "session_read_failed": (
        "Nie udało się odczytać zapisanej sesji ({error}) – zaloguj się.",
        "Could not read the saved session ({error}): log in.",
    ),
    "session_delete_failed": (
        "Nie udało się usunąć zapisanej sesji z tego komputera ({error}).",
        "Could not delete the saved session from this computer ({error}).",
    ),
    # --- TUI: Plan leczenia
    "plan_title": ("Plan leczenia", "Treatment plan"),
    "children_accounts": ("Konta Twoich dzieci", "Your children's accounts"),
    "app_short": ("erej", "erej"),
    "children_hint": ("K – otwórz konto dziecka", "K opens a child's account"),
    "child_account_line": (
        "Konto dziecka · działa opiekun: {guardian} · K – wróć na swoje konto",
        "A child's account · the guardian {guardian} acts · K returns to yours",
    ),
    "child_header": (
        "konto dziecka: {child} · opiekun: {guardian}",
        "child: {child} · guardian: {guardian}",
    ),
    "children_choose": ("Czyje konto otworzyć?", "Whose account to open?"),
    "own_account": ("Moje konto: {name}", "My account: {name}"),
    "open_child_account": ("Konto dziecka: {name}", "Child's account: {name}"),
    "switch_account": ("Konta dzieci", "Children"),
    "back_to_own_account": ("Wróć na swoje konto", "Back to my account"),
    "cmd_children_help": (
        "Konta Twoich dzieci: działaj w imieniu dziecka",
        "Your children's accounts: act for a child",
    ),
    "opened_child_account": ("Otwarto konto dziecka: {name}.", "Opened {name}'s account."),
    "back_on_own_account": ("Otwarto Twoje konto: {name}.", "Your own account is open: {name}."),
    "child_contact_note": (
        "Wiadomości o wizytach dziecka idą na dane kontaktowe opiekuna ({guardian}) – zmienisz je"
        " na swoim koncie.",
        "Messages about the child's visits go to the guardian's contact data ({guardian}): change"
        " them on your own account.",
    ),
    "for_in_app": (
        "--for dotyczy poleceń; w aplikacji konto dziecka otwiera klawisz K w Planie leczenia.",
        "--for is for commands; in the app, K on the treatment plan opens a child's account.",
    ),
    "registration": ("Rejestracja", "Registration"),
    "visits_short": ("Wizyty", "Visits"),
    "waitlist_short": ("Poczekalnia", "Queue"),
    "notifications_short": ("Powiadomienia", "Messages"),
    "account_short": ("Konto", "Account"),
    "planned_visits": ("Zaplanowane wizyty", "Planned visits"),
    "waiting_room": ("Poczekalnia", "Waiting room"),
    "latest_notifications": ("Najnowsze powiadomienia", "Latest notifications"),
    "position_short": ("miejsce {position}", "position {position}"),
    "predicted_short": ("prognoza: {date}", "forecast: {date}"),
    # --- TUI: Rejestracja
    "book_visit": ("Umów wizytę", "Book a visit"),
    "book_screening": ("Umów badanie profilaktyczne", "Book a screening"),
    "stage_2_clinics": (
        "Poradnie drugiego etapu e-rejestracji (z e-skierowaniem)",
        "Clinics of the e-registration's second stage (with an e-referral)",
    ),
    "you_can_book": ("Możesz umówić", "You can book"),
    "has_active_visit": (
        "Masz już umówioną wizytę na to świadczenie. Zmienisz ją w „Zaplanowane wizyty”.",
        "You already have a visit for this service. Change it in “Planned visits”.",
    ),
    "has_active_waitlist": (
        "Czekasz już w poczekalni na to świadczenie.",
        "You are already in the waiting room for this service.",
    ),
    "register_at_facility": ("Zapisz się w placówce.", "Register at the facility."),
    "join_waitlist_short": ("Do poczekalni", "Join queue"),
    "facilities_title": ("Placówki", "Facilities"),
    "facilities_short": ("Placówki", "Facilities"),
    "cmd_facilities_help": (
        "Placówki przyjmujące zapisy: adres, telefon, godziny otwarcia, dostępność",
        "Facilities that take bookings: address, phone, opening hours, accessibility",
    ),
    "all_services": ("Wszystkie świadczenia", "All services"),
    "facilities_where": (
        "Wpisz miejscowość, aby zobaczyć placówki w pobliżu.",
        "Type a locality to see the facilities near it.",
    ),
    "facilities_count": (
        "Placówek w obszarze: {count}. Enter: wolne terminy wybranej.",
        "Facilities in the area: {count}. Enter: the highlighted one's free slots.",
    ),
    "facilities_to_call": (
        "Placówek w obszarze: {count}. Zadzwoń albo przyjdź do wybranej.",
        "Facilities in the area: {count}. Call or visit the one you choose.",
    ),
    "facilities_nearest": (
        "Na liście {count} najbliższych.",
        "Listed: the nearest {count}.",
    ),
    "facilities_pick_service": (
        "Wybierz świadczenie, aby zobaczyć wolne terminy tej placówki.",
        "Choose a service to see this facility's free slots.",
    ),
    "priority_call": (
        "Masz uprawnienia do świadczeń poza kolejnością – zapisz się w placówce, osobiście "
        "lub telefonicznie. Oto placówki w pobliżu z numerami telefonów.",
        "You have the right to care out of turn: register at the facility, in person or by "
        "phone. Here are the facilities nearby with their phone numbers.",
    ),
    "priority_list_key": (
        "Placówki w pobliżu i ich telefony: l.",
        "Facilities nearby and their phones: l.",
    ),
    "priority_advice": (
        "Masz uprawnienia do świadczeń poza kolejnością – zapisz się w placówce, osobiście "
        "lub telefonicznie.",
        "You have the right to care out of turn: register at the facility, in person or by phone.",
    ),
    # --- TUI: e-referral
    "referral_title": ("Kod e-skierowania", "E-referral code"),
    "referral_help": (
        "Podaj 4-cyfrowy kod dostępu z e-skierowania na to świadczenie.",
        "Enter the 4-digit access code of your e-referral for this service.",
    ),
    "referral_format": ("Kod ma 4 cyfry.", "The code has 4 digits."),
    "next": ("Dalej", "Next"),
    "checking": ("Sprawdzanie…", "Checking…"),
    # --- TUI: Miejsce i termin
    "search_title": ("Miejsce i termin", "Place and time"),
    "radius": ("Zasięg", "Distance"),
    "whole_voivodeship": ("całe województwo", "whole voivodeship"),
    "date_from": ("Od dnia", "From"),
    "date_to": ("Do dnia", "To"),
    "hours": ("Godziny", "Hours"),
    "hour_from_ph": ("od GG:MM", "from HH:MM"),
    "hour_to_ph": ("do GG:MM", "to HH:MM"),
    "any_facility": ("Dowolna placówka", "Any facility"),
    "search_button": ("Szukaj terminów", "Find slots"),
    "search": ("Szukaj", "Search"),
    "locality_placeholder": ("np. Kraków (polskie znaki niekonieczne)", "e.g. Kraków"),
    "choose_locality": (
        "Wybierz miejscowość z podpowiedzi.",
        "Choose a locality from the suggestions.",
    ),
    "bad_date_field": ("{field}: podaj datę RRRR-MM-DD.", "{field}: enter a date YYYY-MM-DD."),
    "date_from_past": (
        "Data początkowa nie może być w przeszłości: najwcześniej {today}.",
        "The start date cannot be in the past: {today} at the earliest.",
    ),
    "bad_hour_field": ("{field}: podaj godzinę GG:MM.", "{field}: enter a time HH:MM."),
    "leaflet_tip": (
        "Wskazówka: wybierz w kryteriach lokalizację, nie konkretną placówkę – dzięki temu "
        "znajdziesz szybszy termin.",
        "Tip: choose a location, not a particular facility: you will find an earlier date.",
    ),
    # --- TUI: Wybierz termin
    "slots_title": ("Wybierz termin", "Choose a slot"),
    "weekday_date": ("Dzień", "Day"),
    "time": ("Godz.", "Time"),
    "refresh": ("Odśwież", "Refresh"),
    "calendar": ("Kalendarz", "Calendar"),
    "no_fitting_slot": (
        "Brak wolnych terminów spełniających kryteria.",
        "No free slot matches your criteria.",
    ),
    "join_waitlist": ("Zapisz się do poczekalni", "Join the waiting room"),
    "waitlist_offer_beyond": (
        "W poczekalni będziesz na miejscu {position}, ale prognozowany termin, {predicted}, "
        "wypada po końcu wybranego przez Ciebie zakresu dat ({end}). Poczekalnia przydzieli "
        "tylko termin z Twojego zakresu, więc może go nie znaleźć. Możesz rozszerzyć zakres "
        "albo zapisać się mimo to; szukamy do {expires}.",
        "You would be at position {position}, but the predicted date, {predicted}, falls after "
        "the end of your date range ({end}). The waiting room books only a slot within your "
        "range, so it may find none. You may widen the range or join anyway; we search until "
        "{expires}.",
    ),
    "widen_range": ("Rozszerz zakres do {date}", "Widen the range to {date}"),
    "waitlist_offer": (
        "W poczekalni będziesz na miejscu {position}. Prognozowany termin: {predicted}. "
        "Gdy pojawi się wolny termin, przydzielimy go automatycznie i powiadomimy Cię. "
        "Szukamy do {expires}.",
        "You would be at position {position}. Predicted date: {predicted}. When a slot "
        "frees up it is booked for you automatically and you are notified. We search "
        "until {expires}.",
    ),
    "slot_taken_refreshed": (
        "Ten termin ktoś zarezerwował przed chwilą. Lista jest odświeżona – wybierz inny.",
        "Someone booked that slot a moment ago. The list is refreshed: choose another.",
    ),
    # --- TUI: Zatwierdź
    "confirm_title": ("Zatwierdź", "Confirm"),
    "confirm_button": ("Zatwierdź termin", "Confirm the slot"),
    "confirm": ("Zatwierdź", "Confirm"),
    "accessibility": ("Dostępność", "Accessibility"),
    "acc_toilet": ("toaleta", "toilet"),
    "acc_ramp": ("podjazd", "ramp"),
    "acc_car_park": ("parking", "car park"),
    "acc_elevator": ("winda", "lift"),
    "booking": ("Rezerwowanie…", "Booking…"),
    "saving": ("Zapisywanie…", "Saving…"),
    "confirmation_where": ("Potwierdzenie", "Confirmation"),
    # --- TUI: results
    "booked_title": ("Wizyta zarezerwowana", "Visit booked"),
    "booked_number": ("Numer wizyty: {number}", "Visit number: {number}"),
    "to_plan": ("Plan leczenia", "Treatment plan"),
    "joined_title": ("Zapisano do poczekalni", "Joined the waiting room"),
    "joined_text": (
        "{service}: miejsce w kolejce {position}, prognozowany termin {predicted}, "
        "szukamy do {expires}.",
        "{service}: position {position}, predicted date {predicted}, searching until {expires}.",
    ),
    # --- TUI: command palette
    "cmd_book": ("Umów: {service}", "Book: {service}"),
    "cmd_book_help": ("Rejestracja na to świadczenie", "Register for this service"),
    "cmd_plan_help": ("Wizyty, poczekalnia i powiadomienia", "Visits, waiting room, messages"),
    "cmd_registration_help": ("Umów wizytę lub badanie", "Book a visit or a screening"),
    "cmd_logout_help": ("Zakończ sesję", "End the session"),
    "cmd_theme": ("Motyw jasny/ciemny", "Light/dark theme"),
    "cmd_theme_help": ("Przełącz motyw", "Toggle the theme"),
    "palette_prompt": ("Szukaj polecenia…", "Search for commands…"),
    "palette_no_match": ("Nie znaleziono takiego polecenia", "No command matches"),
    "login_first": ("Najpierw się zaloguj.", "Log in first."),
    # --- TUI: visits, details, change and cancel
    "reminder_in_days": ("wizyta za {days} dni", "visit in {days} days"),
    "reminder_tomorrow": ("wizyta jutro", "visit tomorrow"),
    "visits_title": ("Zaplanowane wizyty", "Planned visits"),
    "show_past": ("Także minione", "Show past"),
    "details_title": ("Szczegóły", "Details"),
    "details": ("Szczegóły", "Details"),
    "change_date": ("Zmień termin", "Change date"),
    "cancel_visit": ("Odwołaj", "Cancel"),
    "add_to_calendar": ("Do kalendarza", "To calendar"),
    "calendar_saved": ("Zapisano plik kalendarza: {path}", "Calendar file saved: {path}"),
    "calendar_failed": ("Nie udało się zapisać pliku: {error}", "Could not save the file: {error}"),
    "cancel_question": (
        "Odwołać wizytę nr {number}?\n{service}, {when}.\n\nTermin trafi do innej osoby – "
        "najpierw do poczekalni.",
        "Cancel visit {number}?\n{service}, {when}.\n\nThe slot will go to someone else, "
        "the waiting room first.",
    ),
    "cancel_yes": ("Odwołaj wizytę", "Cancel the visit"),
    "cancel_no": ("Nie odwołuj", "Keep it"),
    "not_active_visit": (
        "Ta wizyta nie jest aktywna – nie można jej zmienić ani odwołać.",
        "This visit is not active: it cannot be changed or cancelled.",
    ),
    "reschedule_title": ("Zmień termin", "Change the date"),
    "reschedule_button": ("Zmień termin", "Change the date"),
    "rescheduled_title": ("Termin zmieniony", "Date changed"),
    "current_date": ("Obecny termin", "Current date"),
    "new_date": ("Nowy termin", "New date"),
    "reschedule_kept": (
        "Poprzedni termin zostaje do chwili, gdy nowy jest zarezerwowany.",
        "The current slot is kept until the new one is booked.",
    ),
    # --- TUI: waiting room, notifications, account
    "until": ("do {date}", "until {date}"),
    "ics_saved": ("Zapisano plik kalendarza: {path}", "Calendar file saved: {path}"),
    "leave_queue": ("Wypisz się", "Leave"),
    "leave_question": (
        "Wypisać się z poczekalni ({service})? Stracisz miejsce w kolejce.",
        "Leave the waiting room ({service})? You lose your place in the queue.",
    ),
    "leave_yes": ("Wypisz mnie", "Leave"),
    "leave_no": ("Zostaję", "Stay"),
    "discard_question": (
        "Zmiany danych kontaktowych nie są zapisane. Wyjść bez zapisywania?",
        "Your contact changes are not saved. Leave without saving?",
    ),
    "discard_yes": ("Wyjdź bez zapisu", "Leave unsaved"),
    "no_channel_question": (
        "Nie wybrano ani SMS, ani e-maila: nie dostaniesz potwierdzeń rezerwacji, "
        "przypomnień o wizytach ani wiadomości z poczekalni. Zapisać mimo to?",
        "Neither SMS nor e-mail is chosen: no booking confirmation, visit reminder or "
        "waiting-room message will reach you. Save anyway?",
    ),
    "no_channel_yes": ("Zapisz bez powiadomień", "Save without messages"),
    "no_channel_no": ("Wróć do formularza", "Back to the form"),
    "no_channel_kept": (
        "Nie zapisano: zaznacz SMS lub e-mail.",
        "Not saved: tick SMS or e-mail.",
    ),
    "discard_no": ("Wróć do formularza", "Back to the form"),
    "assigned_visit": ("przydzielona wizyta {number}", "assigned visit {number}"),
    "notifications_title": ("Powiadomienia", "Notifications"),
    "new": ("nowe", "new"),
    "account_title": ("Moje konto", "My account"),
    "save": ("Zapisz", "Save"),
    "channel_choice": ("Wysyłaj powiadomienia:", "Send notifications by:"),
    "saved_contact": ("Zapisano dane kontaktowe.", "Contact data saved."),
    "help": ("Pomoc", "Help"),
    "help_keys": ("Klawisze", "Keys"),
    # Textual's own description of a drop-down's Escape (its Select), as a catalogue key.
    "Dismiss menu": ("Zamknij listę", "Close the list"),
    "help_keymap": ("Mapa klawiszy (identyfikatory)", "Keymap (binding ids)"),
    # What each screen is for and what comes next (F1), by the screen's class.
    "about_LoginScreen": (
        "Logowanie do Centralnej e-Rejestracji: wpisz PESEL i hasło (na serwerze demo litera "
        "przy pacjencie z listy loguje go od razu). Potem: Plan leczenia.",
        "Log in to Centralna e-Rejestracja: type your PESEL and password (on the demo "
        "backend the letter by a listed patient logs them in at once). Next: the treatment "
        "plan.",
    ),
    "about_HomeScreen": (
        "Plan leczenia: Twoje wizyty, miejsca w poczekalni i najnowsze wiadomości. Stąd "
        "Rejestracja (umów wizytę lub badanie), lista wizyt, poczekalnia, powiadomienia, konto "
        "i placówki (l).",
        "The treatment plan: your visits, waiting-room places and the newest messages. From "
        "here: booking, your visits, the waiting room, messages, your account and the "
        "facilities (l).",
    ),
    "about_RegistrationScreen": (
        "Rejestracja: świadczenia, które możesz umówić, a przy pozostałych – dlaczego nie i od "
        "kiedy. Wybierz świadczenie; potem miejsce i termin.",
        "Booking: the services you may book and, for the others, why not and from when. "
        "Choose one; next come the place and the dates.",
    ),
    "about_DeskLoginScreen": (
        "Rejestracja w placówce: zaloguj się loginem i hasłem rejestracji jednej placówki "
        "(na backendzie demo litera wybiera rejestrację z listy). Dalej: Terminarz.",
        "The facility's desk: log in with one facility's desk login and password (on a demo "
        "backend a letter picks a desk from the list). Next: the schedule.",
    ),
    "about_ScheduleScreen": (
        "Terminarz placówki na jeden dzień: wolne terminy i wizyty z pacjentem, "
        "e-skierowaniem i sposobem zapisu. Zapisz pacjenta na wolny termin, potwierdź "
        "obecność, odwołaj wizytę lub dzień, opublikuj terminy.",
        "One day of the facility's schedule: free slots and visits with the patient, the "
        "e-referral and how each was booked. Book a patient into a free slot, record "
        "attendance, cancel a visit or the day, publish slots.",
    ),
    "about_FacilitiesScreen": (
        "Placówki przyjmujące zapisy: adres, telefon, odległość, godziny otwarcia i "
        "dostępność. Wybierz świadczenie i miejscowość; Enter pokaże wolne terminy placówki.",
        "Facilities that take bookings: address, phone, distance, opening hours and "
        "accessibility. Choose a service and a locality; Enter lists the facility's free slots.",
    ),
    "about_ReferralScreen": (
        "Kod e-skierowania: 4 cyfry z e-skierowania od lekarza. Potem miejsce i termin.",
        "The e-referral code: the 4 digits of your doctor's e-referral. Next: place and dates.",
    ),
    "about_SearchScreen": (
        "Miejsce i termin: miejscowość z odległością albo województwo, daty i godziny. "
        "Wyszukanie pokaże wolne terminy, najwcześniejsze pierwsze.",
        "Place and dates: a locality with a distance or a voivodeship, dates and hours. "
        "Searching lists the free slots, the earliest first.",
    ),
    "about_SlotsScreen": (
        "Wybierz termin: wolne terminy, najwcześniejsze pierwsze. Wybrany termin trzeba "
        "jeszcze zatwierdzić; gdy nic nie pasuje, możesz zapisać się do poczekalni.",
        "Choose a slot: free slots, the earliest first. The one you pick is confirmed next; "
        "when none fits, you may join the waiting room.",
    ),
    "about_ConfirmScreen": (
        "Zatwierdź: wszystko o wizycie przed rezerwacją. Zatwierdzenie rezerwuje termin i daje "
        "numer wizyty; ponowienie po błędzie nie zarezerwuje dwa razy.",
        "Confirm: everything about the visit before booking it. Confirming books the slot and "
        "gives the visit's number; trying again after an error never books twice.",
    ),
    "about_DoneScreen": (
        "Gotowe: numer wizyty albo miejsce w poczekalni. Potwierdzenie przyjdzie SMS-em lub "
        "e-mailem. Dalej: Plan leczenia.",
        "Done: the visit's number or your place in the waiting room. The confirmation comes "
        "by SMS or e-mail. Next: the treatment plan.",
    ),
    "about_VisitsScreen": (
        "Zaplanowane wizyty, najbliższe pierwsze. Wybierz wizytę, by zobaczyć szczegóły, "
        "zmienić termin, odwołać ją lub dodać do kalendarza.",
        "Your planned visits, the nearest first. Open one to see its details, move it, "
        "cancel it or add it to your calendar.",
    ),
    "about_DetailsScreen": (
        "Szczegóły wizyty: placówka, termin, skierowanie i historia. Możesz zmienić termin, "
        "odwołać wizytę (termin trafi do innej osoby) albo dodać ją do kalendarza.",
        "A visit's details: facility, date, referral and history. You may move it, cancel it "
        "(the slot goes to someone else) or add it to your calendar.",
    ),
    "about_WaitlistScreen": (
        "Poczekalnia: miejsca w kolejce i prognozowane terminy. Gdy zwolni się pasujący termin, "
        "system go przydzieli i powiadomi Cię.",
        "The waiting room: your places in the queue and predicted dates. When a fitting slot "
        "frees up, the system books it for you and tells you.",
    ),
    "about_NotificationsScreen": (
        "Powiadomienia: wiadomości SMS i e-mail wysłane przez system, najnowsze pierwsze.",
        "Messages: the SMS and e-mail messages the system sent, the newest first.",
    ),
    "about_AccountScreen": (
        "Moje konto: telefon, e-mail i kanały powiadomień. Na nie trafiają potwierdzenia i "
        "przypomnienia – dbaj, by były aktualne.",
        "My account: phone, e-mail and notification channels. Confirmations and reminders go "
        "there: keep them current.",
    ),
    "about_DemoScreen": (
        "Sterowanie demem: przesuwanie zegara, ruch innych pacjentów, awarie serwera, powrót "
        "do stanu początkowego.",
        "Demo controls: move the clock, other patients' traffic, backend faults, reset.",
    ),
    "help_hint": (
        "Każdy klawisz można zmienić w pliku konfiguracji, w tabeli [keymap] (id = klawisze).",
        "Any key can be rebound in the config file, in its [keymap] table (id = keys).",
    ),
    "key": ("Klawisz", "Key"),
    "where": ("Ekran", "Screen"),
    "action": ("Działanie", "Action"),
    "script_ok": (
        "OK    {name} ({steps} kroków, {seconds:.1f} s)",
        "OK    {name} ({steps} steps, {seconds:.1f} s)",
    ),
    "script_failed": (
        "BŁĄD  {name}: krok {number} ({step}): {message}. Zrzut ekranu: {shot}",
        "FAIL  {name}: step {number} ({step}): {message}. Screenshot: {shot}",
    ),
    "script_no_text": (
        "po {seconds:g} s nie ma na ekranie tekstu „{text}”",
        "no text “{text}” on screen after {seconds:g} s",
    ),
    "script_wrong_screen": (
        "po {seconds:g} s ekran to {screen}, nie {wanted}",
        "after {seconds:g} s the screen is {screen}, not {wanted}",
    ),
    "script_expected": ("brak oczekiwanego tekstu „{text}”", "expected text missing: “{text}”"),
    "script_unexpected": (
        "na ekranie jest tekst, którego miało nie być: „{text}”",
        "text that must not be there is on screen: “{text}”",
    ),
    "script_backend": ("serwer się nie uruchomił", "the backend did not start"),
    "token_refused": (
        "Serwer nie przyjął tego tokenu – sprawdź go i spróbuj ponownie.",
        "The server did not accept this token: check it and try again.",
    ),
    "token_empty": (
        "Pusty token – podaj go na standardowym wejściu.",
        "Empty token: give it on standard input.",
    ),
    "script_no_desk": (
        "ten serwer nie obsługuje rejestracji w placówce (np. przez FHIR)",
        "this backend offers no registration desk (over FHIR, say)",
    ),
    "script_backend_kind": (
        "scenariusze działają na świeżym serwerze wbudowanym: --backend embedded"
        " albo fhir+embedded.",
        "scenarios run on a fresh embedded backend: --backend embedded or fhir+embedded.",
    ),
    "script_summary": ("{ok} z {total} scenariuszy przeszło.", "{ok} of {total} scenarios passed."),
    "demo": ("Demo", "Demo"),
    "demo_title": ("Sterowanie demem", "Demo controls"),
    "demo_clock_hour": ("Zegar: +1 godzina", "Clock: +1 hour"),
    "demo_clock_day": ("Zegar: +1 dzień", "Clock: +1 day"),
    "demo_clock_week": ("Zegar: +7 dni", "Clock: +7 days"),
    "demo_release": (
        "Inny pacjent odwołuje termin pasujący do poczekalni",
        "Another patient cancels a slot the waiting room wants",
    ),
    "demo_publish": ("Placówki publikują nowe terminy", "Facilities publish new slots"),
    "demo_sms_reply": (
        "Pacjent odpowiada ODWOŁAJ na ostatnie przypomnienie SMS",
        "The patient replies ODWOŁAJ to the last reminder SMS",
    ),
    "demo_no_show": (
        "Placówka: pacjent nie przyszedł na ostatnią wizytę",
        "Facility: the patient missed the latest visit",
    ),
    "demo_follow_up": (
        "Placówka umawia wizytę kontrolną",
        "Facility books a follow-up visit",
    ),
    "demo_no_phone": (
        "To konto nie ma numeru telefonu – nie ma skąd odpowiedzieć.",
        "This account has no phone number to reply from.",
    ),
    "demo_sms_cancelled": (
        "Odpowiedź SMS odwołała wizytę {number}.",
        "The SMS reply cancelled visit {number}.",
    ),
    "demo_sms_answered": ("System odpowiedział SMS-em: {reply}", "The system replied: {reply}"),
    "demo_no_past_visit": (
        "Żadna wizyta tego konta jeszcze się nie zaczęła – przesuń zegar za jej termin.",
        "No visit of this account has begun yet: move the clock past one.",
    ),
    "demo_no_show_done": (
        "Placówka odnotowała nieobecność na wizycie {number}: termin przepadł.",
        "The facility recorded a no-show for visit {number}: the term is lost.",
    ),
    "demo_follow_up_done": (
        "Placówka umówiła wizytę kontrolną {number}: {when}.",
        "The facility booked follow-up visit {number}: {when}.",
    ),
    "demo_slow": ("Awaria: wolny serwer (3 s)", "Fault: slow backend (3 s)"),
    "demo_error": ("Awaria: błąd 503", "Fault: 503 error"),
    "demo_drop": ("Awaria: zerwane połączenia", "Fault: dropped connections"),
    "demo_malformed": ("Awaria: odpowiedzi w złym formacie", "Fault: malformed answers"),
    "demo_faults_off": ("Wyłącz awarie", "Faults off"),
    "demo_reset": ("Przywróć stan początkowy", "Reset to the seed"),
    "demo_clock_now": ("Zegar serwera: {when}", "Backend clock: {when}"),
    "demo_queue_empty": ("Nikt nie czeka w poczekalni.", "Nobody is in the waiting room."),
    "demo_released": (
        "Inny pacjent odwołał wizytę – termin z poczekalni przydzielono pacjentowi: {patient}.",
        "Another patient cancelled: {patient} got the slot from the waiting room.",
    ),
    "demo_released_free": ("Termin zwolniony.", "Slot freed."),
    "demo_published": (
        "Opublikowano {count} terminów; z poczekalni przydzielono {assigned}.",
        "Published {count} slots; {assigned} assigned from the waiting room.",
    ),
    "demo_slow_on": ("Awaria włączona: wolny serwer.", "Fault on: slow backend."),
    "demo_error_on": ("Awaria włączona: błąd 503.", "Fault on: 503 errors."),
    "demo_drop_on": ("Awaria włączona: zrywane połączenia.", "Fault on: dropped connections."),
    "demo_malformed_on": (
        "Awaria włączona: odpowiedzi w złym formacie.",
        "Fault on: malformed answers.",
    ),
    "demo_faults_cleared": ("Awarie wyłączone.", "Faults off."),
    "demo_reset_done": (
        "Przywrócono stan początkowy danych – zaloguj się ponownie.",
        "Data reset to the seed: log in again.",
    ),
    "live_update": ("Nowe powiadomienie", "New notification"),
    # A backend that does not offer a part of CeR (RegistrationAPI.capabilities).
    "not_offered_waiting-room": (
        "Ten serwer nie prowadzi poczekalni.",
        "This backend has no waiting room.",
    ),
    "not_offered_notifications": (
        "Ten serwer nie udostępnia powiadomień.",
        "This backend offers no notifications.",
    ),
    "not_offered_referrals": (
        "Ten serwer nie pokazuje listy e-skierowań – podaj kod przy rezerwacji.",
        "This backend does not list e-referrals: give the code when you book.",
    ),
    "not_offered_children": (
        "Ten serwer nie udostępnia kont dzieci.",
        "This backend offers no children's accounts.",
    ),
    "not_offered_contact-data": (
        "Ten serwer nie przechowuje danych kontaktowych.",
        "This backend keeps no contact data.",
    ),
    # A toast's line for each kind of message (the whole text is in Powiadomienia).
    "news_booked": ("Potwierdzono rezerwację.", "Booking confirmed."),
    "news_rescheduled": ("Potwierdzono zmianę terminu.", "Change of date confirmed."),
    "news_cancelled": ("Potwierdzono odwołanie wizyty.", "Cancellation confirmed."),
    "news_cancelled-by-facility": ("Placówka odwołała wizytę.", "The facility cancelled a visit."),
    "news_waitlist-joined": ("Zapisano do poczekalni.", "Joined the waiting room."),
    "news_waitlist-assigned": (
        "Przydzielono termin z poczekalni.",
        "A date was assigned from the waiting room.",
    ),
    "news_waitlist-expired": ("Koniec oczekiwania w poczekalni.", "Waiting-room entry ended."),
    "news_waitlist-left": ("Wypisano z poczekalni.", "Left the waiting room."),
    "news_reminder-7d": ("Przypomnienie o wizycie za tydzień.", "Reminder: a visit in a week."),
    "news_reminder-1d": ("Przypomnienie o wizycie.", "Reminder: a visit soon."),
    "visit_cancelled_by_facility": (
        "Placówka odwołała tę wizytę. Termin możesz umówić ponownie w Rejestracji.",
        "The facility has cancelled this visit. You can book again in Rejestracja.",
    ),
    # --- the slot calendar
    "free_slots.one": ("{n} wolny termin", "{n} free slot"),
    "free_slots.few": ("{n} wolne terminy", "{n} free slots"),
    "free_slots.many": ("{n} wolnych terminów", "{n} free slots"),
    "free_slots.other": ("{n} wolnego terminu", "{n} free slots"),
    "day_free": ("{day}: {count}, od {earliest}", "{day}: {count}, from {earliest}"),
    "day_none": ("{day}: brak wolnych terminów", "{day}: no free slots"),
    "day_outside": ("{day}: poza wybranym zakresem dat", "{day}: outside the chosen dates"),
    "day_past": ("{day}: dzień już minął", "{day}: this day has passed"),
    "legend": (
        "· brak  ░ 1-2  ▒ 3-9  █ 10+  * święto",
        "· none  ░ 1-2  ▒ 3-9  █ 10+  * holiday",
    ),
    "calendar_narrowed": (
        "Tylko {day}. Esc: wszystkie dni.",
        "Only {day}. Esc: every day.",
    ),
    "calendar_narrowed_none": (
        "Brak wolnych terminów {day}. Esc: wszystkie dni.",
        "No free slots on {day}. Esc: every day.",
    ),
    # --- errors
    "error": ("Błąd", "Error"),
}


def counted(key: str, n: int, lang: str = "pl") -> str:
    """`key` with the number `n` in the plural form the language gives it (CLDR): '1 wolny
    termin', '3 wolne terminy', '5 wolnych terminów'."""
    from babel import Locale

    form = Locale.parse("en" if lang == "en" else "pl").plural_form(n)
    return t(f"{key}.{form}", lang, n=n)


def t(key: str, lang: str = "pl", **values: Any) -> str:
    pl, en = MESSAGES[key]
    text = en if lang == "en" and en else pl
    return text.format(**values) if values else text
