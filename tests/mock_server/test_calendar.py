"""The mock's calendar: no slots on Polish public holidays, and a waiting room that counts
working days."""

from datetime import date, timedelta

from tests.support import CLOCK

from .test_waitlist import scarce_voivodeship

# Public holidays between the seed's clock (1.12.2026) and its horizon.
HOLIDAYS = {
    date(2026, 12, 24),  # Wigilia, a day off since 2025
    date(2026, 12, 25),
    date(2026, 12, 26),
    date(2027, 1, 1),
    date(2027, 1, 6),
    date(2027, 3, 29),  # Easter Monday
}


async def slot_days(client, h, **params) -> set[date]:
    return {date.fromisoformat(s[:10]) for s in await slot_starts(client, h, **params)}


async def slot_starts(client, h, **params) -> list[str]:
    starts: list[str] = []
    cursor = None
    while True:
        page = (
            await client.get(
                "/slots",
                headers=h,
                params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})},
            )
        ).json()
        starts += [s["start"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return starts


async def test_no_slots_on_public_holidays(client, demo):
    h = await demo.login("Anna Kowalska")
    days = await slot_days(
        client,
        h,
        service="mammografia",
        voivodeship="07",
        date_from="2026-12-21",
        date_to="2027-01-08",
    )
    # Working days around the feasts have slots: the holidays alone are empty.
    assert {date(2026, 12, 23), date(2026, 12, 28), date(2027, 1, 4)} <= days
    assert not days & HOLIDAYS
    assert all(d.weekday() < 5 for d in days)
    easter = await slot_days(
        client,
        h,
        service="mammografia",
        voivodeship="07",
        date_from="2027-03-26",
        date_to="2027-03-31",
    )
    assert date(2027, 3, 26) in easter and date(2027, 3, 29) not in easter


async def test_published_slots_skip_holidays(client, demo):
    h = await demo.login("Anna Kowalska")
    where = {"service": "mammografia", "voivodeship": "07"}
    monday = {**where, "date_from": "2026-12-28", "date_to": "2026-12-28"}
    before = len(await slot_starts(client, h, **monday))
    r = await demo.publish(**where, count=20, date_from="2026-12-24", days=3)
    assert r.status_code == 200, r.text
    assert len(r.json()["published"]) == 20
    # 24–26.12 are holidays and 27.12 a Sunday: all twenty land on Monday 28.12.
    holidays = {**where, "date_from": "2026-12-24", "date_to": "2026-12-27"}
    assert await slot_days(client, h, **holidays) == set()
    assert len(await slot_starts(client, h, **monday)) == before + 20


async def test_the_predicted_date_is_a_working_day(client, demo):
    h = await demo.login("Jan Nowak")
    # A range that starts on Christmas Eve: the forecast counts from the first working day.
    r = await client.post(
        "/waitlist",
        headers=h,
        json={
            "service": "kardiologia",
            "voivodeship": await scarce_voivodeship(client, h),
            "referral_code": "1234",
            "date_from": "2026-12-24",
            "date_to": str(CLOCK.date() + timedelta(days=40)),
        },
    )
    assert r.status_code == 201, r.text
    predicted = date.fromisoformat(r.json()["predicted_date"])
    assert predicted.weekday() < 5 and predicted not in HOLIDAYS
    assert predicted >= date(2026, 12, 28)
