"""Facilities and localities held in memory, and the "where" part of search criteria.

They change only when the database is reseeded, and every slot search, waiting-room match
and predicted date needs them, so they are read once and kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from types import MappingProxyType

from erej_tui.api.models import (
    Accessibility,
    Address,
    Facility,
    Locality,
    OpeningHours,
    SearchCriteria,
    Voivodeship,
)

from .geo import VOIVODESHIPS, distance_km, fold, voivodeship_teryt

KEPT = 4096
"""Places whose candidate facilities `Places.candidates` keeps (a few MB at most)."""


@dataclass(frozen=True)
class FacilityRecord:
    model: Facility
    voivodeship: str
    locality_id: int


class Places:
    def __init__(self, conn: sqlite3.Connection) -> None:
        order = {
            r["code"]: r["position"] for r in conn.execute("SELECT code, position FROM services")
        }
        self.localities: dict[int, Locality] = {}
        self._folded: list[tuple[str, int]] = []
        for r in conn.execute("SELECT * FROM localities ORDER BY id"):
            self.localities[r["id"]] = Locality(
                id=r["id"],
                name=r["name"],
                voivodeship=voivodeship(r["voivodeship"]),
                teryt=r["teryt"],
                latitude=r["lat"],
                longitude=r["lon"],
            )
            self._folded.append((r["folded"], r["id"]))
        self._population = {
            r["id"]: r["population_k"]
            for r in conn.execute("SELECT id, population_k FROM localities")
        }
        offered: dict[int, list[str]] = {}
        for r in conn.execute("SELECT facility_id, service FROM facility_services"):
            offered.setdefault(r[0], []).append(r[1])
        hours = opening_hours(conn)
        self.facilities: dict[int, FacilityRecord] = {}
        self._candidates: dict[tuple[object, ...], Mapping[int, float | None]] = {}
        for r in conn.execute("SELECT * FROM facilities ORDER BY id"):
            loc = self.localities[r["locality_id"]]
            model = Facility(
                id=r["id"],
                name=r["name"],
                provider=r["provider"],
                address=Address(
                    street=r["street"],
                    postal_code=r["postal_code"],
                    locality=loc.name,
                    voivodeship=loc.voivodeship.name,
                ),
                phone=r["phone"],
                teryt=r["teryt"],
                latitude=r["lat"],
                longitude=r["lon"],
                accessibility=Accessibility(
                    toilet=bool(r["toilet"]),
                    ramp=bool(r["ramp"]),
                    car_park=bool(r["car_park"]),
                    elevator=bool(r["elevator"]),
                ),
                services=sorted(offered.get(r["id"], []), key=lambda s: order.get(s, 99)),
                opening_hours=hours.get(r["id"], []),
            )
            self.facilities[r["id"]] = FacilityRecord(model, loc.voivodeship.code, loc.id)

    # --- localities ------------------------------------------------------------------------
    def find_localities(self, query: str, limit: int = 10) -> list[Locality]:
        """By prefix of the name or of any word in it, diacritics-insensitive; bigger first."""
        q = fold(query.strip())
        if not q:
            return []
        hits = []
        for folded, lid in self._folded:
            words = folded.replace("-", " ").split()
            if folded.startswith(q):
                rank = 0
            elif any(w.startswith(q) for w in words[1:]):
                rank = 1
            else:
                continue
            hits.append((rank, -self._population[lid], folded, lid))
        hits.sort()
        return [self.localities[h[3]] for h in hits[:limit]]

    def nearest_locality(self, latitude: float, longitude: float) -> Locality:
        """The locality closest to a point: FHIR's `near` as the contract's place."""
        return min(
            self.localities.values(),
            key=lambda loc: distance_km(latitude, longitude, loc.latitude, loc.longitude),
        )

    def locality_by_name(self, name: str) -> Locality | None:
        """Exact name, diacritics-insensitive ('Krakow' -> Kraków)."""
        q = fold(name.strip())
        for folded, lid in self._folded:
            if folded == q:
                return self.localities[lid]
        return None

    def population(self, locality_id: int) -> int:
        """The locality's population in thousands."""
        return self._population[locality_id]

    # --- facilities ------------------------------------------------------------------------
    def candidates(
        self, criteria: SearchCriteria, service: str | None
    ) -> Mapping[int, float | None]:
        """Facilities that fit the place criteria, with their distance from the locality.

        A locality without a radius ranks by distance but limits nothing; neither a
        locality nor a voivodeship means the whole country. Facilities do not move, so
        the answer is kept for the next search of the same place (up to `KEPT` places).
        """
        key = (
            criteria.locality_id,
            criteria.radius_km,
            criteria.voivodeship,
            criteria.facility_id,
            service,
        )
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) >= KEPT:
                self._candidates.clear()
            found = self._candidates[key] = MappingProxyType(self._near(criteria, service))
        return found

    def _near(self, criteria: SearchCriteria, service: str | None) -> dict[int, float | None]:
        origin = self.localities.get(criteria.locality_id) if criteria.locality_id else None
        out: dict[int, float | None] = {}
        ids = [criteria.facility_id] if criteria.facility_id else self.facilities.keys()
        for fid in ids:
            rec = self.facilities.get(fid)
            if rec is None:
                continue
            if service and service not in rec.model.services:
                continue
            if criteria.voivodeship and rec.voivodeship != criteria.voivodeship:
                continue
            dist = None
            if origin is not None:
                dist = round(
                    distance_km(
                        origin.latitude, origin.longitude, rec.model.latitude, rec.model.longitude
                    ),
                    1,
                )
                if criteria.radius_km is not None and dist > criteria.radius_km:
                    continue
            out[fid] = dist
        return out

    def facility(self, facility_id: int, distance: float | None = None) -> Facility:
        model = self.facilities[facility_id].model
        return model if distance is None else model.model_copy(update={"distance_km": distance})


BASE_HOURS = ((8, 15), (7, 18), (8, 16), (7, 20), (8, 18))
"""A registration desk's day (from, to), one per facility by its id: a clinic's desk is open
longer than its sessions, on every working day."""


def opening_hours(conn: sqlite3.Connection) -> dict[int, list[OpeningHours]]:
    """Each facility's hours, Monday to Friday: its desk's day, widened to the full hour
    before its first session and after its last one that day."""
    spans: dict[int, dict[int, tuple[int, int]]] = {}
    for (fid,) in conn.execute("SELECT id FROM facilities"):
        lo, hi = BASE_HOURS[fid % len(BASE_HOURS)]
        spans[fid] = {weekday: (lo * 60, hi * 60) for weekday in range(5)}
    for fid, weekdays, start, size, minutes in conn.execute(
        "SELECT s.facility_id, s.weekdays, s.start_minute, s.size, v.slot_minutes"
        " FROM schedules s JOIN services v ON v.code = s.service"
    ):
        days = spans[fid]
        for weekday in map(int, weekdays.split(",")):
            lo, hi = days[weekday]
            days[weekday] = (min(lo, start), max(hi, start + size * minutes))
    return {
        fid: [
            OpeningHours(weekday=weekday + 1, opens=time(lo // 60), closes=time(-(-hi // 60)))
            for weekday, (lo, hi) in sorted(days.items())
        ]
        for fid, days in spans.items()
    }


def voivodeship(code: str) -> Voivodeship:
    return Voivodeship(code=code, name=VOIVODESHIPS[code], teryt=voivodeship_teryt(code))
