"""Helpers the tests share: the fixed seed and clock, demo controls, problem checks."""

from __future__ import annotations

from datetime import datetime

import httpx

from erej_tui.api.timefmt import WARSAW

SEED = 42
CLOCK = datetime(2026, 12, 1, 8, 0, tzinfo=WARSAW)
ADMIN_TOKEN = "admin-test-token"
API = "http://mock/api/v1"
MOCK = "http://mock/_mock"
ADMIN = {"X-Admin-Token": ADMIN_TOKEN}


class Demo:
    """The demo controls and demo patients, as a test uses them."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def patients(self, everyone: bool = False) -> list[dict]:
        r = await self.client.get(f"{MOCK}/patients", params={"everyone": everyone}, headers=ADMIN)
        r.raise_for_status()
        return r.json()

    async def pesel(self, name: str) -> str:
        return next(p["pesel"] for p in await self.patients() if p["name"] == name)

    async def login(self, name_or_pesel: str, password: str | None = None) -> dict[str, str]:
        pesel = name_or_pesel if name_or_pesel.isdigit() else await self.pesel(name_or_pesel)
        r = await self.client.post(
            "/auth/login", json={"pesel": pesel, "password": password or "demo"}
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    async def advance(self, duration: str) -> dict:
        r = await self.client.post(f"{MOCK}/clock", json={"advance": duration}, headers=ADMIN)
        r.raise_for_status()
        return r.json()

    async def release(self, **body) -> httpx.Response:
        return await self.client.post(f"{MOCK}/slots/release", json=body, headers=ADMIN)

    async def publish(self, **body) -> httpx.Response:
        return await self.client.post(f"{MOCK}/slots/publish", json=body, headers=ADMIN)

    async def locality(self, name: str) -> int:
        r = await self.client.get("/localities", params={"q": name})
        return r.json()[0]["id"]


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict:
    """The response is an RFC 9457 problem of this status and type, with a detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/errors/" + slug), body
    assert body["status"] == status
    assert body["detail"]
    return body
