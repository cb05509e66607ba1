"""`FhirRegistrationAPI`: the `RegistrationAPI` over a FHIR R4 server (JSON, httpx).

The request loop, timeouts, retries of keyed writes and typed errors are the HTTP
backend's (`client.HttpRegistrationAPI`); this class maps each operation to FHIR's REST
interactions, the resources to and from the contract's models through `fhir_map`, and an
OperationOutcome to the same typed error a problem document gives.

- Search: `Slot?service-type=&start=ge…&_include=Slot:schedule&_include:iterate=
  Schedule:actor` (the next page is the bundle's `next` link), `Location?near=` for a
  place and a radius. A slot's Location comes in the bundle or is read once and kept.
- Writes: `POST Appointment` with `If-None-Exist: identifier=<key>` (a retry of a
  booking replays it), `PUT Appointment/{id}` with `If-Match` on the version read, so two
  clients never overwrite each other; a cancellation is an update to `cancelled`.
- What a server offers is read from its CapabilityStatement (`/metadata`): the waiting
  room, notifications and contact data are declared there (the mock's FHIR face names
  them in an extension); a plain FHIR server offers none of them, and the UI hides them.
- Logging in: a bearer token (`token`), or, against erej-mock, the usual PESEL and
  password at the contract's `/api/v1/auth/login` beside `/fhir`.

No Textual, no `mock_server`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import httpx

from . import errors
from . import fhir_map as fm
from .client import HttpRegistrationAPI
from .models import (
    Appointment,
    AppointmentStatus,
    ChildAccount,
    ContactUpdate,
    Facility,
    HealthStatus,
    Locality,
    LoginResponse,
    Notification,
    Patient,
    Problem,
    Referral,
    SearchCriteria,
    Service,
    SlotCalendar,
    SlotDay,
    SlotPage,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistRequest,
)
from .protocol import Capability, new_idempotency_key

Json = dict[str, Any]

CALENDAR_PAGE = 200
CALENDAR_MOST = 2000
"""A calendar is counted from Slot pages on the client (FHIR has no such summary): at
most this many slots, the earliest first, which covers a search's range on the mock."""


class FhirRegistrationAPI(HttpRegistrationAPI):
    """The contract's operations over FHIR R4 at `base_url` (".../fhir")."""

    MEDIA_TYPE = fm.MEDIA_TYPE

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(base_url, **kwargs)
        self._announced = frozenset()  # nothing beyond the core until /metadata says
        self._operations: frozenset[str] | None = None  # Appointment's, once /metadata is read
        self._patient_id: str | None = None
        self._locations: dict[int, Facility] = {}
        self._localities: dict[int, Locality] = {}

    @property
    def root_url(self) -> str:
        return self.base_url.removesuffix("/fhir")

    def _contract(self, path: str) -> str:
        """erej-mock's contract beside its FHIR face (logging in, localities)."""
        return f"{self.root_url}/api/v1{path}"

    # --- the wire ------------------------------------------------------------------------
    def _problem(self, response: httpx.Response) -> Problem:
        body = response.json()
        if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
            return fm.read_outcome(body, response.status_code)
        return super()._problem(response)  # a problem document (erej-mock's faults)

    async def _get(self, path: str, params: Any = None) -> Json:
        found: Json = await self.request("GET", path, dict, params=params)
        return found

    async def _bundle(self, path: str, params: Any = None) -> list[Json]:
        return _resources(await self._get(path, params))

    def _read(self, reading: Any, resource: Any, *args: Any) -> Any:
        """A model from a resource; a resource we cannot read is the server not speaking
        what we expect, as a contract violation is on the HTTP backend."""
        try:
            return reading(resource, *args)
        except (KeyError, IndexError, TypeError, ValueError, StopIteration) as exc:
            raise errors.ContractViolation(self._say("wrong_shape")) from exc

    # --- the server and the session ------------------------------------------------------
    async def health(self) -> HealthStatus:
        statement = await self._get("/metadata")
        if statement.get("resourceType") != "CapabilityStatement":
            raise errors.ContractViolation(self._say("wrong_shape"))
        known = {c.value for c in Capability}
        self._announced = frozenset(
            Capability(c) for c in fm.ext_values(statement, "capability") if c in known
        )
        self._operations = fm.operations(statement, "Appointment")
        return HealthStatus(
            now=datetime.fromisoformat(statement.get("date") or date.today().isoformat()),
            seed=0,
            capabilities=sorted(self._announced),
        )

    async def login(self, pesel: str, password: str) -> LoginResponse:
        """erej-mock's login beside its FHIR face; another server takes a bearer token
        (`erej login --token-stdin`)."""
        self._patient_id = None
        return await super().login(pesel, password)

    async def logout(self) -> None:
        self._patient_id = None
        await super().logout()

    async def _me(self) -> Json:
        found = await self._bundle("/Patient")
        if not found:
            raise errors.NotFound(self._say("no_patient"))
        self._patient_id = found[0]["id"]
        return found[0]

    async def me(self) -> Patient:
        patient: Patient = self._read(fm.read_patient, await self._me())
        return patient

    async def update_contact(self, update: ContactUpdate) -> Patient:
        resource = await self._me()
        changed = fm.with_contact(resource, update)
        written = await self.request("PUT", f"/Patient/{resource['id']}", dict, json_body=changed)
        patient: Patient = self._read(fm.read_patient, written)
        return patient

    async def children(self) -> list[ChildAccount]:
        """The children whose accounts this guardian may open: RelatedPerson (the
        guardian) with the child's Patient included."""
        bundle = await self._get("/RelatedPerson", {"_include": "RelatedPerson:patient"})
        return [
            self._read(fm.read_child, e["resource"])
            for e in bundle.get("entry", ())
            if e["resource"].get("resourceType") == "Patient"
        ]

    async def referrals(self) -> list[Referral]:
        found = await self._bundle("/ServiceRequest")
        return [self._read(fm.read_referral, r) for r in found]

    # --- the catalogue ---------------------------------------------------------------------
    async def services(self) -> list[Service]:
        found = await self._bundle("/HealthcareService")
        return [self._read(fm.read_service, r) for r in found]

    async def locality(self, locality_id: int) -> Locality:
        """A locality to search near (FHIR has none: erej-mock's, beside its face), read
        once: `near` needs its position on every search."""
        if locality_id not in self._localities:
            self._localities[locality_id] = await super().locality(locality_id)
        return self._localities[locality_id]

    async def _place(self, criteria: SearchCriteria) -> list[tuple[str, Any]]:
        """The criteria's place as FHIR search parameters."""
        params: list[tuple[str, Any]] = []
        if criteria.locality_id is not None:
            loc = await self.locality(criteria.locality_id)
            radius = f"|{criteria.radius_km}|km" if criteria.radius_km else ""
            params.append(("near", f"{loc.latitude}|{loc.longitude}{radius}"))
        if criteria.voivodeship:
            params.append(("address-state", criteria.voivodeship))
        return params

    async def facilities(
        self, criteria: SearchCriteria, service: str | None = None
    ) -> list[Facility]:
        params = [*await self._place(criteria), ("service-type", service)]
        bundle = await self._get("/Location", params)
        found = []
        for entry in bundle.get("entry", ()):
            facility = self._read(fm.read_location, entry["resource"], fm.distance_of(entry))
            self._locations[facility.id] = facility.model_copy(update={"distance_km": None})
            found.append(facility)
        if criteria.facility_id is not None:
            found = [f for f in found if f.id == criteria.facility_id]
        return found

    async def _location(self, facility_id: int) -> Facility:
        if facility_id not in self._locations:
            resource = await self._get(f"/Location/{facility_id}")
            self._locations[facility_id] = self._read(fm.read_location, resource)
        return self._locations[facility_id]

    # --- slots -----------------------------------------------------------------------------
    async def _slot_search(
        self,
        service: str,
        criteria: SearchCriteria,
        referral_code: str | None,
        count: int,
    ) -> list[tuple[str, Any]]:
        params: list[tuple[str, Any]] = [
            ("service-type", service),
            *await self._place(criteria),
            ("_count", count),
            ("_include", "Slot:schedule"),
            ("_include:iterate", "Schedule:actor"),
        ]
        if criteria.date_from:
            params.append(("start", f"ge{criteria.date_from.isoformat()}"))
        if criteria.date_to:
            params.append(("start", f"le{criteria.date_to.isoformat()}"))
        if criteria.hour_from or criteria.hour_to:
            lo = criteria.hour_from.strftime("%H:%M") if criteria.hour_from else ""
            hi = criteria.hour_to.strftime("%H:%M") if criteria.hour_to else ""
            params.append(("time", f"{lo}-{hi}"))
        if criteria.facility_id is not None:
            params.append(("location", f"Location/{criteria.facility_id}"))
        if referral_code:
            params.append(("based-on", referral_code))
        return params

    async def _slot_page(self, bundle: Json) -> SlotPage:
        entries = [e["resource"] for e in bundle.get("entry", ())]
        for resource in entries:
            if resource.get("resourceType") == "Location":
                facility = self._read(fm.read_location, resource)
                self._locations[facility.id] = facility
        schedules = {
            r["id"]: fm.ref_id(r["actor"][0], "Location")
            for r in entries
            if r.get("resourceType") == "Schedule"
        }
        items = []
        for resource in entries:
            if resource.get("resourceType") != "Slot":
                continue
            schedule = fm.ref_id(resource.get("schedule"), "Schedule") or ""
            location = schedules.get(schedule) or schedule.partition("-")[0]
            facility = await self._location(int(location))
            items.append(self._read(fm.read_slot, resource, facility))
        following = next(
            (link["url"] for link in bundle.get("link", ()) if link.get("relation") == "next"),
            None,
        )
        return SlotPage(items=items, next_cursor=following)

    async def slots(
        self,
        service: str,
        criteria: SearchCriteria,
        *,
        referral_code: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> SlotPage:
        """A page of free slots; the cursor is the bundle's `next` link."""
        if cursor:
            if not cursor.startswith(self.base_url + "/"):
                raise errors.ValidationFailed(self._say("foreign_cursor"))
            return await self._slot_page(await self._get(cursor))
        params = await self._slot_search(service, criteria, referral_code, limit)
        return await self._slot_page(await self._get("/Slot", params))

    async def slot_calendar(
        self, service: str, criteria: SearchCriteria, *, referral_code: str | None = None
    ) -> SlotCalendar:
        """Free slots per day, counted from the Slot pages (at most `CALENDAR_MOST`)."""
        counts: Counter[date] = Counter()
        earliest: dict[date, Any] = {}
        page = await self.slots(service, criteria, referral_code=referral_code, limit=CALENDAR_PAGE)
        seen = 0
        while True:
            for slot in page.items:
                day = slot.start.date()
                counts[day] += 1
                earliest.setdefault(day, slot.start.time())
                earliest[day] = min(earliest[day], slot.start.time())
            seen += len(page.items)
            if not page.next_cursor or seen >= CALENDAR_MOST:
                break
            page = await self.slots(service, criteria, cursor=page.next_cursor)
        return SlotCalendar(
            service=service,
            days=[SlotDay(day=d, free=counts[d], earliest=earliest[d]) for d in sorted(counts)],
        )

    # --- visits ----------------------------------------------------------------------------
    async def _patient_ref(self) -> str:
        if self._patient_id is None:
            await self._me()
        return self._patient_id or ""

    async def _visit(self, resource: Json) -> Appointment:
        facility = await self._location(self._read(fm.location_of, resource))
        visit: Appointment = self._read(fm.read_appointment, resource, facility)
        return visit

    async def book(
        self, slot_id: int, referral_code: str | None = None, *, idempotency_key: str | None = None
    ) -> Appointment:
        """IHE's `$book` where the server offers it, else a conditional create; either
        way a retry with the key replays rather than books twice."""
        key = idempotency_key or new_idempotency_key()
        resource = fm.booking_resource(slot_id, await self._patient_ref(), referral_code)
        if self._operations is None:
            await self.health()
        if "book" in (self._operations or ()):
            parameters = {
                "resourceType": "Parameters",
                "parameter": [{"name": "appointment-resource", "resource": resource}],
            }
            answer = await self.request(
                "POST", "/Appointment/$book", dict, json_body=parameters, idempotency_key=key
            )
            written = next(
                (r for r in _resources(answer) if r.get("resourceType") == "Appointment"), {}
            )
        else:
            written = await self._create(resource, key)
        return await self._visit(written)

    async def _create(self, resource: Json, key: str) -> Json:
        """A conditional create: the key as the identifier searched, so that a retry finds
        the first answer rather than making a second."""
        written: Json = await self.request(
            "POST",
            "/Appointment",
            dict,
            json_body=resource,
            idempotency_key=key,
            headers={"If-None-Exist": f"identifier={fm.KEY_SYSTEM}|{key}"},
        )
        return written

    async def appointments(self, status: AppointmentStatus | None = None) -> list[Appointment]:
        params = {"status": fm.VISIT_STATUS[status]} if status else None
        found = await self._bundle("/Appointment", params)
        visits = [await self._visit(r) for r in found if not _is_waiting(r)]
        return [v for v in visits if status is None or v.status is status]

    async def appointment(self, appointment_id: int) -> Appointment:
        return await self._visit(await self._get(f"/Appointment/{appointment_id}"))

    async def _change(self, resource_id: str, change: Json, key: str | None) -> Json:
        """An update of what was read, naming its version: another client's change in
        between is refused (412) rather than overwritten."""
        current = await self._get(f"/Appointment/{resource_id}")
        headers = {}
        version = current.get("meta", {}).get("versionId")
        if version:
            headers["If-Match"] = f'W/"{version}"'
        changed: Json = await self.request(
            "PUT",
            f"/Appointment/{resource_id}",
            dict,
            json_body={**current, **change},
            idempotency_key=key,
            headers=headers,
        )
        return changed

    async def reschedule(
        self, appointment_id: int, slot_id: int, *, idempotency_key: str | None = None
    ) -> Appointment:
        change = {"status": "booked", "slot": [{"reference": f"Slot/{slot_id}"}]}
        key = idempotency_key or new_idempotency_key()
        return await self._visit(await self._change(str(appointment_id), change, key))

    async def cancel(
        self, appointment_id: int, *, idempotency_key: str | None = None
    ) -> Appointment:
        key = idempotency_key or new_idempotency_key()
        changed = await self._change(str(appointment_id), {"status": "cancelled"}, key)
        return await self._visit(changed)

    # --- the waiting room ------------------------------------------------------------------
    async def join_waitlist(
        self, request: WaitlistRequest, *, idempotency_key: str | None = None
    ) -> WaitlistEntry:
        key = idempotency_key or new_idempotency_key()
        resource = fm.waitlist_request_resource(request, await self._patient_ref())
        written = await self._create(resource, key)
        entry: WaitlistEntry = self._read(fm.read_waitlist, written)
        return entry

    async def waitlist_forecast(
        self, service: str, criteria: SearchCriteria, referral_code: str | None = None
    ) -> WaitlistForecast:
        request = WaitlistRequest(
            **criteria.model_dump(exclude_none=True), service=service, referral_code=referral_code
        )
        parameters = {
            "resourceType": "Parameters",
            "parameter": [
                {
                    "name": "appointment",
                    "resource": fm.waitlist_request_resource(request, await self._patient_ref()),
                }
            ],
        }
        answer = await self.request(
            "POST", "/Appointment/$waitlist-forecast", dict, json_body=parameters
        )
        forecast: WaitlistForecast = self._read(fm.read_forecast, answer)
        return forecast

    async def waitlist(self) -> list[WaitlistEntry]:
        found = await self._bundle("/Appointment")
        return [self._read(fm.read_waitlist, r) for r in found if _is_waiting(r)]

    async def waitlist_entry(self, entry_id: int) -> WaitlistEntry:
        resource = await self._get(f"/Appointment/{fm.WAIT_PREFIX}{entry_id}")
        entry: WaitlistEntry = self._read(fm.read_waitlist, resource)
        return entry

    async def leave_waitlist(self, entry_id: int) -> WaitlistEntry:
        changed = await self._change(f"{fm.WAIT_PREFIX}{entry_id}", {"status": "cancelled"}, None)
        entry: WaitlistEntry = self._read(fm.read_waitlist, changed)
        return entry

    # --- messages --------------------------------------------------------------------------
    async def notifications(
        self, *, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]:
        found = await self._bundle("/Communication", {"_count": limit})
        notes = [self._read(fm.read_communication, r) for r in found]
        return [n for n in notes if after_id is None or n.id > after_id]


def _resources(bundle: Json) -> list[Json]:
    return [
        e["resource"]
        for e in bundle.get("entry", ())
        if e.get("search", {}).get("mode", "match") == "match"
    ]


def _is_waiting(resource: Json) -> bool:
    return str(resource.get("id", "")).startswith(fm.WAIT_PREFIX)
