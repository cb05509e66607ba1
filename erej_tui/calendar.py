"""Dodaj do kalendarza: a visit as an iCalendar (.ics) file, with alarms 7 days and 1 day
before, as the national system reminds, and the VTIMEZONE of Europe/Warsaw. icalendar
writes RFC 5545, which common calendar programs open. No Textual import here."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from .api.models import Appointment
from .api.timefmt import to_warsaw
from .formatting import booked_service
from .i18n import t

PRODID = "-//erej-tui//Centralna e-Rejestracja//PL"


def visit_calendar(appt: Appointment, lang: str = "pl", now: datetime | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{appt.number.replace('/', '-')}@erej-tui")
    event.add("dtstamp", to_warsaw(now or appt.created_at))
    event.add("dtstart", to_warsaw(appt.start))
    event.add("dtend", to_warsaw(appt.end))
    event.add("summary", f"{booked_service(appt, lang)} ({appt.number})")
    f = appt.facility
    event.add(
        "location", f"{f.name}, {f.address.street}, {f.address.postal_code} {f.address.locality}"
    )
    lines = [
        f"{t('number', lang)}: {appt.number}",
        f"{t('facility', lang)}: {f.name}",
        f"{t('phone', lang)}: {f.phone}",
    ]
    if appt.referral_code:
        lines.append(f"{t('referral', lang)}: {appt.referral_code}")
    event.add("description", "\n".join(lines))
    event.add("geo", (f.latitude, f.longitude))
    event.add("status", "CANCELLED" if appt.status == "cancelled" else "CONFIRMED")
    for days in (7, 1):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        reminder = (
            t("reminder_in_days", lang, days=days) if days > 1 else t("reminder_tomorrow", lang)
        )
        alarm.add("description", f"{booked_service(appt, lang)}: {reminder}")
        alarm.add("trigger", timedelta(days=-days))
        event.add_component(alarm)
    cal.add_component(event)
    # The times say TZID=Europe/Warsaw; a VTIMEZONE defines it for programs that do not
    # know the name (RFC 5545 3.6.5), built by icalendar from the zone's own rules.
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def export_visit(appt: Appointment, directory: Path, lang: str = "pl") -> Path:
    """Write the visit's .ics into `directory`; returns the file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"wizyta-{appt.number.replace('/', '-')}.ics"
    path.write_bytes(visit_calendar(appt, lang))
    return path


def default_directory() -> Path:
    from platformdirs import user_downloads_path

    return user_downloads_path()
