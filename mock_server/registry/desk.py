"""The facility's registration desk (Rejestracja w placówce): staff of one facility log in,
read its schedule, book patients in person or by phone (out of turn for those with the
right to it), update contact data given at the desk, record attendance, cancel a visit or
a whole day, publish slots and book follow-up visits.

Staff of one facility touch nothing of another: a visit or slot elsewhere answers like a
missing one. Every change is in the visit's history with the staff member's name."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date, datetime, timedelta

from erej_tui.api import errors
from erej_tui.api.models import (
    Appointment,
    AppointmentSource,
    CancelledBy,
    ContactUpdate,
    DayCancel,
    DayCancelResult,
    DeskBooking,
    DeskDay,
    DeskFollowUp,
    DeskLoginResponse,
    DeskPatient,
    DeskPublish,
    DeskVisit,
    NotificationKind,
    Patient,
    PublishResult,
    ScheduleSlot,
    SlotState,
    StaffMember,
)
from erej_tui.api.pesel import PeselError, parse_pesel
from erej_tui.api.timefmt import WARSAW
from erej_tui.api.workdays import is_working_day

from .. import messages, refusals
from ..seed import hash_password, iso
from .catalogue import Catalogue
from .core import Core, Tx, parse_moment
from .facility import Facility
from .sessions import Sessions, patient_of, patient_row, token_hash
from .visits import Visits
from .waitroom import WaitingRoom

OUT_OF_TURN_WORKING_DAYS = 7
"""A patient with the right to care out of turn is seen within this many working days of
asking (the law's term for outpatient specialist care); when no free slot comes that soon,
the facility fits her in."""
FIT_IN_MINUTE = 15 * 60
"""Where the facility fits in a visit out of turn: after its sessions, from 15:00."""

VISIT_COLUMNS = (
    "a.id, a.number, a.service, a.status, a.source, a.booked_via, a.follow_up, s.start,"
    " p.first_name || ' ' || p.last_name AS patient_name, p.pesel, r.code AS referral_code,"
    " r.urgency"
)
VISIT_JOINS = (
    " FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN patients p ON p.id = a.patient_id"
    " LEFT JOIN referrals r ON r.id = a.referral_id"
)


def desk_visit(row: sqlite3.Row) -> DeskVisit:
    return DeskVisit(
        id=row["id"],
        number=row["number"],
        service=row["service"],
        start=parse_moment(row["start"]),
        status=row["status"],
        patient_name=row["patient_name"],
        pesel=row["pesel"],
        referral_code=row["referral_code"],
        urgency=row["urgency"],
        source=row["source"],
        booked_via=row["booked_via"],
        follow_up=bool(row["follow_up"]),
    )


class Desk:
    def __init__(
        self,
        core: Core,
        sessions: Sessions,
        catalogue: Catalogue,
        visits: Visits,
        waiting_room: WaitingRoom,
        facility: Facility,
    ) -> None:
        self.core, self.sessions, self.catalogue = core, sessions, catalogue
        self.visits, self.waiting_room, self.facility = visits, waiting_room, facility

    # --- staff sessions ----------------------------------------------------------------------
    def login(self, login: str, password: str) -> DeskLoginResponse:
        with self.core.write() as tx:
            row = tx.execute("SELECT * FROM staff WHERE login = ?", (login.strip(),)).fetchone()
            if row is None or not secrets.compare_digest(
                hash_password(password, row["salt"]), row["password_hash"]
            ):
                raise refusals.wrong_staff_credentials()
            token = secrets.token_urlsafe(32)
            expires = self.core.wall() + self.core.token_ttl.total_seconds()
            tx.execute(
                "INSERT INTO staff_sessions VALUES (?, ?, ?, 0)",
                (token_hash(token), row["id"], expires),
            )
            return DeskLoginResponse(
                token=token,
                expires_at=datetime.fromtimestamp(expires, WARSAW),
                staff=self._member(row),
            )

    def authenticate(self, token: str) -> int:
        """The staff member's id; an unknown, expired or revoked token is refused."""
        with self.core.read() as tx:
            row = tx.execute(
                "SELECT staff_id, expires_at, revoked FROM staff_sessions WHERE token_hash = ?",
                (token_hash(token),),
            ).fetchone()
        if row is None:
            raise refusals.unknown_token()
        if row["revoked"] or row["expires_at"] <= self.core.wall():
            raise refusals.session_expired()
        return int(row["staff_id"])

    def logout(self, token: str) -> None:
        with self.core.write() as tx:
            tx.execute(
                "UPDATE staff_sessions SET revoked = 1 WHERE token_hash = ?", (token_hash(token),)
            )

    def me(self, staff: int) -> StaffMember:
        with self.core.read() as tx:
            return self._member(tx.execute("SELECT * FROM staff WHERE id = ?", (staff,)).fetchone())

    def _member(self, row: sqlite3.Row) -> StaffMember:
        return StaffMember(
            login=row["login"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            facility=self.core.places.facility(row["facility_id"]),
        )

    @staticmethod
    def facility_of(tx: Tx, staff: int) -> int:
        return int(tx.one("SELECT facility_id FROM staff WHERE id = ?", (staff,)))

    # --- Terminarz ---------------------------------------------------------------------------
    def schedule(self, staff: int, day: date, service: str | None = None) -> DeskDay:
        if service:
            self.core.rule(service)
        with self.core.read() as tx:
            fid = self.facility_of(tx, staff)
            after, before = day.isoformat(), (day + timedelta(days=1)).isoformat()
            slots = tx.execute(
                "SELECT id, service, start, minutes, state FROM slots WHERE facility_id = ?"
                " AND start >= ? AND start < ? AND (? IS NULL OR service = ?) ORDER BY start, id",
                (fid, after, before, service, service),
            ).fetchall()
            held = {
                r["slot_id"]: r
                for r in tx.execute(
                    f"SELECT a.slot_id, {VISIT_COLUMNS}{VISIT_JOINS} WHERE s.facility_id = ?"
                    " AND s.start >= ? AND s.start < ? AND a.status != 'cancelled'",
                    (fid, after, before),
                )
            }
            cancelled = tx.execute(
                f"SELECT {VISIT_COLUMNS}{VISIT_JOINS} WHERE s.facility_id = ? AND s.start >= ?"
                " AND s.start < ? AND a.status = 'cancelled' AND (? IS NULL OR a.service = ?)"
                " ORDER BY s.start, a.id",
                (fid, after, before, service, service),
            ).fetchall()
        out = []
        for s in slots:
            start = parse_moment(s["start"])
            visit = held.get(s["id"])
            out.append(
                ScheduleSlot(
                    slot_id=s["id"],
                    service=s["service"],
                    start=start,
                    end=start + timedelta(minutes=s["minutes"]),
                    state=SlotState(s["state"]),
                    visit=desk_visit(visit) if visit is not None else None,
                )
            )
        return DeskDay(
            day=day, facility_id=fid, slots=out, cancelled=[desk_visit(r) for r in cancelled]
        )

    # --- Zapisz pacjenta ---------------------------------------------------------------------
    def patient(self, staff: int, pesel: str, lang: str = "pl") -> DeskPatient:
        pid = self._patient_id(pesel)
        with self.core.read() as tx:
            fid = self.facility_of(tx, staff)
            patient = self._patient(tx, pid)
            ids = [
                r[0]
                for r in tx.execute(
                    "SELECT a.id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                    " WHERE a.patient_id = ? AND s.facility_id = ?"
                    " ORDER BY a.status != 'booked', s.start DESC, a.id",
                    (pid, fid),
                )
            ]
            visits = [self.visits.record(tx, i) for i in ids]
        # A visit held elsewhere stops a booking here, but its number is not this desk's.
        here = {v.number for v in visits}
        services = [
            s
            if s.active_appointment_number in here or s.active_appointment_number is None
            else s.model_copy(update={"active_appointment_number": None})
            for s in self.catalogue.services(pid, lang, at_desk=True)
        ]
        return DeskPatient(
            patient=patient,
            services=services,
            referrals=[
                r
                if r.appointment_number in here or r.appointment_number is None
                else r.model_copy(update={"appointment_number": None})
                for r in self.catalogue.referrals(pid)
            ],
            visits=visits,
        )

    def book(self, staff: int, req: DeskBooking, lang: str = "pl") -> Appointment:
        pid = self._patient_id(req.pesel)
        with self.core.desk(staff) as tx:
            fid = self.facility_of(tx, staff)
            row = patient_row(tx, pid)
            if req.out_of_turn:
                assert req.service is not None  # DeskBooking asks for it
                rule = self.core.rule(req.service)
                if not row["priority_rights"]:
                    raise refusals.no_priority_rights()
                self._offered_here(fid, rule.code)
                slot_id = self._out_of_turn_slot(tx, fid, rule.code, rule.slot_minutes)
            else:
                assert req.slot_id is not None
                slot_id = req.slot_id
                slot = tx.execute(
                    "SELECT service FROM slots WHERE id = ? AND facility_id = ?", (slot_id, fid)
                ).fetchone()
                if slot is None:  # another facility's slot is none of this desk's
                    raise refusals.no_slot(slot_id)
                rule = self.core.rule(slot["service"])
            self.visits.claim_slot(tx, slot_id, rule.code)
            self.catalogue.check_eligible(
                tx, row, rule, bool(req.referral_code), lang, at_desk=True
            )
            try:
                self.visits.ensure_free_for(tx, pid, rule)
            except errors.AlreadyBooked:  # said without the number of a visit elsewhere
                raise refusals.patient_has_booking() from None
            referral_id = self.catalogue.referral(tx, pid, rule, req.referral_code)
            appt_id = self.visits.insert(
                tx,
                pid,
                rule.code,
                slot_id,
                AppointmentSource.DESK,
                referral_id,
                booked_via=req.via.value,
            )
            how = "desk_out_of_turn" if req.out_of_turn else "desk_booked"
            via = messages.BOOKED_VIA[req.via.value]
            self.visits.event(tx, appt_id, "booked", messages.HISTORY[how].format(via=via))
            start = parse_moment(tx.one("SELECT start FROM slots WHERE id = ?", (slot_id,)))
            self.visits.notices.schedule_reminders(tx, appt_id, start)
            booked = self.visits.record(tx, appt_id)
            self.visits.notify_visit(tx, appt_id, NotificationKind.BOOKED, visit=booked)
            return booked

    def _out_of_turn_slot(self, tx: Tx, fid: int, service: str, minutes: int) -> int:
        """The earliest free slot within the term the law gives; else one fitted in on the
        first working day after today, after the facility's sessions."""
        today = tx.now.date()
        last, counted = today, 0
        while counted < OUT_OF_TURN_WORKING_DAYS:
            last += timedelta(days=1)
            counted += is_working_day(last)
        found = tx.execute(
            "SELECT id FROM slots WHERE facility_id = ? AND service = ? AND state = 'free'"
            " AND start > ? AND start < ? ORDER BY start, id LIMIT 1",
            (fid, service, iso(tx.now), (last + timedelta(days=1)).isoformat()),
        ).fetchone()
        if found is not None:
            return int(found[0])
        day = today + timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
        fitted = tx.one(
            "SELECT count(*) FROM slots WHERE facility_id = ? AND service = ? AND start >= ?"
            " AND start < ? AND minute_of_day >= ?",
            (fid, service, day.isoformat(), (day + timedelta(days=1)).isoformat(), FIT_IN_MINUTE),
        )
        minute = FIT_IN_MINUTE + fitted * minutes
        start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
        return int(
            tx.execute(
                "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes, state)"
                " VALUES (?, ?, ?, ?, ?, 'free')",
                (fid, service, iso(start), minute, minutes),
            ).lastrowid
            or 0
        )

    def update_contact(self, staff: int, pesel: str, update: ContactUpdate) -> Patient:
        """Contact data given at the desk: the patient's own, and her messages follow them."""
        return self.sessions.update_contact(self._patient_id(pesel), update)

    def visit(self, staff: int, number: str) -> Appointment:
        with self.core.read() as tx:
            found = tx.execute(
                "SELECT a.id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                " WHERE a.number = ? AND s.facility_id = ?",
                (number.strip().upper(), self.facility_of(tx, staff)),
            ).fetchone()
            if found is None:
                raise refusals.no_visit_number(number.strip()[:32])
            return self.visits.record(tx, found[0])

    # --- Obecność ----------------------------------------------------------------------------
    def attend(self, staff: int, appt_id: int) -> Appointment:
        with self.core.desk(staff) as tx:
            appt = self._visit_here(tx, staff, appt_id)
            if appt["status"] != "booked":
                raise refusals.visit_not_changeable()
            start = parse_moment(appt["start"])
            if start.date() > tx.now.date():
                raise refusals.attend_too_early(start)
            self.visits.complete(tx, appt, tx.now, messages.HISTORY["desk_attended"])
            return self.visits.record(tx, appt_id)

    def no_show(self, staff: int, appt_id: int) -> Appointment:
        with self.core.desk(staff) as tx:
            self._visit_here(tx, staff, appt_id)
            return self.facility.no_show_in(tx, appt_id)

    # --- Odwołaj jako placówka ---------------------------------------------------------------
    def cancel(self, staff: int, appt_id: int, reason: str) -> Appointment:
        """One visit: the slot goes to the waiting room first."""
        with self.core.desk(staff) as tx:
            self._visit_here(tx, staff, appt_id)
            self.visits.cancel_visit(tx, appt_id, CancelledBy.FACILITY, reason=reason)
            return self.visits.record(tx, appt_id)

    def cancel_day(self, staff: int, req: DayCancel) -> DayCancelResult:
        """A doctor's absence: the day's visits cancelled with the reason, its slots closed
        (no one can be seen that day, so none goes to the waiting room)."""
        if req.service:
            self.core.rule(req.service)
        with self.core.desk(staff) as tx:
            if req.day < tx.now.date():
                raise refusals.day_past(req.day)
            fid = self.facility_of(tx, staff)
            after, before = req.day.isoformat(), (req.day + timedelta(days=1)).isoformat()
            ids = [
                r[0]
                for r in tx.execute(
                    "SELECT a.id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                    " WHERE s.facility_id = ? AND s.start >= ? AND s.start < ? AND s.start > ?"
                    " AND a.status = 'booked' AND (? IS NULL OR a.service = ?) ORDER BY s.start",
                    (fid, after, before, iso(tx.now), req.service, req.service),
                )
            ]
            for appt_id in ids:
                self.visits.cancel_visit(
                    tx, appt_id, CancelledBy.FACILITY, reason=req.reason, release=False
                )
            closed = tx.execute(
                "UPDATE slots SET state = 'closed' WHERE facility_id = ? AND start >= ?"
                " AND start < ? AND start > ? AND state = 'free' AND (? IS NULL OR service = ?)",
                (fid, after, before, iso(tx.now), req.service, req.service),
            ).rowcount
            cancelled = [
                desk_visit(r)
                for r in tx.execute(
                    f"SELECT {VISIT_COLUMNS}{VISIT_JOINS} WHERE a.id IN"
                    f" ({','.join('?' * len(ids))}) ORDER BY s.start",
                    ids,
                )
            ]
        return DayCancelResult(cancelled=cancelled, closed=closed)

    # --- Grafik ------------------------------------------------------------------------------
    def publish(self, staff: int, req: DeskPublish) -> PublishResult:
        """New slots at once: each is offered to the waiting room as it is published."""
        rule = self.core.rule(req.service)
        published: list[int] = []
        assigned: list[int] = []
        with self.core.desk(staff) as tx:
            fid = self.facility_of(tx, staff)
            self._offered_here(fid, rule.code)
            last = req.date_to or req.date_from
            if req.date_from < tx.now.date():
                raise refusals.day_past(req.date_from)
            if last < req.date_from:
                raise refusals.dates_reversed()
            day = max(req.date_from, rule.live_from)
            while day <= last:
                if is_working_day(day):
                    for at in sorted(set(req.times)):
                        minute = at.hour * 60 + at.minute
                        start = datetime.combine(day, datetime.min.time()) + timedelta(
                            minutes=minute
                        )
                        if start.replace(tzinfo=WARSAW) <= tx.now:
                            continue
                        cur = tx.execute(
                            "INSERT INTO slots (facility_id, service, start, minute_of_day,"
                            " minutes, state) VALUES (?, ?, ?, ?, ?, 'taken')",
                            (fid, rule.code, iso(start), minute, rule.slot_minutes),
                        )
                        published.append(int(cur.lastrowid or 0))
                        self.visits.free_slot(tx, published[-1])
                day += timedelta(days=1)
            for slot_id in published:
                appt = self.waiting_room.offer(tx, slot_id)
                if appt:
                    assigned.append(appt)
        return PublishResult(published=published, assigned=assigned)

    def follow_up(self, staff: int, req: DeskFollowUp) -> Appointment:
        pid = self._patient_id(req.pesel)
        rule = self.core.rule(req.service)
        with self.core.desk(staff) as tx:
            fid = self.facility_of(tx, staff)
            self._offered_here(fid, rule.code)
            if not is_working_day(req.day):
                raise refusals.not_a_working_day(req.day)
            start = datetime.combine(req.day, req.time)
            if start.replace(tzinfo=WARSAW) <= tx.now:
                raise refusals.slot_passed()
            try:
                return self.facility.follow_up_in(tx, pid, rule, fid, start)
            except errors.AlreadyBooked:
                raise refusals.patient_has_booking() from None

    # --- helpers -----------------------------------------------------------------------------
    def _patient_id(self, pesel: str) -> int:
        try:
            parse_pesel(pesel)
        except PeselError as exc:
            raise refusals.invalid_pesel(exc) from None
        with self.core.read() as tx:
            row = tx.execute("SELECT id FROM patients WHERE pesel = ?", (pesel,)).fetchone()
        if row is None:
            raise refusals.no_patient()
        return int(row[0])

    @staticmethod
    def _patient(tx: Tx, pid: int) -> Patient:
        return patient_of(patient_row(tx, pid))

    def _offered_here(self, fid: int, service: str) -> None:
        if service not in self.core.places.facility(fid).services:
            raise refusals.not_offered_here(service)

    def _visit_here(self, tx: Tx, staff: int, appt_id: int) -> sqlite3.Row:
        """The visit, if it is at this desk's facility; any other answers as missing."""
        row = tx.execute(
            "SELECT a.id, a.patient_id, a.service, a.referral_id, a.status, s.start"
            " FROM appointments a JOIN slots s ON s.id = a.slot_id"
            " WHERE a.id = ? AND s.facility_id = ?",
            (appt_id, self.facility_of(tx, staff)),
        ).fetchone()
        if row is None:
            raise refusals.no_visit(appt_id)
        return row
