"""The waiting room: joining when no slot fits, the queue's forecast, leaving, and the
automatic assignment of a slot that becomes free to the first entry it fits."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

from erej_tui.api.models import (
    AppointmentSource,
    NotificationKind,
    SearchCriteria,
    Urgency,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistOutlook,
    WaitlistRequest,
    WaitlistStatus,
    WeekCount,
)
from erej_tui.api.workdays import add_working_days, working_days_between

from .. import messages, refusals
from ..seed import iso
from .catalogue import Catalogue
from .core import Core, Tx, once, parse_moment, slot_fits
from .notices import Notices
from .search import Search
from .sessions import patient_row
from .visits import Visits

RELEASE_WINDOW_DAYS = 28
CHART_WEEKS = 8
"""The weeks of slots freed or published an outlook shows (the rate counts the last 4)."""
LIKELY = (0.1, 0.9)
"""The likely range of an outlook: eight times in ten the slot comes within it."""
URGENT = "coalesce(r.urgency = 'pilny', 0)"
"""1 for an entry whose e-referral (`r`, joined to the entry) is urgent, else 0."""
URGENT_FIRST = f"{URGENT} DESC"
"""The queue's order: entries whose e-referral is urgent (pilny) first, then by joining."""


class WaitingRoom:
    def __init__(
        self,
        core: Core,
        catalogue: Catalogue,
        search: Search,
        visits: Visits,
        notices: Notices,
    ) -> None:
        self.core, self.catalogue, self.search = core, catalogue, search
        self.visits, self.notices = visits, notices

    def offer(self, tx: Tx, slot_id: int) -> int | None:
        """Give a slot that just became free to the first fitting waiting-room entry, in the
        queue's order (`URGENT_FIRST`, then the time of joining).

        Returns the new appointment's id, or None when nobody in the queue fits.
        """
        slot = tx.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
        if slot is None or slot["state"] != "free":
            return None
        start = parse_moment(slot["start"])
        if start <= tx.now:
            return None
        for entry in tx.execute(
            "SELECT w.* FROM waitlist w LEFT JOIN referrals r ON r.id = w.referral_id"
            " WHERE w.service = ? AND w.status = 'waiting' AND w.expires_at > ?"
            f" ORDER BY {URGENT_FIRST}, w.created_at, w.id",
            (slot["service"], iso(tx.now)),
        ).fetchall():
            criteria = SearchCriteria.model_validate_json(entry["criteria"])
            if not slot_fits(criteria, slot, start) or slot["facility_id"] not in (
                self.core.places.candidates(criteria, slot["service"])
            ):
                continue
            tx.execute(
                "UPDATE waitlist SET status = 'assigned', ended_at = ? WHERE id = ?",
                (iso(tx.now), entry["id"]),
            )
            self.visits.claim_slot(tx, slot_id, slot=slot)
            appt_id = self.visits.insert(
                tx,
                entry["patient_id"],
                slot["service"],
                slot_id,
                AppointmentSource.WAITLIST,
                entry["referral_id"],
            )
            tx.execute(
                "UPDATE waitlist SET appointment_id = ? WHERE id = ?", (appt_id, entry["id"])
            )
            self.visits.event(tx, appt_id, "assigned", messages.HISTORY["assigned"])
            self.notices.schedule_reminders(tx, appt_id, start)
            self.visits.notify_visit(tx, appt_id, NotificationKind.WAITLIST_ASSIGNED)
            return appt_id
        return None

    def join_waitlist(
        self,
        pid: int,
        req: WaitlistRequest,
        *,
        lang: str = "pl",
        idempotency_key: str | None = None,
        fingerprint: str = "",
        actor: int | None = None,
    ) -> tuple[Any, bool]:
        rule = self.core.rule(req.service)
        criteria = SearchCriteria.model_validate(
            req.model_dump(exclude={"service", "referral_code"})
        )
        self.core.check_place(criteria)
        with self.core.write(actor, pid) as tx:
            today = tx.now.date()
            if (criteria.date_from and criteria.date_from < today) or (
                criteria.date_to and criteria.date_to < today
            ):
                raise refusals.waiting_dates_past()

            def produce() -> WaitlistEntry:
                row = patient_row(tx, pid)
                self.catalogue.check_eligible(tx, row, rule, bool(req.referral_code), lang)
                self.visits.ensure_free_for(tx, pid, rule)
                referral_id = self.catalogue.referral(tx, pid, rule, req.referral_code)
                if self.search.free_slots(tx, rule.code, criteria, 0, None):
                    raise refusals.slots_available()
                expires = expiry(tx.now, rule.waitlist_days, criteria)
                cur = tx.execute(
                    "INSERT INTO waitlist (patient_id, service, criteria, status, created_at,"
                    " expires_at, referral_id) VALUES (?, ?, ?, 'waiting', ?, ?, ?)",
                    (
                        pid,
                        rule.code,
                        criteria.model_dump_json(exclude_none=True),
                        iso(tx.now),
                        iso(expires),
                        referral_id,
                    ),
                )
                entry = self.entry(tx, int(cur.lastrowid or 0))
                tx.execute(
                    "UPDATE waitlist SET predicted_date = ? WHERE id = ?",
                    (entry.predicted_date.isoformat() if entry.predicted_date else None, entry.id),
                )
                self.notices.notify(
                    tx,
                    pid,
                    NotificationKind.WAITLIST_JOINED,
                    messages.waitlist_text(
                        NotificationKind.WAITLIST_JOINED,
                        service_name=rule.name,
                        predicted=entry.predicted_date,
                        expires=expires,
                        urgency=entry.urgency,
                    ),
                    waitlist_id=entry.id,
                )
                return entry

            return once(tx, pid, idempotency_key, fingerprint, produce)

    def entry(self, tx: Tx, entry_id: int, pid: int | None = None) -> WaitlistEntry:
        row = tx.execute(
            "SELECT w.*, v.name AS service_name, v.name_en AS service_name_en,"
            " r.code AS referral_code, r.urgency, a.number AS appointment_number FROM waitlist w"
            " JOIN services v ON v.code = w.service LEFT JOIN referrals r ON r.id = w.referral_id"
            " LEFT JOIN appointments a ON a.id = w.appointment_id"
            " WHERE w.id = ?" + (" AND w.patient_id = ?" if pid is not None else ""),
            (entry_id, pid) if pid is not None else (entry_id,),
        ).fetchone()
        if row is None:
            raise refusals.no_entry(entry_id)
        criteria = SearchCriteria.model_validate_json(row["criteria"])
        outlook = None
        if row["status"] == WaitlistStatus.WAITING:
            outlook = self.outlook(
                tx,
                row["service"],
                criteria,
                (row["created_at"], row["id"]),
                parse_moment(row["expires_at"]),
                urgent=row["urgency"] == Urgency.URGENT,
            )
        return WaitlistEntry(
            id=row["id"],
            service=row["service"],
            service_name=row["service_name"],
            service_name_en=row["service_name_en"],
            criteria=criteria,
            status=row["status"],
            position=outlook.position if outlook else None,
            predicted_date=outlook.predicted_date if outlook else None,
            created_at=parse_moment(row["created_at"]),
            expires_at=parse_moment(row["expires_at"]),
            appointment_id=row["appointment_id"],
            appointment_number=row["appointment_number"],
            referral_code=row["referral_code"],
            urgency=Urgency(row["urgency"]) if row["urgency"] else None,
            outlook=outlook,
        )

    def outlook(
        self,
        tx: Tx,
        service: str,
        criteria: SearchCriteria,
        joined: tuple[str, int] | None,
        expires: datetime,
        urgent: bool = False,
    ) -> WaitlistOutlook:
        """Queue position, predicted date and the range of likely dates (model: CER_RULES.md,
        and README's "Predicted date").

        position = 1 + the waiting entries for the service ahead of this one whose area
        shares a facility with it: those of a more urgent category (an e-referral marked
        pilny before any other), then those of the same category that joined earlier (all
        of them when `joined` is None: a newcomer queues last in its category). The matching
        release rate is lambda = (R + 1) / W slots a working day, where R counts the fitting
        slots freed or published at this entry's facilities in the last 28 days (a slot
        fits when its term lay within as many days of that moment as the entry's dates
        span, and within its hours) and W the working days among them (the +1 keeps a queue
        without history finite).
        Predicted date = max(today, date_from) + ceil(position / lambda) working days: a
        working day, since facilities publish none on weekends and public holidays.
        Slots appearing at that rate, the position-th comes after a time of the Erlang
        distribution; its 10th and 90th percentiles are the likely range.
        """
        places = self.core.places
        mine = set(places.candidates(criteria, service))
        position = 1
        for other in tx.execute(
            f"SELECT w.criteria, w.created_at, w.id, {URGENT} AS urgent"
            " FROM waitlist w LEFT JOIN referrals r ON r.id = w.referral_id"
            " WHERE w.service = ? AND w.status = 'waiting'",
            (service,),
        ):
            if other["urgent"] != urgent:
                ahead = bool(other["urgent"])
            else:
                ahead = joined is None or (other["created_at"], other["id"]) < joined
            if not ahead:
                continue
            theirs = SearchCriteria.model_validate_json(other["criteria"])
            if mine & set(places.candidates(theirs, service)):
                position += 1
        today = tx.now.date()
        start = max(today, criteria.date_from) if criteria.date_from else today
        deadline = expires.date()
        if criteria.date_to:
            deadline = min(deadline, criteria.date_to)
        this_monday = today - timedelta(days=today.weekday())
        weeks = [this_monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
        per_week = dict.fromkeys(weeks, 0)
        releases = 0
        since = iso(tx.now - timedelta(days=RELEASE_WINDOW_DAYS))
        # A slot that appeared fits when its term lay within as many days of that moment as
        # this entry's dates span, and within its hours.
        where = [
            "service = ?",
            "at >= ?",
            f"facility_id IN ({','.join('?' * len(mine))})",
            "julianday(start) - julianday(at) <= ?",
        ]
        params: list[Any] = [service, weeks[0].isoformat(), *sorted(mine)]
        params.append((deadline - start).days + 1)
        for bound, op in ((criteria.hour_from, ">="), (criteria.hour_to, "<")):
            if bound:
                where.append(f"substr(start, 12, 5) {op} ?")
                params.append(bound.strftime("%H:%M"))
        if mine:
            for day, count, recent in tx.execute(
                "SELECT substr(at, 1, 10) AS day, count(*), sum(at >= ?) FROM slot_releases"
                f" WHERE {' AND '.join(where)} GROUP BY day",
                (since, *params),
            ):
                moment = date.fromisoformat(day)
                per_week[moment - timedelta(days=moment.weekday())] += count
                releases += recent
        window = working_days_between(today - timedelta(days=RELEASE_WINDOW_DAYS), today)
        rate = (releases + 1) / window
        low, high = (erlang_quantile(position, rate, q) for q in LIKELY)
        return WaitlistOutlook(
            position=position,
            rate_per_week=round(rate * 5, 2),
            weeks=[WeekCount(week=week, slots=per_week[week]) for week in weeks],
            likely_from=add_working_days(start, low),
            likely_to=add_working_days(start, high),
            predicted_date=add_working_days(start, math.ceil(position / rate)),
            deadline=deadline,
        )

    def forecast(
        self, pid: int, service: str, criteria: SearchCriteria, referral_code: str | None = None
    ) -> WaitlistForecast:
        """What joining the waiting room now would give: position, predicted date, limit;
        with the e-referral the patient would join with, in its category's place."""
        rule = self.core.rule(service)
        self.core.check_place(criteria)
        with self.core.read() as tx:
            urgent = False
            if referral_code:
                referral = self.catalogue.referral(tx, pid, rule, referral_code)
                urgent = referral is not None and tx.one(
                    "SELECT urgency = 'pilny' FROM referrals WHERE id = ?", (referral,)
                )
            expires = expiry(tx.now, rule.waitlist_days, criteria)
            outlook = self.outlook(tx, rule.code, criteria, None, expires, urgent=bool(urgent))
        return WaitlistForecast(
            position=outlook.position,
            predicted_date=outlook.predicted_date,
            expires_at=expires,
            outlook=outlook,
        )

    def waitlist(self, pid: int) -> list[WaitlistEntry]:
        with self.core.read() as tx:
            ids = [
                r[0]
                for r in tx.execute(
                    "SELECT id FROM waitlist WHERE patient_id = ?"
                    " ORDER BY status != 'waiting', created_at DESC, id DESC",
                    (pid,),
                )
            ]
            return [self.entry(tx, i) for i in ids]

    def waitlist_entry(self, pid: int, entry_id: int) -> WaitlistEntry:
        with self.core.read() as tx:
            return self.entry(tx, entry_id, pid)

    def leave_waitlist(self, pid: int, entry_id: int, actor: int | None = None) -> WaitlistEntry:
        with self.core.write(actor, pid) as tx:
            entry = self.entry(tx, entry_id, pid)
            if entry.status is not WaitlistStatus.WAITING:
                raise refusals.entry_not_waiting()
            tx.execute(
                "UPDATE waitlist SET status = 'left', ended_at = ? WHERE id = ?",
                (iso(tx.now), entry_id),
            )
            self.notices.notify(
                tx,
                pid,
                NotificationKind.WAITLIST_LEFT,
                messages.waitlist_text(
                    NotificationKind.WAITLIST_LEFT,
                    service_name=entry.service_name,
                    predicted=None,
                    expires=entry.expires_at,
                ),
                waitlist_id=entry_id,
            )
            return self.entry(tx, entry_id)


def expiry(now: datetime, days: int, criteria: SearchCriteria) -> datetime:
    """When an entry stops being looked for: after the service's days (40 for a visit, 90
    for an examination), or at the end of the patient's date limit if that comes first (no
    slot after it fits her criteria, so she is not told that the search goes on)."""
    expires = now + timedelta(days=days)
    if criteria.date_to:
        expires = min(expires, datetime.combine(criteria.date_to, time(23, 59, 59), now.tzinfo))
    return expires


def erlang_quantile(n: int, rate: float, q: float) -> int:
    """The fewest working days t (at least 1) by which, with slots appearing at `rate` a
    working day (a Poisson process), `n` of them have appeared with probability q: the
    Erlang distribution's quantile, P(Poisson(rate * t) >= n) >= q."""

    def reached(t: int) -> bool:
        mu = rate * t
        below = math.fsum(math.exp(-mu + k * math.log(mu) - math.lgamma(k + 1)) for k in range(n))
        return 1 - below >= q

    low, high = 1, 1
    while not reached(high):
        low, high = high + 1, high * 2
    while low < high:
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle + 1
    return high
