"""Reminders 7 days and 1 day before a visit, on the virtual clock."""

from datetime import datetime, timedelta

from tests.support import CLOCK


async def book_around(client, h, days_ahead):
    """Book the first mammography slot at least `days_ahead` days from the clock."""
    day = (CLOCK + timedelta(days=days_ahead)).date()
    r = await client.get(
        "/slots",
        headers=h,
        params={"service": "mammografia", "voivodeship": "07", "date_from": str(day), "limit": 1},
    )
    slot = r.json()["items"][0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    return appt, datetime.fromisoformat(appt["start"])


async def kinds(client, h):
    return [n["kind"] for n in (await client.get("/notifications", headers=h)).json()]


async def test_reminders_fire_seven_days_and_one_day_before(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, start = await book_around(client, h, 12)
    until_7d = start - timedelta(days=7) - CLOCK
    # Just before the 7-day mark: nothing yet.
    await demo.advance(f"PT{int(until_7d.total_seconds()) - 60}S")
    assert "reminder-7d" not in await kinds(client, h)
    await demo.advance("PT60S")
    sent = (await client.get("/notifications", headers=h)).json()
    seven = [n for n in sent if n["kind"] == "reminder-7d"]
    assert {n["channel"] for n in seven} == {"sms", "email"}
    assert datetime.fromisoformat(seven[0]["created_at"]) == start - timedelta(days=7)
    assert "za 7 dni" in seven[0]["body"]
    await demo.advance("P6D")
    assert (await kinds(client, h)).count("reminder-1d") == 2
    # After the visit it is completed, with its history.
    await demo.advance("P2D")
    done = (await client.get(f"/appointments/{appt['id']}", headers=h)).json()
    assert done["status"] == "completed"
    assert [e["kind"] for e in done["history"]] == [
        "booked",
        "reminder-7d",
        "reminder-1d",
        "completed",
    ]


async def test_reminders_go_to_the_current_contact_data(client, demo):
    h = await demo.login("Anna Kowalska")
    _, start = await book_around(client, h, 10)
    await client.patch(
        "/me/contact", headers=h, json={"phone": "+48 699 000 111", "channels": ["sms"]}
    )
    await demo.advance("P4D")
    reminder = (await client.get("/notifications", headers=h)).json()[0]
    assert reminder["kind"] == "reminder-7d"
    assert reminder["channel"] == "sms" and reminder["recipient"] == "+48 699 000 111"


async def test_a_cancelled_visit_gets_no_reminders(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, _ = await book_around(client, h, 10)
    await client.post(f"/appointments/{appt['id']}/cancel", headers=h)
    await demo.advance("P12D")
    assert not {"reminder-7d", "reminder-1d"} & set(await kinds(client, h))


async def test_a_visit_booked_three_days_ahead_gets_only_the_one_day_reminder(client, demo):
    h = await demo.login("Anna Kowalska")
    await book_around(client, h, 3)
    await demo.advance("P5D")
    k = await kinds(client, h)
    assert "reminder-1d" in k and "reminder-7d" not in k


async def test_a_completed_screening_starts_the_interval(client, demo):
    h = await demo.login("Anna Kowalska")
    await book_around(client, h, 2)
    await demo.advance("P5D")
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    verdict = services["mammografia"]["eligibility"]
    assert verdict["reason"] == "interval" and verdict["eligible_from"].startswith("2028-12")


async def test_schedules_roll_forward_with_the_clock(client, demo):
    h = await demo.login("Anna Kowalska")
    await demo.advance("P30D")
    far = (CLOCK + timedelta(days=140)).date()
    r = await client.get(
        "/slots",
        headers=h,
        params={
            "service": "cytologia",
            "date_from": str(far),
            "date_to": str(far + timedelta(days=7)),
        },
    )
    assert r.json()["items"], "facilities publish new days as the clock moves"


async def test_reminders_go_out_on_working_days(client, demo):
    """A visit on Monday 28.12.2026, after Christmas and a weekend: the day-before reminder
    goes out on Wednesday 23.12 (24-26.12 are holidays, 27.12 a Sunday) and says when."""
    h = await demo.login("Anna Kowalska")
    r = await client.get(
        "/slots",
        headers=h,
        params={
            "service": "mammografia",
            "voivodeship": "07",
            "date_from": "2026-12-28",
            "date_to": "2026-12-28",
            "limit": 1,
        },
    )
    slot = r.json()["items"][0]
    appt = (await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)).json()
    start = datetime.fromisoformat(appt["start"])
    await demo.advance("P22DT2H")  # to 23.12, 10:00
    sent = [n for n in (await client.get("/notifications", headers=h)).json()]
    before = [n for n in sent if n["kind"] == "reminder-1d"]
    assert before, [n["kind"] for n in sent]
    at = datetime.fromisoformat(before[0]["created_at"])
    assert at.date().isoformat() == "2026-12-23" and at.time() == start.time()
    assert before[0]["body"].startswith("Przypomnienie: za 5 dni, poniedziałek, 28 grudnia 2026")
    # The week-before one: Monday 21.12 is a working day, so exactly 7 days before.
    week = next(n for n in sent if n["kind"] == "reminder-7d")
    assert datetime.fromisoformat(week["created_at"]) == start - timedelta(days=7)
    assert "za 7 dni" in week["body"]
