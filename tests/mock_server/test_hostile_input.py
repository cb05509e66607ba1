"""Hostile and careless input, class by class, on every operation the OpenAPI document
lists: each gets a 4xx problem+json in the request's language, never a 5xx.

Each class is sent to every operation that has a place for it (every write route for a
body, every integer parameter for a huge number, ...), so a route added later is held to
the same answers."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support import ADMIN, ADMIN_TOKEN

HUGE = 2**64
FRAMEWORK_ENGLISH = ("Input should", "There was an error", "Field required", "JSON decode")


@pytest.fixture
async def anyone(app) -> httpx.AsyncClient:
    """A client at the server's root, logged in as Anna, with the admin token."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mock", timeout=30
    ) as c:
        patients = (await c.get("/_mock/patients", headers=ADMIN)).json()
        anna = next(p for p in patients if p["name"] == "Anna Kowalska")
        login = await c.post(
            "/api/v1/auth/login", json={"pesel": anna["pesel"], "password": "demo"}
        )
        c.headers.update({"Authorization": f"Bearer {login.json()['token']}", **ADMIN})
        yield c


def operations(app) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def concrete(path: str) -> str:
    """The path with every id in it set to 1."""
    return "/".join("1" if part.startswith("{") else part for part in path.split("/"))


def schema_types(schema: dict[str, Any]) -> set[str]:
    options = schema.get("anyOf", [schema])
    return {f"{o.get('type')}:{o.get('format', '')}" for o in options}


def body_schema(app, operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    if "$ref" not in schema:
        schema = schema.get("anyOf", [schema])[0]
    name = schema["$ref"].rsplit("/", 1)[-1]
    return app.openapi()["components"]["schemas"][name]


def refused_in(response: httpx.Response, lang: str = "pl") -> str:
    """What is wrong with an answer to bad input ('' when it is a 4xx problem in `lang`)."""
    said = f"{response.request.method} {response.request.url} -> {response.status_code}"
    if not 400 <= response.status_code < 500:
        return f"{said}: {response.text[:200]}"
    if not response.headers["content-type"].startswith("application/problem+json"):
        return f"{said}: {response.headers['content-type']}"
    if response.headers.get("content-language") != lang:
        return f"{said}: Content-Language {response.headers.get('content-language')}"
    detail = response.json()["detail"]
    if lang == "pl" and any(words in detail for words in FRAMEWORK_ENGLISH):
        return f"{said}: English under Content-Language pl: {detail}"
    return ""


async def check_all(requests: list[tuple[str, str, dict[str, Any]]], client, lang="pl") -> None:
    assert requests, "no operation has a place for this input"
    found = []
    for method, url, kw in requests:
        headers = {**kw.pop("headers", {}), "Accept-Language": lang}
        found.append(refused_in(await client.request(method, url, headers=headers, **kw), lang))
    assert not [f for f in found if f], "\n".join(f for f in found if f)


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("lang", ["pl", "en"])
async def test_json_nested_thousands_deep_is_refused_on_every_write_route(app, anyone, lang):
    writes = [
        (
            method,
            concrete(path),
            {"content": nested(5000), "headers": {"content-type": "application/json"}},
        )
        for method, path, operation in operations(app)
        if "requestBody" in operation
    ]
    assert len(writes) >= 8
    await check_all(writes, anyone, lang)
    r = await anyone.post(
        "/api/v1/appointments", content=nested(5000), headers={"content-type": "application/json"}
    )
    assert r.json()["code"] == "malformed-request"
    assert "JSON" in r.json()["detail"]


async def test_lone_surrogates_in_any_string_are_refused(app, anyone):
    writes = []
    for method, path, operation in operations(app):
        schema = body_schema(app, operation)
        if schema is None:
            continue
        for name, prop in schema.get("properties", {}).items():
            if "string:" in schema_types(prop):
                body = json.dumps({name: "x\ud800y"}).encode()  # an escaped lone surrogate
                writes.append(
                    (
                        method,
                        concrete(path),
                        {"content": body, "headers": {"content-type": "application/json"}},
                    )
                )
    assert len(writes) >= 10
    await check_all(writes, anyone)
    # A pair of escapes that makes one character is text like any other.
    r = await anyone.patch(
        "/api/v1/me/contact",
        content=b'{"phone": "a\\ud83d\\ude00"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["code"] == "validation-error"


async def test_integers_past_sqlite_range_are_refused_in_every_query_path_and_body(app, anyone):
    requests = []
    for method, path, operation in operations(app):
        for param in operation.get("parameters", []):
            if "integer:" not in schema_types(param["schema"]):
                continue
            if param["in"] == "query":
                params = {param["name"]: HUGE}
                if path.endswith(("/slots", "/forecast")):
                    params["service"] = "cytologia"
                if path.endswith("/localities"):
                    params["q"] = "Kra"
                requests.append((method, concrete(path), {"params": params}))
            elif param["in"] == "path":
                requests.append((method, path.replace("{" + param["name"] + "}", str(HUGE)), {}))
        schema = body_schema(app, operation)
        for name, prop in (schema or {}).get("properties", {}).items():
            if "integer:" in schema_types(prop):
                requests.append((method, concrete(path), {"json": {name: HUGE}}))
    names = {name for _, _, kw in requests for name in kw.get("params", {})}
    assert {"after_id", "limit", "locality_id", "facility_id"} <= names
    await check_all(requests, anyone)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "0", "1700000000", "2026-13-01"])
async def test_dates_are_strict_and_within_the_calendar_in_queries_and_bodies(app, anyone, value):
    requests = []
    for method, path, operation in operations(app):
        for param in operation.get("parameters", []):
            if "string:date" in schema_types(param["schema"]):
                extra = {} if path.endswith("/facilities") else {"service": "cytologia"}
                requests.append(
                    (method, concrete(path), {"params": {param["name"]: value, **extra}})
                )
        schema = body_schema(app, operation)
        for name, prop in (schema or {}).get("properties", {}).items():
            if "string:date" in schema_types(prop):
                requests.append(
                    (method, concrete(path), {"json": {"service": "cytologia", name: value}})
                )
    assert len(requests) >= 8
    await check_all(requests, anyone)
    r = await anyone.get("/api/v1/slots", params={"service": "cytologia", "date_to": value})
    assert r.status_code == 422, r.text


async def test_a_bare_number_is_no_date_and_no_hour(anyone):
    r = await anyone.get("/api/v1/slots", params={"service": "cytologia", "date_to": "0"})
    assert r.status_code == 422
    assert "RRRR-MM-DD" in r.json()["detail"]
    r = await anyone.get("/api/v1/slots", params={"service": "cytologia", "hour_from": "3600"})
    assert r.status_code == 422
    assert "GG:MM" in r.json()["detail"]
    r = await anyone.get(
        "/api/v1/slots",
        params={"service": "cytologia", "date_to": "2026-12-20", "hour_from": "08:00"},
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"advance": "P999999999D"},
        {"advance": 10**12},
        {"to": "9999-12-31T23:59:59+00:00"},
        {"to": "0001-01-01T00:00:00+14:00"},
        {"to": "2026-12-02T08:00:00"},  # naive: which moment?
    ],
)
async def test_the_clock_refuses_moves_near_the_calendars_ends_and_naive_moments(anyone, body):
    r = await anyone.post("/_mock/clock", json=body)
    assert not refused_in(r), refused_in(r)
    assert r.status_code == 422
    clock = (await anyone.get("/_mock/clock")).json()
    assert clock["now"].startswith("2026-12-01T08:00")  # nothing moved


async def test_a_naive_moment_is_told_in_polish_and_an_aware_one_moves_the_clock(anyone):
    r = await anyone.post("/_mock/clock", json={"to": "2026-12-02T08:00:00"})
    assert "strefą czasową" in r.json()["detail"]
    r = await anyone.post("/_mock/clock", json={"to": "2026-12-02T08:00:00+01:00"})
    assert r.status_code == 200 and r.json()["now"].startswith("2026-12-02T08:00")


def cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "raw",
    [
        '["2026-12-10T08:00:00", Infinity, 5]',
        '["2026-12-10T08:00:00", NaN, 5]',
        '["2026-12-10T08:00:00", 1e400, 5]',
        '["2026-12-10T08:00:00", 1, 18446744073709551616]',
        '["2026-12-10T08:00:00", 1, true]',
        '["2026-12-10T08:00:00", "1", 5]',
        '["not a moment", 1, 5]',
        '{"start": 1}',
    ],
)
async def test_a_tampered_paging_cursor_is_refused(anyone, raw):
    r = await anyone.get("/api/v1/slots", params={"service": "cytologia", "cursor": cursor(raw)})
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == "Nieprawidłowy kursor stronicowania."


async def test_a_real_cursor_still_pages(anyone):
    first = (await anyone.get("/api/v1/slots", params={"service": "cytologia", "limit": 3})).json()
    second = await anyone.get(
        "/api/v1/slots", params={"service": "cytologia", "limit": 3, "cursor": first["next_cursor"]}
    )
    assert second.status_code == 200
    assert second.json()["items"][0]["id"] not in {s["id"] for s in first["items"]}


@pytest.mark.parametrize("token", ["zażółć".encode(), b"\xff\xfe", ADMIN_TOKEN.encode() + b"\xe9"])
async def test_non_ascii_admin_tokens_are_refused_not_crashed_on(app, token):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mock"
    ) as c:
        r = await c.get("/_mock/clock", headers={"X-Admin-Token": token})
    assert not refused_in(r), refused_in(r)
    assert r.json()["code"] == "forbidden"


async def test_every_405_lists_the_allowed_methods(app, anyone):
    templates: dict[str, set[str]] = {}
    for method, path, _ in operations(app):
        templates.setdefault(path, set()).add(method)

    def served(url: str) -> set[str]:  # /waitlist/forecast is also /waitlist/{entry_id}
        pattern = lambda t: re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", t), url)  # noqa: E731
        return {m for t, methods in templates.items() if pattern(t) for m in methods}

    checked = 0
    for path in templates:
        url = concrete(path)
        allowed = served(url)
        for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - allowed:
            r = await anyone.request(method, url)
            assert r.status_code == 405, (method, path, r.status_code)
            assert not refused_in(r), refused_in(r)
            assert set(r.headers["allow"].split(", ")) == allowed, (method, path, r.headers)
            checked += 1
    assert checked > 50


async def test_unknown_framework_errors_are_worded_in_the_requests_language(anyone):
    body = b'{"pesel": "\xff\xfe"}'  # not UTF-8
    r = await anyone.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert not refused_in(r), refused_in(r)
    r = await anyone.patch("/api/v1/me/contact", json={"channels": [1]})
    assert not refused_in(r), refused_in(r)
    assert r.json()["detail"].startswith("Channels.0:")
