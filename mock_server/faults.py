"""Fault injection for the client's resilience tests: latency, 5xx answers, dropped
connections, malformed bodies, applied to `/api/v1` only (so the demo controls can always
switch it off)."""

from __future__ import annotations

import asyncio
import random
import threading

from starlette.datastructures import Headers

from erej_tui.api.models import FaultSpec

from . import refusals
from .messages import problem_answer
from .problems import FHIR, refusal_answer


class ConnectionDropped(Exception):
    """Raised after the response has started: uvicorn closes the socket mid-body, and the
    embedded transport turns it into a transport error, as a real dropped link would."""


class Faults:
    def __init__(self, seed: int) -> None:
        self._spec: FaultSpec | None = None
        self._left: int | None = None
        self._rng = random.Random(f"{seed}:faults")
        self._lock = threading.Lock()

    @property
    def spec(self) -> FaultSpec | None:
        return self._spec

    def set(self, spec: FaultSpec | None) -> None:
        with self._lock:
            self._spec = spec
            self._left = spec.remaining if spec else None

    def draw(self) -> FaultSpec | None:
        """The fault to apply to this request, if any; counts down `remaining`."""
        with self._lock:
            spec = self._spec
            if spec is None or self._rng.random() >= spec.rate:
                return None
            if self._left is not None:
                self._left -= 1
                if self._left <= 0:
                    self._spec = None
            return spec


class FaultMiddleware:
    def __init__(self, app, faults: Faults, prefix: tuple[str, ...] = ("/api/v1", FHIR)) -> None:
        self.app, self.faults, self.prefix = app, faults, prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        spec = self.faults.draw()
        if spec is None:
            return await self.app(scope, receive, send)
        if spec.latency_ms:
            await asyncio.sleep(spec.latency_ms / 1000)
        if spec.phase == "after" and (spec.drop or spec.error_status or spec.malformed):
            # Let the app do its work, then lose its answer.
            async def swallow(message):
                return None

            await self.app(scope, receive, swallow)
        if spec.drop:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"4096"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b'{"items": [', "more_body": True})
            raise ConnectionDropped("fault injection: connection dropped")
        if spec.malformed:
            # A complete answer that is not the contract: cut-off JSON behind a 200.
            body = b'{"id": 1, "start": "2026-'
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return None
        if spec.error_status:
            error = refusals.simulated_outage(spec.error_status == 503)
            asked = Headers(scope=scope).get("accept-language")  # the first, as the routes
            problem, headers = problem_answer(error, scope["path"], asked)
            problem["status"] = spec.error_status  # 502 and 504 too, with the 500's words
            if spec.retry_after is not None:
                headers["Retry-After"] = str(spec.retry_after)
            response = refusal_answer(problem, spec.error_status, scope["path"], headers)
            await response(scope, receive, send)
            return None
        return await self.app(scope, receive, send)
