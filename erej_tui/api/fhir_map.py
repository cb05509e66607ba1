"""The contract in FHIR R4, both ways: what the mock's FHIR face serves (`*_resource`)
and what the FHIR client reads back (`read_*`), in one place, so that the two cannot
drift apart (tests/api/test_fhir_map.py sends every model there and back).

Standard elements carry what FHIR has a place for: PESEL as the Patient's identifier
(HL7 Poland PL Base), names, telecom, addresses, positions, opening hours, Slot and
Appointment statuses, the e-referral as `basedOn` a ServiceRequest by its identifier,
notifications as Communication, errors as OperationOutcome. What CeR has and FHIR does
not (eligibility's date, the visit's number and history, the waiting room's criteria and
forecast) goes in extensions under `EXT`. Plain JSON: no FHIR library at run time; the
tests validate every resource with fhir.resources.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from . import errors
from .models import (
    Accessibility,
    Address,
    Appointment,
    AppointmentStatus,
    CancelledBy,
    Channel,
    ChildAccount,
    Contact,
    ContactUpdate,
    Eligibility,
    Facility,
    HistoryEvent,
    Notification,
    OpeningHours,
    Patient,
    Problem,
    Referral,
    ReferralStatus,
    SearchCriteria,
    Service,
    Slot,
    Urgency,
    WaitlistEntry,
    WaitlistForecast,
    WaitlistOutlook,
    WaitlistRequest,
    WaitlistStatus,
)
from .pesel import Sex

MEDIA_TYPE = "application/fhir+json"
PESEL_SYSTEM = "urn:oid:2.16.840.1.113883.3.4424.1.1.616"
"""PESEL in HL7 Poland's PL Base implementation guide."""
BASE = "https://erej-tui.invalid/fhir/"
EXT = BASE + "StructureDefinition/"
SERVICE_SYSTEM = BASE + "CodeSystem/service"
NUMBER_SYSTEM = BASE + "NamingSystem/visit-number"
REFERRAL_SYSTEM = BASE + "NamingSystem/e-referral"
TERYT_SYSTEM = BASE + "NamingSystem/teryt"
PROBLEM_SYSTEM = errors.PROBLEM_BASE.rstrip("/")
KEY_SYSTEM = BASE + "NamingSystem/idempotency-key"
DISTANCE = "http://hl7.org/fhir/StructureDefinition/location-distance"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Appointment.status for the contract's statuses, and the waiting room's.
VISIT_STATUS = {
    AppointmentStatus.BOOKED: "booked",
    AppointmentStatus.CANCELLED: "cancelled",
    AppointmentStatus.COMPLETED: "fulfilled",
    AppointmentStatus.NO_SHOW: "noshow",
}
WAIT_STATUS = {
    WaitlistStatus.WAITING: "waitlist",
    WaitlistStatus.ASSIGNED: "fulfilled",
    WaitlistStatus.EXPIRED: "cancelled",
    WaitlistStatus.LEFT: "cancelled",
}
# The FHIR issue type of each HTTP status our problems use.
ISSUE_CODE = {
    400: "structure",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    410: "deleted",
    412: "conflict",
    422: "business-rule",
    428: "required",
    429: "throttled",
}

Json = dict[str, Any]


# --- small pieces ----------------------------------------------------------------------------
def ext(name: str, value: Any) -> Json:
    """One extension of ours, its value typed by the Python value."""
    url = EXT + name
    if isinstance(value, bool):
        return {"url": url, "valueBoolean": value}
    if isinstance(value, int):
        return {"url": url, "valueInteger": value}
    if isinstance(value, float):
        return {"url": url, "valueDecimal": value}
    if isinstance(value, datetime):
        return {"url": url, "valueDateTime": value.isoformat()}
    if isinstance(value, date):
        return {"url": url, "valueDate": value.isoformat()}
    if isinstance(value, list):  # a complex extension: (name, value) pairs
        return {"url": url, "extension": [ext(k, v) for k, v in value if v is not None]}
    return {"url": url, "valueString": str(value)}


def exts(**values: Any) -> list[Json]:
    """Extensions for the values that are not None."""
    return [ext(name.replace("_", "-"), v) for name, v in values.items() if v is not None]


def ext_value(resource: Json, name: str, default: Any = None) -> Any:
    """The value of our extension `name` on `resource` (a complex one as its dict)."""
    for item in resource.get("extension", ()):
        if item.get("url") == EXT + name:
            if "extension" in item:
                return {sub["url"].removeprefix(EXT): _value(sub) for sub in item["extension"]}
            return _value(item)
    return default


def ext_values(resource: Json, name: str) -> list[Any]:
    return [
        _value(item) if "extension" not in item else ext_value({"extension": [item]}, name)
        for item in resource.get("extension", ())
        if item.get("url") == EXT + name
    ]


def _value(item: Json) -> Any:
    for key, value in item.items():
        if key.startswith("value"):
            return value
    return None


def coding(system: str, code: str, display: str | None = None) -> Json:
    found = {"system": system, "code": code}
    return {**found, "display": display} if display else found


def concept(system: str, code: str, display: str | None = None) -> Json:
    return {"coding": [coding(system, code, display)]}


def code_of(value: Json | None, system: str) -> str | None:
    for c in (value or {}).get("coding", ()):
        if c.get("system") == system and c.get("code") is not None:
            return str(c["code"])
    return None


def ref_id(reference: Json | None, kind: str) -> str | None:
    """The id in a reference `kind/id`."""
    text = (reference or {}).get("reference", "")
    head, _, tail = text.rpartition("/")
    return tail if head.endswith(kind) and tail else None


def number_id(resource_id: str, prefix: str = "") -> int:
    """The contract's number id of a FHIR id ("12", or "w12" for a waiting entry)."""
    return int(resource_id.removeprefix(prefix))


# --- Patient -----------------------------------------------------------------------------------
def _telecom(contact: Contact) -> list[Json]:
    """Contact data as Patient.telecom: each point says whether messages go to it."""
    telecom = []
    if contact.phone:
        telecom.append(
            {
                "system": "phone",
                "value": contact.phone,
                "use": "mobile",
                "extension": exts(notify=Channel.SMS in contact.channels),
            }
        )
    if contact.email:
        telecom.append(
            {
                "system": "email",
                "value": contact.email,
                "extension": exts(notify=Channel.EMAIL in contact.channels),
            }
        )
    return telecom


def patient_resource(patient: Patient, resource_id: str) -> Json:
    telecom = _telecom(patient.contact)
    return {
        "resourceType": "Patient",
        "id": resource_id,
        "identifier": [{"system": PESEL_SYSTEM, "value": patient.pesel}],
        "name": [{"family": patient.last_name, "given": [patient.first_name]}],
        "gender": "female" if patient.sex is Sex.FEMALE else "male",
        "birthDate": patient.birth_date.isoformat(),
        "telecom": telecom,
        "extension": exts(
            priority_rights=patient.priority_rights or None,
            acting_guardian=patient.acting_guardian,
        ),
    }


def read_patient(resource: Json) -> Patient:
    pesel = next(i["value"] for i in resource["identifier"] if i.get("system") == PESEL_SYSTEM)
    name = resource["name"][0]
    return Patient(
        pesel=pesel,
        first_name=name["given"][0],
        last_name=name["family"],
        sex=Sex.FEMALE if resource.get("gender") == "female" else Sex.MALE,
        birth_date=date.fromisoformat(resource["birthDate"]),
        contact=contact_of(resource),
        priority_rights=ext_value(resource, "priority-rights", False),
        acting_guardian=ext_value(resource, "acting-guardian"),
    )


def contact_of(resource: Json) -> Contact:
    """A Patient's telecom as contact data: the phone and e-mail, and which get messages."""
    phone = email = None
    channels = []
    for point in resource.get("telecom", ()):
        notify = ext_value(point, "notify", False)
        if point.get("system") == "phone":
            phone = point["value"]
            if notify:
                channels.append(Channel.SMS)
        elif point.get("system") == "email":
            email = point["value"]
            if notify:
                channels.append(Channel.EMAIL)
    return Contact(phone=phone, email=email, channels=sorted(channels))


def with_contact(resource: Json, update: ContactUpdate) -> Json:
    """The Patient with the contact data changed as `update` says (what it leaves out
    stays as it was; an empty string clears a field)."""
    contact = contact_of(resource).model_copy(update=update.model_dump(exclude_unset=True))
    return {**resource, "telecom": _telecom(contact)}


def contact_update(resource: Json) -> ContactUpdate:
    """A Patient's telecom as the whole new contact data (an absent point is cleared)."""
    contact = contact_of(resource)
    return ContactUpdate(
        phone=contact.phone or "", email=contact.email or "", channels=contact.channels
    )


# --- the e-referrals (ServiceRequest) and children's accounts (RelatedPerson) ---------------
REFERRAL_STATUS = {
    ReferralStatus.UNUSED: "active",
    ReferralStatus.BOOKED: "active",
    ReferralStatus.REALISED: "completed",
    ReferralStatus.EXPIRED: "revoked",
}


def referral_resource(referral: Referral, patient_id: str) -> Json:
    return {
        "resourceType": "ServiceRequest",
        "id": referral.code,
        "identifier": [{"system": REFERRAL_SYSTEM, "value": referral.code}],
        "status": REFERRAL_STATUS[referral.status],
        "intent": "order",
        "priority": "urgent" if referral.urgency is Urgency.URGENT else "routine",
        "code": concept(SERVICE_SYSTEM, referral.service, referral.service_name),
        "subject": {"reference": f"Patient/{patient_id}"},
        "authoredOn": referral.issued_on.isoformat(),
        "requester": {"display": referral.issued_by},
        "extension": exts(
            service_name_en=referral.service_name_en or None,
            referral_status=referral.status.value,
            valid_until=referral.valid_until,
            appointment_number=referral.appointment_number,
            waitlist=referral.waitlist_id,
        ),
    }


def read_referral(resource: Json) -> Referral:
    code = resource["code"]["coding"][0]
    return Referral(
        code=resource["identifier"][0]["value"],
        service=code["code"],
        service_name=code.get("display", ""),
        service_name_en=ext_value(resource, "service-name-en", ""),
        issued_on=date.fromisoformat(resource["authoredOn"][:10]),
        issued_by=resource.get("requester", {}).get("display", ""),
        urgency=Urgency.URGENT if resource.get("priority") == "urgent" else Urgency.STABLE,
        status=ReferralStatus(
            ext_value(resource, "referral-status")
            or {"completed": "realised", "revoked": "expired"}.get(resource["status"], "unused")
        ),
        valid_until=ext_value(resource, "valid-until"),
        appointment_number=ext_value(resource, "appointment-number"),
        waitlist_id=ext_value(resource, "waitlist"),
    )


def child_resources(child: ChildAccount, child_id: str, guardian_id: str) -> tuple[Json, Json]:
    """A child whose account the guardian may open: the guardian as the child's
    RelatedPerson, and the child's Patient (what `_include=RelatedPerson:patient` brings)."""
    related = {
        "resourceType": "RelatedPerson",
        "id": f"{guardian_id}-{child_id}",
        "active": True,
        "patient": {"reference": f"Patient/{child_id}"},
        "relationship": [
            concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "GUARD", "guardian")
        ],
        "extension": exts(guardian=f"Patient/{guardian_id}"),
    }
    patient = {
        "resourceType": "Patient",
        "id": child_id,
        "identifier": [{"system": PESEL_SYSTEM, "value": child.pesel}],
        "name": [{"family": child.last_name, "given": [child.first_name]}],
        "birthDate": child.birth_date.isoformat(),
    }
    return related, patient


def read_child(patient: Json) -> ChildAccount:
    name = patient["name"][0]
    return ChildAccount(
        pesel=next(i["value"] for i in patient["identifier"] if i.get("system") == PESEL_SYSTEM),
        first_name=name["given"][0],
        last_name=name["family"],
        birth_date=date.fromisoformat(patient["birthDate"]),
    )


# --- HealthcareService -------------------------------------------------------------------------
def service_resource(service: Service) -> Json:
    eligibility = service.eligibility
    return {
        "resourceType": "HealthcareService",
        "id": service.code,
        "active": True,
        "type": [concept(SERVICE_SYSTEM, service.code, service.name)],
        "category": [concept(BASE + "CodeSystem/service-kind", service.kind.value)],
        "name": service.name,
        "eligibility": [
            {
                "code": concept(
                    BASE + "CodeSystem/eligibility",
                    "eligible" if eligibility.eligible else (eligibility.reason or "not"),
                ),
                **({"comment": eligibility.detail} if eligibility.detail else {}),
            }
        ],
        "appointmentRequired": True,
        "extension": exts(
            name_en=service.name_en,
            requires_referral=service.requires_referral,
            waitlist_days=service.waitlist_days,
            eligible_from=eligibility.eligible_from,
            live_from=service.live_from,
            stage=service.stage,
            terms=service.terms,
            active_appointment=service.active_appointment_id,
            active_appointment_number=service.active_appointment_number,
            active_waitlist=service.active_waitlist_id,
        ),
    }


def read_service(resource: Json) -> Service:
    code = resource["eligibility"][0]["code"]["coding"][0]["code"]
    eligible = code == "eligible"
    return Service(
        code=resource["id"],
        name=resource["name"],
        name_en=ext_value(resource, "name-en", resource["name"]),
        kind=resource["category"][0]["coding"][0]["code"],
        requires_referral=ext_value(resource, "requires-referral", False),
        waitlist_days=ext_value(resource, "waitlist-days", 40),
        eligibility=Eligibility(
            eligible=eligible,
            reason=None if eligible or code == "not" else code,
            detail=resource["eligibility"][0].get("comment"),
            eligible_from=ext_value(resource, "eligible-from"),
        ),
        live_from=ext_value(resource, "live-from"),
        stage=ext_value(resource, "stage", 1),
        terms=ext_value(resource, "terms"),
        active_appointment_id=ext_value(resource, "active-appointment"),
        active_appointment_number=ext_value(resource, "active-appointment-number"),
        active_waitlist_id=ext_value(resource, "active-waitlist"),
    )


# --- Location and Organization -----------------------------------------------------------------
ACCESSIBLE = ("toilet", "ramp", "car_park", "elevator")


def location_resource(facility: Facility) -> Json:
    return {
        "resourceType": "Location",
        "id": str(facility.id),
        "status": "active",
        "name": facility.name,
        "identifier": [{"system": TERYT_SYSTEM, "value": facility.teryt}],
        "telecom": [{"system": "phone", "value": facility.phone}],
        "address": {
            "line": [facility.address.street],
            "postalCode": facility.address.postal_code,
            "city": facility.address.locality,
            "state": facility.address.voivodeship,
            "country": "PL",
        },
        "position": {"latitude": facility.latitude, "longitude": facility.longitude},
        "managingOrganization": {
            "reference": f"Organization/{facility.id}",
            "display": facility.provider,
        },
        "hoursOfOperation": [
            {
                "daysOfWeek": [WEEKDAYS[h.weekday - 1]],
                "openingTime": h.opens.isoformat(),
                "closingTime": h.closes.isoformat(),
            }
            for h in facility.opening_hours
        ],
        "extension": [
            *(ext("offers", code) for code in facility.services),
            *(
                ext("accessible", name.replace("_", "-"))
                for name in ACCESSIBLE
                if getattr(facility.accessibility, name)
            ),
        ],
    }


def organization_resource(facility: Facility) -> Json:
    return {
        "resourceType": "Organization",
        "id": str(facility.id),
        "active": True,
        "name": facility.provider,
        "telecom": [{"system": "phone", "value": facility.phone}],
    }


def read_location(resource: Json, distance_km: float | None = None) -> Facility:
    address = resource["address"]
    accessible = set(ext_values(resource, "accessible"))
    return Facility(
        id=int(resource["id"]),
        name=resource["name"],
        provider=resource.get("managingOrganization", {}).get("display", ""),
        address=Address(
            street=address["line"][0],
            postal_code=address["postalCode"],
            locality=address["city"],
            voivodeship=address["state"],
        ),
        phone=next(t["value"] for t in resource["telecom"] if t["system"] == "phone"),
        teryt=next(i["value"] for i in resource["identifier"] if i["system"] == TERYT_SYSTEM),
        latitude=resource["position"]["latitude"],
        longitude=resource["position"]["longitude"],
        accessibility=Accessibility(
            **{name: name.replace("_", "-") in accessible for name in ACCESSIBLE}
        ),
        services=ext_values(resource, "offers"),
        opening_hours=[
            OpeningHours(
                weekday=WEEKDAYS.index(h["daysOfWeek"][0]) + 1,
                opens=time.fromisoformat(h["openingTime"]),
                closes=time.fromisoformat(h["closingTime"]),
            )
            for h in resource.get("hoursOfOperation", ())
        ],
        distance_km=distance_km,
    )


def distance_of(entry: Json) -> float | None:
    """The distance a `Location?near=` search gives an entry (FHIR's location-distance)."""
    for item in entry.get("search", {}).get("extension", ()):
        if item.get("url") == DISTANCE:
            return float(item["valueDistance"]["value"])
    return None


def distance_entry(distance_km: float | None) -> Json:
    search: Json = {"mode": "match"}
    if distance_km is not None:
        search["extension"] = [
            {
                "url": DISTANCE,
                "valueDistance": {
                    "value": distance_km,
                    "unit": "km",
                    "system": "http://unitsofmeasure.org",
                    "code": "km",
                },
            }
        ]
    return search


# --- Schedule and Slot -------------------------------------------------------------------------
def schedule_id(facility_id: int, service: str) -> str:
    return f"{facility_id}-{service}"


def schedule_resource(facility: Facility, service: str) -> Json:
    return {
        "resourceType": "Schedule",
        "id": schedule_id(facility.id, service),
        "active": True,
        "serviceType": [concept(SERVICE_SYSTEM, service)],
        "actor": [
            {"reference": f"Location/{facility.id}", "display": facility.name},
            {"reference": f"HealthcareService/{service}"},
        ],
    }


def slot_resource(slot: Slot, free: bool = True) -> Json:
    return {
        "resourceType": "Slot",
        "id": str(slot.id),
        "schedule": {"reference": f"Schedule/{schedule_id(slot.facility.id, slot.service)}"},
        "serviceType": [concept(SERVICE_SYSTEM, slot.service)],
        "status": "free" if free else "busy",
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "extension": exts(distance_km=slot.distance_km),
    }


def read_slot(resource: Json, facility: Facility) -> Slot:
    distance = ext_value(resource, "distance-km")
    return Slot(
        id=int(resource["id"]),
        service=code_of(resource["serviceType"][0], SERVICE_SYSTEM) or "",
        start=datetime.fromisoformat(resource["start"]),
        end=datetime.fromisoformat(resource["end"]),
        facility=facility.model_copy(update={"distance_km": distance}),
        distance_km=distance,
    )


# --- Appointment: a visit ----------------------------------------------------------------------
def version_of(appointment: Appointment | WaitlistEntry) -> str:
    """The version for ETag and If-Match. A visit: every change adds to its history. A
    place in the waiting room changes once, from waiting to assigned, expired or left (its
    position moves with other patients' entries and is no change of hers)."""
    if isinstance(appointment, WaitlistEntry):
        return "1" if appointment.status is WaitlistStatus.WAITING else "2"
    return str(len(appointment.history) + 1)


def patient_ref(patient_id: str) -> Json:
    return {"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"}


def appointment_resource(visit: Appointment, patient_id: str) -> Json:
    resource: Json = {
        "resourceType": "Appointment",
        "id": str(visit.id),
        "meta": {"versionId": version_of(visit)},
        "identifier": [{"system": NUMBER_SYSTEM, "value": visit.number}],
        "status": VISIT_STATUS[visit.status],
        "serviceType": [concept(SERVICE_SYSTEM, visit.service, visit.service_name)],
        "start": visit.start.isoformat(),
        "end": visit.end.isoformat(),
        "created": visit.created_at.isoformat(),
        "participant": [
            patient_ref(patient_id),
            {
                "actor": {"reference": f"Location/{visit.facility.id}"},
                "status": "accepted",
            },
        ],
        "extension": [
            *exts(
                service_name_en=visit.service_name_en,
                source=visit.source.value,
                follow_up=visit.follow_up or None,
                booked_via=visit.booked_via.value if visit.booked_via else None,
                cancelled_at=visit.cancelled_at,
            ),
            *(
                ext(
                    "history",
                    [
                        ("at", e.at),
                        ("kind", e.kind),
                        ("detail", e.detail),
                        ("actor", e.actor),
                        ("staff", e.staff),
                    ],
                )
                for e in visit.history
            ),
        ],
    }
    if visit.slot_id is not None:
        resource["slot"] = [{"reference": f"Slot/{visit.slot_id}"}]
    if visit.referral_code:
        resource["basedOn"] = based_on(visit.referral_code)
    if visit.cancelled_by:
        resource["cancelationReason"] = concept(
            "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason",
            "pat" if visit.cancelled_by.value == "patient" else "prov",
        )
    return resource


def based_on(referral_code: str | None) -> list[Json]:
    """The e-referral a visit or a waiting place is for, as `basedOn`."""
    if not referral_code:
        return []
    return [
        {
            "type": "ServiceRequest",
            "identifier": {"system": REFERRAL_SYSTEM, "value": referral_code},
        }
    ]


def booking_resource(slot_id: int, patient_id: str, referral_code: str | None) -> Json:
    """What a client posts to book a slot."""
    resource: Json = {
        "resourceType": "Appointment",
        "status": "booked",
        "slot": [{"reference": f"Slot/{slot_id}"}],
        "participant": [patient_ref(patient_id)],
    }
    if referral_code:
        resource["basedOn"] = based_on(referral_code)
    return resource


def waitlist_request_resource(request: WaitlistRequest, patient_id: str) -> Json:
    """What a client posts to join the waiting room: the period requested, the rest of
    the criteria in our extension."""
    criteria = request.model_dump(
        mode="json", exclude_none=True, exclude={"service", "referral_code", "date_from", "date_to"}
    )
    period = {
        name: getattr(request, field).isoformat()
        for name, field in (("start", "date_from"), ("end", "date_to"))
        if getattr(request, field)
    }
    resource: Json = {
        "resourceType": "Appointment",
        "status": "waitlist",
        "serviceType": [concept(SERVICE_SYSTEM, request.service)],
        "participant": [patient_ref(patient_id)],
        "extension": [ext("criteria", json.dumps(criteria))],
    }
    if period:
        resource["requestedPeriod"] = [period]
    if request.referral_code:
        resource["basedOn"] = based_on(request.referral_code)
    return resource


def forecast_resource(
    forecast: WaitlistForecast, request: WaitlistRequest, patient_id: str
) -> Json:
    """What joining would give, as the waiting place that would be made (not stored)."""
    resource = waitlist_request_resource(request, patient_id)
    resource["extension"] += exts(
        position=forecast.position,
        predicted_date=forecast.predicted_date,
        expires_at=forecast.expires_at,
        outlook=forecast.outlook.model_dump_json() if forecast.outlook else None,
    )
    return resource


def read_forecast(resource: Json) -> WaitlistForecast:
    outlook = ext_value(resource, "outlook")
    return WaitlistForecast(
        position=ext_value(resource, "position"),
        predicted_date=ext_value(resource, "predicted-date"),
        expires_at=ext_value(resource, "expires-at"),
        outlook=WaitlistOutlook.model_validate_json(outlook) if outlook else None,
    )


def referral_of(resource: Json) -> str | None:
    for based in resource.get("basedOn", ()):
        identifier = based.get("identifier", {})
        if identifier.get("system") == REFERRAL_SYSTEM and identifier.get("value"):
            return str(identifier["value"])
    return None


def location_of(resource: Json) -> int:
    for p in resource.get("participant", ()):
        found = ref_id(p.get("actor"), "Location")
        if found:
            return int(found)
    raise ValueError("an appointment without a Location")


def read_appointment(resource: Json, facility: Facility) -> Appointment:
    status = {v: k for k, v in VISIT_STATUS.items()}[resource["status"]]
    reason = code_of(
        resource.get("cancelationReason"),
        "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason",
    )
    return Appointment(
        id=int(resource["id"]),
        number=next(i["value"] for i in resource["identifier"] if i["system"] == NUMBER_SYSTEM),
        service=code_of(resource["serviceType"][0], SERVICE_SYSTEM) or "",
        service_name=resource["serviceType"][0]["coding"][0].get("display", ""),
        service_name_en=ext_value(resource, "service-name-en"),
        status=status,
        start=datetime.fromisoformat(resource["start"]),
        end=datetime.fromisoformat(resource["end"]),
        facility=facility,
        slot_id=int(slot) if (slot := ref_id((resource.get("slot") or [{}])[0], "Slot")) else None,
        referral_code=referral_of(resource),
        source=ext_value(resource, "source"),
        created_at=datetime.fromisoformat(resource["created"]),
        cancelled_at=ext_value(resource, "cancelled-at"),
        cancelled_by=None
        if reason is None
        else (CancelledBy.PATIENT if reason == "pat" else CancelledBy.FACILITY),
        follow_up=ext_value(resource, "follow-up", False),
        booked_via=ext_value(resource, "booked-via"),
        history=[HistoryEvent.model_validate(h) for h in ext_values(resource, "history")],
    )


# --- Appointment: a place in the waiting room --------------------------------------------------
WAIT_PREFIX = "w"


def waitlist_resource(entry: WaitlistEntry, patient_id: str) -> Json:
    criteria = entry.criteria
    period: Json = {"start": (criteria.date_from or entry.created_at.date()).isoformat()}
    period["end"] = (criteria.date_to or entry.expires_at.date()).isoformat()
    resource: Json = {
        "resourceType": "Appointment",
        "id": f"{WAIT_PREFIX}{entry.id}",
        "meta": {"versionId": version_of(entry)},
        "status": WAIT_STATUS[entry.status],
        "serviceType": [concept(SERVICE_SYSTEM, entry.service, entry.service_name)],
        "created": entry.created_at.isoformat(),
        "requestedPeriod": [period],
        "participant": [patient_ref(patient_id)],
        "extension": exts(
            service_name_en=entry.service_name_en,
            waitlist_status=entry.status.value,
            criteria=criteria.model_dump_json(exclude_none=True),
            position=entry.position,
            predicted_date=entry.predicted_date,
            expires_at=entry.expires_at,
            appointment=entry.appointment_id,
            appointment_number=entry.appointment_number,
            urgency=entry.urgency.value if entry.urgency else None,
            outlook=entry.outlook.model_dump_json() if entry.outlook else None,
        ),
    }
    if entry.referral_code:
        resource["basedOn"] = based_on(entry.referral_code)
    return resource


def read_waitlist(resource: Json) -> WaitlistEntry:
    outlook = ext_value(resource, "outlook")
    return WaitlistEntry(
        id=number_id(resource["id"], WAIT_PREFIX),
        service=code_of(resource["serviceType"][0], SERVICE_SYSTEM) or "",
        service_name=resource["serviceType"][0]["coding"][0].get("display", ""),
        service_name_en=ext_value(resource, "service-name-en"),
        criteria=SearchCriteria.model_validate_json(ext_value(resource, "criteria", "{}")),
        status=ext_value(resource, "waitlist-status"),
        position=ext_value(resource, "position"),
        predicted_date=ext_value(resource, "predicted-date"),
        created_at=datetime.fromisoformat(resource["created"]),
        expires_at=ext_value(resource, "expires-at"),
        appointment_id=ext_value(resource, "appointment"),
        appointment_number=ext_value(resource, "appointment-number"),
        referral_code=referral_of(resource),
        urgency=ext_value(resource, "urgency"),
        outlook=WaitlistOutlook.model_validate_json(outlook) if outlook else None,
    )


# --- Communication -----------------------------------------------------------------------------
def communication_resource(note: Notification, patient_id: str) -> Json:
    about = []
    if note.appointment_id:
        about.append({"reference": f"Appointment/{note.appointment_id}"})
    if note.waitlist_id:
        about.append({"reference": f"Appointment/{WAIT_PREFIX}{note.waitlist_id}"})
    return {
        "resourceType": "Communication",
        "id": str(note.id),
        "status": "completed",
        "medium": [
            concept(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode",
                "SMSWRIT" if note.channel is Channel.SMS else "EMAILWRIT",
            )
        ],
        "category": [concept(BASE + "CodeSystem/notification", note.kind.value)],
        "subject": {"reference": f"Patient/{patient_id}"},
        "sent": note.created_at.isoformat(),
        "about": about,
        "payload": [{"contentString": note.body}],
        "extension": exts(recipient=note.recipient, subject=note.subject),
    }


def read_communication(resource: Json) -> Notification:
    about = {a["reference"] for a in resource.get("about", ())}
    visit = next((a for a in about if not a.split("/")[1].startswith(WAIT_PREFIX)), None)
    wait = next((a for a in about if a.split("/")[1].startswith(WAIT_PREFIX)), None)
    medium = resource["medium"][0]["coding"][0]["code"]
    return Notification(
        id=int(resource["id"]),
        channel=Channel.SMS if medium == "SMSWRIT" else Channel.EMAIL,
        recipient=ext_value(resource, "recipient", ""),
        kind=resource["category"][0]["coding"][0]["code"],
        subject=ext_value(resource, "subject"),
        body=resource["payload"][0]["contentString"],
        created_at=datetime.fromisoformat(resource["sent"]),
        appointment_id=int(visit.split("/")[1]) if visit else None,
        waitlist_id=number_id(wait.split("/")[1], WAIT_PREFIX) if wait else None,
    )


# --- OperationOutcome --------------------------------------------------------------------------
def outcome_resource(problem: Problem) -> Json:
    """A problem document as an OperationOutcome: the FHIR issue type for its status, and
    our problem type as the details' coding, so that a client gets the same typed error."""
    issue: Json = {
        "severity": "error",
        "code": ISSUE_CODE.get(problem.status, "exception"),
        "details": {
            "coding": [coding(PROBLEM_SYSTEM, problem.code or problem.type.rsplit("/", 1)[-1])],
            "text": problem.detail or problem.title,
        },
        "diagnostics": problem.title,
    }
    if problem.model_extra:  # the rule's own fields (the visit in the way, the fields, …)
        issue["extension"] = [ext("problem", json.dumps(problem.model_extra, default=str))]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def read_outcome(resource: Json, status: int) -> Problem:
    """The problem an OperationOutcome stands for: ours by its coding, any other server's
    by its status and text."""
    issue = (resource.get("issue") or [{}])[0]
    details = issue.get("details") or {}
    slug = code_of(details, PROBLEM_SYSTEM) or "fhir-" + str(issue.get("code", "exception"))
    text = details.get("text") or issue.get("diagnostics") or ""
    extra = json.loads(ext_value(issue, "problem", "{}"))
    return Problem.model_validate(
        {
            **(extra if isinstance(extra, dict) else {}),
            "type": errors.PROBLEM_BASE + slug,
            "title": issue.get("diagnostics") or text,
            "status": status,
            "detail": text,
            "code": slug,
        }
    )


def operations(statement: Json, kind: str) -> frozenset[str]:
    """The operations a CapabilityStatement offers on resources of `kind` ("book", …)."""
    found: set[str] = set()
    for rest in statement.get("rest", ()):
        for resource in rest.get("resource", ()):
            if resource.get("type") == kind:
                found.update(op.get("name", "") for op in resource.get("operation", ()))
    return frozenset(found - {""})


def bundle(
    entries: list[Json], *, total: int | None = None, links: list[Json] | None = None
) -> Json:
    found: Json = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
    if total is not None:
        found["total"] = total
    if links:
        found["link"] = links
    return found


def entry(resource: Json, mode: str = "match", search: Json | None = None) -> Json:
    return {
        "fullUrl": f"{resource['resourceType']}/{resource['id']}",
        "resource": resource,
        "search": search or {"mode": mode},
    }
