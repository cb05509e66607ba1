"""Other patients' traffic: bookings and cancellations at a steady rate, while served."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter

from .registry import Registry

log = logging.getLogger("mock_server")
TRAFFIC_SUMMARY_SECONDS = 60


async def other_patients(registry: Registry, rate: float, seed: int) -> None:
    """Book and cancel at `rate` actions a second, as other patients would.

    Each action is logged at the debug level; once a minute an info line sums them up.
    """
    r = random.Random(f"{seed}:traffic")
    counts: Counter[str] = Counter()
    since = time.monotonic()
    while True:
        await asyncio.sleep(1 / rate)
        try:
            event = await asyncio.to_thread(registry.demo.traffic_step, r)
        except Exception:  # noqa: BLE001 - traffic must never stop the server
            log.exception("simulated traffic step failed")
            continue
        counts[event.kind] += 1
        counts["assigned"] += event.assigned is not None
        log.debug("%s", event.describe())
        if time.monotonic() - since >= TRAFFIC_SUMMARY_SECONDS:
            log.info(
                "ruch w ostatniej minucie: %d rezerwacji, %d odwołań, %d przydziałów z poczekalni",
                counts["booked"],
                counts["cancelled"],
                counts["assigned"],
            )
            counts.clear()
            since = time.monotonic()
