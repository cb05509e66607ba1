"""Contention on a real server (erej-mock on a free port, loopback only)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

import httpx

from erej_tui.api.pesel import Sex, parse_pesel
from tests.mock_server.test_real_server import running_server
from tests.support import ADMIN, CLOCK


async def population(c: httpx.AsyncClient, want, count: int) -> list[dict]:
    everyone = (await c.get("/_mock/patients", params={"everyone": True}, headers=ADMIN)).json()
    demo = {p["pesel"] for p in (await c.get("/_mock/patients", headers=ADMIN)).json()}
    found = [p for p in everyone if p["pesel"] not in demo and want(p)]
    assert len(found) >= count, f"only {len(found)} suitable patients"
    return found[:count]


def woman_for_cytology(p: dict) -> bool:
    born = parse_pesel(p["pesel"])
    return born.sex is Sex.FEMALE and 25 <= CLOCK.year - born.birth_date.year <= 64


async def log_in(c: httpx.AsyncClient, patients: list[dict]) -> list[dict[str, str]]:
    async def one(p):
        r = await c.post(
            "/api/v1/auth/login", json={"pesel": p["pesel"], "password": p["password"]}
        )
        return {"Authorization": f"Bearer {r.json()['token']}"}

    return list(await asyncio.gather(*(one(p) for p in patients)))


def racers(url: str) -> httpx.AsyncClient:
    """A fresh client for a burst, so that every racer opens its own connection as separate
    clients would. Reusing the set-up's idle connections races the server's keep-alive
    timeout: one it closes as a request goes out fails with ReadError, which says nothing
    about the contention under test."""
    limits = httpx.Limits(max_connections=250, max_keepalive_connections=250)
    return httpx.AsyncClient(base_url=url, timeout=60, limits=limits)


def check_consistency(db) -> None:
    """Each booked slot has exactly one booked appointment; each freed slot has none."""
    conn = sqlite3.connect(db)
    bad = conn.execute(
        "SELECT count(*) FROM slots s WHERE (s.state = 'booked') != EXISTS ("
        " SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked')"
    ).fetchone()[0]
    doubled = conn.execute(
        "SELECT count(*) FROM (SELECT slot_id FROM appointments WHERE status = 'booked'"
        " GROUP BY slot_id HAVING count(*) > 1)"
    ).fetchone()[0]
    assert (bad, doubled) == (0, 0)


async def test_two_hundred_clients_race_for_twenty_slots(db_path, tmp_path):
    db = tmp_path / "race.sqlite3"
    shutil.copyfile(db_path, db)
    with running_server(db) as url:
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            patients = await population(c, woman_for_cytology, 200)
            headers = await log_in(c, patients)
            page = (
                await c.get(
                    "/api/v1/slots",
                    headers=headers[0],
                    params={"service": "cytologia", "limit": 20},
                )
            ).json()
            slots = [s["id"] for s in page["items"]]
            assert len(slots) == 20
        async with racers(url) as burst:
            responses = await asyncio.gather(
                *(
                    burst.post(
                        "/api/v1/appointments",
                        headers=h,
                        json={"slot_id": slots[i % 20]},
                    )
                    for i, h in enumerate(headers)
                )
            )
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 20 and codes.count(409) == 180
    assert all(r.json()["code"] == "slot-taken" for r in responses if r.status_code == 409)
    won = sorted(r.json()["start"] + str(r.json()["id"]) for r in responses if r.status_code == 201)
    assert len(set(won)) == 20
    conn = sqlite3.connect(db)
    booked = conn.execute(
        "SELECT count(*), count(DISTINCT slot_id) FROM appointments WHERE status = 'booked'"
    ).fetchone()
    assert tuple(booked) == (20, 20)
    check_consistency(db)


async def test_freed_slots_go_to_the_earliest_entries_under_contention(db_path, tmp_path):
    db = tmp_path / "queue.sqlite3"
    shutil.copyfile(db_path, db)
    with running_server(db) as url, httpx.Client(base_url=url, timeout=60) as sync:
        # 50 patients with cardiology referrals wait, in order, in one scarce voivodeship.
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            waiting = await population(c, lambda p: bool(p["referral_codes"]), 50)
            headers = await log_in(c, waiting)
            entries = []
            for p, h in zip(waiting, headers, strict=True):
                r = await c.post(
                    "/api/v1/waitlist",
                    headers=h,
                    json={
                        "service": "kardiologia",
                        "voivodeship": "08",
                        "referral_code": p["referral_codes"][0],
                        "date_to": "2027-01-10",
                    },
                )
                assert r.status_code == 201, r.text
                entries.append((r.json()["urgency"] != "pilny", len(entries), r.json()["id"]))
            # 30 slots are freed at once by other patients.
            taken = (
                sqlite3.connect(db)
                .execute(
                    "SELECT s.id FROM slots s JOIN facilities f ON f.id = s.facility_id"
                    " JOIN localities l ON l.id = f.locality_id WHERE s.service = 'kardiologia'"
                    " AND s.state = 'taken' AND l.voivodeship = '08' AND s.start > ?"
                    " AND s.start < '2027-01-11' ORDER BY s.start LIMIT 30",
                    (CLOCK.replace(tzinfo=None).isoformat(),),
                )
                .fetchall()
            )
            assert len(taken) == 30
        async with racers(url) as burst:
            results = await asyncio.gather(
                *(
                    burst.post("/_mock/slots/release", headers=ADMIN, json={"slot_id": sid})
                    for (sid,) in taken
                )
            )
        assert all(r.status_code == 200 for r in results)
        assigned = [r.json()["assigned_appointment_id"] for r in results]
        assert None not in assigned and len(set(assigned)) == 30
        queue = sync.get("/_mock/waitlist", headers=ADMIN).json()
    # The first 30 in the queue's order (urgent e-referrals first, then by joining) got
    # slots; the last 20 still wait, in their order.
    order = [entry_id for _, _, entry_id in sorted(entries)]
    assert any(not stable for stable, _, _ in entries), "some of the 50 should be urgent"
    assert [e["id"] for e in queue] == order[30:]
    conn = sqlite3.connect(db)
    status = dict(conn.execute("SELECT id, status FROM waitlist").fetchall())
    assert [status[i] for i in order] == ["assigned"] * 30 + ["waiting"] * 20
    visits = conn.execute("SELECT appointment_id FROM waitlist WHERE status = 'assigned'")
    assert len({v[0] for v in visits}) == 30
    check_consistency(db)
