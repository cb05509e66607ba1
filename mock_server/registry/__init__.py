"""The registry: every CeR operation, each one transaction, the rules enforced here.

The HTTP layer (`app.py`, `routes/`) only parses, authenticates and renders; everything a
patient can observe is decided in these rooms, which share one `core.Core` (the database,
the clock, the catalogue) and pass one `core.Tx` along an operation:

- `sessions`: logging in and out, the patient's record and contact data;
- `catalogue`: services, eligibility, e-referrals, localities and facilities;
- `search`: free slots that fit the criteria, a page at a time;
- `visits`: booking, moving and cancelling a visit;
- `waitroom`: the waiting room, its forecast and the automatic assignment;
- `notices`: SMS and e-mail messages, reminders;
- `clockwork`: what falls due as the clock moves;
- `facility`: what a facility records and books: a no-show, a follow-up visit;
- `sms`: the patients' SMS replies to reminders;
- `demo`: the demo patients, other patients' traffic, publishing and releasing slots.

Time-driven work runs in `tick()`, which the HTTP layer calls before each request: the same
thing then happens under uvicorn and in-process through httpx's ASGI transport, which runs
no background loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from ..clock import VirtualClock
from ..db import Database
from ..places import Places
from ..seed import Progress, seed_database
from .catalogue import Catalogue
from .clockwork import Clockwork
from .core import Core
from .demo import Demo, TrafficEvent
from .desk import Desk
from .facility import Facility
from .notices import Notices
from .search import Search
from .sessions import Sessions
from .sms import Sms
from .visits import Visits
from .waitroom import WaitingRoom

__all__ = ["Registry", "TrafficEvent"]


class Registry:
    """The rooms put together over one database and clock."""

    def __init__(
        self,
        db: Database,
        clock: VirtualClock,
        *,
        seed: int,
        scale: str = "default",
        token_ttl: timedelta = timedelta(hours=12),
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.core = core = Core(db, clock, seed=seed, scale=scale, token_ttl=token_ttl, wall=wall)
        self.sessions = Sessions(core)
        self.catalogue = Catalogue(core)
        self.notices = Notices(core)
        self.search = Search(core, self.catalogue)
        self.visits = Visits(core, self.catalogue, self.notices)
        self.waiting_room = WaitingRoom(
            core, self.catalogue, self.search, self.visits, self.notices
        )
        self.visits.released = self.waiting_room.offer  # a freed slot: the queue first
        self.clockwork = Clockwork(core, self.visits, self.notices, self.waiting_room)
        self.demo = Demo(core, self.visits, self.waiting_room)
        self.facility = Facility(core, self.visits)
        self.desk = Desk(
            core, self.sessions, self.catalogue, self.visits, self.waiting_room, self.facility
        )
        self.sms = Sms(core, self.visits)

    @property
    def db(self) -> Database:
        return self.core.db

    @property
    def clock(self) -> VirtualClock:
        return self.core.clock

    @property
    def places(self) -> Places:
        return self.core.places

    def now(self) -> datetime:
        return self.core.now()

    def tick(self, force: bool = False) -> None:
        self.clockwork.tick(force)

    def ensure_seeded(self, progress: Progress | None = None) -> bool:
        """Seed an empty database; returns whether it seeded."""
        if self.db.meta("seed") is not None:
            return False
        self.reset(progress)
        return True

    def reset(self, progress: Progress | None = None) -> None:
        """Back to the seed: every booking, entry, message and session made since is gone."""
        core = self.core
        seed_database(core.db, core.seed, core.now().date(), core.scale, progress)
        core.forget()
        self.clockwork.ticked_at = None
        self.sessions.forget()
