"""The slot search: free slots that fit the criteria, earliest first, then nearest, a page
at a time behind an opaque cursor."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from erej_tui.api.models import (
    MAX_ID,
    SearchCriteria,
    Slot,
    SlotCalendar,
    SlotDay,
    SlotPage,
)

from .. import refusals
from ..rules import ServiceRule
from ..seed import iso
from .catalogue import Catalogue
from .core import Core, Tx, parse_moment

Found = tuple[str, float | None, int, int, int]
"""A free slot as the search finds it: start, distance, id, minutes, facility."""


def cursor_encode(start: str, distance: float | None, slot_id: int) -> str:
    raw = json.dumps([start, distance if distance is not None else -1, slot_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[str, float, int]:
    """The page position a cursor holds, or a 422: a cursor comes back from a client, and
    one that was tampered with (a distance of Infinity, an id past SQLite's integers)
    must not reach the query."""

    def no_constants(name: str) -> float:
        raise ValueError(name)

    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        start, distance, slot_id = json.loads(raw, parse_constant=no_constants)
        datetime.fromisoformat(start)
        if (
            not isinstance(distance, int | float)
            or isinstance(distance, bool)
            or not -1 <= distance < 1e6
            or type(slot_id) is not int
            or not 1 <= slot_id <= MAX_ID
        ):
            raise ValueError(cursor)
        return str(start), float(distance), slot_id
    except (ValueError, TypeError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise refusals.bad_cursor() from exc


class Search:
    def __init__(self, core: Core, catalogue: Catalogue) -> None:
        self.core, self.catalogue = core, catalogue

    def calendar(
        self, pid: int, service: str, criteria: SearchCriteria, referral_code: str | None = None
    ) -> SlotCalendar:
        """The free slots `search_slots` would list, counted per day with the earliest
        time of each: one aggregate query."""
        rule = self.core.rule(service)
        self.core.check_place(criteria)
        with self.core.read() as tx:
            self.check_search(tx, pid, rule, criteria, referral_code)
            fitting = self.fitting(tx, rule.code, criteria)
            if fitting is None:
                return SlotCalendar(service=rule.code, days=[])
            where, params, _ = fitting
            rows = tx.execute(
                "SELECT substr(start, 1, 10) AS day, count(*), min(minute_of_day) FROM slots"
                f" WHERE {where} GROUP BY day ORDER BY day",
                params,
            ).fetchall()
        return SlotCalendar(
            service=rule.code,
            days=[
                SlotDay(day=date.fromisoformat(day), free=free, earliest=time(*divmod(first, 60)))
                for day, free, first in rows
            ],
        )

    def check_search(
        self,
        tx: Tx,
        pid: int,
        rule: ServiceRule,
        criteria: SearchCriteria,
        referral_code: str | None,
    ) -> None:
        """A search's dates are not past, and its e-referral is the patient's own and fits."""
        today = tx.now.date()
        if criteria.date_to and criteria.date_to < today:
            raise refusals.dates_past()
        if criteria.date_from and criteria.date_from < today:
            raise refusals.start_date_past()
        if referral_code:
            self.catalogue.referral(tx, pid, rule, referral_code)

    def fitting(
        self, tx: Tx, service: str, criteria: SearchCriteria
    ) -> tuple[str, list[Any], Mapping[int, float | None]] | None:
        """The SQL condition (and its parameters) of the free slots of a service that fit
        the criteria from the next minute on, and the facilities they may be at with their
        distances; None when no facility can fit them."""
        candidates = self.core.places.candidates(criteria, service)
        if not candidates:
            return None
        lower = iso(tx.now + timedelta(minutes=1))
        if criteria.date_from:
            lower = max(lower, criteria.date_from.isoformat())
        upper = (criteria.date_to + timedelta(days=1)).isoformat() if criteria.date_to else "9999"
        where = ["service = ?", "state = 'free'", "start >= ?", "start < ?"]
        params: list[Any] = [service, lower, upper]
        if criteria.hour_from:
            where.append("minute_of_day >= ?")
            params.append(criteria.hour_from.hour * 60 + criteria.hour_from.minute)
        if criteria.hour_to:
            where.append("minute_of_day < ?")
            params.append(criteria.hour_to.hour * 60 + criteria.hour_to.minute)
        if len(candidates) < len(self.core.places.facilities):
            where.append(f"facility_id IN ({','.join('?' * len(candidates))})")
            params.extend(candidates)
        return " AND ".join(where), params, candidates

    def search_slots(
        self,
        pid: int,
        service: str,
        criteria: SearchCriteria,
        *,
        referral_code: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> SlotPage:
        rule = self.core.rule(service)
        self.core.check_place(criteria)
        with self.core.read() as tx:
            self.check_search(tx, pid, rule, criteria, referral_code)
            after = cursor_decode(cursor) if cursor else None
            rows = self.free_slots(tx, rule.code, criteria, limit, after)
        items = rows[:limit]
        page = [
            Slot(
                id=r[2],
                service=rule.code,
                start=parse_moment(r[0]),
                end=parse_moment(r[0]) + timedelta(minutes=r[3]),
                facility=self.core.places.facility(r[4], r[1]),
                distance_km=r[1],
            )
            for r in items
        ]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = cursor_encode(last[0], last[1], last[2])
        return SlotPage(items=page, next_cursor=next_cursor)

    def free_slots(
        self,
        tx: Tx,
        service: str,
        criteria: SearchCriteria,
        limit: int,
        after: tuple[str, float, int] | None,
    ) -> list[Found]:
        """Up to limit+1 free slots ordered by (start, distance, id), after the cursor.

        SQL orders by start; distance only breaks ties between equal starts, so each batch is
        completed to the end of its last start before it is sorted.
        """
        fitting = self.fitting(tx, service, criteria)
        if fitting is None:
            return []
        where, params, candidates = fitting
        lower = params[1]
        strict = False
        if after is not None and after[0] >= lower:
            lower = after[0]
        base = f"SELECT start, id, minutes, facility_id FROM slots WHERE {where}"
        batch = limit + 1
        out: list[Found] = []
        while len(out) <= limit:
            op = ">" if strict else ">="
            rows = tx.execute(
                f"{base} AND start {op} ? ORDER BY start, id LIMIT ?", (*params, lower, batch)
            ).fetchall()
            if not rows:
                break
            full = len(rows) == batch
            if full:
                last_start = rows[-1][0]
                rows = [r for r in rows if r[0] < last_start] + tx.execute(
                    f"{base} AND start = ? ORDER BY id", (*params, last_start)
                ).fetchall()
            keyed = sorted(
                ((r[0], candidates[r[3]], r[1], r[2], r[3]) for r in rows),
                key=lambda t: (t[0], t[1] if t[1] is not None else -1, t[2]),
            )
            if after is not None:
                keyed = [t for t in keyed if (t[0], t[1] if t[1] is not None else -1, t[2]) > after]
            out.extend(keyed)
            if not full:
                break
            lower, strict = rows[-1][0], True
            batch = max(batch, 2 * (limit + 1 - len(out)))
        return out[: limit + 1]
