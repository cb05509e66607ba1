"""The booking fast path answers exactly as the FastAPI route.

`BookingFastPath` answers ordinary bookings before FastAPI's routing and hands every other
request to the route. Two backends built from the same seed and clock, one of them with the
middleware taken out of its stack, get the same requests: every answer, and what the
patients see afterwards, must be the same, and the fast path must have answered the
ordinary ones itself.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mock_server.app import create_app
from mock_server.registry.visits import Visits
from mock_server.routes.booking import BookingFastPath
from tests.support import ADMIN, ADMIN_TOKEN, API, CLOCK, MOCK, SEED, Demo

SEEN_HEADERS = ("content-type", "content-language", "idempotent-replayed", "retry-after")


def observed(r: httpx.Response) -> tuple:
    """What a client can tell from an answer (not the date or the connection)."""
    try:
        body = r.json()
    except ValueError:
        body = r.text
    return r.status_code, {h: r.headers.get(h) for h in SEEN_HEADERS}, body


class Twins:
    """The same requests to both backends, each patient logged in to each."""

    def __init__(self, fast: httpx.AsyncClient, route: httpx.AsyncClient, answered: list) -> None:
        self.clients = (fast, route)
        self.answered = answered  # one entry per booking the fast path answered itself
        self.sessions: dict[str, list[dict[str, str]]] = {}

    async def login(self, name: str) -> None:
        self.sessions[name] = [await Demo(c).login(name) for c in self.clients]

    async def send(
        self, method: str, url: str, *, who: str | None = None, fast: bool, **kw
    ) -> httpx.Response:
        """Send to both; the answers must match, and come from the fast path iff `fast`."""
        before = len(self.answered)
        answers = []
        extra = kw.pop("headers", None) or {}
        for i, c in enumerate(self.clients):
            headers = dict(extra)
            if who is not None:
                headers.update(self.sessions[who][i])
            answers.append(await c.request(method, url, headers=headers, **kw))
        assert observed(answers[0]) == observed(answers[1])
        assert len(self.answered) - before == (1 if fast else 0), "answered by the wrong path"
        return answers[0]

    async def book(self, who: str | None, body: dict, *, fast: bool = True, **kw):
        return await self.send("POST", "/appointments", who=who, json=body, fast=fast, **kw)


@pytest.fixture
async def twins(seeded_template: Path, tmp_path: Path, monkeypatch) -> AsyncIterator[Twins]:
    answered: list = []
    answer = BookingFastPath.answer

    def counted(self, *args):
        answered.append(args)
        return answer(self, *args)

    monkeypatch.setattr(BookingFastPath, "answer", counted)
    clients = []
    for fast in (True, False):
        db = tmp_path / f"fast-{fast}.sqlite3"
        shutil.copyfile(seeded_template, db)
        app = create_app(db, seed=SEED, clock=CLOCK, demo=True, admin_token=ADMIN_TOKEN)
        if not fast:
            app.user_middleware = [m for m in app.user_middleware if m.cls is not BookingFastPath]
        clients.append(
            httpx.AsyncClient(
                # The route's crash handler answers, then re-raises for the server to log.
                transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                base_url=API,
                timeout=30,
            )
        )
    yield Twins(clients[0], clients[1], answered)
    for c in clients:
        await c.aclose()


async def slot_ids(twins: Twins, who: str, service: str, **params) -> list[int]:
    r = await twins.send(
        "GET", "/slots", who=who, params={"service": service, "limit": 3, **params}, fast=False
    )
    return [s["id"] for s in r.json()["items"]]


async def test_ordinary_bookings_get_the_routes_answers(twins: Twins):
    for name in ("Anna Kowalska", "Katarzyna Wiśniewska", "Jan Nowak", "Piotr Lewandowski"):
        await twins.login(name)
    first, second, _ = await slot_ids(twins, "Anna Kowalska", "cytologia")
    key = {"Idempotency-Key": "visit-1"}
    booked = await twins.book("Anna Kowalska", {"slot_id": first}, headers=key)
    assert booked.status_code == 201
    again = await twins.book("Anna Kowalska", {"slot_id": first}, headers=key)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == booked.json()
    reused = await twins.book("Anna Kowalska", {"slot_id": second}, headers=key)
    assert reused.status_code == 422
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    taken = await twins.book("Katarzyna Wiśniewska", {"slot_id": first}, headers=english)
    assert taken.status_code == 409 and taken.headers["content-language"] == "en"
    assert (await twins.book("Anna Kowalska", {"slot_id": second})).status_code == 409

    mammography = (await slot_ids(twins, "Anna Kowalska", "mammografia"))[0]
    refused = await twins.book("Jan Nowak", {"slot_id": mammography}, headers=english)
    assert refused.status_code == 403 and "women" in refused.json()["detail"]
    gdansk = (await twins.send("GET", "/localities", params={"q": "Gdańsk"}, fast=False)).json()
    cardiology = (
        await slot_ids(
            twins, "Jan Nowak", "kardiologia", locality_id=gdansk[0]["id"], radius_km=300
        )
    )[0]
    for who, body, status in (
        ("Jan Nowak", {"slot_id": cardiology}, 422),  # no referral
        ("Jan Nowak", {"slot_id": cardiology, "referral_code": "0000"}, 422),
        ("Piotr Lewandowski", {"slot_id": cardiology, "referral_code": "5678"}, 409),
        ("Jan Nowak", {"slot_id": 10**9}, 404),
    ):
        assert (await twins.book(who, body)).status_code == status
    charset = {"Content-Type": "application/json; charset=utf-8"}
    jan = await twins.send(
        "POST",
        "/appointments",
        who="Jan Nowak",
        content=f'{{"slot_id": {cardiology}, "referral_code": "1234"}}'.encode(),
        headers=charset,
        fast=True,
    )
    assert jan.status_code == 201

    # What the patients see afterwards is the same too.
    for who in ("Anna Kowalska", "Katarzyna Wiśniewska", "Jan Nowak"):
        for path in ("/appointments", "/notifications", "/services"):
            await twins.send("GET", path, who=who, fast=False)


async def test_sessions_are_checked_as_the_route_checks_them(twins: Twins):
    await twins.login("Anna Kowalska")
    slot = (await slot_ids(twins, "Anna Kowalska", "cytologia"))[0]
    unknown = {"Authorization": "Bearer no-such-token"}
    assert (await twins.book(None, {"slot_id": slot})).status_code == 401
    assert (await twins.book(None, {"slot_id": slot}, headers=unknown)).status_code == 401
    await twins.send("POST", "/auth/logout", who="Anna Kowalska", fast=False)
    assert (await twins.book("Anna Kowalska", {"slot_id": slot})).status_code == 401


@pytest.mark.parametrize(
    ("what", "request_kw", "status"),
    [
        ("not JSON", {"content": b'{"slot_id": ', "json_type": True}, 400),
        ("an unknown field", {"json": {"slot_id": 1, "slot": 2}}, 422),
        ("a malformed referral code", {"json": {"slot_id": 1, "referral_code": "12a4"}}, 422),
        ("a query", {"json": {"slot_id": 1}, "params": {"dry_run": 1}}, 422),
        (
            "a key too long",
            {"json": {"slot_id": 1}, "headers": {"Idempotency-Key": "k" * 256}},
            422,
        ),
        ("not JSON by its type", {"content": b'{"slot_id": 1}', "text_type": True}, 422),
    ],
)
async def test_other_requests_go_to_the_route(twins: Twins, what, request_kw, status):
    await twins.login("Anna Kowalska")
    kw = dict(request_kw)
    who = None if kw.pop("anonymous", False) else "Anna Kowalska"
    headers = kw.pop("headers", {})
    if kw.pop("json_type", False):
        headers["Content-Type"] = "application/json"
    if kw.pop("text_type", False):
        headers["Content-Type"] = "text/plain"
    r = await twins.send("POST", "/appointments", who=who, headers=headers, fast=False, **kw)
    assert r.status_code == status, what


async def test_injected_faults_apply_to_bookings(twins: Twins):
    await twins.login("Anna Kowalska")
    slot = (await slot_ids(twins, "Anna Kowalska", "cytologia"))[0]
    fault = {"error_status": 503, "retry_after": 2, "remaining": 1}
    await twins.send("PUT", f"{MOCK}/faults", json=fault, headers=ADMIN, fast=False)
    outage = await twins.book("Anna Kowalska", {"slot_id": slot}, fast=False)
    assert outage.status_code == 503 and outage.headers["retry-after"] == "2"
    assert (await twins.book("Anna Kowalska", {"slot_id": slot})).status_code == 201


async def test_a_crash_gets_the_routes_answer(twins: Twins, monkeypatch, caplog):
    await twins.login("Anna Kowalska")
    slot = (await slot_ids(twins, "Anna Kowalska", "cytologia"))[0]

    def broken(*args, **kwargs):
        raise RuntimeError("the registry broke")

    monkeypatch.setattr(Visits, "book", broken)
    crashed = await twins.book("Anna Kowalska", {"slot_id": slot})
    assert crashed.status_code == 500 and "the registry broke" not in crashed.text
    assert caplog.text.count("unhandled error on POST /api/v1/appointments") == 2


async def test_a_client_gone_before_its_body_arrives_books_nothing(app, client, demo):
    h = await demo.login("Anna Kowalska")
    slot = (await client.get("/slots", headers=h, params={"service": "cytologia"})).json()
    token = h["Authorization"].encode()
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/appointments",
        "raw_path": b"/api/v1/appointments",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"authorization", token), (b"content-type", b"application/json")],
    }
    body = f'{{"slot_id": {slot["items"][0]["id"]}}}'.encode()
    messages = iter(
        [
            {"type": "http.request", "body": body[:5], "more_body": True},
            {"type": "http.disconnect"},
        ]
    )
    sent = []

    async def receive():
        return next(messages)

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    assert sent == []  # nobody to answer
    assert (await client.get("/appointments", headers=h)).json() == []
