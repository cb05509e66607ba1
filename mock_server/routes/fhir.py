"""The mock's FHIR R4 face under `/fhir`: the same registry and rules as `/api/v1`, its
resources made by `erej_tui.api.fhir_map`, its refusals as OperationOutcome.

A patient logs in as usual (`POST /api/v1/auth/login`) and sends the token as a bearer
token here; `X-Acting-For` opens a child's account as on the contract. Writes follow
FHIR's REST rules: `POST Appointment` with `If-None-Exist: identifier=<key>` (the
client's Idempotency-Key, so a retry replays rather than books twice), `PUT
Appointment/{id}` with `If-Match` on the version to cancel a visit or leave the waiting
room, and IHE ITI Scheduling's `Appointment/$find` and `$book`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from erej_tui.api import fhir_map as fm
from erej_tui.api.models import Appointment, SearchCriteria, WaitlistEntry, WaitlistRequest
from erej_tui.api.names import voivodeship_code
from erej_tui.api.protocol import CONTRACT_CAPABILITIES, Capability

from .. import refusals
from ..auth import Caller, SignedIn, step
from ..edge import ContractRoute, Edge, InlineRoute, decode_json
from ..places import Places
from ..problems import FHIR, refusal

MEDIA = fm.MEDIA_TYPE
OFFERED = CONTRACT_CAPABILITIES - {Capability.DESK}
"""What the FHIR face offers beyond the core (named in the CapabilityStatement's extension):
the registration desk is the contract's alone."""
MAX_COUNT = 200

SLOT_PARAMS = {
    "service-type": "the service's code",
    "start": "ge<date> and lt<date> (or le): the slots' days",
    "status": "free (the only status searched)",
    "near": "latitude|longitude|distance|km: a place and a radius (none: any distance)",
    "location": "Location ids, comma separated",
    "address-state": "a voivodeship: its name as in Location.address.state, or its NFZ code",
    "time": "HH:MM-HH:MM: the slots' hours",
    "based-on": "an e-referral's code (for a service that needs one)",
    "_count": "page size",
    "_cursor": "the next page (from the bundle's next link)",
    "_include": "Slot:schedule, with Schedule:actor to its Location",
}


def fhir_json(
    resource: Any, status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(resource, status_code=status, media_type=MEDIA, headers=headers)


NEAR = "latitude|longitude[|distance|km]"


def _criteria(
    places: Places,
    near: str | None,
    location: str | None,
    state: str | None,
    start: list[str],
    hours: str | None,
) -> SearchCriteria:
    """The contract's criteria from FHIR search parameters (refused in plain words):
    `near` becomes the locality nearest the point, with the distance as the radius."""
    values: dict[str, Any] = {}
    try:
        if near:  # no distance: every distance, nearest first
            lat, lon, *distance = near.split("|")
            if len(distance) > 2 or distance[1:] not in ([], ["km"]):
                raise ValueError(near)
            if not all(map(math.isfinite, map(float, (lat, lon)))):
                raise ValueError(near)
            values["locality_id"] = places.nearest_locality(float(lat), float(lon)).id
            if distance and distance[0]:
                values["radius_km"] = math.ceil(float(distance[0]))
    except (ValueError, OverflowError):
        raise refusals.fhir_parameter("near", NEAR) from None
    if location:
        found = location.removeprefix("Location/")
        if not found.isdigit() or len(found) > 12:
            raise refusals.fhir_parameter("location", "Location/<id>")
        values["facility_id"] = int(found)
    if state:
        values["voivodeship"] = voivodeship_code(state) or state
    try:
        for bound in start:
            prefix, when = bound[:2], date.fromisoformat(bound[2:12])
            if prefix == "ge":
                values["date_from"] = when
            elif prefix == "lt":
                values["date_to"] = when - timedelta(days=1)
            elif prefix == "le":
                values["date_to"] = when
            else:
                raise ValueError(bound)
    except ValueError:
        raise refusals.fhir_parameter(
            "start", "ge<YYYY-MM-DD>, lt<YYYY-MM-DD> or le<YYYY-MM-DD>"
        ) from None
    try:
        if hours:
            lo, _, hi = hours.partition("-")
            values["hour_from"] = time.fromisoformat(lo) if lo else None
            values["hour_to"] = time.fromisoformat(hi) if hi else None
    except ValueError:
        raise refusals.fhir_parameter("time", "HH:MM-HH:MM") from None
    try:
        return SearchCriteria.model_validate(values)
    except ValidationError as exc:
        raise refusal(exc.errors()) from None


def routers(edge: Edge) -> list[APIRouter]:
    registry = edge.registry
    api = APIRouter(
        prefix=FHIR,
        route_class=InlineRoute if edge.inline else ContractRoute,
        include_in_schema=False,  # FHIR's own description: the CapabilityStatement
    )
    public = [Depends(step)]

    def me_id(caller: Caller) -> str:
        return str(caller.pid)

    def location(kind: str, facility_id: int) -> Any:
        if facility_id not in registry.places.facilities:
            raise refusals.fhir_not_found(kind, str(facility_id))
        return registry.places.facility(facility_id)

    @api.get("/metadata", dependencies=public)
    def metadata(request: Request) -> JSONResponse:
        """The CapabilityStatement: what this face offers, and IHE's operations."""
        interactions = lambda *names: [{"code": n} for n in names]  # noqa: E731
        resources = [
            {
                "type": "Patient",
                "interaction": interactions("read", "search-type", "update"),
                "searchParam": [{"name": "identifier", "type": "token"}],
            },
            {
                "type": "HealthcareService",
                "interaction": interactions("read", "search-type"),
            },
            {
                "type": "Location",
                "interaction": interactions("read", "search-type"),
                "searchParam": [
                    {"name": "near", "type": "special"},
                    {"name": "address-state", "type": "string"},
                    {"name": "service-type", "type": "token"},
                ],
            },
            {"type": "Organization", "interaction": interactions("read")},
            {"type": "Schedule", "interaction": interactions("read")},
            {
                "type": "Slot",
                "interaction": interactions("read", "search-type"),
                "searchInclude": ["Slot:schedule", "Schedule:actor"],
                "searchParam": [
                    {"name": name, "type": "string", "documentation": doc}
                    for name, doc in SLOT_PARAMS.items()
                ],
            },
            {
                "type": "Appointment",
                "interaction": interactions("read", "search-type", "create", "update"),
                "versioning": "versioned-update",
                "conditionalCreate": True,
                "searchParam": [{"name": "status", "type": "token"}],
                "operation": [
                    {
                        "name": "find",
                        "definition": "https://profiles.ihe.net/ITI/Scheduling/"
                        "OperationDefinition/appointment-find",
                    },
                    {
                        "name": "book",
                        "definition": "https://profiles.ihe.net/ITI/Scheduling/"
                        "OperationDefinition/appointment-book",
                    },
                ],
            },
            {"type": "Communication", "interaction": interactions("search-type")},
            {"type": "ServiceRequest", "interaction": interactions("search-type")},
            {
                "type": "RelatedPerson",
                "interaction": interactions("search-type"),
                "searchInclude": ["RelatedPerson:patient"],
            },
        ]
        return fhir_json(
            {
                "resourceType": "CapabilityStatement",
                "status": "active",
                "date": registry.clock.now().date().isoformat(),
                "kind": "instance",
                "fhirVersion": "4.0.1",
                "format": ["json"],
                "implementation": {
                    "description": "erej-mock: Centralna e-Rejestracja's rules, in FHIR",
                    "url": str(request.base_url).rstrip("/") + FHIR,
                },
                "extension": [fm.ext("capability", c.value) for c in sorted(OFFERED)],
                "rest": [{"mode": "server", "resource": resources}],
            }
        )

    # --- the patient ------------------------------------------------------------------------
    @api.get("/Patient")
    def patients(
        caller: SignedIn, identifier: Annotated[str | None, Query(max_length=200)] = None
    ) -> JSONResponse:
        """The logged-in patient (or the child whose account is open); nobody else."""
        me = registry.sessions.me(caller.pid, caller.actor)
        found = identifier is None or identifier in (me.pesel, f"{fm.PESEL_SYSTEM}|{me.pesel}")
        entries = [fm.entry(fm.patient_resource(me, me_id(caller)))] if found else []
        return fhir_json(fm.bundle(entries, total=len(entries)))

    @api.get("/Patient/{patient_id}")
    def patient(caller: SignedIn, patient_id: str) -> JSONResponse:
        if patient_id != me_id(caller):
            raise refusals.fhir_not_found("Patient", patient_id)
        me = registry.sessions.me(caller.pid, caller.actor)
        return fhir_json(fm.patient_resource(me, patient_id))

    @api.put("/Patient/{patient_id}")
    async def patient_update(request: Request, caller: SignedIn, patient_id: str) -> JSONResponse:
        """Contact data: the Patient's telecom as the whole new contact (a point left out
        is cleared); the rest of the resource is the registry's and stays as it is."""
        if patient_id != me_id(caller):
            raise refusals.fhir_not_found("Patient", patient_id)
        resource = await _body(request, "Patient")
        if resource.get("id") != patient_id:
            raise refusals.fhir_parameter("id", patient_id)
        try:
            update = fm.contact_update(resource)
        except ValidationError as exc:
            raise refusal(exc.errors()) from None
        except (KeyError, TypeError, AttributeError):
            raise refusals.fhir_parameter("telecom", "ContactPoints: phone, email") from None
        me = registry.sessions.update_contact(caller.pid, update, caller.actor)
        return fhir_json(fm.patient_resource(me, patient_id))

    @api.get("/RelatedPerson")
    def guardianships(
        caller: SignedIn,
        include: Annotated[list[str], Query(alias="_include", max_length=40)] = [],  # noqa: B006
    ) -> JSONResponse:
        """The children whose accounts the logged-in guardian may open (then with the
        child's PESEL in X-Acting-For), with the children's Patients when included."""
        entries = []
        for child in registry.sessions.children(caller.pid):
            child_id = str(registry.sessions.child(caller.pid, child.pesel))
            related, patient = fm.child_resources(child, child_id, str(caller.pid))
            entries.append(fm.entry(related))
            if include:
                entries.append(fm.entry(patient, "include"))
        return fhir_json(fm.bundle(entries))

    @api.get("/ServiceRequest")
    def referrals(caller: SignedIn) -> JSONResponse:
        """The patient's e-referrals, newest first, each with what holds it."""
        found = registry.catalogue.referrals(caller.pid)
        entries = [fm.entry(fm.referral_resource(r, me_id(caller))) for r in found]
        return fhir_json(fm.bundle(entries, total=len(entries)))

    # --- the catalogue ----------------------------------------------------------------------
    @api.get("/HealthcareService")
    def services(caller: SignedIn) -> JSONResponse:
        """The services with this patient's eligibility for each."""
        found = registry.catalogue.services(caller.pid, caller.lang)
        entries = [fm.entry(fm.service_resource(s)) for s in found]
        return fhir_json(fm.bundle(entries, total=len(entries)))

    @api.get("/Location", dependencies=public)
    def locations(
        near: Annotated[str | None, Query(max_length=100)] = None,
        state: Annotated[str | None, Query(alias="address-state", max_length=40)] = None,
        service: Annotated[str | None, Query(alias="service-type", max_length=40)] = None,
    ) -> JSONResponse:
        """Facilities by area and service, nearest first, each with its distance."""
        criteria = _criteria(registry.places, near, None, state, [], None)
        found = registry.catalogue.facilities(criteria, service)
        entries = [
            fm.entry(fm.location_resource(f), search=fm.distance_entry(f.distance_km))
            for f in found
        ]
        return fhir_json(fm.bundle(entries, total=len(entries)))

    @api.get("/Location/{facility_id}", dependencies=public)
    def location_read(facility_id: int) -> JSONResponse:
        return fhir_json(fm.location_resource(location("Location", facility_id)))

    @api.get("/Organization/{facility_id}", dependencies=public)
    def organization(facility_id: int) -> JSONResponse:
        return fhir_json(fm.organization_resource(location("Organization", facility_id)))

    # --- slots ------------------------------------------------------------------------------
    @api.get("/Slot")
    def slots(
        request: Request,
        caller: SignedIn,
        service: Annotated[str, Query(alias="service-type", max_length=40)],
        start: Annotated[list[str], Query(max_length=40)] = [],  # noqa: B006
        status: Annotated[str, Query(pattern="^free$")] = "free",
        near: Annotated[str | None, Query(max_length=100)] = None,
        location_ids: Annotated[str | None, Query(alias="location", max_length=200)] = None,
        state: Annotated[str | None, Query(alias="address-state", max_length=40)] = None,
        hours: Annotated[str | None, Query(alias="time", max_length=11)] = None,
        referral: Annotated[str | None, Query(alias="based-on", pattern=r"^\d{4}$")] = None,
        count: Annotated[int, Query(alias="_count", ge=1, le=MAX_COUNT)] = 20,
        cursor: Annotated[str | None, Query(alias="_cursor", max_length=500)] = None,
        include: Annotated[list[str], Query(alias="_include", max_length=40)] = [],  # noqa: B006
        iterate: Annotated[  # Schedule:actor: the Locations come with the Schedules anyway
            list[str], Query(alias="_include:iterate", max_length=40)
        ] = [],  # noqa: B006
    ) -> JSONResponse:
        """Free slots, earliest first, then nearest, with their Schedule and Location."""
        criteria = _criteria(registry.places, near, location_ids, state, start, hours)
        page = registry.search.search_slots(
            caller.pid, service, criteria, referral_code=referral, cursor=cursor, limit=count
        )
        entries = [fm.entry(fm.slot_resource(s)) for s in page.items]
        if include:
            seen: set[int] = set()
            for s in page.items:
                if s.facility.id in seen:
                    continue
                seen.add(s.facility.id)
                entries.append(fm.entry(fm.schedule_resource(s.facility, s.service), "include"))
                entries.append(fm.entry(fm.location_resource(s.facility), "include"))
        links = [{"relation": "self", "url": str(request.url)}]
        if page.next_cursor:
            following = request.url.include_query_params(_cursor=page.next_cursor)
            links.append({"relation": "next", "url": str(following)})
        return fhir_json(fm.bundle(entries, links=links))

    # --- visits and the waiting room --------------------------------------------------------
    def visit_answer(visit: Appointment, caller: Caller, status: int = 200) -> JSONResponse:
        resource = fm.appointment_resource(visit, me_id(caller))
        etag = f'W/"{resource["meta"]["versionId"]}"'
        return fhir_json(
            resource, status, {"ETag": etag, "Location": f"{FHIR}/Appointment/{visit.id}"}
        )

    def entry_answer(entry: WaitlistEntry, caller: Caller, status: int = 200) -> JSONResponse:
        resource = fm.waitlist_resource(entry, me_id(caller))
        return fhir_json(resource, status, {"ETag": f'W/"{resource["meta"]["versionId"]}"'})

    @api.get("/Appointment")
    def appointments(
        caller: SignedIn,
        status: Annotated[str | None, Query(max_length=40)] = None,
    ) -> JSONResponse:
        """The patient's visits and places in the waiting room (`status=waitlist`: those
        alone; any other status: the visits in it)."""
        statuses = set((status or "").split(",")) - {""}
        entries = []
        if not statuses or statuses - {"waitlist"}:
            for visit in registry.visits.appointments(caller.pid, None):
                if not statuses or fm.VISIT_STATUS[visit.status] in statuses:
                    entries.append(fm.entry(fm.appointment_resource(visit, me_id(caller))))
        if not statuses or "waitlist" in statuses:
            for wait in registry.waiting_room.waitlist(caller.pid):
                if not statuses or wait.status.value == "waiting":
                    entries.append(fm.entry(fm.waitlist_resource(wait, me_id(caller))))
        return fhir_json(fm.bundle(entries, total=len(entries)))

    @api.get("/Appointment/{resource_id}")
    def appointment(caller: SignedIn, resource_id: str) -> JSONResponse:
        if resource_id.startswith(fm.WAIT_PREFIX):
            wait = registry.waiting_room.waitlist_entry(caller.pid, _id(resource_id))
            return entry_answer(wait, caller)
        return visit_answer(registry.visits.appointment(caller.pid, _id(resource_id)), caller)

    @api.post("/Appointment")
    async def create(
        request: Request,
        caller: SignedIn,
        if_none_exist: Annotated[str | None, Header(alias="If-None-Exist", max_length=300)] = None,
    ) -> JSONResponse:
        """Book a slot (status `booked`, the Slot referenced) or join the waiting room
        (status `waitlist`, the criteria in our extension, the period requested)."""
        resource = await _body(request, "Appointment")
        key = _key(if_none_exist)
        if resource.get("status") == "waitlist":
            with shaped("Appointment"):
                wanted = _waitlist_request(resource, fm.referral_of(resource))
            result, replayed = registry.waiting_room.join_waitlist(
                caller.pid,
                wanted,
                lang=caller.lang,
                idempotency_key=key,
                fingerprint=_fingerprint(resource),
                actor=caller.actor,
            )
            wait = WaitlistEntry.model_validate(result) if replayed else result
            return entry_answer(wait, caller, 200 if replayed else 201)
        visit, replayed = _book(caller, resource, key)
        return visit_answer(visit, caller, 200 if replayed else 201)

    def _book(
        caller: Caller, resource: dict[str, Any], key: str | None
    ) -> tuple[Appointment, bool]:
        """Book the slot an Appointment references (with its e-referral, if any); a key
        seen before replays the first booking."""
        with shaped("Appointment"):
            referral = fm.referral_of(resource)
            slot_id = _slot_of(resource)
        if resource.get("status") not in ("booked", "proposed", "pending"):
            raise refusals.fhir_parameter("status", "booked or waitlist")
        if slot_id is None:
            raise refusals.fhir_parameter("slot", "Slot/<id>")
        result, replayed = registry.visits.book(
            caller.pid,
            slot_id,
            referral,
            idempotency_key=key,
            fingerprint=_fingerprint(resource),
            lang=caller.lang,
            actor=caller.actor,
        )
        return (Appointment.model_validate(result) if replayed else result), replayed

    @api.put("/Appointment/{resource_id}")
    async def update(
        request: Request,
        caller: SignedIn,
        resource_id: str,
        if_match: Annotated[str | None, Header(alias="If-Match", max_length=40)] = None,
    ) -> JSONResponse:
        """Cancel a visit or leave the waiting room: the resource with status `cancelled`.
        `If-Match` must name the version read, so two clients never overwrite each other;
        a change of the slot (`slot`) moves the visit in one step."""
        resource = await _body(request, "Appointment")
        with shaped("Appointment"):
            status = resource.get("status")
            wanted_slot = _slot_of(resource)
        if resource.get("id") != resource_id:
            raise refusals.fhir_parameter("id", resource_id)
        if if_match is None:
            raise refusals.fhir_precondition_required()
        key = request.headers.get("idempotency-key")
        retried = key is not None and registry.core.key_seen(caller.pid, key)
        waiting = resource_id.startswith(fm.WAIT_PREFIX)
        if waiting and status != "cancelled":
            raise refusals.fhir_parameter("status", "cancelled")
        read = registry.waiting_room.waitlist_entry if waiting else registry.visits.appointment
        current = read(caller.pid, _id(resource_id))
        if not retried and _version(if_match) != fm.version_of(current):
            raise refusals.fhir_version_conflict()
        if waiting:
            left = registry.waiting_room.leave_waitlist(caller.pid, current.id, caller.actor)
            return entry_answer(left, caller)
        # A key is bound to the change asked for, not to the whole resource: a retry that
        # read the visit again (after the first attempt's answer was lost) asks the same.
        fingerprint = f"fhir update {resource_id} {status} {wanted_slot}"
        if status == "cancelled":
            result, replayed = registry.visits.cancel(
                caller.pid,
                current.id,
                idempotency_key=key,
                fingerprint=fingerprint,
                actor=caller.actor,
            )
        elif status == "booked" and wanted_slot is not None:
            result, replayed = registry.visits.reschedule(
                caller.pid,
                current.id,
                wanted_slot,
                idempotency_key=key,
                fingerprint=fingerprint,
                actor=caller.actor,
            )
        else:
            raise refusals.fhir_parameter("status", "cancelled, or booked with another slot")
        visit = Appointment.model_validate(result) if replayed else result
        return visit_answer(visit, caller)

    @api.post("/Appointment/$find")
    async def find(request: Request, caller: SignedIn) -> JSONResponse:
        """IHE ITI-115: proposed appointments (one per free slot) for a Parameters body:
        start, end, specialty (the service), location-reference, and ours: near,
        address-state, referral."""
        params = _parameters(await _body(request, "Parameters"))
        with shaped("Parameters"):
            service = str(params.get("specialty") or params.get("service-type") or "")
            bounds = []
            if params.get("start"):
                bounds.append("ge" + str(params["start"])[:10])
            if params.get("end"):
                bounds.append("le" + str(params["end"])[:10])
            where = params.get("location-reference")
            near, state = params.get("near"), params.get("address-state")
            criteria = _criteria(
                registry.places,
                str(near) if near else None,
                str(where) if where else None,
                str(state) if state else None,
                bounds,
                None,
            )
            referral = str(params["referral"]) if params.get("referral") else None
            count = min(max(int(params.get("_count") or 20), 1), MAX_COUNT)
        if not service:
            raise refusals.fhir_parameter("specialty", "a service code")
        page = registry.search.search_slots(
            caller.pid,
            service,
            criteria,
            referral_code=referral,
            limit=count,
        )
        entries = []
        for s in page.items:
            proposed = {
                "resourceType": "Appointment",
                "id": f"p{s.id}",
                "status": "proposed",
                "serviceType": [fm.concept(fm.SERVICE_SYSTEM, s.service)],
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "slot": [{"reference": f"Slot/{s.id}"}],
                "participant": [
                    fm.patient_ref(me_id(caller)),
                    {"actor": {"reference": f"Location/{s.facility.id}"}, "status": "accepted"},
                ],
            }
            entries.append(fm.entry(proposed))
        return fhir_json(fm.bundle(entries, total=len(entries)))

    @api.post("/Appointment/$book")
    async def book(request: Request, caller: SignedIn) -> JSONResponse:
        """IHE ITI-117: book the proposed appointment given as `appointment-resource`."""
        params = _parameters(await _body(request, "Parameters"))
        resource = params.get("appointment-resource")
        if not isinstance(resource, dict):
            raise refusals.fhir_parameter("appointment-resource", "an Appointment")
        key = request.headers.get("idempotency-key")  # a retry replays, as on create
        visit, replayed = _book(caller, {**resource, "status": "booked"}, key)
        booked = fm.appointment_resource(visit, me_id(caller))
        return fhir_json(fm.bundle([fm.entry(booked)], total=1), 200 if replayed else 201)

    @api.post("/Appointment/$waitlist-forecast")
    async def forecast(request: Request, caller: SignedIn) -> JSONResponse:
        """Ours: what joining the waiting room with the `appointment` given (a waitlist
        Appointment as it would be posted) would give now: position, predicted date."""
        resource = _parameters(await _body(request, "Parameters")).get("appointment")
        if not isinstance(resource, dict):
            raise refusals.fhir_parameter("appointment", "an Appointment")
        wanted = _waitlist_request(resource, fm.referral_of(resource))
        criteria = SearchCriteria.model_validate(
            wanted.model_dump(exclude={"service", "referral_code"})
        )
        found = registry.waiting_room.forecast(
            caller.pid, wanted.service, criteria, wanted.referral_code
        )
        return fhir_json(fm.forecast_resource(found, wanted, me_id(caller)))

    # --- messages ---------------------------------------------------------------------------
    @api.get("/Communication")
    def communications(
        caller: SignedIn, count: Annotated[int, Query(alias="_count", ge=1, le=500)] = 100
    ) -> JSONResponse:
        """The SMS and e-mail messages sent to the patient, newest first."""
        found = registry.notices.notifications(caller.pid, count, None)
        entries = [fm.entry(fm.communication_resource(n, me_id(caller))) for n in found]
        return fhir_json(fm.bundle(entries, total=len(entries)))

    return [api]


@contextmanager
def shaped(kind: str) -> Iterator[None]:
    """Reading a posted resource: a part of another shape than FHIR's (a list where an
    object goes, a number for a reference …) is refused in plain words, not a crash."""
    try:
        yield
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        raise refusals.fhir_parameter(kind, f"a FHIR R4 {kind} resource") from None


def _fingerprint(resource: dict[str, Any]) -> str:
    """What an Idempotency-Key is bound to here: the resource sent."""
    return "fhir " + json.dumps(resource, sort_keys=True)


def _slot_of(resource: dict[str, Any]) -> int | None:
    """The slot an Appointment references (`slot[0]` as Slot/<id>)."""
    found = fm.ref_id((resource.get("slot") or [{}])[0], "Slot")
    return int(found) if found and found.isdigit() and len(found) <= 12 else None


def _version(if_match: str) -> str:
    """The version an If-Match header names: W/"3" or "3"."""
    return if_match.strip().removeprefix("W/").strip('"')


def _id(resource_id: str) -> int:
    digits = resource_id.removeprefix(fm.WAIT_PREFIX)
    if not digits.isdigit() or len(digits) > 12:
        raise refusals.fhir_not_found("Appointment", resource_id)
    return int(digits)


def _key(if_none_exist: str | None) -> str | None:
    """The client's Idempotency-Key from `If-None-Exist: identifier=<system>|<key>`."""
    if not if_none_exist:
        return None
    _, _, value = if_none_exist.partition("identifier=")
    return value.rpartition("|")[2] or None


async def _body(request: Request, kind: str) -> dict[str, Any]:
    """The posted resource, which must be of `kind` (a Patient sent to an Appointment's
    address changes nothing)."""
    try:
        body = decode_json(await request.body())
    except json.JSONDecodeError:
        raise refusals.unreadable_body() from None
    if not isinstance(body, dict):
        raise refusals.unreadable_body()
    if body.get("resourceType") != kind:
        raise refusals.fhir_parameter("resourceType", kind)
    return body


def _parameters(body: dict[str, Any]) -> dict[str, Any]:
    """A Parameters resource as name → value (the first value of each)."""
    if not isinstance(body.get("parameter", []), list):
        raise refusals.fhir_parameter("parameter", "a list of parameters")
    found: dict[str, Any] = {}
    for p in body.get("parameter", ()):
        if not isinstance(p, dict) or "name" not in p:
            continue
        value = p.get("resource")
        if value is None:
            value = next((v for k, v in p.items() if k.startswith("value")), None)
            if isinstance(value, dict) and "reference" in value:
                value = value["reference"]
        found.setdefault(p["name"], value)
    return found


def _waitlist_request(resource: dict[str, Any], referral: str | None) -> WaitlistRequest:
    """A waiting-room Appointment as the contract's request: the criteria in our
    extension, the service in serviceType, the period requested."""
    try:
        criteria = json.loads(fm.ext_value(resource, "criteria", "{}") or "{}")
    except (json.JSONDecodeError, TypeError):
        criteria = None
    if not isinstance(criteria, dict):
        raise refusals.fhir_parameter("criteria", "a JSON object of search criteria")
    services = resource.get("serviceType") or [{}]
    service = fm.code_of(services[0], fm.SERVICE_SYSTEM)
    period = (resource.get("requestedPeriod") or [{}])[0]
    if period.get("start"):
        criteria.setdefault("date_from", period["start"][:10])
    if period.get("end"):
        criteria.setdefault("date_to", period["end"][:10])
    try:
        return WaitlistRequest.model_validate(
            {**criteria, "service": service, "referral_code": referral}
        )
    except ValidationError as exc:
        raise refusal(exc.errors()) from None
