"""The conformance suite: what any backend must do, as `RegistrationAPI` promises it.

Every test runs against each backend `erej_tui.backends.connect` builds: the embedded mock
in-process, and a real `erej-mock` over HTTP (the FHIR backend joins when it comes). A new
backend is done when it passes this suite. The tests see only the protocol's methods, the
contract's models and its typed errors.
"""

from __future__ import annotations

import asyncio
from datetime import time, timedelta

import pytest

from erej_tui.api import errors
from erej_tui.api.models import (
    AppointmentSource,
    AppointmentStatus,
    ClockChange,
    ContactUpdate,
    FollowUpRequest,
    InboundSms,
    IneligibilityReason,
    NotificationKind,
    PublishRequest,
    ReferralStatus,
    SearchCriteria,
    SmsOutcome,
    Urgency,
    WaitlistRequest,
)
from erej_tui.api.protocol import Capability, RegistrationAPI
from tests.contract.conftest import KRAKOW_AREA, OPOLSKIE_40_DAYS, Backend
from tests.support import CLOCK


async def test_logging_in_and_out(backend: Backend):
    api = backend.api
    anna = next(p for p in await api.demo.patients() if p.name == "Anna Kowalska")
    with pytest.raises(errors.InvalidCredentials):
        await api.login(anna.pesel, "not her password")
    with pytest.raises(errors.Unauthorized):
        await api.me()
    session = await api.login(anna.pesel, anna.password)
    assert session.token and api.token == session.token
    assert (await api.me()).pesel == anna.pesel
    await api.logout()
    with pytest.raises(errors.Unauthorized):
        await api.appointments()


async def test_the_backend_says_what_it_offers(backend: Backend):
    """The mock offers the whole contract, and its demo controls to the admin token; its
    FHIR face all but the registration desk, which is the contract's alone."""
    await backend.api.health()
    desk = {Capability.DESK} if backend.kind == "fhir" else set()
    assert backend.api.capabilities == frozenset(Capability) - desk
    assert backend.api.desk.available is not bool(desk)


async def test_services_say_who_may_book_them_and_why_not(backend: Backend):
    helena = await backend.log_in("Helena Wójcik")
    services = {s.code: s for s in await helena.services()}
    assert {"kardiologia", "cytologia", "mammografia"} <= set(services)
    for code in ("cytologia", "mammografia"):
        assert not services[code].eligibility.eligible
        assert services[code].eligibility.reason is IneligibilityReason.TOO_OLD
    with pytest.raises(errors.NotEligible):
        # Refused at the search or at the booking, never booked.
        page = await helena.slots("mammografia", KRAKOW_AREA, limit=1)
        await helena.book(page.items[0].id)
    assert await helena.appointments() == []


async def test_the_catalogue_of_late_2026(backend: Backend):
    """The cervical programme's two tests share one interval, set by the last test; a
    second-stage clinic says when it joins the e-registration and is refused until then."""
    magdalena = await backend.log_in("Magdalena Dąbrowska")
    services = {s.code: s for s in await magdalena.services()}
    for code in ("hpv", "cytologia"):  # a negative HPV test two years ago
        verdict = services[code].eligibility
        assert verdict.reason is IneligibilityReason.INTERVAL
        assert verdict.eligible_from is not None and verdict.eligible_from.year == 2029
    assert services["mammografia"].eligibility.eligible
    assert services["hpv"].terms and services["hpv"].stage == 1
    coming = services["zakazne"]
    assert coming.stage == 2 and coming.live_from is not None and coming.live_from > CLOCK.date()
    assert coming.eligibility.reason is IneligibilityReason.NOT_YET_LIVE
    tomasz = await backend.log_in("Tomasz Mazur", backend.other)
    slot = (await tomasz.slots("zakazne", SearchCriteria(), limit=1)).items[0]
    with pytest.raises(errors.NotEligible):
        await tomasz.book(slot.id, referral_code="8642")
    assert await tomasz.appointments() == []


async def test_no_shows_sms_replies_and_follow_up_visits(backend: Backend):
    """What the facility and the patient's phone do: a no-show keeps the e-referral, a
    reply to the reminder cancels, a follow-up is cancelled online but not moved."""
    jan = await backend.log_in("Jan Nowak")
    demo = backend.other.demo
    area = SearchCriteria(voivodeship="11")
    slot = (await jan.slots("kardiologia", area, referral_code="1234", limit=1)).items[0]
    visit = await jan.book(slot.id, referral_code="1234")
    with pytest.raises(errors.Conflict):  # not yet: the visit's time has not come
        await demo.no_show(visit.id)
    await demo.move_clock(ClockChange(to=visit.end + timedelta(minutes=1)))
    missed = await demo.no_show(visit.id)
    assert missed.status is AppointmentStatus.NO_SHOW
    assert (await jan.referrals())[0].status is ReferralStatus.UNUSED
    assert any(n.kind is NotificationKind.NO_SHOW for n in await jan.notifications())

    me = await jan.me()
    follow_up = await demo.follow_up(FollowUpRequest(pesel=me.pesel, service="kardiologia"))
    assert follow_up.follow_up and follow_up.source is AppointmentSource.FACILITY
    later = (await jan.slots("kardiologia", area, referral_code="1234", limit=1)).items
    with pytest.raises(errors.BookAtFacility):
        await jan.reschedule(follow_up.id, later[0].id if later else slot.id)
    await demo.move_clock(ClockChange(to=follow_up.start - timedelta(days=7)))
    assert me.contact.phone
    answered = await demo.sms_inbound(InboundSms(phone=me.contact.phone, text="Odwołaj"))
    assert answered.outcome is SmsOutcome.CANCELLED
    assert answered.appointment_number == follow_up.number
    assert (await jan.appointment(follow_up.id)).status is AppointmentStatus.CANCELLED
    unclear = await demo.sms_inbound(InboundSms(phone=me.contact.phone, text="tak"))
    assert unclear.outcome is SmsOutcome.NOT_UNDERSTOOD and "ODWOŁAJ" in unclear.reply


async def test_the_account_lists_e_referrals_and_what_holds_them(backend: Backend):
    jan = await backend.log_in("Jan Nowak")
    (held,) = await jan.referrals()
    assert (held.code, held.service, held.status) == ("1234", "kardiologia", ReferralStatus.UNUSED)
    assert held.issued_by and held.urgency in Urgency and held.issued_on < CLOCK.date()
    area = SearchCriteria(voivodeship="11")  # pomorskie, where Jan lives
    slot = (await jan.slots("kardiologia", area, referral_code="1234", limit=1)).items[0]
    visit = await jan.book(slot.id, referral_code="1234")
    (held,) = await jan.referrals()
    assert held.status is ReferralStatus.BOOKED and held.appointment_number == visit.number
    await jan.cancel(visit.id)
    assert (await jan.referrals())[0].status is ReferralStatus.UNUSED
    piotr = await backend.log_in("Piotr Lewandowski", backend.other)
    assert [(r.code, r.status) for r in await piotr.referrals()] == [
        ("5678", ReferralStatus.REALISED)
    ]


async def test_facilities_by_service_and_area_with_their_hours(backend: Backend):
    """The list of facilities a patient calls or visits: nearest first, with the phone,
    accessibility and opening hours; every free slot of a facility falls within its hours."""
    anna = await backend.log_in("Anna Kowalska")
    krakow = (await anna.localities("Kraków", limit=1))[0]
    near = SearchCriteria(locality_id=krakow.id, radius_km=20)
    found = await anna.facilities(near, "kardiologia")
    assert found and all("kardiologia" in f.services for f in found)
    distances = [f.distance_km for f in found]
    assert all(d is not None and d <= 20 for d in distances)
    assert distances == sorted(distances)  # type: ignore[type-var]
    everyone = await anna.facilities(near, None)
    assert {f.id for f in found} < {f.id for f in everyone}
    seen = 0
    for facility in found[:3]:
        assert facility.phone.startswith("+48")
        hours = {h.weekday: h for h in facility.opening_hours}
        assert set(hours) == {1, 2, 3, 4, 5}  # working days; weekends closed
        assert all(h.opens < h.closes for h in hours.values())
        mine = SearchCriteria(facility_id=facility.id)
        page = await anna.slots("kardiologia", mine, limit=20)
        for slot in page.items:
            assert slot.facility.id == facility.id
            day = hours[slot.start.isoweekday()]
            assert day.opens <= slot.start.time() and slot.end.time() <= day.closes
            seen += 1
    assert seen
    with pytest.raises(errors.NotFound):
        await anna.facilities(near, "okulistyka")


async def test_search_book_reschedule_cancel(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    page = await anna.slots("mammografia", KRAKOW_AREA, limit=5)
    assert len(page.items) == 5
    assert [s.start for s in page.items] == sorted(s.start for s in page.items)
    first, second = page.items[0], page.items[1]
    visit = await anna.book(first.id)
    assert visit.status is AppointmentStatus.BOOKED and visit.start == first.start
    assert [v.id for v in await anna.appointments()] == [visit.id]
    # One booking per service.
    with pytest.raises(errors.AlreadyBooked):
        await anna.book(second.id)
    moved = await anna.reschedule(visit.id, second.id)
    assert moved.start == second.start and moved.number == visit.number
    cancelled = await anna.cancel(visit.id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    with pytest.raises(errors.NotActive):
        await anna.cancel(visit.id)
    kinds = [n.kind.value for n in await anna.notifications()]
    assert {"booked", "rescheduled", "cancelled"} <= set(kinds)
    with pytest.raises(errors.NotFound):
        await anna.appointment(10**9)


async def _listed(api: RegistrationAPI, service: str, criteria: SearchCriteria, **kw) -> list:
    """Every free slot `slots` lists, page after page."""
    found, cursor = [], None
    while True:
        page = await api.slots(service, criteria, cursor=cursor, limit=200, **kw)
        found += page.items
        if not (cursor := page.next_cursor):
            return found


async def test_the_slot_calendar_counts_what_the_search_lists(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    two_weeks = KRAKOW_AREA.model_copy(update={"date_to": CLOCK.date() + timedelta(days=14)})
    calendar = await anna.slot_calendar("mammografia", two_weeks)
    listed = await _listed(anna, "mammografia", two_weeks)
    per_day: dict = {}
    for slot in listed:
        per_day.setdefault(slot.start.date(), []).append(slot.start.time())
    assert calendar.service == "mammografia"
    assert [(d.day, d.free, d.earliest) for d in calendar.days] == [
        (day, len(times), min(times)) for day, times in sorted(per_day.items())
    ]
    assert len(calendar.days) > 1 and max(d.day for d in calendar.days) <= two_weeks.date_to
    # A booking leaves one free slot fewer on its day.
    first = listed[0]
    await anna.book(first.id)
    after = {d.day: d.free for d in (await anna.slot_calendar("mammografia", two_weeks)).days}
    assert after.get(first.start.date(), 0) == len(per_day[first.start.date()]) - 1
    # The hours narrow it as they narrow the search.
    mornings = two_weeks.model_copy(update={"hour_to": time(10)})
    assert all(
        d.earliest < time(10) for d in (await anna.slot_calendar("cytologia", mornings)).days
    )
    with pytest.raises(errors.NotFound):
        await anna.slot_calendar("no-such-service", two_weeks)


async def test_the_slot_calendar_for_a_child_and_with_an_e_referral(backend: Backend):
    ewa = await backend.log_in("Ewa Mazur")
    ewa.acting_for = (await ewa.children())[1].pesel  # Zofia, with an urgent e-referral
    area = SearchCriteria(voivodeship="14")
    calendar = await ewa.slot_calendar("kardiologia", area, referral_code="2468")
    first = (await ewa.slots("kardiologia", area, referral_code="2468", limit=1)).items[0]
    assert calendar.days[0].day == first.start.date()
    assert calendar.days[0].earliest == first.start.time()
    with pytest.raises(errors.ReferralInvalid):
        await ewa.slot_calendar("kardiologia", area, referral_code="9999")
    # A clinic of the second wave, like any search.
    helena = await backend.log_in("Helena Wójcik", backend.other)
    days = (
        await helena.slot_calendar("endokrynologia", SearchCriteria(), referral_code="3579")
    ).days
    first = (await helena.slots("endokrynologia", SearchCriteria(), limit=1)).items[0]
    assert days and (days[0].day, days[0].earliest) == (first.start.date(), first.start.time())


async def test_two_patients_race_for_one_slot(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    katarzyna = await backend.log_in("Katarzyna Wiśniewska", backend.other)
    slot = (await anna.slots("cytologia", KRAKOW_AREA, limit=1)).items[0]
    outcomes = await asyncio.gather(
        anna.book(slot.id), katarzyna.book(slot.id), return_exceptions=True
    )
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1 and isinstance(lost[0], errors.SlotTaken | errors.SlotUnavailable)


async def test_the_waiting_room(backend: Backend):
    jan = await backend.log_in("Jan Nowak")
    assert (await jan.slots("kardiologia", OPOLSKIE_40_DAYS, referral_code="1234")).items == []
    # From the fourth week on: slots sooner than that fit an entry like hers (they count
    # in her outlook) without being hers.
    entry = await jan.join_waitlist(
        WaitlistRequest(
            service="kardiologia",
            voivodeship="08",
            referral_code="1234",
            date_from=CLOCK.date() + timedelta(weeks=3),
            date_to=OPOLSKIE_40_DAYS.date_to,
        )
    )
    assert entry.position == 1 and entry.predicted_date is not None
    assert [e.id for e in await jan.waitlist()] == [entry.id]
    # How the prediction is made: 8 weeks of slots freed or published, the likely range
    # around the predicted date, the deadline on the same axis.
    outlook = entry.outlook
    assert outlook is not None and outlook.position == entry.position
    this_monday = CLOCK.date() - timedelta(days=CLOCK.weekday())
    assert [w.week for w in outlook.weeks] == [
        this_monday - timedelta(weeks=n) for n in range(7, -1, -1)
    ]
    assert outlook.likely_from <= outlook.predicted_date <= outlook.likely_to
    assert outlook.predicted_date == entry.predicted_date
    assert outlook.deadline == OPOLSKIE_40_DAYS.date_to
    # Slots published in the area within as many days as her dates span, but before them:
    # counted this week, not given to her, and the rate they give brings the forecast no
    # later.
    before = entry
    await backend.other.demo.publish(
        PublishRequest(service="kardiologia", voivodeship="08", count=20, days=7)
    )
    (after,) = await jan.waitlist()
    assert after.status.value == "waiting"
    assert before.outlook and after.outlook
    assert after.outlook.weeks[-1].slots == before.outlook.weeks[-1].slots + 20
    assert after.outlook.rate_per_week > before.outlook.rate_per_week
    assert after.outlook.likely_to <= before.outlook.likely_to
    with pytest.raises(errors.AlreadyBooked):
        await jan.join_waitlist(
            WaitlistRequest(service="kardiologia", voivodeship="08", referral_code="1234")
        )
    left = await jan.leave_waitlist(entry.id)
    assert left.status.value == "left"


async def test_a_guardian_acts_for_her_child(backend: Backend):
    """IKP's "Konta Twoich dzieci": a parent acts for her child, a second guardian sees the
    same account, and nobody else reaches it."""
    ewa = await backend.log_in("Ewa Mazur")
    herself = await ewa.me()
    children = await ewa.children()
    assert [c.first_name for c in children] == ["Stanisław", "Zofia"]  # the elder first
    zofia = children[1]
    ewa.acting_for = zofia.pesel
    opened = await ewa.me()
    assert (opened.pesel, opened.acting_guardian) == (zofia.pesel, "Ewa Mazur")
    assert opened.contact == herself.contact  # her messages go to her mother
    (referral,) = await ewa.referrals()
    assert (referral.code, referral.urgency) == ("2468", Urgency.URGENT)
    area = SearchCriteria(voivodeship="14")
    slot = (await ewa.slots("kardiologia", area, referral_code="2468", limit=1)).items[0]
    visit = await ewa.book(slot.id, referral_code="2468")
    assert visit.history[0].actor == "Ewa Mazur"
    sent = await ewa.notifications()
    assert sent and {n.recipient for n in sent} <= {
        herself.contact.phone,
        herself.contact.email,
    }
    assert all(n.body.startswith("Dotyczy dziecka: Zofia Mazur.") for n in sent)
    with pytest.raises(errors.ValidationFailed):  # her messages go to the guardian's
        await ewa.update_contact(ContactUpdate(phone="+48 600 000 000"))
    ewa.acting_for = None
    assert await ewa.appointments() == []  # the child's visit is not the mother's

    tomasz = await backend.log_in("Tomasz Mazur", backend.other)
    tomasz.acting_for = zofia.pesel
    cancelled = await tomasz.cancel(visit.id)
    assert cancelled.history[-1].actor == "Tomasz Mazur"
    await tomasz.logout()
    anna = await backend.log_in("Anna Kowalska", backend.other)
    for stranger in (zofia.pesel, herself.pesel, "not a pesel"):
        anna.acting_for = stranger
        with pytest.raises(errors.NotFound):
            await anna.appointments()
    anna.acting_for = None
    assert await anna.children() == []
