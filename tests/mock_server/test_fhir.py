"""The mock's FHIR R4 face: every resource it serves validates against the official R4
models (fhir.resources' R4B module), writes made with resources that library built keep
the CeR rules, and refusals are OperationOutcome resources with our problem types."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.parameters import Parameters

from erej_tui.api import fhir_map
from tests.support import CLOCK

FHIR = "http://mock/fhir"


def valid(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The answer is FHIR JSON of this status whose resource, and every resource in it,
    the official R4 models accept."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    body = response.json()
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    for entry in body.get("entry", ()):
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return body


def refused(response: httpx.Response, status: int, slug: str) -> str:
    """An OperationOutcome of this status naming our problem type; its text."""
    body = valid(response, status)
    issue = body["issue"][0]
    assert fhir_map.code_of(issue["details"], fhir_map.PROBLEM_SYSTEM) == slug, body
    return issue["details"]["text"]


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def built(resource: Any) -> dict[str, Any]:
    """A resource made by fhir.resources, as it goes on the wire."""
    return json.loads(resource.model_dump_json(exclude_none=True))


async def free_slots(client, h, service="mammografia", **params) -> list[dict[str, Any]]:
    query = {
        "service-type": service,
        "address-state": "małopolskie",
        "start": f"ge{CLOCK.date()}",
        **params,
    }
    query = {name: value for name, value in query.items() if value is not None}
    bundle = valid(await client.get(f"{FHIR}/Slot", params=query, headers=h))
    return resources(bundle, "Slot")


def booking(slot_id: str, referral: str | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "status": "booked",
        "slot": [{"reference": f"Slot/{slot_id}"}],
        "participant": [{"actor": {"reference": "Patient/me"}, "status": "accepted"}],
    }
    if referral:
        fields["basedOn"] = [
            {
                "type": "ServiceRequest",
                "identifier": {"system": fhir_map.REFERRAL_SYSTEM, "value": referral},
            }
        ]
    return built(FhirAppointment(**fields))


async def test_the_capability_statement_offers_the_ihe_operations(client):
    statement = valid(await client.get(f"{FHIR}/metadata"))
    assert statement["fhirVersion"] == "4.0.1"
    appointment = next(r for r in statement["rest"][0]["resource"] if r["type"] == "Appointment")
    assert {op["name"] for op in appointment["operation"]} == {"find", "book"}
    assert appointment["conditionalCreate"] and appointment["versioning"] == "versioned-update"


async def test_every_resource_of_a_patients_day_validates(client, demo):
    h = await demo.login("Anna Kowalska")
    patients = valid(await client.get(f"{FHIR}/Patient", headers=h))
    (me,) = resources(patients, "Patient")
    assert me["identifier"][0]["system"] == "urn:oid:2.16.840.1.113883.3.4424.1.1.616"
    assert me["identifier"][0]["value"] == await demo.pesel("Anna Kowalska")
    valid(await client.get(f"{FHIR}/Patient/{me['id']}", headers=h))
    services = resources(
        valid(await client.get(f"{FHIR}/HealthcareService", headers=h)), "HealthcareService"
    )
    assert "mammografia" in {s["id"] for s in services}
    near = valid(await client.get(f"{FHIR}/Location", params={"near": "50.67|17.93|20|km"}))
    distances = [fhir_map.distance_of(e) for e in near["entry"]]
    assert distances and distances == sorted(distances) and max(distances) <= 20  # type: ignore[type-var]
    valid(await client.get(f"{FHIR}/Organization/{near['entry'][0]['resource']['id']}"))

    bundle = valid(
        await client.get(
            f"{FHIR}/Slot",
            params=[
                ("service-type", "mammografia"),
                ("address-state", "06"),
                ("_include", "Slot:schedule"),
                ("_count", "3"),
            ],
            headers=h,
        )
    )
    slots = resources(bundle, "Slot")
    assert len(slots) == 3 and all(s["status"] == "free" for s in slots)
    # Each slot's Schedule and Location come along, once each.
    schedules = {s["id"] for s in resources(bundle, "Schedule")}
    assert {s["schedule"]["reference"].removeprefix("Schedule/") for s in slots} == schedules
    assert resources(bundle, "Location")
    following = next(link["url"] for link in bundle["link"] if link["relation"] == "next")
    more = resources(valid(await client.get(following, headers=h)), "Slot")
    assert more and not {s["id"] for s in more} & {s["id"] for s in slots}

    visit = valid(
        await client.post(f"{FHIR}/Appointment", json=booking(slots[0]["id"]), headers=h), 201
    )
    assert visit["status"] == "booked" and visit["slot"] == [
        {"reference": f"Slot/{slots[0]['id']}"}
    ]
    listed = valid(await client.get(f"{FHIR}/Appointment", headers=h))
    assert visit["id"] in {a["id"] for a in resources(listed, "Appointment")}
    messages = valid(await client.get(f"{FHIR}/Communication", headers=h))
    assert any(
        visit["identifier"][0]["value"] in c["payload"][0]["contentString"]
        for c in resources(messages, "Communication")
    )


async def test_a_retried_create_replays_rather_than_books_twice(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await free_slots(client, h))[0]
    once = {**h, "If-None-Exist": f"identifier={fhir_map.KEY_SYSTEM}|key-1"}
    first = valid(
        await client.post(f"{FHIR}/Appointment", json=booking(slot["id"]), headers=once), 201
    )
    again = valid(await client.post(f"{FHIR}/Appointment", json=booking(slot["id"]), headers=once))
    assert again["id"] == first["id"]
    listed = valid(await client.get(f"{FHIR}/Appointment", params={"status": "booked"}, headers=h))
    assert len(resources(listed, "Appointment")) == 1
    # Another key is another booking: one booking per service, so refused.
    other = {**h, "If-None-Exist": "identifier=key-2"}
    later = (await free_slots(client, h))[0]
    refused(
        await client.post(f"{FHIR}/Appointment", json=booking(later["id"]), headers=other),
        409,
        "already-booked",
    )


async def test_an_update_must_name_the_current_version(client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await free_slots(client, h))[0]
    answer = await client.post(f"{FHIR}/Appointment", json=booking(slot["id"]), headers=h)
    visit = valid(answer, 201)
    read = await client.get(f"{FHIR}/Appointment/{visit['id']}", headers=h)
    assert read.headers["etag"] == answer.headers["etag"] == f'W/"{visit["meta"]["versionId"]}"'
    cancel = {**visit, "status": "cancelled"}
    url = f"{FHIR}/Appointment/{visit['id']}"
    refused(await client.put(url, json=cancel, headers=h), 428, "precondition-required")
    stale = {**h, "If-Match": 'W/"99"'}
    refused(await client.put(url, json=cancel, headers=stale), 412, "version-conflict")
    assert valid(await client.get(url, headers=h))["status"] == "booked"  # changed nothing
    current = {**h, "If-Match": read.headers["etag"]}
    done = valid(await client.put(url, json=cancel, headers=current))
    assert done["status"] == "cancelled" and done["cancelationReason"]["coding"][0]["code"] == "pat"
    # The version moved on: a second client holding the old one cannot change it again.
    refused(await client.put(url, json=cancel, headers=current), 412, "version-conflict")
    # The slot is free again.
    assert slot["id"] in {s["id"] for s in await free_slots(client, h, _count="200")}


async def test_an_update_retried_with_its_key_replays_though_the_version_moved_on(client, demo):
    """A cancellation whose answer was lost is sent again as it was (same key, same
    version named): the first answer comes back, not a version conflict."""
    h = await demo.login("Anna Kowalska")
    slot = (await free_slots(client, h))[0]
    answer = await client.post(f"{FHIR}/Appointment", json=booking(slot["id"]), headers=h)
    visit = valid(answer, 201)
    once = {**h, "If-Match": answer.headers["etag"], "Idempotency-Key": "cancel-1"}
    url = f"{FHIR}/Appointment/{visit['id']}"
    cancel = {**visit, "status": "cancelled"}
    first = valid(await client.put(url, json=cancel, headers=once))
    again = valid(await client.put(url, json=cancel, headers=once))
    assert again == first and again["status"] == "cancelled"
    # Without the key the stale version is refused.
    stale = {**h, "If-Match": answer.headers["etag"]}
    refused(await client.put(url, json=cancel, headers=stale), 412, "version-conflict")
    # A retry that read the visit again first sends another body asking the same change:
    # the first answer too.
    read = await client.get(url, headers=h)
    reread = {**valid(read), "status": "cancelled"}
    retry = {**h, "If-Match": read.headers["etag"], "Idempotency-Key": "cancel-1"}
    assert valid(await client.put(url, json=reread, headers=retry)) == first
    # The same key for another change is refused.
    other = {**reread, "status": "booked", "slot": [{"reference": f"Slot/{slot['id']}"}]}
    refused(await client.put(url, json=other, headers=retry), 422, "idempotency-key-reused")


async def test_a_visit_moves_to_another_slot_in_one_update(client, demo):
    h = await demo.login("Anna Kowalska")
    first, *_, later = await free_slots(client, h, _count="5")
    answer = await client.post(f"{FHIR}/Appointment", json=booking(first["id"]), headers=h)
    visit = valid(answer, 201)
    moved = {**visit, "slot": [{"reference": f"Slot/{later['id']}"}]}
    url = f"{FHIR}/Appointment/{visit['id']}"
    after = valid(
        await client.put(url, json=moved, headers={**h, "If-Match": answer.headers["etag"]})
    )
    assert after["start"] == later["start"] and after["status"] == "booked"


async def test_the_rules_refuse_as_operation_outcomes_in_the_requests_language(client, demo):
    jan = await demo.login("Jan Nowak")
    mammography = (await free_slots(client, jan))[0]
    text = refused(
        await client.post(f"{FHIR}/Appointment", json=booking(mammography["id"]), headers=jan),
        403,
        "not-eligible",
    )
    assert text
    gdansk = {"address-state": None, "near": "54.35|18.65|300|km"}
    slot = (await free_slots(client, jan, "kardiologia", **gdansk))[0]
    english = {**jan, "Accept-Language": "en"}
    text = refused(
        await client.post(f"{FHIR}/Appointment", json=booking(slot["id"], "9999"), headers=english),
        422,
        "referral-invalid",
    )
    assert "9999" in text and "e-referral" in text
    refused(
        await client.get(
            f"{FHIR}/Slot", params={"service-type": "mammografia", "near": "x"}, headers=jan
        ),
        422,
        "validation-error",
    )
    refused(
        await client.get(f"{FHIR}/Slot", params={"service-type": "mammografia"}),
        401,
        "unauthorized",
    )
    refused(await client.get(f"{FHIR}/Encounter", headers=jan), 404, "not-found")
    refused(
        await client.post(f"{FHIR}/Appointment", content=b"{not json", headers=jan),
        400,
        "malformed-request",
    )


async def test_another_patients_resources_are_not_found(client, demo):
    anna = await demo.login("Anna Kowalska")
    slot = (await free_slots(client, anna))[0]
    visit = valid(
        await client.post(f"{FHIR}/Appointment", json=booking(slot["id"]), headers=anna), 201
    )
    me = resources(valid(await client.get(f"{FHIR}/Patient", headers=anna)), "Patient")[0]
    jan = await demo.login("Jan Nowak")
    refused(await client.get(f"{FHIR}/Appointment/{visit['id']}", headers=jan), 404, "not-found")
    refused(await client.get(f"{FHIR}/Patient/{me['id']}", headers=jan), 404, "not-found")
    cancel = {**visit, "status": "cancelled"}
    refused(
        await client.put(
            f"{FHIR}/Appointment/{visit['id']}", json=cancel, headers={**jan, "If-Match": 'W/"2"'}
        ),
        404,
        "not-found",
    )
    by_pesel = {"identifier": f"{fhir_map.PESEL_SYSTEM}|{me['identifier'][0]['value']}"}
    assert valid(await client.get(f"{FHIR}/Patient", params=by_pesel, headers=jan))["entry"] == []


async def test_ihe_find_then_book_with_parameters_the_library_built(client, demo):
    h = await demo.login("Anna Kowalska")
    start = CLOCK.date() + timedelta(days=7)
    asked = Parameters(
        parameter=[
            {"name": "specialty", "valueString": "mammografia"},
            {"name": "start", "valueDate": start.isoformat()},
            {"name": "address-state", "valueString": "06"},
        ]
    )
    found = valid(await client.post(f"{FHIR}/Appointment/$find", json=built(asked), headers=h))
    proposed = resources(found, "Appointment")
    assert proposed and all(p["status"] == "proposed" for p in proposed)
    assert all(p["start"][:10] >= start.isoformat() for p in proposed)
    chosen = FhirAppointment.model_validate(proposed[0])
    book = Parameters(parameter=[{"name": "appointment-resource", "resource": chosen}])
    booked = valid(await client.post(f"{FHIR}/Appointment/$book", json=built(book), headers=h), 201)
    (visit,) = resources(booked, "Appointment")
    assert visit["status"] == "booked" and visit["slot"] == proposed[0]["slot"]


async def test_the_waiting_room_as_a_waitlist_appointment(client, demo):
    from tests.mock_server.test_waitlist import scarce_voivodeship

    jan = await demo.login("Jan Nowak")
    api = {"Authorization": jan["Authorization"]}
    state = await scarce_voivodeship(client, api)
    until = CLOCK.date() + timedelta(days=40)
    entry = built(
        FhirAppointment(
            status="waitlist",
            serviceType=[fhir_map.concept(fhir_map.SERVICE_SYSTEM, "kardiologia")],
            requestedPeriod=[{"end": until.isoformat()}],
            basedOn=[
                {
                    "type": "ServiceRequest",
                    "identifier": {"system": fhir_map.REFERRAL_SYSTEM, "value": "1234"},
                }
            ],
            participant=[{"actor": {"reference": "Patient/me"}, "status": "accepted"}],
            extension=[fhir_map.ext("criteria", json.dumps({"voivodeship": state}))],
        )
    )
    joined = valid(await client.post(f"{FHIR}/Appointment", json=entry, headers=jan), 201)
    assert (
        joined["status"] == "waitlist" and joined["requestedPeriod"][0]["end"] == until.isoformat()
    )
    assert fhir_map.ext_value(joined, "position") == 1
    waiting = valid(
        await client.get(f"{FHIR}/Appointment", params={"status": "waitlist"}, headers=jan)
    )
    assert [a["id"] for a in resources(waiting, "Appointment")] == [joined["id"]]
    url, leave = f"{FHIR}/Appointment/{joined['id']}", {**joined, "status": "cancelled"}
    refused(await client.put(url, json=leave, headers=jan), 428, "precondition-required")
    stale = {**jan, "If-Match": 'W/"2"'}
    refused(await client.put(url, json=leave, headers=stale), 412, "version-conflict")
    left = valid(await client.put(url, json=leave, headers={**jan, "If-Match": 'W/"1"'}))
    assert left["status"] == "cancelled" and fhir_map.ext_value(left, "waitlist-status") == "left"
    assert left["meta"]["versionId"] == "2"


@pytest.mark.parametrize(
    "path",
    [
        "/Slot?service-type=mammografia&start=xx2026",
        "/Slot?service-type=mammografia&time=25:00-",
        "/Location?near=1|2|3|mi",
        "/Location?near=inf|2|5|km",
        "/Location?near=50|20|1e999|km",
        "/Appointment/w",
        "/Appointment/12345678901234567890",
        "/Location/0",
    ],
)
async def test_hostile_parameters_get_outcomes_not_crashes(client, demo, path):
    h = await demo.login("Anna Kowalska")
    response = await client.get(FHIR + path, headers=h)
    assert 400 <= response.status_code < 500, response.text
    valid(response, response.status_code)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"resourceType": "Appointment", "status": "booked", "slot": "Slot/1"},
        {"resourceType": "Appointment", "status": "booked", "slot": [{"reference": 7}]},
        {"resourceType": "Appointment", "status": "booked", "slot": [{"reference": "Slot/9" * 9}]},
        {"resourceType": "Appointment", "status": "waitlist", "serviceType": "kardiologia"},
        {"resourceType": "Appointment", "status": "waitlist", "requestedPeriod": [7]},
        {"resourceType": "Appointment", "status": "waitlist", "extension": [{"url": 1}]},
        {"resourceType": "Appointment", "status": "booked", "basedOn": [{"identifier": []}]},
        {"resourceType": "Parameters", "parameter": [{"name": "specialty", "valueInteger": 3}]},
        {"resourceType": "Parameters", "parameter": [{"name": "_count", "valueString": "x"}]},
        {"resourceType": "Parameters", "parameter": "x"},
    ],
)
async def test_hostile_bodies_are_refused_in_plain_words(client, demo, body):
    h = await demo.login("Anna Kowalska")
    me = resources(valid(await client.get(f"{FHIR}/Patient", headers=h)), "Patient")[0]
    for method, path in [
        ("POST", "/Appointment"),
        ("PUT", "/Appointment/1"),
        ("PUT", "/Appointment/w1"),
        ("POST", "/Appointment/$find"),
        ("POST", "/Appointment/$book"),
        ("POST", "/Appointment/$waitlist-forecast"),
        ("PUT", f"/Patient/{me['id']}"),
    ]:
        response = await client.request(method, FHIR + path, json=body, headers=h)
        assert 400 <= response.status_code < 500, (method, path, response.text)
        valid(response, response.status_code)
    # Nothing was booked.
    listed = valid(await client.get(f"{FHIR}/Appointment", headers=h))
    assert listed["entry"] == []
