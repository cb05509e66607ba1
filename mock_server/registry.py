"""The registry: every CeR operation, each one transaction, rules enforced here.

The HTTP layer (`app.py`) only parses, authenticates and renders; everything a patient can
observe is decided in this module. Time-driven work (reminders, completed visits,
waiting-room expiries, newly published schedule days) runs in `tick()`, which the HTTP layer
calls before each request: the same thing then happens under uvicorn and in-process through
httpx's ASGI transport, which runs no background loop.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from erej_tui.api import errors
from erej_tui.api.models import (
    MAX_ID,
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    CancelledBy,
    Contact,
    ContactUpdate,
    DemoPatient,
    HistoryEvent,
    IneligibilityReason,
    Locality,
    Notification,
    NotificationKind,
    Patient,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    ReleaseRequest,
    ReleaseResult,
    SearchCriteria,
    Service,
    ServiceKind,
    Slot,
    SlotPage,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
    WaitlistStatus,
)
from erej_tui.api.pesel import PeselError, parse_pesel
from erej_tui.api.timefmt import WARSAW, to_warsaw

from . import messages
from .clock import VirtualClock
from .db import Database
from .places import Places
from .rules import PatientFacts, ServiceRule, eligibility
from .seed import (
    DEMO_PATIENTS,
    HORIZON_DAYS,
    POPULATION_DESCRIPTION,
    SCALES,
    Seeder,
    hash_password,
    iso,
    rng,
    seed_database,
)
from .workdays import add_working_days, is_working_day, next_working_day, working_days_between

REMINDERS = (
    (NotificationKind.REMINDER_7D, timedelta(days=7)),
    (NotificationKind.REMINDER_1D, timedelta(days=1)),
)
RELEASE_WINDOW_DAYS = 28
DESCRIPTIONS: dict[str | None, tuple[str, str]] = {
    None: POPULATION_DESCRIPTION,
    **{spec.description: (spec.description, spec.description_en) for spec in DEMO_PATIENTS},
}
"""A patient's description (Polish, English) by the one the database keeps (none for a
patient of the generated population)."""
TICK_EVERY = timedelta(seconds=1)
"""On a running clock, due reminders and expiries are caught up at most this often."""
SESSIONS_KEPT = 10_000
"""The most sessions a registry keeps in memory; the oldest makes room for a new one."""


def parse_moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def _cursor_encode(start: str, distance: float | None, slot_id: int) -> str:
    raw = json.dumps([start, distance if distance is not None else -1, slot_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[str, float, int]:
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
        raise errors.ValidationFailed(
            "Nieprawidłowy kursor stronicowania.", detail_en="Invalid paging cursor."
        ) from exc


@dataclass
class TrafficEvent:
    """What one step of other patients' traffic did (for `erej-mock --traffic`'s log)."""

    kind: str  # "booked", "cancelled" or "idle"
    slot_id: int | None = None
    service: str | None = None
    place: str | None = None
    start: datetime | None = None
    assigned: str | None = None  # the number of the visit a cancellation gave the queue

    def describe(self) -> str:
        if self.kind == "idle":
            return "ruch: nic do zrobienia"
        verb = "zarezerwował" if self.kind == "booked" else "odwołał"
        assert self.start is not None
        text = (
            f"ruch: inny pacjent {verb} termin {self.slot_id} ({self.service}, {self.place},"
            f" {_short(self.start)})"
        )
        if self.assigned is not None:
            text += f"; przydzielony z poczekalni jako wizyta {self.assigned}"
        return text


class Registry:
    def __init__(
        self,
        db: Database,
        clock: VirtualClock,
        *,
        seed: int,
        scale: str = "default",
        token_ttl: timedelta = timedelta(hours=12),
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.db, self.clock, self.seed, self.scale = db, clock, seed, scale
        self.token_ttl, self.wall = token_ttl, wall
        self._ticked_at: datetime | None = None
        self._places: Places | None = None
        self._rules: dict[str, ServiceRule] | None = None
        # The sessions logged in here (token hash -> patient id, expiry), newest last: the
        # requests after a login, a crowd's bookings among them, need no session query.
        # Logout drops one; sessions from before a restart are read from the database.
        self._sessions: dict[str, tuple[int, float]] = {}

    # --- set-up ----------------------------------------------------------------------------
    def ensure_seeded(self, progress=None) -> bool:
        """Seed an empty database; returns whether it seeded."""
        if self.db.meta("seed") is not None:
            return False
        self.reset(progress)
        return True

    def reset(self, progress=None) -> None:
        seed_database(self.db, self.seed, self.clock.now().date(), self.scale, progress)
        self._places = None
        self._rules = None
        self._ticked_at = None
        with self.db.lock:
            self._sessions.clear()

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
            self._rules = {
                r["code"]: ServiceRule(
                    code=r["code"],
                    name=r["name"],
                    name_en=r["name_en"],
                    kind=ServiceKind(r["kind"]),
                    requires_referral=bool(r["requires_referral"]),
                    sex=r["sex"],
                    min_age=r["min_age"],
                    max_age=r["max_age"],
                    interval_months=r["interval_months"],
                    risk_interval_months=r["risk_interval_months"],
                    slot_minutes=r["slot_minutes"],
                )
                for r in rows
            }
        return self._rules

    def rule(self, code: str) -> ServiceRule:
        rule = self.rules.get(code)
        if rule is None:
            raise errors.NotFound(
                f"Nie ma świadczenia „{code}” w katalogu.",
                detail_en=f"There is no service “{code}” in the catalogue.",
            )
        return rule

    def now(self) -> datetime:
        return self.clock.now()

    # --- sessions --------------------------------------------------------------------------
    def login(self, pesel: str, password: str) -> tuple[str, datetime, Patient]:
        try:
            parse_pesel(pesel)
        except PeselError as exc:
            raise errors.InvalidPesel(
                str(exc), detail_en=exc.said("en"), reason=exc.reason
            ) from None
        with self.db.tx() as c:
            row = c.execute("SELECT * FROM patients WHERE pesel = ?", (pesel.strip(),)).fetchone()
            if row is None or not secrets.compare_digest(
                hash_password(password, row["salt"]), row["password_hash"]
            ):
                raise errors.InvalidCredentials(
                    "Błędny PESEL lub hasło.", detail_en="Wrong PESEL or password."
                )
            token = secrets.token_urlsafe(32)
            token_hash = _token_hash(token)
            expires = self.wall() + self.token_ttl.total_seconds()
            c.execute("INSERT INTO sessions VALUES (?, ?, ?, 0)", (token_hash, row["id"], expires))
            if len(self._sessions) >= SESSIONS_KEPT:  # changed under the database's lock only
                del self._sessions[next(iter(self._sessions))]
            self._sessions[token_hash] = (int(row["id"]), expires)
        return token, datetime.fromtimestamp(expires, WARSAW), self._patient(row)

    def authenticate(self, token: str) -> int:
        token_hash = _token_hash(token)
        kept = self._sessions.get(token_hash)
        if kept is not None and kept[1] > self.wall():
            return kept[0]
        with self.db.read() as c:
            row = c.execute(
                "SELECT patient_id, expires_at, revoked FROM sessions WHERE token_hash = ?",
                (token_hash,),
            ).fetchone()
        if row is None:
            raise errors.Unauthorized(
                "Nieznany token sesji – zaloguj się.", detail_en="Unknown session token: log in."
            )
        if row["revoked"] or row["expires_at"] <= self.wall():
            raise errors.SessionExpired(
                "Sesja wygasła – zaloguj się ponownie.",
                detail_en="Your session has expired: log in again.",
            )
        return int(row["patient_id"])

    def logout(self, token: str) -> None:
        token_hash = _token_hash(token)
        with self.db.tx() as c:
            self._sessions.pop(token_hash, None)
            c.execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", (token_hash,))

    # --- the patient -----------------------------------------------------------------------
    def _patient_row(self, c: sqlite3.Connection, pid: int) -> sqlite3.Row:
        row = c.execute("SELECT * FROM patients WHERE id = ?", (pid,)).fetchone()
        if row is None:
            raise errors.Unauthorized()
        return row

    @staticmethod
    def _patient(row: sqlite3.Row) -> Patient:
        return Patient(
            pesel=row["pesel"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            sex=row["sex"],
            birth_date=date.fromisoformat(row["birth_date"]),
            contact=Contact(
                phone=row["phone"],
                email=row["email"],
                channels=[ch for ch in row["channels"].split(",") if ch],
            ),
            priority_rights=bool(row["priority_rights"]),
        )

    def me(self, pid: int) -> Patient:
        with self.db.read() as c:
            return self._patient(self._patient_row(c, pid))

    def update_contact(self, pid: int, update: ContactUpdate) -> Patient:
        given = update.model_dump(exclude_unset=True)
        with self.db.tx() as c:
            row = self._patient_row(c, pid)
            phone = given.get("phone", row["phone"]) or None
            email = given.get("email", row["email"]) or None
            channels = given.get("channels")
            chosen = (
                [str(ch) for ch in channels]
                if channels is not None
                else [ch for ch in row["channels"].split(",") if ch]
            )
            if "sms" in chosen and not phone:
                raise errors.ValidationFailed(
                    "Aby dostawać SMS-y, podaj numer telefonu.",
                    detail_en="To get text messages, give a phone number.",
                )
            if "email" in chosen and not email:
                raise errors.ValidationFailed(
                    "Aby dostawać e-maile, podaj adres e-mail.",
                    detail_en="To get e-mails, give an e-mail address.",
                )
            c.execute(
                "UPDATE patients SET phone = ?, email = ?, channels = ? WHERE id = ?",
                (phone, email, ",".join(sorted(chosen)), pid),
            )
            return self._patient(self._patient_row(c, pid))

    def _facts(
        self,
        c: sqlite3.Connection,
        row: sqlite3.Row,
        rule: ServiceRule,
        referral_given: bool = False,
    ) -> PatientFacts:
        last = c.execute(
            "SELECT max(day) FROM screenings WHERE patient_id = ? AND service = ?",
            (row["id"], rule.code),
        ).fetchone()[0]
        return PatientFacts(
            sex=row["sex"],
            birth_date=date.fromisoformat(row["birth_date"]),
            priority_rights=bool(row["priority_rights"]),
            risk_group=rule.code in row["risk_groups"].split(","),
            last_screening=date.fromisoformat(last) if last else None,
            # Only a service that needs a referral asks whether one is at hand.
            has_unused_referral=referral_given
            or (
                rule.requires_referral
                and self._unused_referral(c, row["id"], rule.code) is not None
            ),
            used_referral=self._used_referral(c, row["id"], rule.code)
            if rule.requires_referral
            else None,
        )

    def _used_referral(self, c: sqlite3.Connection, pid: int, service: str) -> str | None:
        """The newest e-referral for the service that a completed visit used up."""
        row = c.execute(
            "SELECT code FROM referrals WHERE patient_id = ? AND service = ?"
            " AND realised_at IS NOT NULL ORDER BY realised_at DESC LIMIT 1",
            (pid, service),
        ).fetchone()
        return row[0] if row else None

    def _unused_referral(self, c: sqlite3.Connection, pid: int, service: str) -> int | None:
        row = c.execute(
            "SELECT r.id FROM referrals r WHERE r.patient_id = ? AND r.service = ?"
            " AND r.realised_at IS NULL AND NOT EXISTS (SELECT 1 FROM appointments a"
            "   WHERE a.referral_id = r.id AND a.status = 'booked')"
            " AND NOT EXISTS (SELECT 1 FROM waitlist w"
            "   WHERE w.referral_id = r.id AND w.status = 'waiting') ORDER BY r.id",
            (pid, service),
        ).fetchone()
        return row[0] if row else None

    # --- catalogue -------------------------------------------------------------------------
    def services(self, pid: int, lang: str = "pl") -> list[Service]:
        today = self.now().date()
        out = []
        with self.db.read() as c:
            row = self._patient_row(c, pid)
            for rule in self.rules.values():
                active = c.execute(
                    "SELECT id, number FROM appointments WHERE patient_id = ? AND service = ?"
                    " AND status = 'booked'",
                    (pid, rule.code),
                ).fetchone()
                waiting = c.execute(
                    "SELECT id FROM waitlist WHERE patient_id = ? AND service = ?"
                    " AND status = 'waiting'",
                    (pid, rule.code),
                ).fetchone()
                out.append(
                    Service(
                        code=rule.code,
                        name=rule.name,
                        name_en=rule.name_en,
                        kind=rule.kind,
                        requires_referral=rule.requires_referral,
                        waitlist_days=rule.waitlist_days,
                        eligibility=eligibility(rule, self._facts(c, row, rule), today, lang),
                        active_appointment_id=active[0] if active else None,
                        active_appointment_number=active[1] if active else None,
                        active_waitlist_id=waiting[0] if waiting else None,
                    )
                )
        return out

    def _check_eligible(self, c, row, rule: ServiceRule, referral_given: bool, lang: str) -> None:
        verdict = eligibility(
            rule, self._facts(c, row, rule, referral_given), self.now().date(), lang
        )
        if verdict.eligible:
            return
        extra: dict[str, Any] = {"reason": verdict.reason.value if verdict.reason else None}
        if verdict.eligible_from:
            extra["eligible_from"] = verdict.eligible_from.isoformat()
        if verdict.reason is IneligibilityReason.PRIORITY_REGISTRATION:
            raise errors.PriorityRegistration(verdict.detail, **extra)
        if verdict.reason is IneligibilityReason.REFERRAL_REQUIRED:
            raise errors.ReferralRequired(verdict.detail, **extra)
        raise errors.NotEligible(verdict.detail, **extra)

    def _referral(self, c, pid: int, rule: ServiceRule, code: str | None) -> int | None:
        """The referral a booking uses: checked for existence, service and use."""
        if not rule.requires_referral:
            return None
        if not code:
            raise errors.ReferralRequired(
                "Podaj 4-cyfrowy kod e-skierowania – bez niego nie umówisz pierwszej wizyty.",
                detail_en="Give the 4-digit code of your e-referral: a first visit cannot be "
                "booked without it.",
            )
        ref = c.execute(
            "SELECT * FROM referrals WHERE patient_id = ? AND code = ?", (pid, code)
        ).fetchone()
        if ref is None:
            raise errors.ReferralInvalid(
                f"Nie znaleziono e-skierowania o kodzie {code} dla Twojego numeru PESEL. "
                "Sprawdź kod na wydruku lub w IKP.",
                detail_en=f"No e-referral with the code {code} was found for your PESEL. "
                "Check the code on the printout or in IKP.",
            )
        if ref["service"] != rule.code:
            raise errors.ReferralInvalid(
                f"E-skierowanie {code} jest wystawione na inne świadczenie niż "
                f"{rule.name.lower()}.",
                detail_en=f"E-referral {code} is for another service than {rule.name_en.lower()}.",
            )
        if ref["realised_at"] is not None:
            raise errors.ReferralUsed(
                f"E-skierowanie {code} zostało już zrealizowane.",
                detail_en=f"E-referral {code} has already been used.",
            )
        in_use = c.execute(
            "SELECT a.number FROM appointments a WHERE a.referral_id = ? AND a.status = 'booked'"
            " UNION ALL SELECT 'poczekalnia' FROM waitlist w WHERE w.referral_id = ?"
            " AND w.status = 'waiting'",
            (ref["id"], ref["id"]),
        ).fetchone()
        if in_use is not None:
            raise errors.ReferralUsed(
                f"E-skierowanie {code} jest już wykorzystane ({in_use[0]}). "
                "Odwołanie tamtej wizyty zwolni je ponownie.",
                detail_en=f"E-referral {code} is already in use "
                f"({'waiting room' if in_use[0] == 'poczekalnia' else in_use[0]}). "
                "Cancelling that visit frees it again.",
            )
        return int(ref["id"])

    def localities(self, q: str, limit: int) -> list:
        return self.places.find_localities(q, limit)

    def locality(self, locality_id: int) -> Locality:
        found = self.places.localities.get(locality_id)
        if found is None:
            raise errors.NotFound(
                f"Nie ma miejscowości o identyfikatorze {locality_id}.",
                detail_en=f"There is no locality with the id {locality_id}.",
            )
        return found

    def facilities(self, criteria: SearchCriteria, service: str | None) -> list:
        if service:
            self.rule(service)
        self._check_place(criteria)
        found = self.places.candidates(criteria, service)
        order = sorted(found.items(), key=lambda kv: (kv[1] if kv[1] is not None else 0, kv[0]))
        return [self.places.facility(fid, dist) for fid, dist in order]

    def _check_place(self, criteria: SearchCriteria) -> None:
        if criteria.locality_id is not None and criteria.locality_id not in self.places.localities:
            raise errors.NotFound(
                f"Nie ma miejscowości o identyfikatorze {criteria.locality_id}.",
                detail_en=f"There is no locality with the id {criteria.locality_id}.",
            )
        if criteria.facility_id is not None and criteria.facility_id not in self.places.facilities:
            raise errors.NotFound(
                f"Nie ma placówki o identyfikatorze {criteria.facility_id}.",
                detail_en=f"There is no facility with the id {criteria.facility_id}.",
            )

    # --- slot search -----------------------------------------------------------------------
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
        rule = self.rule(service)
        self._check_place(criteria)
        now = self.now()
        if criteria.date_to and criteria.date_to < now.date():
            raise errors.ValidationFailed(
                "Przedział dat leży w przeszłości.", detail_en="The date range lies in the past."
            )
        if criteria.date_from and criteria.date_from < now.date():
            raise errors.ValidationFailed(
                "Data początkowa nie może być w przeszłości.",
                detail_en="The start date cannot be in the past.",
            )
        if referral_code:
            with self.db.read() as c:
                self._referral(c, pid, rule, referral_code)
        after = _cursor_decode(cursor) if cursor else None
        with self.db.read() as c:
            rows = self._free_slots(c, rule.code, criteria, now, limit, after)
        items = rows[:limit]
        page = [
            Slot(
                id=r[2],
                service=rule.code,
                start=parse_moment(r[0]),
                end=parse_moment(r[0]) + timedelta(minutes=r[3]),
                facility=self.places.facility(r[4], r[1]),
                distance_km=r[1],
            )
            for r in items
        ]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = _cursor_encode(last[0], last[1], last[2])
        return SlotPage(items=page, next_cursor=next_cursor)

    def _free_slots(
        self,
        c: sqlite3.Connection,
        service: str,
        criteria: SearchCriteria,
        now: datetime,
        limit: int,
        after: tuple[str, float, int] | None,
    ) -> list[tuple[str, float | None, int, int, int]]:
        """Up to limit+1 free slots ordered by (start, distance, id), after the cursor.

        SQL orders by start; distance only breaks ties between equal starts, so each batch is
        completed to the end of its last start before it is sorted.
        """
        candidates = self.places.candidates(criteria, service)
        if not candidates:
            return []
        lower = iso(now + timedelta(minutes=1))
        if criteria.date_from:
            lower = max(lower, criteria.date_from.isoformat())
        strict = False
        if after is not None and after[0] >= lower:
            lower = after[0]
        upper = (criteria.date_to + timedelta(days=1)).isoformat() if criteria.date_to else "9999"
        where = ["service = ?", "state = 'free'", "start < ?"]
        params: list[Any] = [service, upper]
        if criteria.hour_from:
            where.append("minute_of_day >= ?")
            params.append(criteria.hour_from.hour * 60 + criteria.hour_from.minute)
        if criteria.hour_to:
            where.append("minute_of_day < ?")
            params.append(criteria.hour_to.hour * 60 + criteria.hour_to.minute)
        facility_ids = list(candidates)
        if len(facility_ids) < len(self.places.facilities):
            where.append(f"facility_id IN ({','.join('?' * len(facility_ids))})")
            params.extend(facility_ids)
        base = "SELECT start, id, minutes, facility_id FROM slots WHERE " + " AND ".join(where)
        batch = limit + 1
        out: list[tuple[str, float | None, int, int, int]] = []
        while len(out) <= limit:
            op = ">" if strict else ">="
            rows = c.execute(
                f"{base} AND start {op} ? ORDER BY start, id LIMIT ?", (*params, lower, batch)
            ).fetchall()
            if not rows:
                break
            full = len(rows) == batch
            if full:
                last_start = rows[-1][0]
                rows = [r for r in rows if r[0] < last_start] + c.execute(
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

    # --- appointments ----------------------------------------------------------------------
    def _appointment(
        self, c: sqlite3.Connection, appt_id: int, pid: int | None = None
    ) -> Appointment:
        row = c.execute(
            "SELECT a.*, s.start, s.minutes, s.facility_id, r.code AS referral_code,"
            " v.name AS service_name, v.name_en AS service_name_en"
            " FROM appointments a JOIN slots s ON s.id = a.slot_id"
            " JOIN services v ON v.code = a.service LEFT JOIN referrals r ON r.id = a.referral_id"
            " WHERE a.id = ?" + (" AND a.patient_id = ?" if pid is not None else ""),
            (appt_id, pid) if pid is not None else (appt_id,),
        ).fetchone()
        if row is None:
            # Another patient's visit answers exactly like a missing one.
            raise errors.NotFound(
                f"Nie masz wizyty o identyfikatorze {appt_id}.",
                detail_en=f"You have no visit with the id {appt_id}.",
            )
        start = parse_moment(row["start"])
        history = [
            HistoryEvent(at=parse_moment(e["at"]), kind=e["kind"], detail=e["detail"])
            for e in c.execute(
                "SELECT * FROM appointment_events WHERE appointment_id = ? ORDER BY at, id",
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
            facility=self.places.facility(row["facility_id"]),
            referral_code=row["referral_code"],
            source=row["source"],
            created_at=parse_moment(row["created_at"]),
            cancelled_at=parse_moment(row["cancelled_at"]) if row["cancelled_at"] else None,
            cancelled_by=row["cancelled_by"],
            history=history,
        )

    def appointments(self, pid: int, status: AppointmentStatus | None = None) -> list[Appointment]:
        with self.db.read() as c:
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT a.id FROM appointments a JOIN slots s ON s.id = a.slot_id"
                    " WHERE a.patient_id = ? AND (? IS NULL OR a.status = ?)"
                    " ORDER BY a.status != 'booked', s.start, a.id",
                    (pid, status, status),
                )
            ]
            return [self._appointment(c, i) for i in ids]

    def appointment(self, pid: int, appt_id: int) -> Appointment:
        with self.db.read() as c:
            return self._appointment(c, appt_id, pid)

    def _event(self, c, appt_id: int, kind: str, detail: str, at: datetime | None = None) -> None:
        c.execute(
            "INSERT INTO appointment_events (appointment_id, at, kind, detail) VALUES (?,?,?,?)",
            (appt_id, iso(at or self.now()), kind, detail),
        )

    def _notify(
        self,
        c,
        pid: int,
        kind: NotificationKind,
        body: str,
        *,
        at: datetime | None = None,
        appointment_id: int | None = None,
        waitlist_id: int | None = None,
    ) -> None:
        """Put one message per chosen channel into the outbox, to the current contact data."""
        row = self._patient_row(c, pid)
        for channel, recipient in messages.recipients(
            row["phone"], row["email"], row["channels"].split(",")
        ):
            c.execute(
                "INSERT INTO notifications (patient_id, channel, recipient, kind, subject, body,"
                " created_at, appointment_id, waitlist_id) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    pid,
                    channel.value,
                    recipient,
                    kind.value,
                    messages.SUBJECTS[kind] if channel.value == "email" else None,
                    body,
                    iso(at or self.now()),
                    appointment_id,
                    waitlist_id,
                ),
            )

    def _notify_visit(
        self,
        c,
        appt_id: int,
        kind: NotificationKind,
        *,
        at=None,
        old_start: datetime | None = None,
        visit: Appointment | None = None,
    ) -> None:
        """Tell the patient about the visit (`visit`: as just read, saving a second read)."""
        appt = visit or self._appointment(c, appt_id)
        pid = c.execute("SELECT patient_id FROM appointments WHERE id = ?", (appt_id,)).fetchone()[
            0
        ]
        body = messages.visit_text(
            kind,
            service_name=appt.service_name,
            start=appt.start,
            facility_name=appt.facility.name,
            street=appt.facility.address.street,
            locality=appt.facility.address.locality,
            number=appt.number,
            old_start=old_start,
            sent_at=at or self.now(),
        )
        self._notify(c, pid, kind, body, at=at, appointment_id=appt_id)

    def _schedule_reminders(self, c, appt_id: int, start: datetime) -> None:
        c.execute("DELETE FROM reminders WHERE appointment_id = ? AND sent = 0", (appt_id,))
        for kind, before in REMINDERS:
            # Sent on a working day, like the desk would: a Monday visit's day-before
            # reminder goes out on Friday, one due on Christmas Day on Christmas Eve's eve.
            due = start - before
            while not is_working_day(to_warsaw(due).date()):
                due -= timedelta(days=1)
            if due > self.now():
                c.execute(
                    "INSERT INTO reminders (appointment_id, kind, due_at) VALUES (?, ?, ?)",
                    (appt_id, kind.value, iso(due)),
                )

    def _claim_slot(
        self, c, slot_id: int, service: str | None = None, slot: sqlite3.Row | None = None
    ) -> sqlite3.Row:
        """Take a free slot (for `service`, when given) and return its row; `slot` is the row
        when the caller has read it."""
        if slot is None:
            slot = c.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
        if slot is None:
            raise errors.NotFound(
                f"Nie ma terminu o identyfikatorze {slot_id}.",
                detail_en=f"There is no slot with the id {slot_id}.",
            )
        if service is not None and slot["service"] != service:
            raise errors.SlotUnavailable(
                "Ten termin dotyczy innego świadczenia.",
                detail_en="This slot is for another service.",
            )
        if parse_moment(slot["start"]) <= self.now():
            raise errors.SlotUnavailable(
                "Ten termin już minął – wybierz inny.",
                detail_en="This slot has passed: choose another.",
            )
        # The row was read in this transaction: a slot it shows taken needs no UPDATE to say so.
        if (
            slot["state"] != "free"
            or not c.execute(
                "UPDATE slots SET state = 'booked' WHERE id = ? AND state = 'free'", (slot_id,)
            ).rowcount
        ):
            raise errors.SlotTaken(
                "Ktoś zarezerwował ten termin przed chwilą. Wybierz inny z odświeżonej listy.",
                detail_en="Someone booked this slot a moment ago. "
                "Choose another from the refreshed list.",
            )
        return slot

    def _insert_appointment(
        self, c, pid: int, service: str, slot_id: int, source: str, referral_id: int | None
    ) -> int:
        next_id = c.execute("SELECT coalesce(max(id), 0) + 1 FROM appointments").fetchone()[0]
        number = f"ER/{self.now().year}/{next_id:06d}"
        try:
            c.execute(
                "INSERT INTO appointments (id, number, patient_id, service, slot_id, status,"
                " source, referral_id, created_at) VALUES (?,?,?,?,?, 'booked', ?,?,?)",
                (next_id, number, pid, service, slot_id, source, referral_id, iso(self.now())),
            )
        except sqlite3.IntegrityError as exc:
            text = str(exc)
            if "slot_id" in text:
                raise errors.SlotTaken(
                    "Ktoś zarezerwował ten termin przed chwilą.",
                    detail_en="Someone booked this slot a moment ago.",
                ) from exc
            raise errors.AlreadyBooked(
                "Masz już wizytę lub miejsce w poczekalni na to świadczenie.",
                detail_en="You already have a visit or a waiting-room place for this service.",
            ) from exc
        return int(next_id)

    def _ensure_free_for(self, c, pid: int, rule: ServiceRule) -> None:
        number, waiting = c.execute(
            "SELECT (SELECT number FROM appointments WHERE patient_id = ?1 AND service = ?2"
            " AND status = 'booked'), (SELECT id FROM waitlist WHERE patient_id = ?1"
            " AND service = ?2 AND status = 'waiting')",
            (pid, rule.code),
        ).fetchone()
        if number is not None:
            raise errors.AlreadyBooked(
                f"Masz już umówioną wizytę na to świadczenie (nr {number}). "
                "Możesz zmienić jej termin albo ją odwołać.",
                detail_en=f"You already have a visit booked for this service (no. {number}). "
                "You can change its date or cancel it.",
                appointment_number=number,
            )
        if waiting is not None:
            raise errors.AlreadyBooked(
                "Czekasz już w poczekalni na to świadczenie. Aby umówić inny termin, "
                "najpierw wypisz się z poczekalni.",
                detail_en="You are already in the waiting room for this service. "
                "To book another date, leave the waiting room first.",
                waitlist_id=waiting,
            )

    def _idempotent(
        self, c, pid: int, key: str | None, fingerprint: str, produce: Callable[[], Any]
    ) -> tuple[Any, bool]:
        """Run `produce` once per key: a retry replays the stored result (and says so)."""
        if key:
            row = c.execute(
                "SELECT fingerprint, body FROM idempotency WHERE patient_id = ? AND key = ?",
                (pid, key),
            ).fetchone()
            if row is not None:
                if row["fingerprint"] != fingerprint:
                    raise errors.IdempotencyKeyReused(
                        "Ten klucz Idempotency-Key był już użyty z innym żądaniem.",
                        detail_en="This Idempotency-Key was already used with another request.",
                    )
                return json.loads(row["body"]), True
        result = produce()
        if key:
            c.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, 201, ?)",
                (pid, key, fingerprint, result.model_dump_json()),
            )
        return result, False

    def book(
        self,
        pid: int,
        slot_id: int,
        referral_code: str | None,
        *,
        idempotency_key: str | None = None,
        fingerprint: str = "",
        lang: str = "pl",
    ):
        with self.db.tx() as c:

            def produce() -> Appointment:
                # The slot first: when slots are published a crowd books at once and most
                # bookings fail here, before the patient's records are read. A check on the
                # patient that fails below rolls the claim back with everything else.
                slot = self._claim_slot(c, slot_id)
                rule = self.rule(slot["service"])
                row = self._patient_row(c, pid)
                self._check_eligible(c, row, rule, bool(referral_code), lang)
                self._ensure_free_for(c, pid, rule)
                referral_id = self._referral(c, pid, rule, referral_code)
                appt_id = self._insert_appointment(
                    c, pid, rule.code, slot_id, AppointmentSource.PATIENT, referral_id
                )
                self._event(c, appt_id, "booked", "Zarezerwowano przez pacjenta (IKP).")
                self._schedule_reminders(c, appt_id, parse_moment(slot["start"]))
                booked = self._appointment(c, appt_id)
                self._notify_visit(c, appt_id, NotificationKind.BOOKED, visit=booked)
                return booked

            return self._idempotent(c, pid, idempotency_key, fingerprint, produce)

    def reschedule(
        self,
        pid: int,
        appt_id: int,
        slot_id: int,
        *,
        idempotency_key: str | None = None,
        fingerprint: str = "",
    ):
        """Move a visit to another slot in one transaction: the old slot is released only
        when the new one is held, and any failure leaves both as they were."""
        with self.db.tx() as c:

            def produce() -> Appointment:
                appt = self._appointment(c, appt_id, pid)
                if appt.status is not AppointmentStatus.BOOKED:
                    raise errors.NotActive(
                        "Tej wizyty nie można już zmienić – nie jest aktywna.",
                        detail_en="This visit can no longer be changed: it is not active.",
                    )
                if (
                    slot_id
                    == c.execute(
                        "SELECT slot_id FROM appointments WHERE id = ?", (appt_id,)
                    ).fetchone()[0]
                ):
                    raise errors.SlotUnavailable(
                        "To jest obecny termin tej wizyty.",
                        detail_en="This is the current slot of this visit.",
                    )
                old_slot = c.execute(
                    "SELECT slot_id FROM appointments WHERE id = ?", (appt_id,)
                ).fetchone()[0]
                self._claim_slot(c, slot_id, appt.service)
                c.execute("UPDATE appointments SET slot_id = ? WHERE id = ?", (slot_id, appt_id))
                self._free_slot(c, old_slot)
                moved = self._appointment(c, appt_id)
                self._event(
                    c,
                    appt_id,
                    "rescheduled",
                    f"Zmieniono termin z {_short(appt.start)} na {_short(moved.start)}.",
                )
                self._schedule_reminders(c, appt_id, moved.start)
                self._notify_visit(c, appt_id, NotificationKind.RESCHEDULED, old_start=appt.start)
                self._offer(c, old_slot)
                return self._appointment(c, appt_id)

            return self._idempotent(c, pid, idempotency_key, fingerprint, produce)

    def cancel(
        self, pid: int, appt_id: int, *, idempotency_key: str | None = None, fingerprint: str = ""
    ):
        with self.db.tx() as c:

            def produce() -> Appointment:
                self._appointment(c, appt_id, pid)
                self._cancel(c, appt_id, CancelledBy.PATIENT)
                return self._appointment(c, appt_id)

            return self._idempotent(c, pid, idempotency_key, fingerprint, produce)

    def _cancel(self, c, appt_id: int, by: CancelledBy) -> None:
        row = c.execute(
            "SELECT status, slot_id FROM appointments WHERE id = ?", (appt_id,)
        ).fetchone()
        if row["status"] != "booked":
            raise errors.NotActive(
                "Ta wizyta nie jest aktywna – nie można jej odwołać.",
                detail_en="This visit is not active: it cannot be cancelled.",
            )
        c.execute(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?"
            " WHERE id = ?",
            (iso(self.now()), by.value, appt_id),
        )
        c.execute("DELETE FROM reminders WHERE appointment_id = ? AND sent = 0", (appt_id,))
        self._free_slot(c, row["slot_id"])
        if by is CancelledBy.FACILITY:
            self._event(c, appt_id, "cancelled", "Odwołana przez placówkę.")
            self._notify_visit(c, appt_id, NotificationKind.CANCELLED_BY_FACILITY)
        else:
            self._event(c, appt_id, "cancelled", "Odwołana przez pacjenta. Termin wrócił do puli.")
            self._notify_visit(c, appt_id, NotificationKind.CANCELLED)
        self._offer(c, row["slot_id"])

    def _free_slot(self, c, slot_id: int) -> None:
        c.execute("UPDATE slots SET state = 'free' WHERE id = ?", (slot_id,))
        c.execute(
            "INSERT INTO slot_releases SELECT id, service, facility_id, ? FROM slots WHERE id = ?",
            (iso(self.now()), slot_id),
        )

    # --- waiting room ----------------------------------------------------------------------
    def _offer(self, c, slot_id: int) -> int | None:
        """Give a slot that just became free to the first matching waiting-room entry (FIFO).

        Returns the new appointment's id, or None when nobody in the queue fits.
        """
        slot = c.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
        if slot is None or slot["state"] != "free":
            return None
        start = parse_moment(slot["start"])
        if start <= self.now():
            return None
        for entry in c.execute(
            "SELECT * FROM waitlist WHERE service = ? AND status = 'waiting' AND expires_at > ?"
            " ORDER BY created_at, id",
            (slot["service"], iso(self.now())),
        ).fetchall():
            criteria = SearchCriteria.model_validate_json(entry["criteria"])
            if not _slot_fits(criteria, slot, start) or slot["facility_id"] not in (
                self.places.candidates(criteria, slot["service"])
            ):
                continue
            c.execute(
                "UPDATE waitlist SET status = 'assigned', ended_at = ? WHERE id = ?",
                (iso(self.now()), entry["id"]),
            )
            self._claim_slot(c, slot_id, slot=slot)
            appt_id = self._insert_appointment(
                c,
                entry["patient_id"],
                slot["service"],
                slot_id,
                AppointmentSource.WAITLIST,
                entry["referral_id"],
            )
            c.execute("UPDATE waitlist SET appointment_id = ? WHERE id = ?", (appt_id, entry["id"]))
            self._event(c, appt_id, "assigned", "Przydzielona automatycznie z poczekalni.")
            self._schedule_reminders(c, appt_id, start)
            self._notify_visit(c, appt_id, NotificationKind.WAITLIST_ASSIGNED)
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
    ):
        rule = self.rule(req.service)
        criteria = SearchCriteria.model_validate(
            req.model_dump(exclude={"service", "referral_code"})
        )
        self._check_place(criteria)
        now = self.now()
        if (criteria.date_from and criteria.date_from < now.date()) or (
            criteria.date_to and criteria.date_to < now.date()
        ):
            raise errors.ValidationFailed(
                "Przedział dat nie może leżeć w przeszłości.",
                detail_en="The date range cannot lie in the past.",
            )
        with self.db.tx() as c:

            def produce() -> WaitlistEntry:
                row = self._patient_row(c, pid)
                self._check_eligible(c, row, rule, bool(req.referral_code), lang)
                self._ensure_free_for(c, pid, rule)
                referral_id = self._referral(c, pid, rule, req.referral_code)
                if self._free_slots(c, rule.code, criteria, now, 0, None):
                    raise errors.SlotsAvailable(
                        "Są wolne terminy spełniające te kryteria – wybierz jeden z nich "
                        "zamiast zapisu do poczekalni.",
                        detail_en="There are free slots that fit these criteria: choose one "
                        "of them instead of joining the waiting room.",
                    )
                expires = now + timedelta(days=rule.waitlist_days)
                cur = c.execute(
                    "INSERT INTO waitlist (patient_id, service, criteria, status, created_at,"
                    " expires_at, referral_id) VALUES (?, ?, ?, 'waiting', ?, ?, ?)",
                    (
                        pid,
                        rule.code,
                        criteria.model_dump_json(exclude_none=True),
                        iso(now),
                        iso(expires),
                        referral_id,
                    ),
                )
                entry = self._waitlist_entry(c, int(cur.lastrowid or 0))
                c.execute(
                    "UPDATE waitlist SET predicted_date = ? WHERE id = ?",
                    (entry.predicted_date.isoformat() if entry.predicted_date else None, entry.id),
                )
                self._notify(
                    c,
                    pid,
                    NotificationKind.WAITLIST_JOINED,
                    messages.waitlist_text(
                        NotificationKind.WAITLIST_JOINED,
                        service_name=rule.name,
                        predicted=entry.predicted_date,
                        expires=expires,
                    ),
                    waitlist_id=entry.id,
                )
                return entry

            return self._idempotent(c, pid, idempotency_key, fingerprint, produce)

    def _waitlist_entry(self, c, entry_id: int, pid: int | None = None) -> WaitlistEntry:
        row = c.execute(
            "SELECT w.*, v.name AS service_name, v.name_en AS service_name_en,"
            " r.code AS referral_code, a.number AS appointment_number FROM waitlist w"
            " JOIN services v ON v.code = w.service LEFT JOIN referrals r ON r.id = w.referral_id"
            " LEFT JOIN appointments a ON a.id = w.appointment_id"
            " WHERE w.id = ?" + (" AND w.patient_id = ?" if pid is not None else ""),
            (entry_id, pid) if pid is not None else (entry_id,),
        ).fetchone()
        if row is None:
            raise errors.NotFound(
                f"Nie masz wpisu w poczekalni o identyfikatorze {entry_id}.",
                detail_en=f"You have no waiting-room entry with the id {entry_id}.",
            )
        criteria = SearchCriteria.model_validate_json(row["criteria"])
        position = predicted = None
        if row["status"] == WaitlistStatus.WAITING:
            position, predicted = self._forecast(
                c, row["service"], criteria, (row["created_at"], row["id"])
            )
        return WaitlistEntry(
            id=row["id"],
            service=row["service"],
            service_name=row["service_name"],
            service_name_en=row["service_name_en"],
            criteria=criteria,
            status=row["status"],
            position=position,
            predicted_date=predicted,
            created_at=parse_moment(row["created_at"]),
            expires_at=parse_moment(row["expires_at"]),
            appointment_id=row["appointment_id"],
            appointment_number=row["appointment_number"],
            referral_code=row["referral_code"],
        )

    def _forecast(
        self, c, service: str, criteria: SearchCriteria, joined: tuple[str, int] | None
    ) -> tuple[int, date]:
        """Queue position and predicted date (model, CER_RULES.md).

        position = 1 + waiting entries for the service that joined earlier (all of them when
        `joined` is None: a newcomer queues last) and whose area shares a facility with this
        one. The matching release rate is lambda = (R + 1) / W slots a working day, where R
        counts slots at this entry's facilities freed or published in the last 28 days and W
        the working days among them (the +1 keeps a queue without history finite).
        Predicted date = max(today, date_from) + ceil(position / lambda) working days: a
        working day, since facilities publish none on weekends and public holidays.
        """
        mine = set(self.places.candidates(criteria, service))
        position = 1
        query = "SELECT criteria FROM waitlist WHERE service = ? AND status = 'waiting'"
        params: tuple[Any, ...] = (service,)
        if joined is not None:
            query += " AND (created_at < ? OR (created_at = ? AND id < ?))"
            params = (service, joined[0], joined[0], joined[1])
        for other in c.execute(query, params):
            theirs = SearchCriteria.model_validate_json(other[0])
            if mine & set(self.places.candidates(theirs, service)):
                position += 1
        today = self.now().date()
        since = iso(self.now() - timedelta(days=RELEASE_WINDOW_DAYS))
        releases = 0
        if mine:
            releases = c.execute(
                f"SELECT count(*) FROM slot_releases WHERE service = ? AND at >= ?"
                f" AND facility_id IN ({','.join('?' * len(mine))})",
                (service, since, *sorted(mine)),
            ).fetchone()[0]
        window = working_days_between(today - timedelta(days=RELEASE_WINDOW_DAYS), today)
        rate = (releases + 1) / window
        start = max(today, criteria.date_from) if criteria.date_from else today
        return position, add_working_days(start, math.ceil(position / rate))

    def forecast(self, service: str, criteria: SearchCriteria) -> WaitlistForecast:
        """What joining the waiting room now would give: position, predicted date, limit."""
        rule = self.rule(service)
        self._check_place(criteria)
        with self.db.read() as c:
            position, predicted = self._forecast(c, rule.code, criteria, None)
        return WaitlistForecast(
            position=position,
            predicted_date=predicted,
            expires_at=self.now() + timedelta(days=rule.waitlist_days),
        )

    def waitlist(self, pid: int) -> list[WaitlistEntry]:
        with self.db.read() as c:
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT id FROM waitlist WHERE patient_id = ?"
                    " ORDER BY status != 'waiting', created_at DESC, id DESC",
                    (pid,),
                )
            ]
            return [self._waitlist_entry(c, i) for i in ids]

    def waitlist_entry(self, pid: int, entry_id: int) -> WaitlistEntry:
        with self.db.read() as c:
            return self._waitlist_entry(c, entry_id, pid)

    def leave_waitlist(self, pid: int, entry_id: int) -> WaitlistEntry:
        with self.db.tx() as c:
            entry = self._waitlist_entry(c, entry_id, pid)
            if entry.status is not WaitlistStatus.WAITING:
                raise errors.NotActive(
                    "Ten wpis nie czeka już w poczekalni.",
                    detail_en="This entry is no longer waiting in the waiting room.",
                )
            c.execute(
                "UPDATE waitlist SET status = 'left', ended_at = ? WHERE id = ?",
                (iso(self.now()), entry_id),
            )
            self._notify(
                c,
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
            return self._waitlist_entry(c, entry_id)

    # --- notifications ---------------------------------------------------------------------
    def notifications(
        self, pid: int, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]:
        with self.db.read() as c:
            rows = c.execute(
                "SELECT * FROM notifications WHERE patient_id = ? AND id > ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                (pid, after_id or 0, limit),
            ).fetchall()
        return [
            Notification(
                id=r["id"],
                channel=r["channel"],
                recipient=r["recipient"],
                kind=r["kind"],
                subject=r["subject"],
                body=r["body"],
                created_at=parse_moment(r["created_at"]),
                appointment_id=r["appointment_id"],
                waitlist_id=r["waitlist_id"],
            )
            for r in rows
        ]

    # --- time ------------------------------------------------------------------------------
    def tick(self, force: bool = False) -> None:
        """Catch up with the clock: publish schedule days, send due reminders, close past
        visits, expire waiting-room entries.

        Every request ticks, so a tick at (or within a second of) the moment of the last one
        returns at once: nothing can have fallen due, since whatever the requests since then
        scheduled (reminders, expiries, visits) lies in the future.
        """
        now = self.now()
        last = self._ticked_at
        if not force and last is not None and last <= now < last + TICK_EVERY:
            return
        self._extend_horizon(now)
        with self.db.tx() as c:
            for rem in c.execute(
                "SELECT r.id, r.appointment_id, r.kind, r.due_at FROM reminders r"
                " JOIN appointments a ON a.id = r.appointment_id"
                " WHERE r.sent = 0 AND r.due_at <= ? ORDER BY r.due_at, r.id",
                (iso(now),),
            ).fetchall():
                at = parse_moment(rem["due_at"])
                kind = NotificationKind(rem["kind"])
                c.execute("UPDATE reminders SET sent = 1 WHERE id = ?", (rem["id"],))
                self._notify_visit(c, rem["appointment_id"], kind, at=at)
                self._event(c, rem["appointment_id"], kind.value, "Wysłano przypomnienie.", at=at)
            for appt in c.execute(
                "SELECT a.id, a.patient_id, a.service, a.referral_id, s.start, s.minutes"
                " FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.status = 'booked'"
                " AND s.start <= ?",
                (iso(now),),
            ).fetchall():
                end = parse_moment(appt["start"]) + timedelta(minutes=appt["minutes"])
                if end > now:
                    continue
                c.execute(
                    "UPDATE appointments SET status = 'completed' WHERE id = ?", (appt["id"],)
                )
                self._event(c, appt["id"], "completed", "Wizyta się odbyła.", at=end)
                if self.rules[appt["service"]].kind is ServiceKind.EXAMINATION:
                    c.execute(
                        "INSERT INTO screenings VALUES (?, ?, ?)",
                        (appt["patient_id"], appt["service"], end.date().isoformat()),
                    )
                if appt["referral_id"]:
                    c.execute(
                        "UPDATE referrals SET realised_at = ? WHERE id = ?",
                        (end.date().isoformat(), appt["referral_id"]),
                    )
            for entry in c.execute(
                "SELECT w.id, w.patient_id, w.expires_at, v.name FROM waitlist w"
                " JOIN services v ON v.code = w.service"
                " WHERE w.status = 'waiting' AND w.expires_at <= ?",
                (iso(now),),
            ).fetchall():
                expires = parse_moment(entry["expires_at"])
                c.execute(
                    "UPDATE waitlist SET status = 'expired', ended_at = ? WHERE id = ?",
                    (entry["expires_at"], entry["id"]),
                )
                self._notify(
                    c,
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
        self._ticked_at = now

    def _extend_horizon(self, now: datetime) -> None:
        """Facilities publish schedules 120 days ahead: add the days the clock has opened."""
        horizon = self.db.meta("horizon")
        if horizon is None:
            return
        last = date.fromisoformat(horizon)
        target = now.date() + timedelta(days=HORIZON_DAYS)
        if last >= target:
            return
        seeder = Seeder(self.db, self.seed, now.date(), SCALES[self.scale])
        with self.db.tx() as c:
            # Read again inside the write: another thread (the demo clock's, a request's)
            # may have extended it since the look above, and days must not be added twice.
            last = date.fromisoformat(
                c.execute("SELECT value FROM meta WHERE key = 'horizon'").fetchone()[0]
            )
            if last >= target:
                return
            days = (target - last).days
            first_new = c.execute("SELECT coalesce(max(id), 0) + 1 FROM slots").fetchone()[0]
            for fid in self.places.facilities:
                c.executemany(
                    "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes,"
                    " state) VALUES (?, ?, ?, ?, ?, ?)",
                    seeder.slots_for(c, fid, last + timedelta(days=1), days),
                )
            c.execute(
                "INSERT INTO slot_releases SELECT id, service, facility_id, ? FROM slots"
                " WHERE id >= ? AND state = 'free'",
                (iso(now), first_new),
            )
            c.execute("UPDATE meta SET value = ? WHERE key = 'horizon'", (target.isoformat(),))
            if c.execute("SELECT 1 FROM waitlist WHERE status = 'waiting' LIMIT 1").fetchone():
                for (slot_id,) in c.execute(
                    "SELECT id FROM slots WHERE id >= ? AND state = 'free' ORDER BY start, id",
                    (first_new,),
                ).fetchall():
                    self._offer(c, slot_id)

    # --- demo controls ---------------------------------------------------------------------
    def demo_patients(self, everyone: bool = False) -> list[DemoPatient]:
        with self.db.read() as c:
            rows = c.execute(
                "SELECT * FROM patients WHERE demo_password IS NOT NULL"
                + ("" if everyone else " AND demo_description IS NOT NULL")
                + " ORDER BY id"
            ).fetchall()
            codes: dict[int, list[str]] = {}
            for pid, code in c.execute(
                "SELECT patient_id, code FROM referrals WHERE realised_at IS NULL ORDER BY id"
            ):
                codes.setdefault(pid, []).append(code)
        patients = []
        for r in rows:
            polish, english = DESCRIPTIONS.get(r["demo_description"], (r["demo_description"], None))
            patients.append(
                DemoPatient(
                    pesel=r["pesel"],
                    password=r["demo_password"],
                    name=f"{r['first_name']} {r['last_name']}",
                    description=polish,
                    description_en=english,
                    referral_codes=codes.get(r["id"], []),
                )
            )
        return patients

    def traffic_step(self, r: random.Random) -> TrafficEvent:
        """One action of another patient: book a random free slot or cancel a taken one.

        A cancellation frees the slot the same way a patient's does, so the waiting room
        gets it first. Half of the cancellations, while anyone waits, are of a slot that
        fits a waiting entry (the busy near-term slots people do give up), so a demo's
        waiting room is served within seconds at a rate of one action a second rather than
        once in hours of random slots.
        """
        now = iso(self.now())
        with self.db.tx() as c:
            cancel = r.random() < 0.5
            slot_id = None
            if cancel and r.random() < 0.5:
                waiting = [
                    row[0]
                    for row in c.execute(
                        "SELECT id FROM waitlist WHERE status = 'waiting' ORDER BY id"
                    )
                ]
                if waiting:
                    try:
                        slot_id = self._taken_slot_for(c, r.choice(waiting))
                    except errors.NotFound:
                        slot_id = None
            if slot_id is None:
                top = c.execute("SELECT max(id) FROM slots").fetchone()[0] or 0
                row = c.execute(
                    "SELECT id FROM slots WHERE id >= ? AND state = ? AND start > ?"
                    " ORDER BY id LIMIT 1",
                    (r.randint(1, max(top, 1)), "taken" if cancel else "free", now),
                ).fetchone()
                if row is None:
                    return TrafficEvent("idle")
                slot_id = row[0]
            slot = c.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
            facility = self.places.facility(slot["facility_id"])
            event = TrafficEvent(
                "cancelled" if cancel else "booked",
                slot_id=slot_id,
                service=slot["service"],
                place=facility.address.locality,
                start=parse_moment(slot["start"]),
            )
            if not cancel:
                c.execute(
                    "UPDATE slots SET state = 'taken' WHERE id = ? AND state = 'free'", (slot_id,)
                )
                return event
            self._free_slot(c, slot_id)
            appt_id = self._offer(c, slot_id)
            if appt_id is not None:
                event.assigned = c.execute(
                    "SELECT number FROM appointments WHERE id = ?", (appt_id,)
                ).fetchone()[0]
            return event

    def queue(self) -> list[QueuedEntry]:
        """Every waiting entry, oldest first: what the demo controls may act for."""
        with self.db.read() as c:
            rows = c.execute(
                "SELECT w.id, w.service, w.created_at, p.first_name, p.last_name FROM waitlist w"
                " JOIN patients p ON p.id = w.patient_id WHERE w.status = 'waiting'"
                " ORDER BY w.created_at, w.id"
            ).fetchall()
        return [
            QueuedEntry(
                id=r["id"],
                service=r["service"],
                patient=f"{r[3]} {r[4]}",
                created_at=parse_moment(r["created_at"]),
            )
            for r in rows
        ]

    def publish(self, req: PublishRequest) -> PublishResult:
        rule = self.rule(req.service)
        now = self.now()
        first = req.date_from or (now.date() + timedelta(days=1))
        if first <= now.date() - timedelta(days=1):
            raise errors.ValidationFailed(
                "Nowe terminy nie mogą leżeć w przeszłości.",
                detail_en="New slots cannot lie in the past.",
            )
        criteria = SearchCriteria(voivodeship=req.voivodeship, facility_id=req.facility_id)
        self._check_place(criteria)
        facilities = sorted(self.places.candidates(criteria, rule.code))
        if not facilities:
            raise errors.NotFound(
                "Żadna placówka z tych kryteriów nie udziela tego świadczenia.",
                detail_en="No facility matching these criteria provides this service.",
            )
        r = rng(self.seed, "publish", iso(now), req.model_dump_json())
        published: list[int] = []
        assigned: list[int] = []
        with self.db.tx() as c:
            for _ in range(req.count):
                fid = r.choice(facilities)
                day = next_working_day(first + timedelta(days=r.randrange(req.days)))
                minute = r.randrange(8 * 60, 17 * 60, rule.slot_minutes)
                start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
                cur = c.execute(
                    "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes, state)"
                    " VALUES (?, ?, ?, ?, ?, 'taken')",
                    (fid, rule.code, start.isoformat(), minute, rule.slot_minutes),
                )
                published.append(int(cur.lastrowid or 0))
                self._free_slot(c, published[-1])
            for slot_id in sorted(published, key=lambda i: i):
                appt = self._offer(c, slot_id)
                if appt:
                    assigned.append(appt)
        return PublishResult(published=published, assigned=assigned)

    def release(self, req: ReleaseRequest) -> ReleaseResult:
        """Free a taken slot as another patient (or the desk) would; the queue gets it first."""
        with self.db.tx() as c:
            if req.waitlist_entry_id is not None:
                slot_id = self._taken_slot_for(c, req.waitlist_entry_id)
            else:
                assert req.slot_id is not None  # ReleaseRequest asks for one of the two
                slot_id = req.slot_id
            slot = c.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
            if slot is None:
                raise errors.NotFound(
                    f"Nie ma terminu o identyfikatorze {slot_id}.",
                    detail_en=f"There is no slot with the id {slot_id}.",
                )
            if parse_moment(slot["start"]) <= self.now():
                raise errors.SlotUnavailable(
                    "Ten termin już minął.", detail_en="This slot has passed."
                )
            cancelled = None
            if slot["state"] == "free":
                raise errors.Conflict(
                    "Ten termin jest już wolny.", detail_en="This slot is already free."
                )
            if slot["state"] == "booked":
                cancelled = c.execute(
                    "SELECT id FROM appointments WHERE slot_id = ? AND status = 'booked'",
                    (slot_id,),
                ).fetchone()[0]
                self._cancel(c, cancelled, req.by)
            else:
                self._free_slot(c, slot_id)
                self._offer(c, slot_id)
            now_booked = c.execute(
                "SELECT id FROM appointments WHERE slot_id = ? AND status = 'booked'", (slot_id,)
            ).fetchone()
            return ReleaseResult(
                slot_id=slot_id,
                cancelled_appointment_id=cancelled,
                assigned_appointment_id=now_booked[0] if now_booked else None,
            )

    def _taken_slot_for(self, c, entry_id: int) -> int:
        entry = c.execute(
            "SELECT * FROM waitlist WHERE id = ? AND status = 'waiting'", (entry_id,)
        ).fetchone()
        if entry is None:
            raise errors.NotFound(
                f"Nie ma czekającego wpisu {entry_id} w poczekalni.",
                detail_en=f"There is no waiting entry {entry_id} in the waiting room.",
            )
        criteria = SearchCriteria.model_validate_json(entry["criteria"])
        facilities = sorted(self.places.candidates(criteria, entry["service"]))
        if facilities:
            for slot in c.execute(
                f"SELECT * FROM slots WHERE service = ? AND state = 'taken' AND start > ?"
                f" AND facility_id IN ({','.join('?' * len(facilities))}) ORDER BY start, id",
                (entry["service"], iso(self.now()), *facilities),
            ):
                if _slot_fits(criteria, slot, parse_moment(slot["start"])):
                    return int(slot["id"])
        raise errors.NotFound(
            "Żaden zajęty termin nie pasuje do kryteriów tego wpisu.",
            detail_en="No booked slot fits the criteria of this entry.",
        )


def _slot_fits(criteria: SearchCriteria, slot: sqlite3.Row, start: datetime) -> bool:
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _short(moment: datetime) -> str:
    return to_warsaw(moment).strftime("%d.%m.%Y %H:%M")
