"""The demo controls' side of the registry: the demo patients, other patients' traffic,
publishing new slots and releasing taken ones (the waiting room gets them first)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from erej_tui.api import errors
from erej_tui.api.models import (
    DemoPatient,
    DemoStaff,
    PublishRequest,
    PublishResult,
    QueuedEntry,
    ReleaseRequest,
    ReleaseResult,
    SearchCriteria,
)
from erej_tui.api.workdays import next_working_day

from .. import refusals
from ..population import DEMO_PATIENTS, POPULATION_DESCRIPTION
from ..seed import STAFF_PASSWORD, iso, rng
from .core import Core, Tx, parse_moment, short, slot_fits
from .visits import Visits
from .waitroom import URGENT_FIRST, WaitingRoom

DESCRIPTIONS: dict[str | None, tuple[str, str]] = {
    None: POPULATION_DESCRIPTION,
    **{spec.description: (spec.description, spec.description_en) for spec in DEMO_PATIENTS},
}
"""A patient's description (Polish, English) by the one the database keeps (none for a
patient of the generated population)."""


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
            f" {short(self.start)})"
        )
        if self.assigned is not None:
            text += f"; przydzielony z poczekalni jako wizyta {self.assigned}"
        return text


class Demo:
    def __init__(self, core: Core, visits: Visits, waiting_room: WaitingRoom) -> None:
        self.core, self.visits, self.waiting_room = core, visits, waiting_room

    def demo_patients(self, everyone: bool = False) -> list[DemoPatient]:
        with self.core.read() as tx:
            rows = tx.execute(
                "SELECT * FROM patients WHERE demo_password IS NOT NULL"
                + ("" if everyone else " AND demo_description IS NOT NULL")
                + " ORDER BY id"
            ).fetchall()
            codes: dict[int, list[str]] = {}
            for pid, code in tx.execute(
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

    def demo_staff(self) -> list[DemoStaff]:
        """One desk a voivodeship: the facility with the most services in its largest
        town (ties to the lowest id)."""
        places = self.core.places
        best: dict[str, tuple[tuple[int, int, int], int]] = {}
        for fid, rec in places.facilities.items():
            population = places.population(rec.locality_id)
            rank = (-population, -len(rec.model.services), fid)
            if rec.voivodeship not in best or rank < best[rec.voivodeship][0]:
                best[rec.voivodeship] = (rank, fid)
        with self.core.read() as tx:
            rows = {
                r["facility_id"]: r
                for r in tx.execute(
                    f"SELECT * FROM staff WHERE facility_id IN ({','.join('?' * len(best))})",
                    [fid for _, fid in best.values()],
                )
            }
        return [
            DemoStaff(
                login=rows[fid]["login"],
                password=STAFF_PASSWORD,
                name=f"{rows[fid]['first_name']} {rows[fid]['last_name']}",
                facility_id=fid,
                facility_name=places.facility(fid).name,
                locality=places.facility(fid).address.locality,
            )
            for _, fid in sorted(best.values(), key=lambda v: v[0])
            if fid in rows
        ]

    def traffic_step(self, r: random.Random) -> TrafficEvent:
        """One action of another patient: book a random free slot or cancel a taken one.

        A cancellation frees the slot the same way a patient's does, so the waiting room
        gets it first. Half of the cancellations, while anyone waits, are of a slot that
        fits a waiting entry (the busy near-term slots people do give up), so a demo's
        waiting room is served within seconds at a rate of one action a second rather than
        once in hours of random slots.
        """
        with self.core.write() as tx:
            cancel = r.random() < 0.5
            slot_id = None
            if cancel and r.random() < 0.5:
                waiting = [
                    row[0]
                    for row in tx.execute(
                        "SELECT id FROM waitlist WHERE status = 'waiting' ORDER BY id"
                    )
                ]
                if waiting:
                    try:
                        slot_id = self.taken_slot_for(tx, r.choice(waiting))
                    except errors.NotFound:
                        slot_id = None
            if slot_id is None:
                top = tx.one("SELECT max(id) FROM slots") or 0
                row = tx.execute(
                    "SELECT id FROM slots WHERE id >= ? AND state = ? AND start > ?"
                    " ORDER BY id LIMIT 1",
                    (r.randint(1, max(top, 1)), "taken" if cancel else "free", iso(tx.now)),
                ).fetchone()
                if row is None:
                    return TrafficEvent("idle")
                slot_id = row[0]
            slot = tx.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
            facility = self.core.places.facility(slot["facility_id"])
            event = TrafficEvent(
                "cancelled" if cancel else "booked",
                slot_id=slot_id,
                service=slot["service"],
                place=facility.address.locality,
                start=parse_moment(slot["start"]),
            )
            if not cancel:
                tx.execute(
                    "UPDATE slots SET state = 'taken' WHERE id = ? AND state = 'free'", (slot_id,)
                )
                return event
            self.visits.free_slot(tx, slot_id)
            appt_id = self.waiting_room.offer(tx, slot_id)
            if appt_id is not None:
                event.assigned = tx.one("SELECT number FROM appointments WHERE id = ?", (appt_id,))
            return event

    def queue(self) -> list[QueuedEntry]:
        """Every waiting entry, in the queue's order (urgent e-referrals first, then by
        joining): what the demo controls may act for."""
        with self.core.read() as tx:
            rows = tx.execute(
                "SELECT w.id, w.service, w.created_at, p.first_name, p.last_name FROM waitlist w"
                " JOIN patients p ON p.id = w.patient_id"
                " LEFT JOIN referrals r ON r.id = w.referral_id WHERE w.status = 'waiting'"
                f" ORDER BY {URGENT_FIRST}, w.created_at, w.id"
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
        rule = self.core.rule(req.service)
        published: list[int] = []
        assigned: list[int] = []
        with self.core.write() as tx:
            first = req.date_from or (tx.now.date() + timedelta(days=1))
            if first <= tx.now.date() - timedelta(days=1):
                raise refusals.publish_past()
            first = max(first, rule.live_from)  # no term in CeR before the service is
            criteria = SearchCriteria(voivodeship=req.voivodeship, facility_id=req.facility_id)
            self.core.check_place(criteria)
            facilities = sorted(self.core.places.candidates(criteria, rule.code))
            if not facilities:
                raise refusals.no_facility_offers()
            r = rng(self.core.seed, "publish", iso(tx.now), req.model_dump_json())
            for _ in range(req.count):
                fid = r.choice(facilities)
                day = next_working_day(first + timedelta(days=r.randrange(req.days)))
                minute = r.randrange(8 * 60, 17 * 60, rule.slot_minutes)
                start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
                cur = tx.execute(
                    "INSERT INTO slots (facility_id, service, start, minute_of_day, minutes, state)"
                    " VALUES (?, ?, ?, ?, ?, 'taken')",
                    (fid, rule.code, start.isoformat(), minute, rule.slot_minutes),
                )
                published.append(int(cur.lastrowid or 0))
                self.visits.free_slot(tx, published[-1])
            for slot_id in published:
                appt = self.waiting_room.offer(tx, slot_id)
                if appt:
                    assigned.append(appt)
        return PublishResult(published=published, assigned=assigned)

    def release(self, req: ReleaseRequest) -> ReleaseResult:
        """Free a taken slot as another patient (or the desk) would; the queue gets it first."""
        with self.core.write() as tx:
            if req.waitlist_entry_id is not None:
                slot_id = self.taken_slot_for(tx, req.waitlist_entry_id)
            else:
                assert req.slot_id is not None  # ReleaseRequest asks for one of the two
                slot_id = req.slot_id
            slot = tx.execute("SELECT * FROM slots WHERE id = ?", (slot_id,)).fetchone()
            if slot is None:
                raise refusals.no_slot(slot_id)
            if parse_moment(slot["start"]) <= tx.now:
                raise refusals.release_passed()
            cancelled = None
            if slot["state"] == "free":
                raise refusals.already_free()
            if slot["state"] == "booked":
                cancelled = tx.one(
                    "SELECT id FROM appointments WHERE slot_id = ? AND status = 'booked'",
                    (slot_id,),
                )
                self.visits.cancel_visit(tx, cancelled, req.by)
            else:
                self.visits.free_slot(tx, slot_id)
                self.waiting_room.offer(tx, slot_id)
            now_booked = tx.execute(
                "SELECT id FROM appointments WHERE slot_id = ? AND status = 'booked'", (slot_id,)
            ).fetchone()
            return ReleaseResult(
                slot_id=slot_id,
                cancelled_appointment_id=cancelled,
                assigned_appointment_id=now_booked[0] if now_booked else None,
            )

    def taken_slot_for(self, tx: Tx, entry_id: int) -> int:
        """A taken slot that fits a waiting entry (what a demo releases for it)."""
        entry = tx.execute(
            "SELECT * FROM waitlist WHERE id = ? AND status = 'waiting'", (entry_id,)
        ).fetchone()
        if entry is None:
            raise refusals.no_waiting_entry(entry_id)
        criteria = SearchCriteria.model_validate_json(entry["criteria"])
        facilities = sorted(self.core.places.candidates(criteria, entry["service"]))
        if facilities:
            for slot in tx.execute(
                f"SELECT * FROM slots WHERE service = ? AND state = 'taken' AND start > ?"
                f" AND facility_id IN ({','.join('?' * len(facilities))}) ORDER BY start, id",
                (entry["service"], iso(tx.now), *facilities),
            ):
                if slot_fits(criteria, slot, parse_moment(slot["start"])):
                    return int(slot["id"])
        raise refusals.no_taken_slot_fits()
