"""Booking, referrals, one booking per service, reschedule and cancel, isolation."""

import re

import pytest

from tests.support import assert_problem


async def first_slot(client, h, service="mammografia", place="Kraków", **extra):
    loc = (await client.get("/localities", params={"q": place})).json()[0]["id"]
    r = await client.get(
        "/slots",
        headers=h,
        params={"service": service, "locality_id": loc, "radius_km": 50, "limit": 5, **extra},
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def slot_is_offered(client, h, slot, service="mammografia"):
    r = await client.get(
        "/slots",
        headers=h,
        params={
            "service": service,
            "facility_id": slot["facility"]["id"],
            "date_from": slot["start"][:10],
            "date_to": slot["start"][:10],
            "limit": 200,
        },
    )
    return slot["id"] in {s["id"] for s in r.json()["items"]}


async def test_booking_a_mammography_end_to_end(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await first_slot(client, h))[0]
    r = await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)
    assert r.status_code == 201
    appt = r.json()
    assert appt["status"] == "booked" and appt["source"] == "patient"
    assert appt["number"].startswith("ER/2026/")
    assert appt["start"] == slot["start"] and appt["facility"]["id"] == slot["facility"]["id"]
    assert [e["kind"] for e in appt["history"]] == ["booked"]
    # The slot is gone from the search, the visit is in the patient's list...
    assert not await slot_is_offered(client, h, slot)
    visits = (await client.get("/appointments", headers=h)).json()
    assert [v["id"] for v in visits] == [appt["id"]]
    assert (await client.get(f"/appointments/{appt['id']}", headers=h)).json() == appt
    # ...and a confirmation went out by SMS and e-mail to the contact data.
    sent = (await client.get("/notifications", headers=h)).json()
    assert {(n["channel"], n["kind"]) for n in sent} == {("sms", "booked"), ("email", "booked")}
    sms = next(n for n in sent if n["channel"] == "sms")
    assert sms["recipient"] == "+48 601 234 567"
    assert appt["number"] in sms["body"] and "grudnia 2026" in sms["body"]


async def test_the_services_list_shows_the_active_booking(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await first_slot(client, h))[0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    assert services["mammografia"]["active_appointment_id"] == appt["id"]


async def test_one_active_booking_per_service(client, demo):
    h = await demo.login("Anna Kowalska")
    a, b = (await first_slot(client, h))[:2]
    assert (
        await client.post("/appointments", json={"slot_id": a["id"]}, headers=h)
    ).status_code == 201
    r = await client.post("/appointments", json={"slot_id": b["id"]}, headers=h)
    assert "zmienić" in assert_problem(r, 409, "already-booked")["detail"]
    assert await slot_is_offered(client, h, b)  # nothing changed
    # Another service is fine.
    c = (await first_slot(client, h, "cytologia"))[0]
    assert (
        await client.post("/appointments", json={"slot_id": c["id"]}, headers=h)
    ).status_code == 201


async def test_a_taken_slot_is_reported_before_anything_about_the_patient(client, demo):
    anna = await demo.login("Anna Kowalska")
    kasia = await demo.login("Katarzyna Wiśniewska")
    jan = await demo.login("Jan Nowak")
    taken, other = (await first_slot(client, anna, "cytologia"))[:2]
    book = lambda h, slot: client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)  # noqa: E731
    annas = (await book(anna, taken)).json()
    kasias = (await book(kasia, other)).json()
    # Katarzyna has a cytology visit already and Jan may not have one at all: what each of
    # them is told about Anna's slot is that it is taken, and nothing changes.
    for h in (kasia, jan):
        assert_problem(await book(h, taken), 409, "slot-taken")
    assert (await client.get("/appointments", headers=kasia)).json() == [kasias]
    assert (await client.get("/appointments", headers=jan)).json() == []
    assert (await client.get(f"/appointments/{annas['id']}", headers=anna)).json() == annas
    # With a free slot each hears about themselves.
    free = (await first_slot(client, kasia, "cytologia"))[0]
    assert_problem(await book(kasia, free), 409, "already-booked")
    assert_problem(await book(jan, free), 403, "not-eligible")


@pytest.mark.parametrize(
    ("name", "service", "slug", "status"),
    [
        ("Helena Wójcik", "mammografia", "not-eligible", 403),
        ("Katarzyna Wiśniewska", "mammografia", "not-eligible", 403),
        ("Barbara Zielińska", "mammografia", "not-eligible", 403),
        ("Jan Nowak", "cytologia", "not-eligible", 403),
        ("Maria Kamińska", "cytologia", "priority-registration", 403),
    ],
)
async def test_ineligible_bookings_are_refused_with_the_reason(
    client, demo, name, service, slug, status
):
    h = await demo.login(name)
    slot = (await first_slot(client, h, service))[0]
    body = assert_problem(
        await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h), status, slug
    )
    assert body["reason"]
    assert await slot_is_offered(client, h, slot, service)


async def cardiology_slot(client, h):
    return (await first_slot(client, h, "kardiologia", "Gdańsk", radius_km=300))[0]


async def test_cardiology_needs_a_valid_unused_referral(client, demo):
    h = await demo.login("Jan Nowak")
    slot = await cardiology_slot(client, h)
    book = lambda **b: client.post("/appointments", json={"slot_id": slot["id"], **b}, headers=h)  # noqa: E731
    assert_problem(await book(), 422, "referral-required")
    assert (
        "0000"
        in assert_problem(await book(referral_code="0000"), 422, "referral-invalid")["detail"]
    )
    assert_problem(await book(referral_code="12a4"), 422, "validation-error")
    ok = await book(referral_code="1234")
    assert ok.status_code == 201 and ok.json()["referral_code"] == "1234"


async def test_a_used_referral_is_refused(client, demo):
    h = await demo.login("Piotr Lewandowski")
    slot = await cardiology_slot(client, h)
    r = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "5678"}, headers=h
    )
    assert "5678" in assert_problem(r, 409, "referral-used")["detail"]


async def test_an_expired_referral_is_listed_so_and_refused(app, client, demo):
    # The doctor's side has no operation here: the e-referral's validity is set as issued.
    with app.state.registry.db.tx() as c:
        c.execute("UPDATE referrals SET valid_until = '2026-11-30' WHERE code = '1234'")
    h = await demo.login("Jan Nowak")
    (listed,) = (await client.get("/referrals", headers=h)).json()
    assert listed["status"] == "expired" and listed["valid_until"] == "2026-11-30"
    slot = await cardiology_slot(client, h)
    r = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "1234"}, headers=h
    )
    assert "ważne do 30.11.2026" in assert_problem(r, 422, "referral-invalid")["detail"]
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    assert services["kardiologia"]["eligibility"]["reason"] == "referral-required"


async def test_another_patients_referrals_are_not_listed(client, demo):
    anna = await demo.login("Anna Kowalska")
    assert (await client.get("/referrals", headers=anna)).json() == []
    assert_problem(await client.get("/referrals"), 401, "unauthorized")


async def test_cancelling_frees_the_referral_and_the_slot(client, demo):
    h = await demo.login("Jan Nowak")
    slot = await cardiology_slot(client, h)
    appt = (
        await client.post(
            "/appointments", json={"slot_id": slot["id"], "referral_code": "1234"}, headers=h
        )
    ).json()
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    assert services["kardiologia"]["active_appointment_id"] == appt["id"]
    cancelled = await client.post(f"/appointments/{appt['id']}/cancel", headers=h)
    assert cancelled.status_code == 200
    assert (
        cancelled.json()["status"] == "cancelled" and cancelled.json()["cancelled_by"] == "patient"
    )
    assert await slot_is_offered(client, h, slot, "kardiologia")
    again = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "1234"}, headers=h
    )
    assert again.status_code == 201
    kinds = [n["kind"] for n in (await client.get("/notifications", headers=h)).json()]
    assert kinds.count("cancelled") == 2 and kinds.count("booked") == 4  # sms + e-mail each


async def test_cancel_twice_is_a_conflict(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await first_slot(client, h))[0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    assert (await client.post(f"/appointments/{appt['id']}/cancel", headers=h)).status_code == 200
    assert_problem(
        await client.post(f"/appointments/{appt['id']}/cancel", headers=h), 409, "not-active"
    )


async def test_a_slot_taken_a_moment_ago(client, demo):
    anna = await demo.login("Anna Kowalska")
    barbara = await demo.login("Katarzyna Wiśniewska")
    slot = (await first_slot(client, anna, "cytologia"))[0]
    assert (
        await client.post("/appointments", json={"slot_id": slot["id"]}, headers=barbara)
    ).status_code == 201
    r = await client.post("/appointments", json={"slot_id": slot["id"]}, headers=anna)
    assert "przed chwilą" in assert_problem(r, 409, "slot-taken")["detail"]
    assert (await client.get("/appointments", headers=anna)).json() == []


async def test_unknown_and_past_slots(client, demo):
    h = await demo.login("Anna Kowalska")
    assert_problem(
        await client.post("/appointments", json={"slot_id": 10**9}, headers=h), 404, "not-found"
    )
    slot = (await first_slot(client, h))[0]
    await demo.advance("P60D")  # the slot is now in the past
    r = await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)
    assert_problem(r, 422, "slot-unavailable")


async def test_reschedule_moves_the_visit_in_one_step(client, demo):
    h = await demo.login("Anna Kowalska")
    old, new = (await first_slot(client, h))[:2]
    appt = (await client.post("/appointments", json={"slot_id": old["id"]}, headers=h)).json()
    r = await client.post(
        f"/appointments/{appt['id']}/reschedule", json={"slot_id": new["id"]}, headers=h
    )
    assert r.status_code == 201
    moved = r.json()
    assert moved["id"] == appt["id"] and moved["number"] == appt["number"]
    assert moved["start"] == new["start"]
    assert [e["kind"] for e in moved["history"]] == ["booked", "rescheduled"]
    assert await slot_is_offered(client, h, old) and not await slot_is_offered(client, h, new)
    messages = (await client.get("/notifications", headers=h)).json()
    assert [n["kind"] for n in messages[:2]] == ["rescheduled", "rescheduled"]
    # As a Polish speaker writes it: each date with its weekday in brackets, none nested.
    body = messages[0]["body"]
    assert f"wizyta nr {appt['number']} – Mammografia (profilaktyka raka piersi) –" in body
    assert re.search(
        r"przeniesiona z \d+ grudnia 2026 \((poniedziałek|wtorek|środa|czwartek|piątek|sobota|"
        r"niedziela)\), godz\. \d\d:\d\d na \d+ grudnia 2026 \(\w+\), godz\. \d\d:\d\d, ",
        body,
    ), body
    depth = 0
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        assert depth <= 1, body


async def test_reschedule_to_a_taken_slot_keeps_the_old_visit(client, demo):
    anna = await demo.login("Anna Kowalska")
    other = await demo.login("Barbara Zielińska")
    old, new = (await first_slot(client, anna, "cytologia"))[:2]
    appt = (await client.post("/appointments", json={"slot_id": old["id"]}, headers=anna)).json()
    assert (
        await client.post("/appointments", json={"slot_id": new["id"]}, headers=other)
    ).status_code == 201
    r = await client.post(
        f"/appointments/{appt['id']}/reschedule", json={"slot_id": new["id"]}, headers=anna
    )
    assert_problem(r, 409, "slot-taken")
    kept = (await client.get(f"/appointments/{appt['id']}", headers=anna)).json()
    assert kept["status"] == "booked" and kept["start"] == old["start"]
    assert not await slot_is_offered(client, anna, old, "cytologia")


async def test_reschedule_to_another_service_is_refused(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await first_slot(client, h))[0]
    cyto = (await first_slot(client, h, "cytologia"))[0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    r = await client.post(
        f"/appointments/{appt['id']}/reschedule", json={"slot_id": cyto["id"]}, headers=h
    )
    assert_problem(r, 422, "slot-unavailable")


async def test_patients_see_and_touch_only_their_own_visits(client, demo):
    anna = await demo.login("Anna Kowalska")
    eve = await demo.login("Katarzyna Wiśniewska")
    a, b = (await first_slot(client, anna, "cytologia"))[:2]
    appt = (await client.post("/appointments", json={"slot_id": a["id"]}, headers=anna)).json()
    path = f"/appointments/{appt['id']}"
    assert_problem(await client.get(path, headers=eve), 404, "not-found")
    assert_problem(await client.post(f"{path}/cancel", headers=eve), 404, "not-found")
    assert_problem(
        await client.post(f"{path}/reschedule", json={"slot_id": b["id"]}, headers=eve),
        404,
        "not-found",
    )
    assert (await client.get("/appointments", headers=eve)).json() == []
    assert (await client.get("/notifications", headers=eve)).json() == []
    assert (await client.get(path, headers=anna)).json()["status"] == "booked"


async def test_refusals_follow_accept_language(client, demo):
    """A patient whose app is in English is told why in English; the problem type (what a
    program reads) is the same in both languages."""
    en = {"Accept-Language": "en"}
    anna = {**await demo.login("Anna Kowalska"), **en}
    katarzyna = await demo.login("Katarzyna Wiśniewska")
    slot = (await first_slot(client, anna, "cytologia"))[0]
    await client.post("/appointments", json={"slot_id": slot["id"]}, headers=katarzyna)
    taken = await client.post("/appointments", json={"slot_id": slot["id"]}, headers=anna)
    assert assert_problem(taken, 409, "slot-taken")["detail"] == (
        "Someone booked this slot a moment ago. Choose another from the refreshed list."
    )
    assert taken.headers["content-language"] == "en"
    jan = {**await demo.login("Jan Nowak"), **en}
    cardiology = await cardiology_slot(client, jan)
    wrong = await client.post(
        "/appointments", json={"slot_id": cardiology["id"], "referral_code": "0000"}, headers=jan
    )
    assert assert_problem(wrong, 422, "referral-invalid")["detail"] == (
        "No e-referral with the code 0000 was found for your PESEL. "
        "Check the code on the printout or in IKP."
    )
    typo = await client.post("/appointments", json={"slot_id": "abc"}, headers=anna)
    assert assert_problem(typo, 422, "validation-error")["detail"].startswith(
        "Slot_id: Input should be a valid integer"
    )
    reversed_dates = await client.get(
        "/slots",
        headers=anna,
        params={"service": "cytologia", "date_from": "2027-02-01", "date_to": "2027-01-01"},
    )
    assert assert_problem(reversed_dates, 422, "validation-error")["detail"] == (
        "The end date is before the start date."
    )
    nowhere = await client.get("/nowhere", headers=en)
    assert assert_problem(nowhere, 404, "not-found")["detail"] == (
        "There is no resource /api/v1/nowhere."
    )
    pesel = await client.post(
        "/auth/login", json={"pesel": "44051401358", "password": "x"}, headers=en
    )
    assert assert_problem(pesel, 422, "invalid-pesel")["detail"] == (
        "The PESEL check digit does not match: check the number."
    )
    polish = await client.get("/nowhere")
    assert assert_problem(polish, 404, "not-found")["detail"] == "Nie ma zasobu /api/v1/nowhere."
    assert polish.headers["content-language"] == "pl"
