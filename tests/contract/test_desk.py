"""The facility's registration desk, as any backend with `Capability.DESK` must offer it:
staff of one facility see and change that facility's schedule and visits only, book in
person or by phone, out of turn for a patient with the right to it, record attendance,
cancel a visit or a day, and publish slots the waiting room sees at once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from erej_tui.api import errors
from erej_tui.api.models import (
    AppointmentSource,
    AppointmentStatus,
    BookingChannel,
    ClockChange,
    ContactUpdate,
    DayCancel,
    DeskBooking,
    DeskFollowUp,
    DeskPublish,
    SearchCriteria,
    SlotState,
    WaitlistRequest,
)
from erej_tui.api.protocol import Capability, RegistrationAPI
from tests.contract.conftest import KRAKOW_AREA, Backend
from tests.support import CLOCK

# The desk is the contract's alone: the FHIR face says it does not offer it (see
# test_conformance.test_the_backend_says_what_it_offers).
pytestmark = pytest.mark.parametrize("backend", ["embedded", "http"], indirect=True)


async def desk_for(api: RegistrationAPI, facility_id: int):
    """The registration desk of that facility, logged in (demo staff: rej<id>, demo)."""
    await api.desk.login(f"rej{facility_id}", "demo")
    return api.desk


async def pesel_of(api: RegistrationAPI, name: str) -> str:
    return next(p.pesel for p in await api.demo.patients() if p.name == name)


async def test_staff_log_in_for_one_facility(backend: Backend):
    api = backend.api
    assert Capability.DESK in api.capabilities and api.desk.available
    with pytest.raises(errors.InvalidCredentials):
        await api.desk.login("rej1", "not the password")
    session = await api.desk.login("rej1", "demo")
    assert session.staff.facility.id == 1 and (await api.desk.me()).login == "rej1"
    with pytest.raises(errors.Unauthorized):  # a desk token is no patient's
        api.token = session.token
        await api.me()
    api.token = None
    await api.desk.logout()
    with pytest.raises(errors.Unauthorized):
        await api.desk.me()


async def test_a_phone_booking_shows_in_the_schedule_and_the_patients_plan(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    slot = (await anna.slots("mammografia", KRAKOW_AREA, limit=1)).items[0]
    desk = await desk_for(backend.other, slot.facility.id)
    pesel = (await anna.me()).pesel
    found = await desk.patient(pesel)
    assert found.patient.pesel == pesel and found.visits == []
    assert {s.code for s in found.services if s.eligibility.eligible} >= {"mammografia"}
    visit = await desk.book(DeskBooking(pesel=pesel, slot_id=slot.id, via=BookingChannel.PHONE))
    assert visit.source is AppointmentSource.DESK and visit.booked_via is BookingChannel.PHONE
    assert "telefonicznie" in visit.history[0].detail
    assert visit.history[0].staff and visit.history[0].actor is None
    assert [v.number for v in await anna.appointments()] == [visit.number]
    assert "potwierdzamy rezerwację" in (await anna.notifications())[0].body
    day = await desk.schedule(slot.start.date(), "mammografia")
    held = next(s for s in day.slots if s.slot_id == slot.id)
    assert held.state is SlotState.BOOKED and held.visit is not None
    assert (held.visit.pesel, held.visit.number) == (pesel, visit.number)
    with pytest.raises(errors.Conflict):  # attendance on the visit's day, not before
        await desk.attend(visit.id)
    there = SearchCriteria(facility_id=slot.facility.id)
    other = (await anna.slots("mammografia", there, limit=1)).items[0]
    with pytest.raises(errors.AlreadyBooked):  # one booking per service, at the desk too
        await desk.book(DeskBooking(pesel=pesel, slot_id=other.id))
    cancelled = await desk.cancel(visit.id, "choroba lekarza")
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert "Powód: choroba lekarza." in (await anna.notifications())[0].body
    assert [v.number for v in (await desk.schedule(slot.start.date())).cancelled] == [visit.number]


async def test_staff_of_another_facility_touch_nothing_here(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    slot = (await anna.slots("mammografia", KRAKOW_AREA, limit=1)).items[0]
    visit = await anna.book(slot.id)
    elsewhere = await desk_for(backend.other, slot.facility.id + 1)
    pesel = (await anna.me()).pesel
    for act in (
        elsewhere.cancel(visit.id, "pomyłka"),
        elsewhere.no_show(visit.id),
        elsewhere.attend(visit.id),
        elsewhere.book(DeskBooking(pesel=pesel, slot_id=slot.id)),
    ):
        with pytest.raises(errors.NotFound):
            await act
    assert (await elsewhere.patient(pesel)).visits == []  # her visits elsewhere unseen
    schedule = await elsewhere.schedule(slot.start.date())
    assert slot.id not in {s.slot_id for s in schedule.slots}
    assert (await anna.appointment(visit.id)).status is AppointmentStatus.BOOKED


async def test_priority_rights_book_out_of_turn_at_the_desk_only(backend: Backend):
    maria = await backend.log_in("Maria Kamińska")
    pesel = (await maria.me()).pesel
    slot = (await maria.slots("mammografia", KRAKOW_AREA, limit=1)).items[0]
    with pytest.raises(errors.PriorityRegistration):  # online she is told to come here
        await maria.book(slot.id)
    desk = await desk_for(backend.other, slot.facility.id)
    services = {s.code: s for s in (await desk.patient(pesel)).services}
    assert services["mammografia"].eligibility.eligible  # the desk is where she registers
    visit = await desk.book(DeskBooking(pesel=pesel, service="mammografia", out_of_turn=True))
    assert visit.facility.id == slot.facility.id and "poza kolejnością" in visit.history[0].detail
    assert visit.start - CLOCK < timedelta(days=11)  # 7 working days
    anna_pesel = await pesel_of(backend.api, "Anna Kowalska")
    with pytest.raises(errors.NotEligible):  # the right is the server's to check
        await desk.book(DeskBooking(pesel=anna_pesel, service="mammografia", out_of_turn=True))
    with pytest.raises(errors.InvalidPesel):
        await desk.patient("12345678901")


async def test_desk_and_patient_race_for_one_slot(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    slot = (await anna.slots("cytologia", KRAKOW_AREA, limit=1)).items[0]
    desk = await desk_for(backend.other, slot.facility.id)
    katarzyna = await pesel_of(backend.api, "Katarzyna Wiśniewska")
    outcomes = await asyncio.gather(
        anna.book(slot.id),
        desk.book(DeskBooking(pesel=katarzyna, slot_id=slot.id)),
        return_exceptions=True,
    )
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], errors.SlotTaken | errors.SlotUnavailable)


async def test_a_doctors_absence_cancels_the_day_and_closes_it(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    slot = (await anna.slots("mammografia", KRAKOW_AREA, limit=1)).items[0]
    visit = await anna.book(slot.id)
    desk = await desk_for(backend.other, slot.facility.id)
    day = slot.start.date()
    result = await desk.cancel_day(DayCancel(day=day, reason="nieobecność lekarza"))
    assert [v.number for v in result.cancelled] == [visit.number]
    assert (await anna.appointment(visit.id)).status is AppointmentStatus.CANCELLED
    assert "nieobecność lekarza" in (await anna.notifications())[0].body
    schedule = await desk.schedule(day)
    assert all(s.state is not SlotState.FREE for s in schedule.slots)
    there = SearchCriteria(facility_id=slot.facility.id, date_from=day, date_to=day)
    assert (await anna.slots("mammografia", there)).items == []
    with pytest.raises(errors.ValidationFailed):
        await desk.cancel_day(DayCancel(day=CLOCK.date() - timedelta(days=1), reason="za późno"))


async def test_published_slots_reach_the_waiting_room_at_once(backend: Backend):
    jan = await backend.log_in("Jan Nowak")
    fid = (await jan.facilities(SearchCriteria(voivodeship="08"), "kardiologia"))[0].id
    day = CLOCK.date() + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    criteria = SearchCriteria(facility_id=fid, date_from=day, date_to=day)
    assert (await jan.slots("kardiologia", criteria, referral_code="1234")).items == []
    entry = await jan.join_waitlist(
        WaitlistRequest(
            service="kardiologia", referral_code="1234", **criteria.model_dump(exclude_none=True)
        )
    )
    desk = await desk_for(backend.other, fid)
    result = await desk.publish(
        DeskPublish(service="kardiologia", date_from=day, times=["07:00", "07:20"])
    )
    assert len(result.published) == 2 and len(result.assigned) == 1
    assert (await jan.waitlist_entry(entry.id)).status.value == "assigned"
    (visit,) = await jan.appointments()
    assert visit.start.date() == day and visit.source is AppointmentSource.WAITLIST


async def test_follow_up_contact_data_and_attendance(backend: Backend):
    anna = await backend.log_in("Anna Kowalska")
    pesel = (await anna.me()).pesel
    slot = (await anna.slots("mammografia", KRAKOW_AREA, limit=1)).items[0]
    visit = await anna.book(slot.id)
    desk = await desk_for(backend.api, slot.facility.id)  # the client that moves the clock
    changed = await desk.update_contact(pesel, ContactUpdate(phone="+48 600 100 200"))
    assert changed.contact.phone == "+48 600 100 200"
    assert (await anna.me()).contact.phone == "+48 600 100 200"
    await backend.api.demo.move_clock(ClockChange(to=slot.start))
    came = await desk.attend(visit.id)
    assert came.status is AppointmentStatus.COMPLETED
    assert any("obecność" in e.detail for e in came.history)
    follow = await desk.follow_up(
        DeskFollowUp(
            pesel=pesel,
            service="mammografia",
            day=slot.start.date() + timedelta(days=28),
            time="11:00",
        )
    )
    assert follow.follow_up and follow.start.hour == 11
    assert [v.number for v in await anna.appointments(AppointmentStatus.BOOKED)] == [follow.number]
