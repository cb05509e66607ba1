"""The catalogue of late 2026: the cervical programme's two tests, mammography's 12-month
group, and the second stage's clinics with the day each joins the e-registration."""

from datetime import date, datetime, timedelta

import pytest

from tests.support import CLOCK, assert_problem


async def services(client, h, lang="pl"):
    r = await client.get("/services", headers={**h, "Accept-Language": lang})
    return {s["code"]: s for s in r.json()}


async def first_slot(client, h, service, **params):
    r = await client.get("/slots", headers=h, params={"service": service, "limit": 1, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"][0]


@pytest.mark.parametrize(
    ("name", "service", "reason", "eligible_from"),
    [
        # A negative HPV test on 1 Dec 2024: the next cervical screening of either kind in
        # five years.
        ("Magdalena Dąbrowska", "hpv", "interval", date(2029, 12, 1)),
        ("Magdalena Dąbrowska", "cytologia", "interval", date(2029, 12, 1)),
        # Mammography's 12-month group: 12 months after February's mammogram, not 24.
        ("Teresa Jankowska", "mammografia", "interval", date(2027, 2, 1)),
        ("Teresa Jankowska", "hpv", "too-old", None),
        ("Jan Nowak", "hpv", "sex", None),
        ("Katarzyna Wiśniewska", "hpv", None, None),
        # A clinic of the second stage that joins CeR on 1 January 2027.
        ("Tomasz Mazur", "zakazne", "not-yet-live", date(2027, 1, 1)),
        ("Helena Wójcik", "endokrynologia", None, None),
        ("Helena Wójcik", "nefrologia", "referral-required", None),
    ],
)
async def test_who_may_book_what_and_from_when(client, demo, name, service, reason, eligible_from):
    verdict = (await services(client, await demo.login(name)))[service]["eligibility"]
    assert verdict["eligible"] is (reason is None)
    assert verdict["reason"] == reason
    assert verdict["eligible_from"] == (eligible_from.isoformat() if eligible_from else None)


async def test_the_catalogue_states_each_services_terms_and_stage(client, demo):
    catalogue = await services(client, await demo.login("Anna Kowalska"), "en")
    assert list(catalogue)[:4] == ["kardiologia", "hpv", "cytologia", "mammografia"]
    assert "every 5 years after a negative result" in catalogue["hpv"]["terms"]
    assert "liquid-based cytology" in catalogue["hpv"]["terms"]
    assert "every 3 years" in catalogue["cytologia"]["terms"]
    assert "hormone therapy 5 years after surgical treatment" in catalogue["mammografia"]["terms"]
    stages = {code: (s["stage"], s["live_from"]) for code, s in catalogue.items()}
    assert stages["kardiologia"] == (1, "2026-01-01")
    assert {s for s, _ in stages.values()} == {1, 2} and len(stages) == 13
    live = catalogue["endokrynologia"]["eligibility"]  # live since July, needs a referral
    assert live["reason"] == "referral-required"


async def test_the_last_test_of_either_kind_sets_the_next_date(client, demo):
    """A completed classic cytology: the next cervical screening of either kind in 3 years;
    the interval message names the test."""
    h = await demo.login("Katarzyna Wiśniewska")
    slot = await first_slot(client, h, "cytologia")
    r = await client.post("/appointments", json={"slot_id": slot["id"]}, headers=h)
    assert r.status_code == 201, r.text
    # A booked test is not yet a screening: the interval starts when one takes place.
    assert (await services(client, h))["hpv"]["eligibility"]["eligible"] is True
    day = datetime.fromisoformat(slot["start"]).date()
    await demo.advance(f"P{(day - CLOCK.date()).days + 1}D")  # the visit took place
    catalogue = await services(client, h)
    for code in ("hpv", "cytologia"):
        verdict = catalogue[code]["eligibility"]
        assert verdict["reason"] == "interval"
        assert verdict["eligible_from"] == day.replace(year=day.year + 3).isoformat()
    assert "cytologia klasyczna" in catalogue["hpv"]["eligibility"]["detail"]


async def test_a_clinic_not_yet_live_is_refused_until_its_day(client, demo):
    h = await demo.login("Tomasz Mazur")
    slot = await first_slot(client, h, "zakazne")  # its terms, from its first day on
    assert slot["start"] >= "2027-01-01"
    r = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "8642"}, headers=h
    )
    problem = assert_problem(r, 403, "not-eligible")
    assert problem["reason"] == "not-yet-live" and "1 stycznia 2027" in problem["detail"]
    assert (await client.get("/appointments", headers=h)).json() == []
    await demo.advance(f"P{(date(2027, 1, 1) - CLOCK.date()).days}D")
    slot = await first_slot(client, h, "zakazne", referral_code="8642")
    r = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "8642"}, headers=h
    )
    assert r.status_code == 201, r.text
    assert r.json()["service"] == "zakazne"


async def test_a_second_stage_visit_books_like_cardiology(client, demo):
    h = await demo.login("Helena Wójcik")
    slot = await first_slot(client, h, "endokrynologia", referral_code="3579")
    assert datetime.fromisoformat(slot["start"]).date() > CLOCK.date() + timedelta(days=1)
    r = await client.post(
        "/appointments", json={"slot_id": slot["id"], "referral_code": "3579"}, headers=h
    )
    assert r.status_code == 201, r.text
    (referral,) = (await client.get("/referrals", headers=h)).json()
    assert (referral["code"], referral["status"]) == ("3579", "booked")
