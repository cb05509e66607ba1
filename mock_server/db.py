"""The mock backend's SQLite store: schema, connection, transactions.

One connection, serialised by a lock: FastAPI runs the (sync) handlers in a thread pool and
every transaction is `BEGIN IMMEDIATE`. The invariants that matter ("a slot is never booked
twice", "one active booking or waiting-room entry per service") are database constraints
(partial unique indexes and triggers), so they hold even if a Python check is skipped.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = "7"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS localities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,
    voivodeship TEXT NOT NULL,
    teryt TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population_k INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS localities_folded ON localities(folded);

CREATE TABLE IF NOT EXISTS services (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'examination')),
    requires_referral INTEGER NOT NULL,
    sex TEXT,
    min_age INTEGER,
    max_age INTEGER,
    interval_months INTEGER,
    risk_interval_months INTEGER,
    slot_minutes INTEGER NOT NULL,
    terms TEXT NOT NULL,
    terms_en TEXT NOT NULL,
    programme TEXT,
    live_from TEXT NOT NULL,
    stage INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS facilities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    street TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    locality_id INTEGER NOT NULL REFERENCES localities(id),
    phone TEXT NOT NULL,
    teryt TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    toilet INTEGER NOT NULL,
    ramp INTEGER NOT NULL,
    car_park INTEGER NOT NULL,
    elevator INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS facilities_locality ON facilities(locality_id);

CREATE TABLE IF NOT EXISTS facility_services (
    facility_id INTEGER NOT NULL REFERENCES facilities(id),
    service TEXT NOT NULL REFERENCES services(code),
    PRIMARY KEY (facility_id, service)
) WITHOUT ROWID;

-- How each facility publishes one service: weekdays (0 = Monday), a session of `size`
-- consecutive slots from `start_minute`, and its scarcity (see seed.py).
CREATE TABLE IF NOT EXISTS schedules (
    facility_id INTEGER NOT NULL REFERENCES facilities(id),
    service TEXT NOT NULL REFERENCES services(code),
    weekdays TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    size INTEGER NOT NULL,
    lead_days INTEGER NOT NULL,
    free_share REAL NOT NULL,
    PRIMARY KEY (facility_id, service)
);

-- state: 'free' (bookable), 'taken' (held by patients outside this mock), 'booked' (held
-- by an appointment here). start is local Warsaw time, ISO 8601 without offset.
CREATE TABLE IF NOT EXISTS slots (
    id INTEGER PRIMARY KEY,
    facility_id INTEGER NOT NULL REFERENCES facilities(id),
    service TEXT NOT NULL REFERENCES services(code),
    start TEXT NOT NULL,
    minute_of_day INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    -- 'closed': withdrawn by the facility (a doctor's absence), bookable by no one.
    state TEXT NOT NULL CHECK (state IN ('free', 'taken', 'booked', 'closed'))
);

CREATE TABLE IF NOT EXISTS patients (
    id INTEGER PRIMARY KEY,
    pesel TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    salt TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    channels TEXT NOT NULL DEFAULT '',
    priority_rights INTEGER NOT NULL DEFAULT 0,
    risk_groups TEXT NOT NULL DEFAULT '',
    demo_password TEXT,
    demo_description TEXT
);

-- IKP's "Konta Twoich dzieci": a parent or legal guardian acts for a child under 18.
CREATE TABLE IF NOT EXISTS guardians (
    guardian_id INTEGER NOT NULL REFERENCES patients(id),
    child_id INTEGER NOT NULL REFERENCES patients(id),
    PRIMARY KEY (guardian_id, child_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS guardians_child ON guardians(child_id);

CREATE TABLE IF NOT EXISTS screenings (
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    service TEXT NOT NULL,
    day TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS screenings_patient ON screenings(patient_id, service);

CREATE TABLE IF NOT EXISTS referrals (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    code TEXT NOT NULL,
    service TEXT NOT NULL,
    issued TEXT NOT NULL,
    doctor TEXT NOT NULL,
    urgency TEXT NOT NULL,
    valid_until TEXT,
    realised_at TEXT,
    UNIQUE (patient_id, code)
);

-- The facilities' registration desks: one staff account a facility (Rejestracja w placówce).
CREATE TABLE IF NOT EXISTS staff (
    id INTEGER PRIMARY KEY,
    facility_id INTEGER NOT NULL REFERENCES facilities(id),
    login TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    salt TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS appointments (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    service TEXT NOT NULL,
    slot_id INTEGER NOT NULL REFERENCES slots(id),
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'completed', 'no-show')),
    source TEXT NOT NULL CHECK (source IN ('patient', 'waitlist', 'facility', 'desk')),
    -- how the desk took the booking: in person or by phone (NULL: online or assigned)
    booked_via TEXT CHECK (booked_via IN ('in-person', 'phone')),
    referral_id INTEGER REFERENCES referrals(id),
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    cancelled_by TEXT,
    follow_up INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS one_appointment_per_slot
    ON appointments(slot_id) WHERE status = 'booked';
CREATE UNIQUE INDEX IF NOT EXISTS one_booking_per_service
    ON appointments(patient_id, service) WHERE status = 'booked';
CREATE UNIQUE INDEX IF NOT EXISTS one_booking_per_referral
    ON appointments(referral_id) WHERE status = 'booked' AND referral_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS appointments_patient ON appointments(patient_id, status);

CREATE TABLE IF NOT EXISTS appointment_events (
    id INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    actor_id INTEGER REFERENCES patients(id),  -- a guardian acting for the patient
    staff_id INTEGER REFERENCES staff(id)  -- the facility's staff member who acted
);
CREATE INDEX IF NOT EXISTS appointment_events_appt ON appointment_events(appointment_id);

CREATE TABLE IF NOT EXISTS waitlist (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    service TEXT NOT NULL,
    criteria TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'assigned', 'expired', 'left')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    predicted_date TEXT,
    referral_id INTEGER REFERENCES referrals(id),
    appointment_id INTEGER REFERENCES appointments(id),
    ended_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_wait_per_service
    ON waitlist(patient_id, service) WHERE status = 'waiting';
CREATE INDEX IF NOT EXISTS waitlist_queue ON waitlist(service, status, created_at, id);

-- A patient holds at most one active booking OR waiting-room entry per service.
CREATE TRIGGER IF NOT EXISTS booking_excludes_waiting
BEFORE INSERT ON appointments WHEN NEW.status = 'booked' AND EXISTS (
    SELECT 1 FROM waitlist
    WHERE patient_id = NEW.patient_id AND service = NEW.service AND status = 'waiting')
BEGIN SELECT RAISE(ABORT, 'already-booked'); END;
CREATE TRIGGER IF NOT EXISTS waiting_excludes_booking
BEFORE INSERT ON waitlist WHEN NEW.status = 'waiting' AND EXISTS (
    SELECT 1 FROM appointments
    WHERE patient_id = NEW.patient_id AND service = NEW.service AND status = 'booked')
BEGIN SELECT RAISE(ABORT, 'already-booked'); END;

CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments(id),
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reminders_due ON reminders(due_at) WHERE sent = 0;

CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    appointment_id INTEGER,
    waitlist_id INTEGER
);
CREATE INDEX IF NOT EXISTS notifications_patient ON notifications(patient_id, id);

-- Every moment a slot became free to book (published or released), and when that slot
-- was: the waiting room's predicted dates are derived from this rate. The seed's history
-- of other patients' cancellations has slot_id 0: those slots are past.
CREATE TABLE IF NOT EXISTS slot_releases (
    slot_id INTEGER NOT NULL,
    service TEXT NOT NULL,
    facility_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    start TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS slot_releases_service ON slot_releases(service, at);

CREATE TABLE IF NOT EXISTS idempotency (
    patient_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (patient_id, key)
);
"""


SLOT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS slots_free ON slots(service, start) WHERE state = 'free'",
    "CREATE INDEX IF NOT EXISTS slots_facility ON slots(facility_id, start)",
    # A search near a locality seeks each nearby facility instead of scanning the country;
    # with the minute of the day in it, the calendar's count per day reads the index alone.
    "CREATE INDEX IF NOT EXISTS slots_free_facility"
    " ON slots(service, facility_id, start, minute_of_day) WHERE state = 'free'",
)


def stale(conn: sqlite3.Connection) -> bool:
    """Whether the file holds a seed of another schema (an earlier release's)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row is not None and row[0] != SCHEMA_VERSION


def drop_all(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys=OFF")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        conn.execute(f'DROP TABLE IF EXISTS "{table}"')


class Database:
    """A single SQLite connection guarded by a re-entrant lock. A file seeded under another
    schema is emptied on opening, so that the registry seeds it again."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        if not self.memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        if not self.memory:
            self.conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a killed process (not a power cut): enough for a mock.
            self.conn.execute("PRAGMA synchronous=NORMAL")
        if stale(self.conn):
            drop_all(self.conn)  # generated data: seeded again rather than migrated
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(SCHEMA)
        for statement in SLOT_INDEXES:
            self.conn.execute(statement)

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it commits, or none of it."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn

    def meta(self, key: str) -> str | None:
        with self.read() as c:
            row = c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self.lock:
            self.conn.close()
