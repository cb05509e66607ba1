"""The server's virtual clock: real time plus an offset, or a fixed moment.

A fixed clock (`--clock 2026-12-01T08:00`) stands still until the demo controls move it, so
tests and recorded demos repeat exactly. Everything the server dates asks this clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from erej_tui.api.timefmt import WARSAW, to_warsaw


def _wall() -> datetime:
    return datetime.now(WARSAW)


class VirtualClock:
    def __init__(self, fixed: datetime | None = None, wall: Callable[[], datetime] = _wall) -> None:
        self._wall = wall
        self._fixed = to_warsaw(fixed).replace(microsecond=0) if fixed else None
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    @property
    def fixed(self) -> bool:
        return self._fixed is not None

    def now(self) -> datetime:
        with self._lock:
            if self._fixed is not None:
                return self._fixed
            return (self._wall() + self._offset).astimezone(WARSAW).replace(microsecond=0)

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            if self._fixed is not None:
                self._fixed += delta
            else:
                self._offset += delta
        return self.now()

    def set(self, moment: datetime) -> datetime:
        moment = to_warsaw(moment).replace(microsecond=0)
        with self._lock:
            if self._fixed is not None:
                self._fixed = moment
            else:
                self._offset = moment - self._wall()
        return self.now()


def parse_clock(text: str) -> datetime:
    """'2026-12-01T08:00' (Warsaw time) or any ISO 8601 moment with an offset."""
    return to_warsaw(datetime.fromisoformat(text))
