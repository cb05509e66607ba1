"""The contract in FHIR and back: every model the contract sends, as the mock's FHIR face
writes it and the FHIR client reads it, comes back equal (`erej_tui.api.fhir_map`)."""

from __future__ import annotations

from erej_tui.api import errors
from erej_tui.api import fhir_map as fm
from erej_tui.api.models import (
    Appointment,
    Notification,
    Patient,
    Problem,
    Service,
    Slot,
    WaitlistEntry,
)
from tests.mock_server.test_waitlist import criteria, join, scarce_voivodeship


async def test_every_model_of_a_booking_and_a_waiting_place_goes_there_and_back(client, demo):
    jan = await demo.login("Jan Nowak")
    me = Patient.model_validate((await client.get("/me", headers=jan)).json())
    assert fm.read_patient(fm.patient_resource(me, "7")) == me
    for raw in (await client.get("/services", headers=jan)).json():
        service = Service.model_validate(raw)
        assert fm.read_service(fm.service_resource(service)) == service
    anna = await demo.login("Anna Kowalska")
    page = await client.get(
        "/slots", params={"service": "mammografia", "voivodeship": "08"}, headers=anna
    )
    slot = Slot.model_validate(page.json()["items"][0])
    facility = fm.read_location(fm.location_resource(slot.facility), slot.distance_km)
    assert facility == slot.facility
    assert fm.read_slot(fm.slot_resource(slot), facility) == slot
    booked = await client.post("/appointments", json={"slot_id": slot.id}, headers=anna)
    visit = Appointment.model_validate(booked.json())
    assert visit.slot_id == slot.id
    back = fm.read_appointment(fm.appointment_resource(visit, "7"), visit.facility)
    assert back == visit
    cancelled = await client.post(f"/appointments/{visit.id}/cancel", headers=anna)
    visit = Appointment.model_validate(cancelled.json())
    assert fm.read_appointment(fm.appointment_resource(visit, "7"), visit.facility) == visit

    v = await scarce_voivodeship(client, jan)
    joined = await join(client, jan, {**criteria(v), "referral_code": "1234"})
    entry = WaitlistEntry.model_validate(joined.json())
    assert fm.read_waitlist(fm.waitlist_resource(entry, "7")) == entry
    notes = [*(await client.get("/notifications", headers=jan)).json()]
    notes += (await client.get("/notifications", headers=anna)).json()
    assert len(notes) >= 3
    for raw in notes:
        note = Notification.model_validate(raw)
        assert fm.read_communication(fm.communication_resource(note, "7")) == note


def test_a_problem_goes_there_and_back_as_the_same_typed_error():
    for cls in errors.error_classes().values():
        problem = Problem.model_validate(
            cls("Słowa reguły.", existing_appointment_id=3).document("/api/v1/x")
        )
        back = fm.read_outcome(fm.outcome_resource(problem), problem.status)
        again = errors.error_from_problem(back)
        assert type(again) is cls and again.detail == "Słowa reguły."
        assert again.extra.get("existing_appointment_id") == 3


def test_another_servers_outcome_falls_back_by_its_status():
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "conflict", "diagnostics": "Slot is busy"}],
    }
    error = errors.error_from_problem(fm.read_outcome(outcome, 409))
    assert isinstance(error, errors.Conflict) and error.detail == "Slot is busy"
