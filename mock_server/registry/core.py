"""What every room of the registry shares: the database, the clock, the catalogue's rules
and places, and `Tx`, the one transaction object an operation passes from room to room."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from erej_tui.api.models import SearchCriteria
from erej_tui.api.timefmt import WARSAW, to_warsaw

from .. import refusals
from ..clock import VirtualClock
from ..db import Database
from ..places import Places
from ..rules import ServiceRule, service_rule

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Tx:
    """One transaction: the connection inside it, and the moment it runs at.

    The moment is read once, inside the database's lock, so every rule an operation
    applies (has the slot passed, when does the entry expire, which reminders are due)
    sees the same time, even while the demo clock's thread moves it."""

    c: sqlite3.Connection
    now: datetime
    acting: tuple[int, int] | None = None
    """(guardian, child) when a guardian acts for her child: the child's history names the
    guardian and the child's messages go to the guardian's contact data. Anyone else the
    operation touches (the next in the waiting room given the slot it frees) is not
    acted for."""
    staff: int | None = None
    """The facility's staff member who acts (at the registration desk), if one does: the
    history of every visit the operation changes names her."""

    def actor_for(self, pid: int) -> int | None:
        """The guardian acting for patient `pid` in this transaction, if any."""
        return self.acting[0] if self.acting is not None and self.acting[1] == pid else None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.c.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        return self.c.executemany(sql, rows)

    def one(self, sql: str, params: Any = ()) -> Any:
        """The first column of the first row."""
        return self.c.execute(sql, params).fetchone()[0]


class Core:
    """The database, the clock and the catalogue, for every room."""

    def __init__(
        self,
        db: Database,
        clock: VirtualClock,
        *,
        seed: int,
        scale: str,
        token_ttl: timedelta,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.db, self.clock, self.seed, self.scale = db, clock, seed, scale
        self.token_ttl, self.wall = token_ttl, wall
        self._places: Places | None = None
        self._rules: dict[str, ServiceRule] | None = None

    def forget(self) -> None:
        """Drop what was read from a database that has just been seeded again."""
        self._places = None
        self._rules = None

    def now(self) -> datetime:
        return self.clock.now()

    @contextmanager
    def write(self, actor: int | None = None, patient: int | None = None) -> Iterator[Tx]:
        """A write transaction: all of it commits, or none of it. `actor`: the guardian
        acting for `patient`, her child, if it is not the patient herself."""
        acting = (actor, patient) if actor is not None and patient is not None else None
        with self.db.tx() as c:
            yield Tx(c, self.clock.now(), acting)

    @contextmanager
    def desk(self, staff: int) -> Iterator[Tx]:
        """A write transaction of the registration desk: `staff` acts."""
        with self.db.tx() as c:
            yield Tx(c, self.clock.now(), staff=staff)

    def key_seen(self, pid: int, key: str) -> bool:
        """Whether a write with this Idempotency-Key was done for the patient (a retry of
        it replays, whatever has changed since)."""
        with self.read() as tx:
            return _stored(tx, pid, key) is not None

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.read() as c:
            yield Tx(c, self.clock.now())

    @property
    def places(self) -> Places:
        if self._places is None:
            with self.db.read() as c:
                self._places = Places(c)
        return self._places

    @property
    def rules(self) -> dict[str, ServiceRule]:
        if self._rules is None:
            with self.db.read() as c:
                rows = c.execute("SELECT * FROM services ORDER BY position").fetchall()
            self._rules = {r["code"]: service_rule(r) for r in rows}
        return self._rules

    def rule(self, code: str) -> ServiceRule:
        rule = self.rules.get(code)
        if rule is None:
            raise refusals.no_service(code)
        return rule

    def check_place(self, criteria: SearchCriteria) -> None:
        """A 404 for a locality or facility the criteria name that does not exist."""
        if criteria.locality_id is not None and criteria.locality_id not in self.places.localities:
            raise refusals.no_locality(criteria.locality_id)
        if criteria.facility_id is not None and criteria.facility_id not in self.places.facilities:
            raise refusals.no_facility(criteria.facility_id)


def once(
    tx: Tx, pid: int, key: str | None, fingerprint: str, produce: Callable[[], T]
) -> tuple[T | Any, bool]:
    """Run `produce` once per Idempotency-Key: a retry replays the stored result (and
    says so); the same key with another request is a 422."""
    if key:
        row = _stored(tx, pid, key)
        if row is not None:
            if row["fingerprint"] != fingerprint:
                raise refusals.key_reused()
            return json.loads(row["body"]), True
    result = produce()
    if key:
        tx.execute(
            "INSERT INTO idempotency VALUES (?, ?, ?, 201, ?)",
            (pid, key, fingerprint, result.model_dump_json()),  # type: ignore[attr-defined]
        )
    return result, False


def _stored(tx: Tx, pid: int, key: str) -> Any:
    """The first answer given to a write with this key, if any (its fingerprint, body)."""
    return tx.execute(
        "SELECT fingerprint, body FROM idempotency WHERE patient_id = ? AND key = ?", (pid, key)
    ).fetchone()


def parse_moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def short(moment: datetime) -> str:
    return to_warsaw(moment).strftime("%d.%m.%Y %H:%M")


def slot_fits(criteria: SearchCriteria, slot: sqlite3.Row, start: datetime) -> bool:
    """The when-part of the criteria (the where-part is the facility set)."""
    day = start.date()
    if criteria.date_from and day < criteria.date_from:
        return False
    if criteria.date_to and day > criteria.date_to:
        return False
    minute = slot["minute_of_day"]
    if criteria.hour_from and minute < criteria.hour_from.hour * 60 + criteria.hour_from.minute:
        return False
    return not (criteria.hour_to and minute >= criteria.hour_to.hour * 60 + criteria.hour_to.minute)
