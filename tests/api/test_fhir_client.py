"""FhirRegistrationAPI against a plain FHIR R4 server (respx): what it asks for, what it
makes of another server's answers, and what it declares absent."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from erej_tui.api import errors
from erej_tui.api import fhir_map as fm
from erej_tui.api.fhir import FhirRegistrationAPI
from erej_tui.api.models import SearchCriteria

BASE = "http://fhir.test/fhir"

PLAIN_STATEMENT = {
    "resourceType": "CapabilityStatement",
    "status": "active",
    "date": "2026-12-01",
    "kind": "instance",
    "fhirVersion": "4.0.1",
    "format": ["json"],
    "rest": [{"mode": "server", "resource": [{"type": "Slot"}, {"type": "Appointment"}]}],
}

LOCATION = {
    "resourceType": "Location",
    "id": "5",
    "name": "Przychodnia",
    "identifier": [{"system": fm.TERYT_SYSTEM, "value": "1261011"}],
    "telecom": [{"system": "phone", "value": "+48 12 000 00 00"}],
    "address": {
        "line": ["ul. Długa 1"],
        "postalCode": "31-000",
        "city": "Kraków",
        "state": "małopolskie",
    },
    "position": {"latitude": 50.06, "longitude": 19.94},
}

SLOT = {
    "resourceType": "Slot",
    "id": "41",
    "schedule": {"reference": "Schedule/s1"},
    "serviceType": [fm.concept(fm.SERVICE_SYSTEM, "mammografia")],
    "status": "free",
    "start": "2026-12-04T09:15:00+01:00",
    "end": "2026-12-04T09:30:00+01:00",
}

SCHEDULE = {
    "resourceType": "Schedule",
    "id": "s1",
    "actor": [{"reference": "Location/5"}],
}


def visit(version: str, status: str = "booked") -> dict:
    return {
        "resourceType": "Appointment",
        "id": "9",
        "meta": {"versionId": version},
        "identifier": [{"system": fm.NUMBER_SYSTEM, "value": "X/9"}],
        "status": status,
        "serviceType": [fm.concept(fm.SERVICE_SYSTEM, "mammografia", "Mammografia")],
        "start": SLOT["start"],
        "end": SLOT["end"],
        "created": "2026-12-01T08:00:00+01:00",
        "slot": [{"reference": "Slot/41"}],
        "participant": [{"actor": {"reference": "Location/5"}, "status": "accepted"}],
        "extension": fm.exts(source="patient"),
    }


def bundle(*resources: dict, include: tuple[dict, ...] = (), next_url: str | None = None):
    body = fm.bundle([fm.entry(r) for r in resources] + [fm.entry(r, "include") for r in include])
    if next_url:
        body["link"] = [{"relation": "next", "url": next_url}]
    return httpx.Response(200, json=body, headers={"content-type": fm.MEDIA_TYPE})


@pytest.fixture
async def api():
    client = FhirRegistrationAPI(BASE, token="t0k", sleep=_no_sleep)
    client._patient_id = "p1"
    yield client
    await client.aclose()


async def _no_sleep(_: float) -> None:
    return None


@respx.mock
async def test_a_plain_server_offers_none_of_the_registrys_extras(api):
    respx.get(f"{BASE}/metadata").respond(json=PLAIN_STATEMENT)
    await api.health()
    # No waiting room, notifications, contact data, e-referrals, children, desk or demo:
    # the UI hides them rather than failing on them.
    assert api.capabilities == frozenset()
    assert not api.desk.available and not api.demo.available


@respx.mock
async def test_slots_come_with_their_place_and_the_next_page(api):
    following = f"{BASE}/_page?n=2"  # the server's own paging URL
    route = respx.get(f"{BASE}/Slot").mock(
        side_effect=[bundle(SLOT, include=(SCHEDULE, LOCATION), next_url=following)]
    )
    page = await api.slots("mammografia", SearchCriteria(voivodeship="06"), limit=5)
    asked = route.calls[0].request.url.params
    assert asked["service-type"] == "mammografia" and asked["address-state"] == "06"
    assert asked.get_list("_include") == ["Slot:schedule"]
    (slot,) = page.items
    assert slot.id == 41 and slot.facility.name == "Przychodnia"
    assert page.next_cursor == following
    # The cursor is followed as given (its own query kept), and a cursor to another
    # server is refused rather than sent our token.
    respx.get(following).respond(json=fm.bundle([]))
    assert (await api.slots("mammografia", SearchCriteria(), cursor=following)).items == []
    with pytest.raises(errors.ValidationFailed):
        await api.slots("mammografia", SearchCriteria(), cursor="http://evil.test/x")


@respx.mock
async def test_a_booking_retried_after_a_failure_sends_the_same_key(api):
    respx.get(f"{BASE}/metadata").respond(json=PLAIN_STATEMENT)  # no $book: a create
    created = respx.post(f"{BASE}/Appointment").mock(
        side_effect=[httpx.Response(503), httpx.Response(201, json=visit("1"))]
    )
    respx.get(f"{BASE}/Location/5").respond(json=LOCATION)
    booked = await api.book(41, "1234", idempotency_key="key-7")
    assert booked.number == "X/9" and booked.slot_id == 41
    first, second = (call.request for call in created.calls)
    assert first.headers["If-None-Exist"] == second.headers["If-None-Exist"]
    assert first.headers["If-None-Exist"].endswith("|key-7")
    assert first.headers["content-type"] == fm.MEDIA_TYPE
    sent = json.loads(first.content)
    assert sent["slot"] == [{"reference": "Slot/41"}] and fm.referral_of(sent) == "1234"


@respx.mock
async def test_ihes_book_is_used_where_the_server_offers_it(api):
    statement = json.loads(json.dumps(PLAIN_STATEMENT))
    statement["rest"][0]["resource"][1]["operation"] = [{"name": "book", "definition": "x"}]
    respx.get(f"{BASE}/metadata").respond(json=statement)
    booked = respx.post(f"{BASE}/Appointment/$book").respond(json=bundle(visit("1")).json())
    respx.get(f"{BASE}/Location/5").respond(json=LOCATION)
    assert (await api.book(41, idempotency_key="key-8")).number == "X/9"
    request = booked.calls[0].request
    sent = json.loads(request.content)
    assert sent["resourceType"] == "Parameters"
    assert sent["parameter"][0]["resource"]["slot"] == [{"reference": "Slot/41"}]
    assert request.headers["Idempotency-Key"] == "key-8"


@respx.mock
async def test_a_cancellation_names_the_version_it_read(api):
    respx.get(f"{BASE}/Appointment/9").respond(json=visit("3"))
    respx.get(f"{BASE}/Location/5").respond(json=LOCATION)
    put = respx.put(f"{BASE}/Appointment/9").respond(json=visit("4", "cancelled"))
    done = await api.cancel(9)
    assert done.status == "cancelled"
    request = put.calls[0].request
    assert request.headers["If-Match"] == 'W/"3"'
    assert json.loads(request.content)["status"] == "cancelled"


@respx.mock
async def test_another_servers_outcomes_become_our_typed_errors(api):
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "conflict", "diagnostics": "Slot is busy"}],
    }
    respx.get(f"{BASE}/Appointment/9").respond(json=visit("3"))
    respx.put(f"{BASE}/Appointment/9").respond(412, json=outcome)
    with pytest.raises(errors.VersionConflict):
        await api.cancel(9)
    respx.get(f"{BASE}/metadata").respond(json=PLAIN_STATEMENT)
    respx.post(f"{BASE}/Appointment").respond(409, json=outcome)
    with pytest.raises(errors.Conflict) as caught:
        await api.book(41)
    assert "Slot is busy" in str(caught.value)


@respx.mock
async def test_a_resource_of_another_shape_is_a_contract_violation(api):
    respx.get(f"{BASE}/HealthcareService").respond(
        json=fm.bundle([fm.entry({"resourceType": "HealthcareService", "id": "x"})])
    )
    with pytest.raises(errors.ContractViolation):
        await api.services()
