"""The service catalogue with eligibility, localities, facilities and slot search."""

from datetime import date, datetime

import pytest

from tests.support import assert_problem


async def eligibility(client, demo, name):
    h = await demo.login(name)
    services = (await client.get("/services", headers=h)).json()
    return {s["code"]: s["eligibility"] for s in services}


async def test_the_catalogue_comes_from_the_backend_with_per_patient_eligibility(client, demo):
    h = await demo.login("Anna Kowalska")
    services = (await client.get("/services", headers=h)).json()
    assert [s["code"] for s in services][:4] == ["kardiologia", "hpv", "cytologia", "mammografia"]
    by_code = {s["code"]: s for s in services}
    assert by_code["kardiologia"]["requires_referral"] is True
    assert by_code["kardiologia"]["waitlist_days"] == 40
    assert by_code["mammografia"]["waitlist_days"] == 90
    assert by_code["cytologia"]["eligibility"]["eligible"] is True
    assert by_code["mammografia"]["eligibility"]["eligible"] is True


@pytest.mark.parametrize(
    ("name", "service", "reason", "eligible_from"),
    [
        ("Katarzyna Wiśniewska", "mammografia", "too-young", date(2035, 1, 1)),
        ("Barbara Zielińska", "mammografia", "interval", date(2028, 2, 1)),
        ("Helena Wójcik", "cytologia", "too-old", None),
        ("Helena Wójcik", "mammografia", "too-old", None),
        ("Jan Nowak", "cytologia", "sex", None),
        ("Piotr Lewandowski", "kardiologia", "referral-required", None),
        ("Maria Kamińska", "mammografia", "priority-registration", None),
    ],
)
async def test_ineligible_patients_are_told_why_and_from_when(
    client, demo, name, service, reason, eligible_from
):
    verdict = (await eligibility(client, demo, name))[service]
    assert verdict["eligible"] is False
    assert verdict["reason"] == reason
    assert verdict["detail"]
    assert verdict["eligible_from"] == (eligible_from.isoformat() if eligible_from else None)


async def test_eligible_demo_patients(client, demo):
    assert (await eligibility(client, demo, "Katarzyna Wiśniewska"))["cytologia"]["eligible"]
    assert (await eligibility(client, demo, "Barbara Zielińska"))["cytologia"]["eligible"]
    assert (await eligibility(client, demo, "Jan Nowak"))["kardiologia"]["eligible"]


async def test_priority_rights_advise_registering_at_the_facility(client, demo):
    verdict = (await eligibility(client, demo, "Maria Kamińska"))["cytologia"]
    assert "w placówce" in verdict["detail"]


async def test_details_follow_accept_language(client, demo):
    h = await demo.login("Helena Wójcik")
    r = await client.get("/services", headers={**h, "Accept-Language": "en-GB"})
    assert "programme" in r.json()[1]["eligibility"]["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("lodz", "Łódź"), ("ŁÓDŹ", "Łódź"), ("zielona", "Zielona Góra"), ("gora", "Jelenia Góra")],
)
async def test_localities_match_by_prefix_without_diacritics(client, query, expected):
    r = await client.get("/localities", params={"q": query})
    names = [loc["name"] for loc in r.json()]
    assert expected in names
    loc = next(loc for loc in r.json() if loc["name"] == expected)
    assert loc["voivodeship"]["name"] and -90 < loc["latitude"] < 90


async def test_facilities_filter_by_place_and_service(client, demo):
    krakow = await demo.locality("Kraków")
    near = (
        await client.get(
            "/facilities", params={"locality_id": krakow, "radius_km": 20, "service": "mammografia"}
        )
    ).json()
    assert near and all(f["distance_km"] <= 20 for f in near)
    assert all("mammografia" in f["services"] for f in near)
    assert [f["distance_km"] for f in near] == sorted(f["distance_km"] for f in near)
    opolskie = (await client.get("/facilities", params={"voivodeship": "08"})).json()
    assert opolskie and {f["address"]["voivodeship"] for f in opolskie} == {"opolskie"}


async def search(client, h, **params):
    r = await client.get("/slots", params=params, headers=h)
    assert r.status_code == 200, r.text
    return r.json()


async def test_slots_come_earliest_first_then_nearest_with_cursor_pages(client, demo):
    h = await demo.login("Anna Kowalska")
    krakow = await demo.locality("Krakow")
    params = {"service": "mammografia", "locality_id": krakow, "radius_km": 50, "limit": 7}
    seen, keys = [], []
    page = await search(client, h, **params)
    for _ in range(5):
        for s in page["items"]:
            seen.append(s["id"])
            keys.append((s["start"], s["distance_km"]))
            assert s["distance_km"] <= 50 and s["facility"]["address"]["street"]
        if not page["next_cursor"]:
            break
        page = await search(client, h, **params, cursor=page["next_cursor"])
    assert len(seen) == 35 and len(set(seen)) == 35
    assert keys == sorted(keys)
    # The pages join up into what one big page returns.
    whole = await search(client, h, **{**params, "limit": 35})
    assert [s["id"] for s in whole["items"]] == seen


async def test_slot_filters_hours_dates_voivodeship_facility(client, demo):
    h = await demo.login("Anna Kowalska")
    r = await search(
        client,
        h,
        service="cytologia",
        voivodeship="12",
        hour_from="12:00",
        hour_to="15:00",
        date_from="2026-12-10",
        date_to="2026-12-20",
        limit=50,
    )
    assert r["items"]
    for s in r["items"]:
        start = datetime.fromisoformat(s["start"])
        assert 12 <= start.hour < 15
        assert date(2026, 12, 10) <= start.date() <= date(2026, 12, 20)
        assert s["facility"]["address"]["voivodeship"] == "śląskie"
        assert s["distance_km"] is None
    facility = r["items"][0]["facility"]["id"]
    only = await search(client, h, service="cytologia", facility_id=facility, limit=50)
    assert {s["facility"]["id"] for s in only["items"]} == {facility}


@pytest.mark.parametrize(
    ("params", "slug", "status"),
    [
        ({"service": "mammografia", "date_from": "2026-11-01"}, "validation-error", 422),
        ({"service": "mammografia", "date_to": "2026-11-30"}, "validation-error", 422),
        (
            {"service": "mammografia", "hour_from": "14:00", "hour_to": "09:00"},
            "validation-error",
            422,
        ),
        (
            {"service": "mammografia", "date_from": "2026-12-20", "date_to": "2026-12-10"},
            "validation-error",
            422,
        ),
        ({"service": "mammografia", "radius_km": 10}, "validation-error", 422),
        ({"service": "mammografia", "voivodeship": "17"}, "validation-error", 422),
        ({"service": "mammografia", "locality_id": "abc"}, "validation-error", 422),
        ({"service": "mammografia", "locality_id": 99999}, "not-found", 404),
        ({"service": "mammografia", "cursor": "!!garbage"}, "validation-error", 422),
        ({"service": "okulistyka"}, "not-found", 404),
        ({}, "validation-error", 422),
    ],
)
async def test_bad_search_criteria_are_plain_4xx_problems(client, demo, params, slug, status):
    h = await demo.login("Anna Kowalska")
    assert_problem(await client.get("/slots", params=params, headers=h), status, slug)


async def test_a_wrong_referral_code_is_caught_at_search_time(client, demo):
    h = await demo.login("Jan Nowak")
    r = await client.get(
        "/slots", params={"service": "kardiologia", "referral_code": "9999"}, headers=h
    )
    assert "9999" in assert_problem(r, 422, "referral-invalid")["detail"]
    ok = await client.get(
        "/slots", params={"service": "kardiologia", "referral_code": "1234"}, headers=h
    )
    assert ok.status_code == 200 and ok.json()["items"]
