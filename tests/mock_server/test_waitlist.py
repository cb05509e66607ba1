"""The waiting room: joining, assignment of freed and published slots in the queue's order
(urgent e-referrals first, then by joining), expiry."""

from datetime import date, datetime, timedelta

from tests.support import CLOCK, assert_problem

# Cardiology within 40 days: the seed leaves some voivodeships without any.


async def scarce_voivodeship(client, h):
    for code in (f"{i:02d}" for i in range(1, 17)):
        r = await client.get(
            "/slots",
            headers=h,
            params={
                "service": "kardiologia",
                "voivodeship": code,
                "date_to": str(CLOCK.date() + timedelta(days=40)),
            },
        )
        if not r.json()["items"]:
            return code
    raise AssertionError("the seed should leave a voivodeship without cardiology in 40 days")


def criteria(voivodeship):
    return {
        "service": "kardiologia",
        "voivodeship": voivodeship,
        "date_to": str(CLOCK.date() + timedelta(days=40)),
    }


async def join(client, h, body):
    return await client.post("/waitlist", json=body, headers=h)


async def test_an_entry_is_looked_for_until_the_patients_date_limit_if_that_comes_first(
    client, demo
):
    """Nothing after her limit fits her criteria: the entry ends with that day, and what
    she is told (the answer, the SMS) says so rather than the service's 40 days."""
    h = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, h)
    limit = CLOCK.date() + timedelta(days=10)
    body = {**criteria(v), "date_to": str(limit), "referral_code": "1234"}
    forecast = (await client.get("/waitlist/forecast", params=body, headers=h)).json()
    entry = (await join(client, h, body)).json()
    for answer in (forecast, entry):
        assert datetime.fromisoformat(answer["expires_at"]).date() == limit
        assert answer["outlook"]["deadline"] == str(limit)
    sms = (await client.get("/notifications", headers=h)).json()[0]
    assert f"Szukamy do {limit.day} grudnia 2026" in sms["body"]


async def test_joining_when_nothing_fits_gives_position_and_predicted_date(client, demo):
    h = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, h)
    r = await join(client, h, {**criteria(v), "referral_code": "1234"})
    assert r.status_code == 201, r.text
    entry = r.json()
    assert entry["status"] == "waiting" and entry["position"] == 1
    predicted = date.fromisoformat(entry["predicted_date"])
    assert CLOCK.date() < predicted
    expires = datetime.fromisoformat(entry["expires_at"])
    assert expires.date() == CLOCK.date() + timedelta(days=40)
    assert entry["referral_code"] == "1234"
    sms = (await client.get("/notifications", headers=h)).json()[0]
    assert sms["kind"] == "waitlist-joined" and "Prognozowany termin" in sms["body"]
    listed = (await client.get("/waitlist", headers=h)).json()
    assert [e["id"] for e in listed] == [entry["id"]]
    # One entry or booking per service: no second entry, no booking beside it.
    assert_problem(
        await join(client, h, {**criteria(v), "referral_code": "1234"}), 409, "already-booked"
    )


async def test_joining_is_refused_while_slots_fit(client, demo):
    h = await demo.login("Anna Kowalska")
    r = await join(client, h, {"service": "mammografia", "voivodeship": "12"})
    assert_problem(r, 409, "slots-available")
    assert (await client.get("/waitlist", headers=h)).json() == []


async def test_joining_checks_eligibility_and_referral(client, demo):
    piotr = await demo.login("Piotr Lewandowski")
    v = await scarce_voivodeship(client, piotr)
    assert_problem(
        await join(client, piotr, {**criteria(v), "referral_code": "5678"}), 409, "referral-used"
    )
    helena = await demo.login("Helena Wójcik")
    assert_problem(await join(client, helena, {"service": "mammografia"}), 403, "not-eligible")


async def population_patient_with_referral(demo, urgency: str = "stabilny"):
    """A patient of the generated population holding an unused cardiology e-referral of
    this category, logged in; and its code."""
    for p in await demo.patients(everyone=True):
        if p["description"].startswith("Pacjent") and p["referral_codes"]:
            h = await demo.login(p["pesel"], p["password"])
            held = (await demo.client.get("/referrals", headers=h)).json()
            if held[0]["urgency"] == urgency:
                return h, held[0]["code"]
    raise AssertionError(f"the population should include {urgency} e-referrals")


async def test_a_freed_slot_goes_to_the_first_matching_entry(client, demo):
    jan = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, jan)
    first = (await join(client, jan, {**criteria(v), "referral_code": "1234"})).json()
    other, code = await population_patient_with_referral(demo)
    second = (await join(client, other, {**criteria(v), "referral_code": code})).json()
    assert second["position"] == 2

    # Another patient cancels a slot that fits both entries.
    r = await demo.release(waitlist_entry_id=first["id"])
    assert r.status_code == 200, r.text
    assigned = r.json()["assigned_appointment_id"]
    assert assigned is not None

    appt = (await client.get(f"/appointments/{assigned}", headers=jan)).json()
    assert appt["source"] == "waitlist" and appt["status"] == "booked"
    assert appt["referral_code"] == "1234"
    entry = (await client.get(f"/waitlist/{first['id']}", headers=jan)).json()
    assert entry["status"] == "assigned" and entry["appointment_id"] == assigned
    kinds = [n["kind"] for n in (await client.get("/notifications", headers=jan)).json()]
    assert kinds[0] == "waitlist-assigned"
    # The second in the queue moves up.
    assert (await client.get(f"/waitlist/{second['id']}", headers=other)).json()["position"] == 1


async def test_an_urgent_referral_goes_ahead_of_stable_ones(client, demo):
    """The order of the waiting room: the e-referral's category (pilny first), then the
    time of joining; positions, predicted dates and the freed slot follow it."""
    jan = await demo.login("Jan Nowak")  # a stable e-referral
    v = await scarce_voivodeship(client, jan)
    stable = (await join(client, jan, {**criteria(v), "referral_code": "1234"})).json()
    assert (stable["position"], stable["urgency"]) == (1, "stabilny")
    other, code = await population_patient_with_referral(demo, "pilny")
    # The forecast before joining counts the e-referral's category when it is given.
    ask = criteria(v)
    plain = await client.get("/waitlist/forecast", params=ask, headers=other)
    assert plain.json()["position"] == 2
    ahead = await client.get(
        "/waitlist/forecast", params={**ask, "referral_code": code}, headers=other
    )
    assert ahead.json()["position"] == 1
    urgent = (await join(client, other, {**criteria(v), "referral_code": code})).json()
    assert (urgent["position"], urgent["urgency"]) == (1, "pilny")
    moved = (await client.get(f"/waitlist/{stable['id']}", headers=jan)).json()
    assert moved["position"] == 2
    assert date.fromisoformat(moved["predicted_date"]) >= date.fromisoformat(
        urgent["predicted_date"]
    )
    sms = (await client.get("/notifications", headers=other)).json()[0]
    assert "Kategoria medyczna e-skierowania: pilny" in sms["body"]

    # A slot that fits both goes to the urgent entry, though it joined later.
    r = await demo.release(waitlist_entry_id=stable["id"])
    assert r.status_code == 200, r.text
    assigned = (await client.get(f"/waitlist/{urgent['id']}", headers=other)).json()
    assert assigned["status"] == "assigned"
    assert r.json()["assigned_appointment_id"] == assigned["appointment_id"]
    jan_now = (await client.get(f"/waitlist/{stable['id']}", headers=jan)).json()
    assert (jan_now["status"], jan_now["position"]) == ("waiting", 1)


async def test_published_slots_are_assigned_from_the_queue(client, demo):
    jan = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, jan)
    entry = (await join(client, jan, {**criteria(v), "referral_code": "1234"})).json()
    r = await demo.publish(service="kardiologia", voivodeship=v, count=3, days=10)
    assert r.status_code == 200, r.text
    assert len(r.json()["assigned"]) == 1  # one entry, one assignment; the rest stay free
    entry = (await client.get(f"/waitlist/{entry['id']}", headers=jan)).json()
    assert entry["status"] == "assigned"


async def join_before_eight(client, demo):
    """Jan Nowak waits for a visit between 7:00 and 7:10, a window no published slot fits."""
    jan = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, jan)
    body = {**criteria(v), "referral_code": "1234", "hour_from": "07:00", "hour_to": "07:10"}
    return jan, v, (await join(client, jan, body)).json()


async def test_a_slot_outside_the_criteria_is_not_assigned(client, demo):
    jan, v, entry = await join_before_eight(client, demo)
    r = await demo.publish(service="kardiologia", voivodeship=v, count=5, days=10)
    assert r.json()["assigned"] == []  # published between 8:00 and 17:00
    assert (await client.get(f"/waitlist/{entry['id']}", headers=jan)).json()["status"] == "waiting"


async def test_entries_expire_after_their_limit_with_a_message(client, demo):
    jan, v, entry = await join_before_eight(client, demo)
    await demo.advance("P39D")
    assert (await client.get(f"/waitlist/{entry['id']}", headers=jan)).json()["status"] == "waiting"
    await demo.advance("P1D")
    assert (await client.get(f"/waitlist/{entry['id']}", headers=jan)).json()["status"] == "expired"
    latest = (await client.get("/notifications", headers=jan)).json()[0]
    assert latest["kind"] == "waitlist-expired"
    # The referral is free again for a new entry or booking.
    services = {s["code"]: s for s in (await client.get("/services", headers=jan)).json()}
    assert services["kardiologia"]["eligibility"]["eligible"]


async def test_leaving_the_queue(client, demo):
    jan = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, jan)
    entry = (await join(client, jan, {**criteria(v), "referral_code": "1234"})).json()
    r = await client.delete(f"/waitlist/{entry['id']}", headers=jan)
    assert r.status_code == 200 and r.json()["status"] == "left"
    assert_problem(await client.delete(f"/waitlist/{entry['id']}", headers=jan), 409, "not-active")
    anna = await demo.login("Anna Kowalska")
    assert_problem(await client.delete(f"/waitlist/{entry['id']}", headers=anna), 404, "not-found")


async def test_the_forecast_before_joining_matches_the_entry(client, demo):
    jan = await demo.login("Jan Nowak")
    v = await scarce_voivodeship(client, jan)
    params = {
        "service": "kardiologia",
        "voivodeship": v,
        "date_to": str(CLOCK.date() + timedelta(days=40)),
    }
    forecast = (await client.get("/waitlist/forecast", params=params, headers=jan)).json()
    assert forecast["position"] == 1
    entry = (await join(client, jan, {**criteria(v), "referral_code": "1234"})).json()
    assert (entry["position"], entry["predicted_date"]) == (
        forecast["position"],
        forecast["predicted_date"],
    )
    # Someone else asking now would queue second.
    other, _ = await population_patient_with_referral(demo)
    assert (await client.get("/waitlist/forecast", params=params, headers=other)).json()[
        "position"
    ] == 2
