"""The /_mock demo controls: guarded, off by default, and each one doing its job."""

import httpx
import pytest

from tests.support import ADMIN, API, MOCK, assert_problem


async def test_demo_controls_need_the_admin_token(client):
    assert_problem(await client.get(f"{MOCK}/clock"), 403, "forbidden")
    assert_problem(
        await client.get(f"{MOCK}/clock", headers={"X-Admin-Token": "wrong"}), 403, "forbidden"
    )
    assert (await client.get(f"{MOCK}/clock", headers=ADMIN)).status_code == 200


async def test_demo_controls_are_off_by_default(make_app):
    app = make_app(demo=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=API) as c:
        assert_problem(await c.get(f"{MOCK}/clock", headers=ADMIN), 404, "not-found")


async def test_the_clock_moves_forward_only(client):
    r = await client.post(f"{MOCK}/clock", json={"advance": "PT2H"}, headers=ADMIN)
    assert r.json() == {"now": "2026-12-01T10:00:00+01:00", "fixed": True}
    r = await client.post(f"{MOCK}/clock", json={"to": "2026-12-24T18:00:00+01:00"}, headers=ADMIN)
    assert r.json()["now"] == "2026-12-24T18:00:00+01:00"
    assert_problem(
        await client.post(f"{MOCK}/clock", json={"to": "2026-12-01T00:00:00+01:00"}, headers=ADMIN),
        422,
        "validation-error",
    )
    assert_problem(
        await client.post(f"{MOCK}/clock", json={}, headers=ADMIN), 422, "validation-error"
    )
    year_and_a_day = {"advance": "P367D"}  # a demo moves days or weeks; a year at most
    assert_problem(
        await client.post(f"{MOCK}/clock", json=year_and_a_day, headers=ADMIN),
        422,
        "validation-error",
    )
    assert (await client.get("/health")).json()["now"] == "2026-12-24T18:00:00+01:00"


async def test_reset_returns_to_the_seed(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (
        await client.get("/slots", params={"service": "cytologia", "limit": 1}, headers=h)
    ).json()["items"][0]
    await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)
    assert (await client.post(f"{MOCK}/reset", headers=ADMIN)).status_code == 204
    h = await demo.login("Anna Kowalska")
    assert (await client.get("/appointments", headers=h)).json() == []
    again = (
        await client.get("/slots", params={"service": "cytologia", "limit": 1}, headers=h)
    ).json()["items"][0]
    assert again["id"] == slot["id"]


async def test_the_facility_desk_cancels_a_visit(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (
        await client.get("/slots", params={"service": "cytologia", "limit": 1}, headers=h)
    ).json()["items"][0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    r = await demo.release(slot_id=slot["id"], by="facility")
    assert r.json()["cancelled_appointment_id"] == appt["id"]
    gone = (await client.get(f"/appointments/{appt['id']}", headers=h)).json()
    assert gone["status"] == "cancelled" and gone["cancelled_by"] == "facility"
    note = (await client.get("/notifications", headers=h)).json()[0]
    assert note["kind"] == "cancelled-by-facility" and "placówka" in note["body"]
    assert_problem(await demo.release(slot_id=slot["id"]), 409, "conflict")


async def test_another_patient_frees_a_taken_slot(client, demo, db_path):
    from mock_server.db import Database

    taken = (
        Database(db_path)
        .conn.execute(
            "SELECT id FROM slots WHERE state = 'taken' AND service = 'cytologia'"
            " ORDER BY start DESC LIMIT 1"
        )
        .fetchone()[0]
    )
    r = await demo.release(slot_id=taken)
    assert r.status_code == 200 and r.json()["assigned_appointment_id"] is None
    h = await demo.login("Anna Kowalska")
    assert (
        await client.post("/appointments", json={"slot_id": taken}, headers=h)
    ).status_code == 201


async def test_publishing_adds_bookable_slots(client, demo):
    r = await demo.publish(service="mammografia", voivodeship="08", count=4, days=5)
    ids = r.json()["published"]
    assert len(ids) == 4
    h = await demo.login("Anna Kowalska")
    found = (
        await client.get(
            "/slots",
            headers=h,
            params={"service": "mammografia", "voivodeship": "08", "limit": 200},
        )
    ).json()["items"]
    assert set(ids) <= {s["id"] for s in found}
    assert_problem(await demo.publish(service="okulistyka"), 404, "not-found")


async def test_fault_503_with_retry_after_then_cleared(client):
    r = await client.put(
        f"{MOCK}/faults", json={"error_status": 503, "retry_after": 7}, headers=ADMIN
    )
    assert r.json()["active"]["error_status"] == 503
    failed = await client.get("/health")
    assert "awaria symulowana" in assert_problem(failed, 503, "service-unavailable")["detail"]
    assert failed.headers["Retry-After"] == "7"
    english = await client.get("/health", headers={"Accept-Language": "en"})
    body = assert_problem(english, 503, "service-unavailable")
    assert (body["title"], body["detail"]) == (
        "Service temporarily unavailable",
        "Service temporarily unavailable (simulated outage).",
    )
    # The demo controls themselves are never faulted.
    assert (await client.delete(f"{MOCK}/faults", headers=ADMIN)).json() == {"active": None}
    assert (await client.get("/health")).status_code == 200


async def test_a_gateway_fault_answers_with_its_own_status(client):
    await client.put(f"{MOCK}/faults", json={"error_status": 504}, headers=ADMIN)
    failed = await client.get("/health", headers={"Accept-Language": "en"})
    assert failed.status_code == 504
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.headers["content-language"] == "en"
    body = failed.json()
    assert body["status"] == 504 and body["code"] == "internal-error"
    assert body["detail"] == "Server error (simulated outage)."


async def test_fault_for_a_number_of_requests(client):
    await client.put(f"{MOCK}/faults", json={"error_status": 500, "remaining": 2}, headers=ADMIN)
    codes = [(await client.get("/health")).status_code for _ in range(3)]
    assert codes == [500, 500, 200]


async def test_fault_latency(client):
    import time

    await client.put(f"{MOCK}/faults", json={"latency_ms": 300}, headers=ADMIN)
    t = time.perf_counter()
    assert (await client.get("/health")).status_code == 200
    assert time.perf_counter() - t >= 0.3


async def test_fault_dropped_connection_in_process(client):
    from mock_server.faults import ConnectionDropped

    await client.put(f"{MOCK}/faults", json={"drop": True, "remaining": 1}, headers=ADMIN)
    with pytest.raises(ConnectionDropped):
        await client.get("/health")
    assert (await client.get("/health")).status_code == 200


async def test_a_clock_change_is_refused_in_the_request_language(client):
    both = {"advance": "PT1H", "to": "2026-12-02T08:00:00+01:00"}
    polish = await client.post(f"{MOCK}/clock", json=both, headers=ADMIN)
    assert assert_problem(polish, 422, "validation-error")["detail"] == (
        "Podaj dokładnie jedno: advance albo to."
    )
    english = await client.post(
        f"{MOCK}/clock", json={"advance": "-PT1H"}, headers={**ADMIN, "Accept-Language": "en"}
    )
    assert assert_problem(english, 422, "validation-error")["detail"] == (
        "The clock only moves forward."
    )
