"""The deterministic seed: localities, facilities, schedules, slots and demo patients.

The same seed and start day give the same rows, byte for byte: every random choice comes
from a `random.Random` seeded with a string naming what it decides (string seeds are hashed
with SHA-512, independent of PYTHONHASHSEED), and rows are written in a fixed order.

Scarcity (model): each facility schedule has a lead time before which almost every slot is
already taken by other patients, and a share of free slots after it. Cardiology leads are
weeks to months, and a few voivodeships (drawn per seed) have none free within 40 days;
screenings in big cities are easy to get within days.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from erej_tui.api.pesel import Sex, make_pesel
from erej_tui.api.workdays import is_working_day

from .db import SCHEMA_VERSION, SLOT_INDEXES, Database
from .geo import PLACES, POSTAL_CODES, VOIVODESHIPS, Place, fold
from .population import (
    BRANDS,
    DEMO_CHILDREN,
    DEMO_PATIENTS,
    DOCTORS,
    FIRST_NAMES,
    LAST_NAMES,
    PATRONS,
    STREETS,
)
from .rules import CER_SERVICES, add_months, service_row

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): called while seeding, for a progress bar."""

HORIZON_DAYS = 120
DEMO_PASSWORD = "demo"
POPULATION_PASSWORD = "test"


@dataclass(frozen=True)
class Scale:
    name: str
    facilities: int
    weekdays: tuple[int, int]
    session_factor: float
    population: int


SCALES = {
    "default": Scale("default", 320, (2, 4), 1.0, 400),
    "national": Scale("national", 1200, (3, 5), 1.6, 2000),
}

# Facility kinds: what they are called and which services they offer. A cervical
# screening point takes both the HPV test and the classic cytology.
FACILITY_KINDS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("Poradnia Kardiologiczna", ("kardiologia",), 18),
    ("Poradnia Ginekologiczno-Położnicza", ("cytologia", "hpv"), 26),
    ("Pracownia Mammografii", ("mammografia",), 12),
    ("Centrum Medyczne", ("cytologia", "hpv", "mammografia"), 16),
    ("Przychodnia Specjalistyczna", ("kardiologia", "cytologia", "hpv"), 16),
    ("Szpital", ("kardiologia", "cytologia", "hpv", "mammografia"), 12),
)
# The second stage's clinics: the share of the bigger facilities (a specialist outpatient
# clinic, a medical centre, a hospital) that run one, roughly as common as such clinics are
# in the NFZ queues data; some only in hospitals, cystic fibrosis only in big cities.
STAGE_2_CLINICS: dict[str, tuple[float, tuple[str, ...], int]] = {
    # service: (share, facility kinds, smallest place in thousands)
    "endokrynologia": (0.35, ("Przychodnia Specjalistyczna", "Centrum Medyczne", "Szpital"), 0),
    "pulmonologia": (0.25, ("Przychodnia Specjalistyczna", "Szpital"), 0),
    "naczynia": (0.2, ("Przychodnia Specjalistyczna", "Szpital"), 0),
    "nefrologia": (0.2, ("Przychodnia Specjalistyczna", "Szpital"), 0),
    "zakazne": (0.3, ("Szpital",), 0),
    "hepatologia": (0.12, ("Przychodnia Specjalistyczna", "Szpital"), 40),
    "immunologia": (0.1, ("Przychodnia Specjalistyczna", "Szpital"), 40),
    "neonatologia": (0.35, ("Szpital",), 0),
    "mukowiscydoza": (0.3, ("Szpital",), 150),
}
SESSION_STARTS = (450, 480, 540, 600, 720, 780, 840)  # minutes after midnight
SESSION_SIZE = {
    "kardiologia": (4, 8),
    "cytologia": (2, 5),
    "hpv": (3, 7),
    "mammografia": (8, 16),
    **{code: (3, 6) for code in STAGE_2_CLINICS},
}
CANCELLED_A_DAY = {False: 0.02, True: 0.005}
"""The share of a day's worth of a service's slots at a facility that other patients give
back each working day: screenings, and first visits with an e-referral (rarely let go)."""
HISTORY_DAYS = 56
"""How far back the seeded history of cancellations goes (the outlook's 8 weeks)."""
BY_REFERRAL = frozenset(s.code for s in CER_SERVICES if s.requires_referral)
"""Services of first visits with an e-referral: months of waiting, never a spare slot early."""


def rng(seed: int, *what: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *what)))


STAFF_PASSWORD, STAFF_SALT = DEMO_PASSWORD, "rejestracja"
"""The demo desks' password, and the salt of its one hash."""


def hash_password(password: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 1000).hex()


@functools.cache
def session(start_minute: int, size: int, minutes: int) -> tuple[tuple[int, str], ...]:
    """A session's slots: each one's minute of the day and its start as stored after the
    date ("T08:20:00")."""
    if not 0 <= start_minute + (size - 1) * minutes < 24 * 60:
        raise ValueError(f"a session runs past midnight: {start_minute} + {size} × {minutes}")
    minutes_of_day = (start_minute + k * minutes for k in range(size))
    return tuple((m, f"T{m // 60:02d}:{m % 60:02d}:00") for m in minutes_of_day)


def iso(moment: datetime) -> str:
    """Storage form of a moment: naive Warsaw time, seconds precision."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


# --- the generator -------------------------------------------------------------------------
class Seeder:
    def __init__(self, db: Database, seed: int, today: date, scale: Scale) -> None:
        self.db, self.seed, self.today, self.scale = db, seed, today, scale
        self._working: dict[tuple[date, int], list[date]] = {}

    def run(self, progress: Progress | None = None) -> None:
        with self.db.tx() as c:
            self._clear(c)
            self._meta(c)
            self._localities(c)
            self._services(c)
            facilities = self._facilities(c)
            self._patients(c)
            self._staff(c, facilities)
            self._schedules(c, facilities)
            total = len(facilities)
            # Building the slot indexes once after the bulk insert is much faster.
            for index in ("slots_free", "slots_facility", "slots_free_facility"):
                c.execute(f"DROP INDEX IF EXISTS {index}")
            for done, fid in enumerate(f[0] for f in facilities):
                c.executemany(
                    "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes,"
                    " state) VALUES (?, ?, ?, ?, ?, ?)",
                    self.slots_for(c, fid, self.today + timedelta(days=1), HORIZON_DAYS),
                )
                if progress and (done % 8 == 0 or done == total - 1):
                    progress(done + 1, total, "terminy")
            for statement in SLOT_INDEXES:
                c.execute(statement)
            c.executemany("INSERT INTO slot_releases VALUES (0, ?, ?, ?, ?)", self.cancellations(c))
            c.execute("ANALYZE")  # the planner then picks the facility index for local searches
            c.execute(
                "INSERT INTO meta VALUES ('horizon', ?)",
                ((self.today + timedelta(days=HORIZON_DAYS)).isoformat(),),
            )

    def _clear(self, c: sqlite3.Connection) -> None:
        for table in (
            "idempotency",
            "slot_releases",
            "notifications",
            "reminders",
            "waitlist",
            "appointment_events",
            "appointments",
            "sessions",
            "staff_sessions",
            "staff",
            "referrals",
            "screenings",
            "guardians",
            "patients",
            "slots",
            "schedules",
            "facility_services",
            "facilities",
            "services",
            "localities",
            "meta",
        ):
            c.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)

    def _meta(self, c: sqlite3.Connection) -> None:
        c.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("schema", SCHEMA_VERSION),
                ("seed", str(self.seed)),
                ("seeded_for", self.today.isoformat()),
                ("scale", self.scale.name),
            ],
        )

    def _localities(self, c: sqlite3.Connection) -> None:
        c.executemany(
            "INSERT INTO localities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    p.id,
                    p.name,
                    fold(p.name),
                    p.voivodeship,
                    p.teryt,
                    p.latitude,
                    p.longitude,
                    p.population_k,
                )
                for p in PLACES
            ],
        )

    def _services(self, c: sqlite3.Connection) -> None:
        c.executemany(
            "INSERT INTO services (position, code, name, name_en, kind, requires_referral, sex,"
            " min_age, max_age, interval_months, risk_interval_months, slot_minutes, terms,"
            " terms_en, programme, live_from, stage)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, *service_row(s)) for i, s in enumerate(CER_SERVICES)],
        )

    def _facility_counts(self) -> list[tuple[Place, int]]:
        """Spread facilities over places by population^0.75, at least one each."""
        weights = [p.population_k**0.75 for p in PLACES]
        spare = self.scale.facilities - len(PLACES)
        total = sum(weights)
        counts = [1 + int(spare * w / total) for w in weights]
        # Hand the rounding remainder to the biggest places, in a fixed order.
        order = sorted(range(len(PLACES)), key=lambda i: (-weights[i], PLACES[i].id))
        for i in order[: self.scale.facilities - sum(counts)]:
            counts[i] += 1
        return list(zip(PLACES, counts, strict=True))

    def _facilities(self, c: sqlite3.Connection) -> list[tuple[int, Place, tuple[str, ...]]]:
        out: list[tuple[int, Place, tuple[str, ...]]] = []
        kinds = list(FACILITY_KINDS)
        fid = 0
        for place, count in self._facility_counts():
            taken: set[str] = set()  # no two facilities of one locality share a name
            low, high = (int(code.replace("-", "")) for code in POSTAL_CODES[place.name])
            for n in range(count):
                fid += 1
                r = rng(self.seed, "facility", place.id, n)
                # Small places get the general kinds; a hospital only in bigger towns.
                pool = kinds if place.population_k >= 40 else kinds[:5]
                kind, services, _ = r.choices(pool, weights=[k[2] for k in pool])[0]
                services = services + self._stage_2_clinics(fid, kind, place)
                name, brand = self._facility_name(r, kind, place, taken)
                if kind == "Szpital":
                    provider = f"SP ZOZ {place.name}"
                else:
                    provider = f"{brand} Sp. z o.o." if r.random() < 0.7 else f"SP ZOZ {place.name}"
                code = r.randint(low, high)
                postal = f"{code // 1000:02d}-{code % 1000:03d}"
                street = f"{r.choice(STREETS)} {r.randint(1, 140)}"
                phone = (
                    f"+48 {place.area_code} {r.randint(200, 899)} {r.randint(10, 99)} "
                    f"{r.randint(10, 99)}"
                )
                # Within ~3 km of the centre.
                lat = round(place.latitude + r.uniform(-0.025, 0.025), 5)
                lon = round(place.longitude + r.uniform(-0.04, 0.04), 5)
                flags = [int(r.random() < p) for p in (0.85, 0.7, 0.6, 0.5)]
                c.execute(
                    "INSERT INTO facilities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        fid,
                        name,
                        provider,
                        street,
                        postal,
                        place.id,
                        phone,
                        place.teryt,
                        lat,
                        lon,
                        *flags,
                    ),
                )
                c.executemany(
                    "INSERT INTO facility_services VALUES (?, ?)", [(fid, s) for s in services]
                )
                out.append((fid, place, services))
        return out

    def _stage_2_clinics(self, fid: int, kind: str, place: Place) -> tuple[str, ...]:
        """The second stage's clinics a facility runs, drawn apart from its other draws."""
        r = rng(self.seed, "stage-2", fid)
        return tuple(
            code
            for code, (share, kinds, smallest) in STAGE_2_CLINICS.items()
            if r.random() < share and kind in kinds and place.population_k >= smallest
        )

    @staticmethod
    def _facility_name(
        r: random.Random, kind: str, place: Place, taken: set[str]
    ) -> tuple[str, str]:
        """A name not yet taken in `place`, and the brand it carries."""
        if kind == "Szpital":
            label = "Szpital Specjalistyczny" if place.population_k > 150 else "Szpital Powiatowy"
            names = [(f"{label} {patron}", "") for patron in PATRONS]
        else:
            names = [(f"{kind} „{brand}”", brand) for brand in BRANDS]
        # A random first choice, then the next free one in the list's order; when every
        # variant is used, numbered branches ("… nr 2") as real chains name them.
        first = r.randrange(len(names))
        for number in range(1, len(taken) + 2):
            for k in range(len(names)):
                base, brand = names[(first + k) % len(names)]
                name = f"{base}{f' nr {number}' if number > 1 else ''} – {place.name}"
                if name not in taken:
                    taken.add(name)
                    return name, brand
        raise AssertionError("unreachable: a number past every taken name is free")

    def _staff(
        self, c: sqlite3.Connection, facilities: list[tuple[int, Place, tuple[str, ...]]]
    ) -> None:
        """A registration desk's account for every facility: login `rej<facility id>`,
        password `demo` (one hash for all, the same for every seed: they are demo
        accounts)."""
        hashed = hash_password(STAFF_PASSWORD, STAFF_SALT)
        rows = []
        for fid, _place, _services in facilities:
            r = rng(self.seed, "staff", fid)
            rows.append(
                (
                    fid,
                    fid,
                    f"rej{fid}",
                    r.choice(FIRST_NAMES["F"]),
                    r.choice(LAST_NAMES)[1],
                    STAFF_SALT,
                    hashed,
                )
            )
        c.executemany("INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _schedules(
        self, c: sqlite3.Connection, facilities: list[tuple[int, Place, tuple[str, ...]]]
    ) -> None:
        # Cardiology pressure per voivodeship: 4 severe, 6 high, the rest moderate.
        order = sorted(VOIVODESHIPS, key=lambda v: rng(self.seed, "pressure", v).random())
        pressure = {v: (0 if i < 4 else 1 if i < 10 else 2) for i, v in enumerate(order)}
        rows = []
        for fid, place, services in facilities:
            for service in services:
                r = rng(self.seed, "schedule", fid, service)
                days = sorted(r.sample(range(5), r.randint(*self.scale.weekdays)))
                lo, hi = SESSION_SIZE[service]
                size = round(r.randint(lo, hi) * self.scale.session_factor)
                if service in BY_REFERRAL:
                    lead = {0: (45, 100), 1: (25, 60), 2: (14, 40)}[pressure[place.voivodeship]]
                    lead_days, share = r.randint(*lead), 0.2
                elif place.population_k >= 150:
                    lead_days, share = r.randint(1, 7), 0.4
                elif place.population_k >= 50:
                    lead_days, share = r.randint(5, 25), 0.3
                else:
                    lead_days, share = r.randint(10, 45), 0.25
                rows.append(
                    (
                        fid,
                        service,
                        ",".join(map(str, days)),
                        r.choice(SESSION_STARTS),
                        size,
                        lead_days,
                        share,
                    )
                )
        c.executemany("INSERT INTO schedules VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def slots_for(
        self, c: sqlite3.Connection, facility_id: int, first: date, days: int
    ) -> Iterator[tuple[int, str, str, int, int, str]]:
        """The slots of one facility for `days` days from `first`, with their states."""
        schedules = c.execute(
            "SELECT s.service, s.weekdays, s.start_minute, s.size, s.lead_days, s.free_share,"
            " v.slot_minutes, v.live_from FROM schedules s JOIN services v ON v.code = s.service"
            " WHERE s.facility_id = ? ORDER BY v.position",
            (facility_id,),
        ).fetchall()
        sessions = [
            (
                service,
                set(map(int, weekdays.split(","))),
                session(start, size, minutes),
                lead,
                share,
                minutes,
                live,
            )
            for service, weekdays, start, size, lead, share, minutes, live in schedules
        ]
        for day in self.working_days(first, days):
            lead, weekday, on = (day - self.today).days, day.weekday(), day.isoformat()
            for service, weekdays, times, lead_days, share, minutes, live in sessions:
                # A facility reports a service's terms to CeR from the day it goes live.
                if weekday not in weekdays or on < live:
                    continue
                draw = rng(self.seed, "day", facility_id, service, on).random
                # Before the lead time only the odd cancellation is free, never for a first visit.
                early = 0.0 if service in BY_REFERRAL else 0.005
                free_share = share if lead >= lead_days else early
                for minute, at in times:
                    state = "free" if draw() < free_share else "taken"
                    yield facility_id, service, on + at, minute, minutes, state

    def working_days(self, first: date, days: int) -> list[date]:
        """The working days of `days` days from `first` (the same for every facility)."""
        key = (first, days)
        if key not in self._working:
            every = (first + timedelta(days=offset) for offset in range(days))
            self._working[key] = [day for day in every if is_working_day(day)]
        return self._working[key]

    def cancellations(self, c: sqlite3.Connection) -> Iterator[tuple[str, int, str, str]]:
        """The slots other patients gave back in the weeks before the seed's day (service,
        facility, when, the slot's start): the history the waiting room's rate and its
        outlook start from. Each working day a facility's service frees a share of a day's
        worth of its slots (`CANCELLED_A_DAY`), each of a term 1 to 60 days ahead."""
        for service, facility_id, weekdays, start_minute, size, minutes in c.execute(
            "SELECT s.service, s.facility_id, s.weekdays, s.start_minute, s.size, v.slot_minutes"
            " FROM schedules s JOIN services v ON v.code = s.service"
            " ORDER BY s.facility_id, v.position"
        ).fetchall():
            days = [int(d) for d in weekdays.split(",")]
            rate = CANCELLED_A_DAY[service in BY_REFERRAL] * size * len(days) / 5
            r = rng(self.seed, "cancellations", facility_id, service)
            for back in range(HISTORY_DAYS, 0, -1):
                day = self.today - timedelta(days=back)
                if not is_working_day(day):
                    continue
                # Poisson by inversion: the number freed that day.
                count, p, u = 0, math.exp(-rate), r.random()
                total = p
                while u > total:
                    count += 1
                    p *= rate / count
                    total += p
                for _ in range(count):
                    at = datetime.combine(day, datetime.min.time()) + timedelta(
                        minutes=r.randrange(7 * 60, 20 * 60)
                    )
                    term = day + timedelta(days=r.randint(1, 60))
                    while term.weekday() not in days or not is_working_day(term):
                        term += timedelta(days=1)
                    minute = start_minute + r.randrange(size) * minutes
                    start = datetime.combine(term, datetime.min.time()) + timedelta(minutes=minute)
                    yield service, facility_id, iso(at), iso(start)

    def _patients(self, c: sqlite3.Connection) -> None:
        year = self.today.year
        used: set[str] = set()

        def insert(
            first: str,
            last: str,
            sex: Sex,
            born: date,
            password: str,
            *,
            phone,
            email,
            priority=False,
            risk="",
            demo_description=None,
            login=True,
        ) -> int:
            serial = len(used) * 7 + 11
            pesel = make_pesel(born, sex, serial)
            while pesel in used:
                serial += 1
                pesel = make_pesel(born, sex, serial)
            used.add(pesel)
            salt = hashlib.sha256(pesel.encode()).hexdigest()[:16]
            channels = ",".join(ch for ch, have in (("email", email), ("sms", phone)) if have)
            cur = c.execute(
                "INSERT INTO patients (pesel, password_hash, salt, first_name, last_name, sex,"
                " birth_date, phone, email, channels, priority_rights, risk_groups,"
                " demo_password, demo_description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    pesel,
                    hash_password(password, salt) if login else "!",
                    salt,
                    first,
                    last,
                    sex.value,
                    born.isoformat(),
                    phone,
                    email,
                    channels,
                    int(priority),
                    risk,
                    password if demo_description or password == POPULATION_PASSWORD else None,
                    demo_description,
                ),
            )
            return int(cur.lastrowid or 0)

        def refer(pid: int, referrals: tuple[tuple[str, str, bool, str, str], ...]) -> None:
            for code, service, realised, doctor, urgency in referrals:
                issued = self.today - timedelta(days=20 if not realised else 200)
                c.execute(
                    "INSERT INTO referrals (patient_id, code, service, issued, doctor, urgency,"
                    " realised_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        pid,
                        code,
                        service,
                        issued.isoformat(),
                        doctor,
                        urgency,
                        (self.today - timedelta(days=90)).isoformat() if realised else None,
                    ),
                )

        guardians: list[tuple[int, str]] = []
        for i, spec in enumerate(DEMO_PATIENTS):
            born = date(year - spec.age, 1 + (i * 5) % 12, 3 + (i * 3) % 26)
            pid = insert(
                spec.first,
                spec.last,
                spec.sex,
                born,
                DEMO_PASSWORD,
                phone=spec.phone,
                email=spec.email,
                priority=spec.priority,
                risk=",".join(spec.risk_groups),
                demo_description=spec.description,
            )
            for service, months_ago in spec.screenings:
                when = add_months(self.today, -months_ago)
                c.execute(
                    "INSERT INTO screenings VALUES (?, ?, ?)", (pid, service, when.isoformat())
                )
            refer(pid, spec.referrals)
            guardians.extend((pid, name) for name in spec.children)

        # A population of ordinary patients (password "test"), for load and race tests.
        for n in range(self.scale.population):
            r = rng(self.seed, "patient", n)
            sex = Sex.FEMALE if r.random() < 0.7 else Sex.MALE
            born = date(year - r.randint(25, 74), r.randint(1, 12), r.randint(1, 28))
            first = r.choice(FIRST_NAMES[sex.value])
            last = r.choice(LAST_NAMES)[0 if sex is Sex.MALE else 1]
            prefix = f"{r.choice('5678')}{r.randint(0, 99):02d}"
            phone = f"+48 {prefix} {r.randint(100, 999)} {r.randint(100, 999)}"
            email = f"pacjent{n + 1}@example.pl"
            pid = insert(first, last, sex, born, POPULATION_PASSWORD, phone=phone, email=email)
            if r.random() < 0.5:
                code = f"{r.randint(0, 9999):04d}"
                issued = self.today - timedelta(days=r.randint(1, 60))
                # Drawn apart from the patient's own draws, which stay as they were.
                d = rng(self.seed, "referral", n)
                c.execute(
                    "INSERT INTO referrals (patient_id, code, service, issued, doctor, urgency)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        pid,
                        code,
                        "kardiologia",
                        issued.isoformat(),
                        d.choice(DOCTORS),
                        "pilny" if d.random() < 0.2 else "stabilny",
                    ),
                )

        # The demo children last: the PESELs of everyone before them stay as they were.
        children: dict[str, int] = {}
        for i, child in enumerate(DEMO_CHILDREN):
            born = date(year - child.age, 1 + (i * 7 + 2) % 12, 5 + i * 4)
            # No login of her own (the hash matches no password), no contact data.
            pid = insert(
                child.first, child.last, child.sex, born, "", phone=None, email=None, login=False
            )
            children[child.first] = pid
            refer(pid, child.referrals)

        c.executemany(
            "INSERT INTO guardians VALUES (?, ?)", [(g, children[name]) for g, name in guardians]
        )


def seed_database(
    db: Database,
    seed: int = 42,
    today: date | None = None,
    scale: str = "default",
    progress: Progress | None = None,
) -> None:
    Seeder(db, seed, today or date.today(), SCALES[scale]).run(progress)


def content_digest(db: Database) -> str:
    """SHA-256 over every table's rows in primary-key order: equal seeds, equal digests."""
    h = hashlib.sha256()
    with db.read() as c:
        tables = [
            r[0]
            for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        for table in tables:
            h.update(table.encode())
            for row in c.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):  # noqa: S608
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()
