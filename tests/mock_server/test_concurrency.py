"""A slot is never booked twice; retries with an Idempotency-Key book once."""

import asyncio
import sqlite3
from datetime import date, timedelta

import pytest

from erej_tui.api.pesel import Sex, parse_pesel
from mock_server.db import Database
from tests.support import CLOCK, assert_problem


async def cytology_women(demo, count):
    """Population patients eligible for cytology (women aged 25-64 by year of birth)."""
    out = []
    demo_names = {p["name"] for p in await demo.patients()}
    for p in await demo.patients(everyone=True):
        if p["name"] in demo_names:
            continue
        decoded = parse_pesel(p["pesel"])
        if decoded.sex is Sex.FEMALE and 25 <= CLOCK.year - decoded.birth_date.year <= 64:
            out.append(p)
    assert len(out) >= count
    return out[:count]


async def test_fifty_concurrent_bookings_of_one_slot_give_one_201(client, demo):
    patients = await cytology_women(demo, 50)
    headers = [await demo.login(p["pesel"], p["password"]) for p in patients]
    r = await client.get("/slots", params={"service": "cytologia", "limit": 1}, headers=headers[0])
    slot_id = r.json()["items"][0]["id"]

    responses = await asyncio.gather(
        *(client.post("/appointments", json={"slot_id": slot_id}, headers=h) for h in headers)
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 49
    for r in responses:
        if r.status_code == 409:
            assert_problem(r, 409, "slot-taken")
    booked = [r.json() for r in responses if r.status_code == 201]
    assert booked[0]["status"] == "booked"


def test_the_database_itself_refuses_a_second_booking_of_a_slot(db_path):
    """The guarantee is a constraint, not only a check in Python."""
    db = Database(db_path)
    c = db.conn
    slot = c.execute("SELECT id, service FROM slots WHERE state = 'free' LIMIT 1").fetchone()
    p1, p2 = (r[0] for r in c.execute("SELECT id FROM patients LIMIT 2"))
    insert = (
        "INSERT INTO appointments (number, patient_id, service, slot_id, status, source,"
        " created_at) VALUES (?, ?, ?, ?, 'booked', 'patient', '2026-12-01T08:00:00')"
    )
    c.execute(insert, ("A/1", p1, slot["service"], slot["id"]))
    with pytest.raises(sqlite3.IntegrityError):
        c.execute(insert, ("A/2", p2, slot["service"], slot["id"]))


def test_the_database_refuses_a_booking_beside_a_waiting_entry(db_path):
    db = Database(db_path)
    c = db.conn
    slot = c.execute("SELECT id FROM slots WHERE service = 'cytologia' LIMIT 1").fetchone()[0]
    c.execute(
        "INSERT INTO waitlist (patient_id, service, criteria, status, created_at, expires_at)"
        " VALUES (1, 'cytologia', '{}', 'waiting', ?, ?)",
        (str(CLOCK), str(date(2027, 3, 1))),
    )
    with pytest.raises(sqlite3.IntegrityError, match="already-booked"):
        c.execute(
            "INSERT INTO appointments (number, patient_id, service, slot_id, status, source,"
            " created_at) VALUES ('B/1', 1, 'cytologia', ?, 'booked', 'patient', '')",
            (slot,),
        )


async def test_the_same_idempotency_key_books_once_and_replays(client, demo):
    h = await demo.login("Anna Kowalska")
    slots = (
        await client.get("/slots", params={"service": "mammografia", "limit": 2}, headers=h)
    ).json()["items"]
    key = {**h, "Idempotency-Key": "7d1c6d2e-booking-1"}
    first = await client.post("/appointments", json={"slot_id": slots[0]["id"]}, headers=key)
    second = await client.post("/appointments", json={"slot_id": slots[0]["id"]}, headers=key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len((await client.get("/appointments", headers=h)).json()) == 1
    # The same key with another body is a client error, and books nothing.
    other = await client.post("/appointments", json={"slot_id": slots[1]["id"]}, headers=key)
    assert_problem(other, 422, "idempotency-key-reused")
    assert len((await client.get("/appointments", headers=h)).json()) == 1


async def test_idempotency_keys_are_per_patient(client, demo):
    anna = await demo.login("Anna Kowalska")
    kasia = await demo.login("Katarzyna Wiśniewska")
    slots = (
        await client.get("/slots", params={"service": "cytologia", "limit": 2}, headers=anna)
    ).json()["items"]
    r1 = await client.post(
        "/appointments", json={"slot_id": slots[0]["id"]}, headers={**anna, "Idempotency-Key": "k"}
    )
    r2 = await client.post(
        "/appointments", json={"slot_id": slots[1]["id"]}, headers={**kasia, "Idempotency-Key": "k"}
    )
    assert r1.status_code == r2.status_code == 201
    assert r1.json()["id"] != r2.json()["id"]


def test_two_threads_opening_new_schedule_days_add_them_once(make_app):
    """The clock moved a week: a request and the demo clock's thread may both find the
    horizon behind and open the same days; each slot must exist once."""
    import threading

    registry = make_app().state.registry
    later = registry.clock.advance(timedelta(days=7))
    barrier = threading.Barrier(2)

    def extend() -> None:
        barrier.wait()
        registry.clockwork.extend_horizon()

    threads = [threading.Thread(target=extend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with registry.db.read() as c:
        doubled = c.execute(
            "SELECT count(*) FROM (SELECT 1 FROM slots GROUP BY facility_id, service, start"
            " HAVING count(*) > 1)"
        ).fetchone()[0]
        horizon = c.execute("SELECT value FROM meta WHERE key = 'horizon'").fetchone()[0]
    assert doubled == 0
    assert horizon == (later.date() + timedelta(days=120)).isoformat()
