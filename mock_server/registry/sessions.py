"""Logging in and out, sessions, and the patient's own record and contact data."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import date, datetime

from erej_tui.api import errors
from erej_tui.api.models import ChildAccount, Contact, ContactUpdate, Patient
from erej_tui.api.pesel import PeselError, parse_pesel
from erej_tui.api.timefmt import WARSAW

from .. import refusals
from ..rules import add_months
from ..seed import hash_password
from .core import Core, Tx

SESSIONS_KEPT = 10_000
"""The most sessions a registry keeps in memory; the oldest makes room for a new one."""


def patient_row(tx: Tx, pid: int) -> sqlite3.Row:
    row = tx.execute("SELECT * FROM patients WHERE id = ?", (pid,)).fetchone()
    if row is None:
        raise errors.Unauthorized()
    return row


ADULT_AGE = 18
"""A guardian acts for a child until her eighteenth birthday."""


def minor_on(birth_date: str, today: date) -> bool:
    return today < add_months(date.fromisoformat(birth_date), 12 * ADULT_AGE)


def guardian_ids(tx: Tx, child_id: int) -> list[int]:
    """The parents and guardians who may act for the patient while she is under 18 (none
    for an adult, whose messages go to her own contact data)."""
    row = patient_row(tx, child_id)
    if not minor_on(row["birth_date"], tx.now.date()):
        return []
    return [
        r[0]
        for r in tx.execute(
            "SELECT guardian_id FROM guardians WHERE child_id = ? ORDER BY guardian_id",
            (child_id,),
        )
    ]


def patient_of(row: sqlite3.Row) -> Patient:
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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, core: Core) -> None:
        self.core = core
        # The sessions logged in here (token hash -> patient id, expiry), newest last: the
        # requests after a login, a crowd's bookings among them, need no session query.
        # Logout drops one; sessions from before a restart are read from the database.
        self._kept: dict[str, tuple[int, float]] = {}

    def forget(self) -> None:
        with self.core.db.lock:
            self._kept.clear()

    def login(self, pesel: str, password: str) -> tuple[str, datetime, Patient]:
        try:
            parse_pesel(pesel)
        except PeselError as exc:
            raise refusals.invalid_pesel(exc) from None
        with self.core.write() as tx:
            row = tx.execute("SELECT * FROM patients WHERE pesel = ?", (pesel.strip(),)).fetchone()
            if row is None or not secrets.compare_digest(
                hash_password(password, row["salt"]), row["password_hash"]
            ):
                raise refusals.wrong_credentials()
            token = secrets.token_urlsafe(32)
            hashed = token_hash(token)
            expires = self.core.wall() + self.core.token_ttl.total_seconds()
            tx.execute("INSERT INTO sessions VALUES (?, ?, ?, 0)", (hashed, row["id"], expires))
            if len(self._kept) >= SESSIONS_KEPT:  # changed under the database's lock only
                del self._kept[next(iter(self._kept))]
            self._kept[hashed] = (int(row["id"]), expires)
        return token, datetime.fromtimestamp(expires, WARSAW), patient_of(row)

    def authenticate(self, token: str) -> int:
        hashed = token_hash(token)
        kept = self._kept.get(hashed)
        if kept is not None and kept[1] > self.core.wall():
            return kept[0]
        with self.core.read() as tx:
            row = tx.execute(
                "SELECT patient_id, expires_at, revoked FROM sessions WHERE token_hash = ?",
                (hashed,),
            ).fetchone()
        if row is None:
            raise refusals.unknown_token()
        if row["revoked"] or row["expires_at"] <= self.core.wall():
            raise refusals.session_expired()
        return int(row["patient_id"])

    def logout(self, token: str) -> None:
        hashed = token_hash(token)
        with self.core.write() as tx:
            self._kept.pop(hashed, None)
            tx.execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", (hashed,))

    def me(self, pid: int, actor: int | None = None) -> Patient:
        """The patient; a child's account opened by her guardian names the guardian and
        shows the guardian's contact data, where the child's messages go."""
        with self.core.read() as tx:
            child = patient_of(patient_row(tx, pid))
            if actor is None or actor == pid:
                return child
            guardian = patient_of(patient_row(tx, actor))
        return child.model_copy(
            update={
                "contact": guardian.contact,
                "acting_guardian": f"{guardian.first_name} {guardian.last_name}",
            }
        )

    def children(self, pid: int) -> list[ChildAccount]:
        """The children whose accounts the patient may open: hers, under 18 today."""
        with self.core.read() as tx:
            rows = tx.execute(
                "SELECT p.* FROM guardians g JOIN patients p ON p.id = g.child_id"
                " WHERE g.guardian_id = ? ORDER BY p.birth_date, p.id",
                (pid,),
            ).fetchall()
            today = tx.now.date()
        return [
            ChildAccount(
                pesel=r["pesel"],
                first_name=r["first_name"],
                last_name=r["last_name"],
                birth_date=date.fromisoformat(r["birth_date"]),
            )
            for r in rows
            if minor_on(r["birth_date"], today)
        ]

    def child(self, guardian: int, pesel: str) -> int:
        """The patient id of the guardian's child with this PESEL; any other PESEL (another
        patient's, a child of 18, no one's) answers as a missing one."""
        with self.core.read() as tx:
            row = tx.execute(
                "SELECT p.id, p.birth_date FROM guardians g JOIN patients p ON p.id = g.child_id"
                " WHERE g.guardian_id = ? AND p.pesel = ?",
                (guardian, pesel.strip()),
            ).fetchone()
            if row is None or not minor_on(row["birth_date"], tx.now.date()):
                raise refusals.no_child(pesel.strip()[:11])
            return int(row["id"])

    def update_contact(self, pid: int, update: ContactUpdate, actor: int | None = None) -> Patient:
        given = update.model_dump(exclude_unset=True)
        if actor is not None and actor != pid:
            raise refusals.child_contact_is_guardians()
        with self.core.write() as tx:
            row = patient_row(tx, pid)
            phone = given.get("phone", row["phone"]) or None
            email = given.get("email", row["email"]) or None
            channels = given.get("channels")
            chosen = (
                [str(ch) for ch in channels]
                if channels is not None
                else [ch for ch in row["channels"].split(",") if ch]
            )
            if "sms" in chosen and not phone:
                raise refusals.sms_needs_phone()
            if "email" in chosen and not email:
                raise refusals.email_needs_address()
            tx.execute(
                "UPDATE patients SET phone = ?, email = ?, channels = ? WHERE id = ?",
                (phone, email, ",".join(sorted(chosen)), pid),
            )
            return patient_of(patient_row(tx, pid))
