"""Bad input of every kind is a 4xx problem+json, never a 500; the OpenAPI document
describes every operation and every error."""

import pytest

from erej_tui.api.errors import error_classes
from tests.support import assert_problem


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "slug"),
    [
        ("post", "/appointments", {"content": b"{not json"}, 400, "malformed-request"),
        ("post", "/appointments", {"json": {"slot_id": "abc"}}, 422, "validation-error"),
        ("post", "/appointments", {"json": {}}, 422, "validation-error"),
        ("post", "/appointments", {"json": [1, 2]}, 422, "validation-error"),
        ("post", "/appointments", {"json": {"slot_id": 1, "extra": 1}}, 422, "validation-error"),
        ("get", "/appointments/abc", {}, 422, "validation-error"),
        ("get", "/appointments/999999", {}, 404, "not-found"),
        ("get", "/appointments", {"params": {"status": "lost"}}, 422, "validation-error"),
        ("post", "/appointments/999999/cancel", {}, 404, "not-found"),
        ("post", "/appointments/999999/reschedule", {"json": {"slot_id": 1}}, 404, "not-found"),
        ("delete", "/waitlist/999999", {}, 404, "not-found"),
        (
            "post",
            "/waitlist",
            {"json": {"service": "cytologia", "date_from": "2020-01-01"}},
            422,
            "validation-error",
        ),
        (
            "post",
            "/waitlist",
            {"json": {"service": "cytologia", "hour_from": "15:00", "hour_to": "08:00"}},
            422,
            "validation-error",
        ),
        ("post", "/waitlist", {"json": {"service": "nope"}}, 404, "not-found"),
        ("patch", "/me/contact", {"json": {"channels": ["fax"]}}, 422, "validation-error"),
        ("get", "/nowhere", {}, 404, "not-found"),
        ("put", "/services", {}, 405, "method-not-allowed"),
        ("get", "/localities", {}, 422, "validation-error"),
        ("get", "/localities", {"params": {"q": "Kra", "qq": "x"}}, 422, "validation-error"),
        (
            "post",
            "/appointments",
            {"params": {"dry_run": 1}, "json": {"slot_id": 1}},
            422,
            "validation-error",
        ),
        ("get", "/appointments/0", {}, 422, "validation-error"),
        ("post", "/appointments", {"json": {"slot_id": 2**70}}, 422, "validation-error"),
        ("get", "/slots", {"params": {"service": "x", "facility_id": -1}}, 422, "validation-error"),
        ("post", "/auth/login", {"json": {"pesel": 44051401359}}, 422, "validation-error"),
        (
            "post",
            "/auth/login",
            {"content": b"", "headers": {"content-type": "application/json"}},
            422,
            "validation-error",
        ),
    ],
)
async def test_bad_requests_are_problems_not_crashes(
    client, demo, method, path, kwargs, status, slug
):
    h = await demo.login("Anna Kowalska")
    headers = {**h, **kwargs.pop("headers", {})}
    if "content" in kwargs:
        headers.setdefault("content-type", "application/json")
    r = await getattr(client, method)(path, headers=headers, **kwargs)
    assert_problem(r, status, slug)


async def test_validation_problems_name_the_field_in_polish(client, demo):
    h = await demo.login("Anna Kowalska")
    body = assert_problem(
        await client.post("/appointments", json={"slot_id": "x"}, headers=h),
        422,
        "validation-error",
    )
    assert body["errors"] == [{"field": "slot_id", "message": "oczekiwano liczby całkowitej"}]


async def test_openapi_describes_every_operation_and_error(client):
    doc = (await client.get("http://mock/openapi.json")).json()
    paths = doc["paths"]
    expected = {
        ("post", "/api/v1/auth/login"),
        ("post", "/api/v1/auth/logout"),
        ("get", "/api/v1/me"),
        ("patch", "/api/v1/me/contact"),
        ("get", "/api/v1/services"),
        ("get", "/api/v1/localities"),
        ("get", "/api/v1/facilities"),
        ("get", "/api/v1/slots"),
        ("post", "/api/v1/appointments"),
        ("get", "/api/v1/appointments"),
        ("get", "/api/v1/appointments/{appointment_id}"),
        ("post", "/api/v1/appointments/{appointment_id}/reschedule"),
        ("post", "/api/v1/appointments/{appointment_id}/cancel"),
        ("post", "/api/v1/waitlist"),
        ("get", "/api/v1/waitlist"),
        ("delete", "/api/v1/waitlist/{entry_id}"),
        ("get", "/api/v1/notifications"),
    }
    assert expected <= {(m, p) for p, ops in paths.items() for m in ops}
    booking = paths["/api/v1/appointments"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in booking["parameters"])
    for status in ("401", "403", "404", "409", "422"):
        assert "application/problem+json" in booking["responses"][status]["content"]
    # Every error answer of every operation is documented as what is sent: a problem.
    for operation in (op for ops in paths.values() for op in ops.values()):
        for status, response in operation["responses"].items():
            if status >= "400":
                assert list(response["content"]) == ["application/problem+json"]
    text = str(doc)
    documented = {slug for slug in error_classes() if f"/errors/{slug}`" in text}
    # Every rule's error type appears; only catch-alls may be absent from route docs.
    # The FHIR face's version checks are described by its CapabilityStatement instead.
    fhir_only = {"version-conflict", "precondition-required"}
    assert set(error_classes()) - documented <= {"method-not-allowed", "rate-limited", *fhir_only}
    assert "Problem" in doc["components"]["schemas"]
