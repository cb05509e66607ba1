"""Visits: booking a slot, moving and cancelling a visit, the visit's record and history.

A slot a visit gives back goes to the waiting room first: `released` is the waiting
room's offer (`WaitingRoom.offer`), set when the registry is put together."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from erej_tui.api.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    CancelledBy,
    HistoryEvent,
    NotificationKind,
    ServiceKind,
)

from .. import messages, refusals
from ..rules import ServiceRule
from ..seed import iso
from .catalogue import Catalogue
from .core import Core, Tx, once, parse_moment, short
from .notices import Notices
from .sessions import patient_row


class Visits:
    def __init__(self, core: Core, catalogue: Catalogue, notices: Notices) -> None:
        self.core, self.catalogue, self.notices = core, catalogue, notices
        self.released: Callable[[Tx, int], int | None] = lambda tx, slot_id: None

    # --- the record --------------------------------------------------------------------------
    def record(self, tx: Tx, appt_id: int, pid: int | None = None) -> Appointment:
        """The visit as the contract shows it; another patient's answers like a missing one."""
        row = tx.execute(
            "SELECT a.*, s.start, s.minutes, s.facility_id, r.code AS referral_code,"
            " v.name AS service_name, v.name_en AS service_name_en"
            " FROM appointments a JOIN slots s ON s.id = a.slot_id"
            " JOIN services v ON v.code = a.service LEFT JOIN referrals r ON r.id = a.referral_id"
            " WHERE a.id = ?" + (" AND a.patient_id = ?" if pid is not None else ""),
            (appt_id, pid) if pid is not None else (appt_id,),
        ).fetchone()
        if row is None:
            raise refusals.no_visit(appt_id)
        start = parse_moment(row["start"])
        history = [
            HistoryEvent(
                at=parse_moment(e["at"]),
                kind=e["kind"],
                detail=e["detail"],
                actor=e["actor"],
                staff=e["staff"],
            )
            for e in tx.execute(
                "SELECT e.*, p.first_name || ' ' || p.last_name AS actor,"
                " t.first_name || ' ' || t.last_name AS staff FROM appointment_events e"
                " LEFT JOIN patients p ON p.id = e.actor_id LEFT JOIN staff t ON t.id = e.staff_id"
                " WHERE e.appointment_id = ? ORDER BY e.at, e.id",
                (appt_id,),
            )
        ]
        return Appointment(
            id=row["id"],
            number=row["number"],
            service=row["service"],
            service_name=row["service_name"],
            service_name_en=row["service_name_en"],
            status=row["status"],
            start=start,
            end=start + timedelta(minutes=row["minutes"]),
            facility=self.core.places.facility(row["facility_id"]),
            slot_id=row["slot_id"],
            referral_code=row["referral_code"],
            source=row["source"],
            created_at=parse_moment(row["created_at"]),
            cancelled_at=parse_moment(row["cancelled_at"]) if row["cancelled_at"] else None,
            cancelled_by=row["cancelled_by"],
            follow_up=bool(row["follow_up"]),
            booked_via=row["booked_via"],
            history=history,
        )

    def appointments(self, pid: int, status: AppointmentStatus | None = None) -> list[Appointment]:
        with self.core.read() as tx:
            ids = [
                r[0]
                for r in tx.execute(
                    "SELECT a.id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                    " WHERE a.patient_id = ? AND (? IS NULL OR a.status = ?)"
                    " ORDER BY a.status != 'booked', s.start, a.id",
                    (pid, status, status),
                )
            ]
            return [self.record(tx, i) for i in ids]

    def appointment(self, pid: int, appt_id: int) -> Appointment:
        with self.core.read() as tx:
            return self.record(tx, appt_id, pid)

    @staticmethod
    def event(tx: Tx, appt_id: int, kind: str, detail: str, at: datetime | None = None) -> None:
        patient = tx.one("SELECT patient_id FROM appointments WHERE id = ?", (appt_id,))
        tx.execute(
            "INSERT INTO appointment_events (appointment_id, at, kind, detail, actor_id,"
            " staff_id) VALUES (?,?,?,?,?,?)",
            (appt_id, iso(at or tx.now), kind, detail, tx.actor_for(patient), tx.staff),
        )

    def notify_visit(
        self,
        tx: Tx,
        appt_id: int,
        kind: NotificationKind,
        *,
        at: datetime | None = None,
        old_start: datetime | None = None,
        visit: Appointment | None = None,
        reason: str | None = None,
    ) -> None:
        """Tell the patient about the visit (`visit`: as just read, saving a second read)."""
        appt = visit or self.record(tx, appt_id)
        pid = tx.one("SELECT patient_id FROM appointments WHERE id = ?", (appt_id,))

        def text(by_sms: bool) -> str:
            return messages.visit_text(
                kind,
                service_name=appt.service_name,
                start=appt.start,
                facility_name=appt.facility.name,
                street=appt.facility.address.street,
                locality=appt.facility.address.locality,
                number=appt.number,
                old_start=old_start,
                sent_at=at or tx.now,
                by_sms=by_sms,
                referral_code=appt.referral_code,
                reason=reason,
            )

        body, sms = text(False), text(True)
        self.notices.notify(
            tx,
            pid,
            kind,
            body,
            at=at,
            appointment_id=appt_id,
            sms_body=sms if sms != body else None,
        )

    # --- slots -------------------------------------------------------------------------------
    @staticmethod
    def claim_slot(
        tx: Tx, slot_id: int, service: str | None = None, slot: sqlite3.Row | None = None
    ) -> sqlite3.Row:
        """Take a free slot (for `service`, when given) and return its row; `slot` is the row
        when the caller has read it."""
        if slot is None:
            slot = tx.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
        if slot is None:
            raise refusals.no_slot(slot_id)
        if service is not None and slot["service"] != service:
            raise refusals.slot_for_another_service()
        if parse_moment(slot["start"]) <= tx.now:
            raise refusals.slot_passed()
        # The row was read in this transaction: a slot it shows taken needs no UPDATE to say so.
        if (
            slot["state"] != "free"
            or not tx.execute(
                "UPDATE slots SET state = 'booked' WHERE id = ? AND state = 'free'", (slot_id,)
            ).rowcount
        ):
            raise refusals.slot_taken()
        return slot

    @staticmethod
    def free_slot(tx: Tx, slot_id: int) -> None:
        tx.execute("UPDATE slots SET state = 'free' WHERE id = ?", (slot_id,))
        tx.execute(
            "INSERT INTO slot_releases SELECT id, service, facility_id, ?, start FROM slots"
            " WHERE id = ?",
            (iso(tx.now), slot_id),
        )

    @staticmethod
    def insert(
        tx: Tx,
        pid: int,
        service: str,
        slot_id: int,
        source: str,
        referral_id: int | None,
        follow_up: bool = False,
        booked_via: str | None = None,
    ) -> int:
        """A new booked visit in the slot; its number is ER/year/id."""
        next_id = tx.one("SELECT coalesce(max(id), 0) + 1 FROM appointments")
        number = f"ER/{tx.now.year}/{next_id:06d}"
        try:
            tx.execute(
                "INSERT INTO appointments (id, number, patient_id, service, slot_id, status,"
                " source, referral_id, created_at, follow_up, booked_via)"
                " VALUES (?,?,?,?,?, 'booked', ?,?,?,?,?)",
                (
                    next_id,
                    number,
                    pid,
                    service,
                    slot_id,
                    source,
                    referral_id,
                    iso(tx.now),
                    int(follow_up),
                    booked_via,
                ),
            )
        except sqlite3.IntegrityError as exc:
            if "slot_id" in str(exc):
                raise refusals.slot_taken() from exc
            raise refusals.already_booked() from exc
        return int(next_id)

    def complete(self, tx: Tx, appt: sqlite3.Row, at: datetime, said: str) -> None:
        """The visit took place: the e-referral is realised and a screening starts its
        programme's interval. `appt`: its id, patient_id, service and referral_id."""
        tx.execute("UPDATE appointments SET status = 'completed' WHERE id = ?", (appt["id"],))
        self.event(tx, appt["id"], "completed", said, at=at)
        if self.core.rules[appt["service"]].kind is ServiceKind.EXAMINATION:
            tx.execute(
                "INSERT INTO screenings VALUES (?, ?, ?)",
                (appt["patient_id"], appt["service"], at.date().isoformat()),
            )
        if appt["referral_id"]:
            tx.execute(
                "UPDATE referrals SET realised_at = ? WHERE id = ?",
                (at.date().isoformat(), appt["referral_id"]),
            )

    @staticmethod
    def ensure_free_for(tx: Tx, pid: int, rule: ServiceRule) -> None:
        """One booking per service: no visit and no waiting-room place for it yet."""
        number, waiting = tx.execute(
            "SELECT (SELECT number FROM appointments WHERE patient_id = ?1 AND service = ?2"
            " AND status = 'booked'), (SELECT id FROM waitlist WHERE patient_id = ?1"
            " AND service = ?2 AND status = 'waiting')",
            (pid, rule.code),
        ).fetchone()
        if number is not None:
            raise refusals.has_visit(number)
        if waiting is not None:
            raise refusals.is_waiting(waiting)

    # --- what a patient does -----------------------------------------------------------------
    def book(
        self,
        pid: int,
        slot_id: int,
        referral_code: str | None,
        *,
        idempotency_key: str | None = None,
        fingerprint: str = "",
        lang: str = "pl",
        actor: int | None = None,
    ) -> tuple[Any, bool]:
        with self.core.write(actor, pid) as tx:

            def produce() -> Appointment:
                # The slot first: when slots are published a crowd books at once and most
                # bookings fail here, before the patient's records are read. A check on the
                # patient that fails below rolls the claim back with everything else.
                slot = self.claim_slot(tx, slot_id)
                rule = self.core.rule(slot["service"])
                row = patient_row(tx, pid)
                self.catalogue.check_eligible(tx, row, rule, bool(referral_code), lang)
                self.ensure_free_for(tx, pid, rule)
                referral_id = self.catalogue.referral(tx, pid, rule, referral_code)
                appt_id = self.insert(
                    tx, pid, rule.code, slot_id, AppointmentSource.PATIENT, referral_id
                )
                self.event(tx, appt_id, "booked", messages.HISTORY["booked"])
                self.notices.schedule_reminders(tx, appt_id, parse_moment(slot["start"]))
                booked = self.record(tx, appt_id)
                self.notify_visit(tx, appt_id, NotificationKind.BOOKED, visit=booked)
                return booked

            return once(tx, pid, idempotency_key, fingerprint, produce)

    def reschedule(
        self,
        pid: int,
        appt_id: int,
        slot_id: int,
        *,
        idempotency_key: str | None = None,
        fingerprint: str = "",
        actor: int | None = None,
    ) -> tuple[Any, bool]:
        """Move a visit to another slot in one transaction: the old slot is released only
        when the new one is held, and any failure leaves both as they were."""
        with self.core.write(actor, pid) as tx:

            def produce() -> Appointment:
                appt = self.record(tx, appt_id, pid)
                if appt.status is not AppointmentStatus.BOOKED:
                    raise refusals.visit_not_changeable()
                if appt.follow_up:
                    raise refusals.follow_up_at_facility(appt.facility.name)
                old_slot = tx.one("SELECT slot_id FROM appointments WHERE id = ?", (appt_id,))
                if slot_id == old_slot:
                    raise refusals.same_slot()
                self.claim_slot(tx, slot_id, appt.service)
                tx.execute("UPDATE appointments SET slot_id = ? WHERE id = ?", (slot_id, appt_id))
                self.free_slot(tx, old_slot)
                moved = self.record(tx, appt_id)
                self.event(
                    tx,
                    appt_id,
                    "rescheduled",
                    messages.HISTORY["rescheduled"].format(
                        old=short(appt.start), new=short(moved.start)
                    ),
                )
                self.notices.schedule_reminders(tx, appt_id, moved.start)
                self.notify_visit(tx, appt_id, NotificationKind.RESCHEDULED, old_start=appt.start)
                self.released(tx, old_slot)
                return self.record(tx, appt_id)

            return once(tx, pid, idempotency_key, fingerprint, produce)

    def cancel(
        self,
        pid: int,
        appt_id: int,
        *,
        idempotency_key: str | None = None,
        fingerprint: str = "",
        actor: int | None = None,
    ) -> tuple[Any, bool]:
        with self.core.write(actor, pid) as tx:

            def produce() -> Appointment:
                self.record(tx, appt_id, pid)
                self.cancel_visit(tx, appt_id, CancelledBy.PATIENT)
                return self.record(tx, appt_id)

            return once(tx, pid, idempotency_key, fingerprint, produce)

    def cancel_visit(
        self,
        tx: Tx,
        appt_id: int,
        by: CancelledBy,
        how: str = messages.HISTORY["cancelled"],
        *,
        reason: str | None = None,
        release: bool = True,
    ) -> None:
        """Cancel a booked visit (by the patient or the facility); the slot goes to the
        waiting room first. `how`: the history's words for a patient's cancelling;
        `reason`: the facility's, said to the patient; `release` False: the slot is
        withdrawn with its day (a doctor's absence), not offered again."""
        row = tx.execute(
            "SELECT status, slot_id FROM appointments WHERE id = ?", (appt_id,)
        ).fetchone()
        if row["status"] != "booked":
            raise refusals.visit_not_cancellable()
        tx.execute(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?"
            " WHERE id = ?",
            (iso(tx.now), by.value, appt_id),
        )
        tx.execute("DELETE FROM reminders WHERE appointment_id = ? AND sent = 0", (appt_id,))
        if release:
            self.free_slot(tx, row["slot_id"])
        else:
            tx.execute("UPDATE slots SET state = 'closed' WHERE id = ?", (row["slot_id"],))
        if by is CancelledBy.FACILITY:
            said = (
                messages.HISTORY["desk_cancelled"].format(reason=reason.rstrip("."))
                if reason
                else None
            )
            self.event(tx, appt_id, "cancelled", said or messages.HISTORY["cancelled_by_facility"])
            self.notify_visit(tx, appt_id, NotificationKind.CANCELLED_BY_FACILITY, reason=reason)
        else:
            self.event(tx, appt_id, "cancelled", how)
            self.notify_visit(tx, appt_id, NotificationKind.CANCELLED)
        if release:
            self.released(tx, row["slot_id"])
