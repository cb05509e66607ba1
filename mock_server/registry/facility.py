"""What a facility does to a patient's visits outside IKP: records that she did not come,
and books her follow-up visit (wizyta kontrolna). The desk's screens come later; the demo
controls reach these today."""

from __future__ import annotations

from datetime import datetime, timedelta

from erej_tui.api.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    FollowUpRequest,
    NotificationKind,
)
from erej_tui.api.workdays import next_working_day

from .. import messages, refusals
from ..rules import ServiceRule
from ..seed import iso
from .core import Core, Tx, parse_moment
from .visits import Visits

FOLLOW_UP_MINUTE = 10 * 60
"""A follow-up visit the facility adds to its schedule starts at 10:00."""


class Facility:
    def __init__(self, core: Core, visits: Visits) -> None:
        self.core, self.visits = core, visits

    def no_show(self, appt_id: int) -> Appointment:
        """The patient did not come: the term is lost, the e-referral stays usable, and a
        screening that did not take place starts no interval. A visit whose time has not
        come cannot be missed yet."""
        with self.core.write() as tx:
            return self.no_show_in(tx, appt_id)

    def no_show_in(self, tx: Tx, appt_id: int) -> Appointment:
        """`no_show` inside a transaction (the demo controls' or the desk's)."""
        appt = self.visits.record(tx, appt_id)
        if appt.status not in (AppointmentStatus.BOOKED, AppointmentStatus.COMPLETED):
            raise refusals.visit_not_changeable()
        if appt.start > tx.now:
            raise refusals.no_show_too_early(appt.start)
        row = tx.execute(
            "SELECT patient_id, referral_id FROM appointments WHERE id = ?", (appt_id,)
        ).fetchone()
        if appt.status is AppointmentStatus.COMPLETED:  # the clock had closed it
            self._undo_completion(tx, row["patient_id"], appt, row["referral_id"])
        tx.execute("UPDATE appointments SET status = 'no-show' WHERE id = ?", (appt_id,))
        tx.execute("DELETE FROM reminders WHERE appointment_id = ? AND sent = 0", (appt_id,))
        self.visits.event(tx, appt_id, "no-show", messages.HISTORY["no_show"])
        missed = self.visits.record(tx, appt_id)
        self.visits.notify_visit(tx, appt_id, NotificationKind.NO_SHOW, visit=missed)
        return missed

    @staticmethod
    def _undo_completion(tx: Tx, pid: int, appt: Appointment, referral_id: int | None) -> None:
        if referral_id is not None:
            tx.execute("UPDATE referrals SET realised_at = NULL WHERE id = ?", (referral_id,))
        tx.execute(
            "DELETE FROM screenings WHERE rowid = (SELECT rowid FROM screenings"
            " WHERE patient_id = ? AND service = ? AND day = ? LIMIT 1)",
            (pid, appt.service, appt.end.date().isoformat()),
        )

    def follow_up(self, req: FollowUpRequest) -> Appointment:
        """A follow-up visit the facility books: at the facility of her last visit for the
        service (else the first that offers it), on the first working day `days_ahead` on,
        in a slot the facility adds to its schedule. No e-referral; one visit per service
        still holds."""
        rule = self.core.rule(req.service)
        with self.core.write() as tx:
            found = tx.execute("SELECT id FROM patients WHERE pesel = ?", (req.pesel,)).fetchone()
            if found is None:
                raise refusals.no_patient()
            pid = int(found[0])
            self.visits.ensure_free_for(tx, pid, rule)
            facility = (
                tx.execute(
                    "SELECT s.facility_id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                    " WHERE a.patient_id = ? AND a.service = ? ORDER BY s.start DESC LIMIT 1",
                    (pid, rule.code),
                ).fetchone()
                or tx.execute(
                    "SELECT facility_id FROM facility_services WHERE service = ?"
                    " ORDER BY facility_id LIMIT 1",
                    (rule.code,),
                ).fetchone()
            )
            day = next_working_day(tx.now.date() + timedelta(days=req.days_ahead))
            start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=FOLLOW_UP_MINUTE)
            return self.follow_up_in(tx, pid, rule, int(facility[0]), start)

    def follow_up_in(
        self, tx: Tx, pid: int, rule: ServiceRule, facility_id: int, start: datetime
    ) -> Appointment:
        """A follow-up visit at `start`, in a slot the facility adds to its schedule."""
        self.visits.ensure_free_for(tx, pid, rule)
        minute = start.hour * 60 + start.minute
        slot_id = tx.execute(
            "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes, state)"
            " VALUES (?, ?, ?, ?, ?, 'booked')",
            (facility_id, rule.code, iso(start), minute, rule.slot_minutes),
        ).lastrowid
        assert slot_id is not None
        appt_id = self.visits.insert(
            tx, pid, rule.code, slot_id, AppointmentSource.FACILITY, None, follow_up=True
        )
        self.visits.event(tx, appt_id, "follow-up", messages.HISTORY["follow_up"])
        self.visits.notices.schedule_reminders(tx, appt_id, parse_moment(iso(start)))
        booked = self.visits.record(tx, appt_id)
        self.visits.notify_visit(tx, appt_id, NotificationKind.FOLLOW_UP_BOOKED, visit=booked)
        return booked
