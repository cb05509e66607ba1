"""Time: what falls due as the clock moves. Schedule days published, reminders sent, past
visits completed (the referral realised, the screening recorded), waiting-room entries
expired."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from erej_tui.api.models import NotificationKind

from .. import messages
from ..seed import HORIZON_DAYS, SCALES, Seeder, iso
from .core import Core, Tx, parse_moment
from .notices import Notices
from .visits import Visits
from .waitroom import WaitingRoom

TICK_EVERY = timedelta(seconds=1)
"""On a running clock, due reminders and expiries are caught up at most this often."""


class Clockwork:
    def __init__(
        self, core: Core, visits: Visits, notices: Notices, waiting_room: WaitingRoom
    ) -> None:
        self.core, self.visits, self.notices = core, visits, notices
        self.waiting_room = waiting_room
        self.ticked_at: datetime | None = None

    def tick(self, force: bool = False) -> None:
        """Catch up with the clock: publish schedule days, send due reminders, close past
        visits, expire waiting-room entries.

        Every request ticks, so a tick at (or within a second of) the moment of the last one
        returns at once: nothing can have fallen due, since whatever the requests since then
        scheduled (reminders, expiries, visits) lies in the future.
        """
        now = self.core.now()
        last = self.ticked_at
        if not force and last is not None and last <= now < last + TICK_EVERY:
            return
        self.extend_horizon()
        with self.core.write() as tx:
            self._remind(tx)
            self._complete(tx)
            self._expire(tx)
        self.ticked_at = tx.now

    def _remind(self, tx: Tx) -> None:
        for rem in tx.execute(
            "SELECT r.id, r.appointment_id, r.kind, r.due_at FROM reminders r"
            " JOIN appointments a ON a.id = r.appointment_id"
            " WHERE r.sent = 0 AND r.due_at <= ? ORDER BY r.due_at, r.id",
            (iso(tx.now),),
        ).fetchall():
            at = parse_moment(rem["due_at"])
            kind = NotificationKind(rem["kind"])
            tx.execute("UPDATE reminders SET sent = 1 WHERE id = ?", (rem["id"],))
            self.visits.notify_visit(tx, rem["appointment_id"], kind, at=at)
            self.visits.event(
                tx, rem["appointment_id"], kind.value, messages.HISTORY["reminder"], at
            )

    def _complete(self, tx: Tx) -> None:
        for appt in tx.execute(
            "SELECT a.id, a.patient_id, a.service, a.referral_id, s.start, s.minutes"
            " FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.status = 'booked'"
            " AND s.start <= ?",
            (iso(tx.now),),
        ).fetchall():
            end = parse_moment(appt["start"]) + timedelta(minutes=appt["minutes"])
            if end > tx.now:
                continue
            self.visits.complete(tx, appt, end, messages.HISTORY["completed"])

    def _expire(self, tx: Tx) -> None:
        for entry in tx.execute(
            "SELECT w.id, w.patient_id, w.expires_at, v.name FROM waitlist w"
            " JOIN services v ON v.code = w.service"
            " WHERE w.status = 'waiting' AND w.expires_at <= ?",
            (iso(tx.now),),
        ).fetchall():
            expires = parse_moment(entry["expires_at"])
            tx.execute(
                "UPDATE waitlist SET status = 'expired', ended_at = ? WHERE id = ?",
                (entry["expires_at"], entry["id"]),
            )
            self.notices.notify(
                tx,
                entry["patient_id"],
                NotificationKind.WAITLIST_EXPIRED,
                messages.waitlist_text(
                    NotificationKind.WAITLIST_EXPIRED,
                    service_name=entry["name"],
                    predicted=None,
                    expires=expires,
                ),
                at=expires,
                waitlist_id=entry["id"],
            )

    def extend_horizon(self) -> None:
        """Facilities publish schedules 120 days ahead: add the days the clock has opened."""
        core = self.core
        horizon = core.db.meta("horizon")
        if horizon is None:
            return
        if date.fromisoformat(horizon) >= core.now().date() + timedelta(days=HORIZON_DAYS):
            return
        with core.write() as tx:
            # Decided inside the write: another thread (the demo clock's, a request's) may
            # have moved the clock or extended the horizon since the look above, and days
            # must not be added twice.
            last = date.fromisoformat(tx.one("SELECT value FROM meta WHERE key = 'horizon'"))
            target = tx.now.date() + timedelta(days=HORIZON_DAYS)
            if last >= target:
                return
            seeder = Seeder(core.db, core.seed, tx.now.date(), SCALES[core.scale])
            days = (target - last).days
            first_new = tx.one("SELECT coalesce(max(id), 0) + 1 FROM slots")
            for fid in core.places.facilities:
                tx.executemany(
                    "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes,"
                    " state) VALUES (?, ?, ?, ?, ?, ?)",
                    seeder.slots_for(tx.c, fid, last + timedelta(days=1), days),
                )
            tx.execute(
                "INSERT INTO slot_releases SELECT id, service, facility_id, ?, start FROM slots"
                " WHERE id >= ? AND state = 'free'",
                (iso(tx.now), first_new),
            )
            tx.execute("UPDATE meta SET value = ? WHERE key = 'horizon'", (target.isoformat(),))
            if tx.execute("SELECT 1 FROM waitlist WHERE status = 'waiting' LIMIT 1").fetchone():
                for (slot_id,) in tx.execute(
                    "SELECT id FROM slots WHERE id >= ? AND state = 'free' ORDER BY start, id",
                    (first_new,),
                ).fetchall():
                    self.waiting_room.offer(tx, slot_id)
