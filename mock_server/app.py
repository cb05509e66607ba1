"""The mock CeR backend as a FastAPI app: `create_app()` builds it over a SQLite file.

This module only assembles: the registry (the rules, `registry/`), the problem documents
(`problems.py`), the routes by resource (`routes/`, sharing `edge.py` and `auth.py`), the
demo controls and the fault injection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import FastAPI

from erej_tui.api import errors
from erej_tui.api.protocol import CONTRACT_CAPABILITIES, Capability

from .clock import VirtualClock
from .db import Database
from .edge import Edge
from .faults import FaultMiddleware, Faults
from .problems import document_problems, install_error_handlers
from .registry import Registry
from .routes import catalogue, fhir, notifications, session, visits, waitlist
from .routes import demo as demo_routes
from .routes import desk as desk_routes
from .routes.booking import BookingFastPath
from .seed import Progress
from .traffic import other_patients


def create_app(
    db: str | Path = ":memory:",
    *,
    seed: int = 42,
    clock: datetime | VirtualClock | None = None,
    demo: bool = False,
    admin_token: str | None = None,
    scale: str = "default",
    token_ttl: timedelta = timedelta(hours=12),
    wall: Callable[[], float] | None = None,
    progress: Progress | None = None,
    traffic: float = 0.0,
    inline: bool = False,
) -> FastAPI:
    """Build the mock backend. An empty database is seeded first (a few seconds).

    `clock` fixes the virtual clock (or passes one in); `demo` mounts the `/_mock`
    controls, guarded by `admin_token` in the X-Admin-Token header. `inline` runs the
    handlers on the event loop (see `edge.on_loop`): for a server, not for the embedded
    app. `traffic` is other patients' actions a second, while served.
    """
    vclock = clock if isinstance(clock, VirtualClock) else VirtualClock(clock)
    extra = {"wall": wall} if wall else {}
    registry = Registry(Database(db), vclock, seed=seed, scale=scale, token_ttl=token_ttl, **extra)
    registry.ensure_seeded(progress)
    faults = Faults(seed)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Other patients' traffic runs only when served (uvicorn runs lifespan events).
        task = asyncio.create_task(other_patients(registry, traffic, seed)) if traffic else None
        yield
        if task:
            task.cancel()

    app = FastAPI(
        lifespan=lifespan,
        title="erej mock CeR backend",
        version="1",
        description=(
            "The HTTP contract of erej-tui, served by a mock of Poland's Centralna "
            "e-Rejestracja. Errors are RFC 9457 `application/problem+json` with a stable "
            f"`type` under `{errors.PROBLEM_BASE}`."
        ),
    )
    app.state.registry = registry
    app.state.faults = faults
    app.state.admin_token = admin_token
    app.state.inline = inline
    install_error_handlers(app)
    document_problems(app)
    # The last added runs first: faults apply to every request, fast bookings included.
    app.add_middleware(BookingFastPath, registry=registry, inline=inline)
    app.add_middleware(FaultMiddleware, faults=faults)

    edge = Edge(registry, inline=inline)
    offered = sorted(CONTRACT_CAPABILITIES | ({Capability.DEMO_CONTROLS} if demo else set()))
    routers = [
        *visits.routers(edge),  # first: a crowd's bookings are matched against fewer paths
        *session.routers(edge, seed, offered),
        *catalogue.routers(edge),
        *waitlist.routers(edge),
        *notifications.routers(edge),
        *desk_routes.routers(edge),
        *fhir.routers(edge),
    ]
    if demo:
        routers += demo_routes.routers(edge, faults, admin_token)
    # Mounted flat rather than with include_router: FastAPI matches an included router's
    # routes twice a request (to pick the router, then inside it).
    for router in routers:
        app.router.routes.extend(router.routes)
    return app
