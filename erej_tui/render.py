"""Rich tables and panels for the headless commands' human output. No Textual import.

Printed by consoles without markup (see `commands.Output`): names and messages from the
backend are shown as written; styles are given as `Text` styles, not markup.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from . import formatting as fmt
from .api import timefmt
from .api.models import (
    Appointment,
    ChildAccount,
    DemoPatient,
    DemoStaff,
    DeskDay,
    DeskPatient,
    DeskVisit,
    Facility,
    Locality,
    Notification,
    Patient,
    Referral,
    Service,
    SlotPage,
    WaitlistEntry,
)
from .i18n import t

if TYPE_CHECKING:  # the calendar's module (and its holidays) only where a calendar is drawn
    from .month import MonthView


def _table(*headers: str, **kw) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, **kw)
    for header in headers:
        table.add_column(header)
    return table


def _pairs(rows: list[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for key, value in rows:
        grid.add_row(key, value)
    return grid


def patient(p: Patient, lang: str) -> Table:
    contact = p.contact
    rows = [
        (t("name", lang), f"{p.first_name} {p.last_name}"),
        (t("pesel", lang), p.pesel),
        (t("phone", lang), contact.phone or t("none", lang)),
        (t("email", lang), contact.email or t("none", lang)),
        (
            t("channels", lang),
            ", ".join(fmt.channel(c, lang) for c in contact.channels) or t("none", lang),
        ),
    ]
    if p.priority_rights:
        rows.append(("", t("priority_rights", lang)))
    if p.acting_guardian:
        rows.insert(
            0, (t("account", lang), t("child_account_of", lang, guardian=p.acting_guardian))
        )
    return _pairs(rows)


def children(items: list[ChildAccount], today: date, lang: str) -> Table:
    table = _table(t("pesel", lang), t("name", lang), t("born", lang))
    for c in items:
        table.add_row(
            c.pesel,
            f"{c.first_name} {c.last_name}",
            f"{c.birth_date:%d.%m.%Y} ({timefmt.age(c.birth_date, today, lang)})",
        )
    return table


def services(items: list[Service], lang: str, reasons: bool = True) -> Table:
    """The catalogue with what the patient may book; `reasons` as in `eligibility_note`."""
    table = _table(t("service", lang), t("kind", lang), t("can_book", lang), t("notes", lang))
    for s in items:
        ok = s.eligibility.eligible
        table.add_row(
            fmt.service_name(s, lang),
            fmt.service_kind(s.kind, lang),
            Text(t("yes", lang), style="green") if ok else Text(t("no", lang), style="red"),
            # The refusal with its date, or else who may book and how often.
            fmt.eligibility_note(s, lang, reasons) or s.terms or "",
        )
    return table


def referrals(items: list[Referral], lang: str) -> Table:
    table = _table(
        t("code", lang),
        t("service", lang),
        t("urgency", lang),
        t("issued", lang),
        t("issued_by", lang),
        t("status", lang),
    )
    for r in items:
        table.add_row(
            r.code,
            fmt.in_language(r.service_name, r.service_name_en, lang),
            fmt.urgency(r, lang),
            r.issued_on.strftime("%d.%m.%Y"),
            r.issued_by,
            fmt.referral_status(r, lang),
        )
    table.columns[-1].no_wrap = True  # "niewykorzystane" whole
    return table


def localities(items: list[Locality], lang: str) -> Table:
    table = _table(t("id", lang), t("locality", lang), t("voivodeship", lang))
    for loc in items:
        table.add_row(str(loc.id), loc.name, loc.voivodeship.name)
    return table


def facilities(items: list[Facility], lang: str, services: bool = False) -> Table:
    """One block a facility, readable at 80 columns: its name and distance; the address and
    the phone; the opening hours and the accessibility; with `services`, what it offers."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="dim")
    table.add_column()
    for i, f in enumerate(items):
        first, *rest = fmt.facility_lines(f, lang, ", ".join(f.services) if services else None)
        block = Text(first, style="bold")
        block.append("".join(f"\n{line}" for line in rest))
        if i < len(items) - 1:
            block.append("\n")
        table.add_row(str(f.id), block)
    return table


def slots(page: SlotPage, lang: str) -> Table:
    table = _table(
        t("id", lang), t("when", lang), t("facility", lang), t("address", lang), t("distance", lang)
    )
    for s in page.items:
        a = s.facility.address
        table.add_row(
            str(s.id),
            fmt.when(s.start, lang),
            s.facility.name,
            f"{a.street}, {a.postal_code} {a.locality}",
            fmt.distance(s.distance_km, lang),
        )
    return table


CALENDAR_STYLES = {
    "title": Style(bold=True),
    "header": Style(dim=True),
    "weekend": Style(color="red"),
    "outside": Style(dim=True),
    "none": Style(dim=True),
    # Text and shade given together: readable on a dark terminal and on a light one.
    "few": Style(color="black", bgcolor="#c8e6c9"),
    "some": Style(color="black", bgcolor="#81c784"),
    "many": Style(color="white", bgcolor="#2e7d32", bold=True),
    "today": Style(underline=True),
}


def slot_months(view: MonthView) -> Group:
    """Every month from the search's first day to its last (or the last free slot's), then
    the first free day in words."""
    first = max(view.today, view.date_from or view.today)
    last = view.date_to or (view.summary.days[-1].day if view.summary.days else first)
    months: list[Text] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(view.draw(CALENDAR_STYLES, year_month=(year, month), legend=not months))
        months.append(Text())
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    if view.summary.days:
        months.append(Text(view.describe(view.first)))
    return Group(*months)


def appointments(items: list[Appointment], lang: str) -> Table:
    table = _table(
        t("number", lang),
        t("service", lang),
        t("when", lang),
        t("facility", lang),
        t("status", lang),
    )
    for a in items:
        table.add_row(
            a.number,
            fmt.booked_service(a, lang),
            fmt.when(a.start, lang),
            a.facility.name,
            fmt.appointment_status(a, lang)
            + (f", {t('follow_up_short', lang)}" if a.follow_up else ""),
        )
    return table


def appointment(a: Appointment, lang: str) -> Table:
    f = a.facility
    rows = [
        (t("number", lang), a.number),
        (t("service", lang), fmt.booked_service(a, lang)),
        (t("when", lang), fmt.when(a.start, lang)),
        (t("facility", lang), f.name),
        (t("address", lang), f"{f.address.street}, {f.address.postal_code} {f.address.locality}"),
        (t("phone", lang), f.phone),
        (t("status", lang), fmt.appointment_status(a, lang)),
        (t("source", lang), fmt.appointment_source(a.source, lang)),
    ]
    if a.follow_up:
        rows.insert(2, (t("kind", lang), t("follow_up", lang)))
    if a.referral_code:
        rows.append((t("referral", lang), a.referral_code))
    rows.append((t("history", lang), fmt.history(a, lang)))
    return _pairs(rows)


def waitlist(items: list[WaitlistEntry], places: dict[int, str], lang: str) -> Table:
    table = _table(
        f"{t('service', lang)} / {t('criteria', lang).lower()}",
        t("status", lang),
        t("position", lang),
        t("urgency", lang),
        f"{t('forecast', lang)} / {t('likely', lang).lower()}",
        t("search_until", lang),
    )
    for e in items:
        name = places.get(e.criteria.locality_id) if e.criteria.locality_id else None
        what = Text(fmt.booked_service(e, lang) + "\n")
        what.append(fmt.criteria_text(e.criteria, name, lang), style="dim")
        forecast = e.predicted_date.strftime("%d.%m.%Y") if e.predicted_date else ""
        if e.outlook:
            forecast += f"\n{fmt.likely_range(e.outlook)}"
        table.add_row(
            what,
            fmt.waitlist_status(e.status, lang),
            str(e.position) if e.position else "",
            t(f"urgency_{e.urgency.value}", lang) if e.urgency else "",
            forecast,
            e.expires_at.strftime("%d.%m.%Y"),
        )
    table.columns[-1].no_wrap = True  # a date stays whole
    table.columns[-2].min_width = 12  # the range breaks after its dash
    return table


def notifications(items: list[Notification], lang: str) -> Table:
    table = _table(t("sent_at", lang), t("channel", lang), t("recipient", lang), t("text", lang))
    for n in items:
        table.add_row(
            fmt.when(n.created_at, lang), fmt.channel(n.channel, lang), n.recipient, n.body
        )
    return table


def demo_patients(items: list[DemoPatient], lang: str) -> Table:
    table = _table(t("pesel", lang), t("password", lang), t("name", lang), t("description", lang))
    for p in items:
        table.add_row(p.pesel, p.password, p.name, fmt.demo_description(p, lang))
    return table


def keymap(rows: list[tuple[str, str, str, str]], lang: str) -> Table:
    table = _table("id", t("key", lang), t("action", lang), t("where", lang))
    for binding_id, keys, description, where in rows:
        table.add_row(binding_id, keys, description, where)
    return table


def desk_day(d: DeskDay, lang: str) -> Table:
    """Terminarz: a row a slot (its number, time, service, state and how it was booked),
    with the visit holding it (number, patient, PESEL) and its e-referral; then the day's
    cancelled visits, dimmed."""
    table = _table(
        t("id", lang),
        t("desk_time", lang),
        t("service", lang),
        t("desk_state", lang),
        t("desk_visit", lang),
        t("referral", lang),
    )
    rows: list[tuple[int | None, datetime, str, str, DeskVisit | None, str]] = [
        (s.slot_id, s.start, s.service, s.state.value, s.visit, "") for s in d.slots
    ]
    rows += [(None, v.start, v.service, "cancelled", v, "dim") for v in d.cancelled]
    for slot_id, start, service, state, v, style in rows:
        status = t(f"desk_state_{v.status.value if v else state}", lang)
        if v:
            status += f"\n{fmt.desk_source(v, lang)}"
        referral = " ".join(x for x in (v.referral_code, v.urgency) if x) if v else ""
        table.add_row(
            str(slot_id or ""),
            f"{timefmt.to_warsaw(start):%H:%M}",
            service,
            status,
            f"{v.number}\n{v.patient_name}, {v.pesel}" if v else "",
            referral,
            style=style or None,
        )
    table.caption = t("desk_day_caption", lang, day=timefmt.day(d.day, lang), count=len(d.slots))
    return table


def desk_patient(p: DeskPatient, lang: str) -> Table:
    grid = Table.grid(padding=(1, 0))
    grid.add_row(patient(p.patient, lang))
    grid.add_row(services(p.services, lang))
    if p.referrals:
        grid.add_row(referrals(p.referrals, lang))
    if p.visits:
        grid.add_row(appointments(p.visits, lang))
    return grid


def demo_staff(items: list[DemoStaff], lang: str) -> Table:
    table = _table(t("desk_login", lang), t("password", lang), t("name", lang), t("facility", lang))
    for s in items:
        table.add_row(s.login, s.password, s.name, f"{s.facility_name}")
    return table
