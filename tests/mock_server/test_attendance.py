"""No-shows, SMS replies to reminders, and follow-up visits the facility books."""

from datetime import datetime, timedelta

from tests.mock_server.test_reminders import book_around
from tests.support import ADMIN, CLOCK, assert_problem

MOCK = "http://mock/_mock"


async def inbound(client, phone, text):
    return await client.post(
        f"{MOCK}/sms/inbound", json={"phone": phone, "text": text}, headers=ADMIN
    )


async def messages(client, h):
    return (await client.get("/notifications", headers=h)).json()


async def book_cardiology(client, h, code):
    """The first cardiology slot, booked with the e-referral `code`."""
    params = {"service": "kardiologia", "referral_code": code, "limit": 1}
    slot = (await client.get("/slots", headers=h, params=params)).json()["items"][0]
    body = {"slot_id": slot["id"], "referral_code": code}
    return (await client.post("/appointments", json=body, headers=h)).json()


async def until(demo, moment: datetime, slack=timedelta(minutes=1)):
    """Move the clock to just after `moment`."""
    await demo.advance(f"PT{int((moment - CLOCK + slack).total_seconds())}S")


# --- SMS replies ----------------------------------------------------------------------------
async def test_the_reminder_sms_says_how_to_cancel_by_replying(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, start = await book_around(client, h, 10)
    await until(demo, start - timedelta(days=7))
    reminders = [n for n in await messages(client, h) if n["kind"] == "reminder-7d"]
    by_channel = {n["channel"]: n["body"] for n in reminders}
    assert "Odpowiedz na tego SMS-a: ODWOŁAJ" in by_channel["sms"]
    assert "ODWOŁAJ" not in by_channel["email"] and "Odwołaj ją na IKP" in by_channel["email"]


async def test_replying_odwolaj_cancels_the_visit_last_reminded_of(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, start = await book_around(client, h, 10)
    await until(demo, start - timedelta(days=7))
    r = await inbound(client, "601 234 567", "odwolaj")  # no diacritics, any case
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["outcome"], result["appointment_number"]) == ("cancelled", appt["number"])
    visit = (await client.get(f"/appointments/{appt['id']}", headers=h)).json()
    assert visit["status"] == "cancelled" and visit["cancelled_by"] == "patient"
    assert "odpowiedzią SMS" in visit["history"][-1]["detail"]
    cancelled = [n for n in await messages(client, h) if n["kind"] == "cancelled"]
    assert cancelled and result["reply"] in {n["body"] for n in cancelled}
    again = (await inbound(client, "+48601234567", "ODWOŁAJ")).json()
    assert again["outcome"] == "no-visit"  # nothing left to cancel, and nothing cancelled twice


async def test_a_reply_names_a_visit_by_its_number(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, _ = await book_around(client, h, 30)  # not reminded yet: the number says which
    assert (await inbound(client, "601234567", "ODWOŁAJ")).json()["outcome"] == "no-visit"
    r = (await inbound(client, "601234567", f"Odwołaj {appt['number']}, dziękuję")).json()
    assert r["outcome"] == "cancelled" and r["appointment_id"] == appt["id"]


async def test_an_unclear_reply_is_answered_and_changes_nothing(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, start = await book_around(client, h, 10)
    await until(demo, start - timedelta(days=7))
    r = (await inbound(client, "601234567", "Będę na pewno")).json()
    assert r["outcome"] == "not-understood" and "ODWOŁAJ" in r["reply"]
    sent = await messages(client, h)
    assert sent[0]["kind"] == "sms-reply" and sent[0]["recipient"] == "+48 601 234 567"
    visit = (await client.get(f"/appointments/{appt['id']}", headers=h)).json()
    assert visit["status"] == "booked"


async def test_inbound_sms_needs_the_admin_token_and_a_known_phone(client, demo):
    r = await client.post(f"{MOCK}/sms/inbound", json={"phone": "601234567", "text": "ODWOŁAJ"})
    assert r.status_code in (401, 403)
    assert_problem(await inbound(client, "699 999 999", "ODWOŁAJ"), 404, "not-found")
    assert_problem(await inbound(client, "12", "ODWOŁAJ"), 422, "validation-error")


async def test_a_parents_reply_cancels_her_childs_visit(client, demo):
    ewa = await demo.login("Ewa Mazur")
    children = (await client.get("/children", headers=ewa)).json()
    zofia = {
        **ewa,
        "X-Acting-For": next(c["pesel"] for c in children if c["first_name"] == "Zofia"),
    }
    appt = await book_cardiology(client, zofia, "2468")
    r = (await inbound(client, "608 901 234", f"ODWOŁAJ {appt['number']}")).json()
    assert r["outcome"] == "cancelled" and r["reply"].startswith("Dotyczy dziecka: Zofia Mazur.")
    visit = (await client.get(f"/appointments/{appt['id']}", headers=zofia)).json()
    assert visit["history"][-1]["actor"] == "Ewa Mazur"


# --- no-shows -------------------------------------------------------------------------------
async def test_a_no_show_loses_the_term_and_keeps_the_referral(client, demo):
    h = await demo.login("Jan Nowak")
    appt = await book_cardiology(client, h, "1234")
    too_early = await client.post(f"{MOCK}/appointments/{appt['id']}/no-show", headers=ADMIN)
    assert_problem(too_early, 409, "conflict")
    await until(demo, datetime.fromisoformat(appt["end"]))
    referral = (await client.get("/referrals", headers=h)).json()[0]
    assert referral["status"] == "realised"  # the clock closed the visit as attended
    r = await client.post(f"{MOCK}/appointments/{appt['id']}/no-show", headers=ADMIN)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "no-show"
    visit = (await client.get(f"/appointments/{appt['id']}", headers=h)).json()
    assert visit["status"] == "no-show" and "nieobecność" in visit["history"][-1]["detail"]
    assert (await client.get("/referrals", headers=h)).json()[0]["status"] == "unused"
    told = next(n for n in await messages(client, h) if n["kind"] == "no-show")
    assert "Termin przepadł" in told["body"] and "1234 pozostaje ważne" in told["body"]
    kardiologia = next(s for s in (await client.get("/services", headers=h)).json())
    assert kardiologia["eligibility"]["eligible"] is True  # he may book again
    again = await client.post(f"{MOCK}/appointments/{appt['id']}/no-show", headers=ADMIN)
    assert_problem(again, 409, "not-active")


async def test_a_missed_screening_starts_no_interval(client, demo):
    h = await demo.login("Anna Kowalska")
    appt, start = await book_around(client, h, 3)
    await until(demo, datetime.fromisoformat(appt["end"]))
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    assert services["mammografia"]["eligibility"]["reason"] == "interval"
    await client.post(f"{MOCK}/appointments/{appt['id']}/no-show", headers=ADMIN)
    services = {s["code"]: s for s in (await client.get("/services", headers=h)).json()}
    assert services["mammografia"]["eligibility"]["eligible"] is True


# --- follow-up visits -----------------------------------------------------------------------
async def test_a_follow_up_visit_is_cancellable_online_but_moved_only_at_the_facility(client, demo):
    h = await demo.login("Piotr Lewandowski")
    pesel = await demo.pesel("Piotr Lewandowski")
    r = await client.post(
        f"{MOCK}/follow-ups", json={"pesel": pesel, "service": "kardiologia"}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    (visit,) = (await client.get("/appointments", headers=h)).json()
    assert visit["follow_up"] is True and visit["source"] == "facility"
    assert visit["referral_code"] is None
    assert datetime.fromisoformat(visit["start"]).date() >= CLOCK.date() + timedelta(days=21)
    told = (await messages(client, h))[0]
    assert told["kind"] == "follow-up-booked" and "termin zmienisz w placówce" in told["body"]
    twice = await client.post(
        f"{MOCK}/follow-ups", json={"pesel": pesel, "service": "kardiologia"}, headers=ADMIN
    )
    assert_problem(twice, 409, "already-booked")
    slot = (
        await client.get("/slots", headers=h, params={"service": "kardiologia", "limit": 1})
    ).json()["items"]
    moved = await client.post(
        f"/appointments/{visit['id']}/reschedule",
        json={"slot_id": slot[0]["id"] if slot else 1},
        headers={**h, "Accept-Language": "en"},
    )
    problem = assert_problem(moved, 409, "book-at-facility")
    assert "only at the facility" in problem["detail"]
    cancelled = await client.post(f"/appointments/{visit['id']}/cancel", headers=h)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"


async def test_a_follow_up_for_an_unknown_patient_is_a_404(client):
    r = await client.post(
        f"{MOCK}/follow-ups",
        json={"pesel": "44051401359", "service": "kardiologia"},
        headers=ADMIN,
    )
    assert_problem(r, 404, "not-found")
