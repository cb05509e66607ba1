"""Idempotency keys of headless writes whose answer has not arrived yet.

A booking, a reschedule, a cancellation or joining the waiting room carries an
Idempotency-Key, and the server replays its first answer to the same request with the same
key. Within one run the client retries so; this keeps the key across runs: it is written
before the request is sent and dropped once an answer arrives, so `erej book SLOT` run
again after a lost answer (exit 3) gets the booking it made, not "someone booked this slot
a moment ago". A key is kept a day at most. Not secret, but written readable by the user
only, like the rest of the data directory's state. No Textual import here.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from .api.protocol import new_idempotency_key
from .credentials import read_json, write_private

PENDING_FILE = "pending-writes.json"
KEEP_SECONDS = 24 * 3600


class PendingWrites:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / PENDING_FILE

    @staticmethod
    def ident(*parts: object) -> str:
        """One write: the backend, the patient, the operation and its arguments."""
        return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()

    def key(self, ident: str) -> str:
        """The key of this write: the one kept from a run whose answer was lost, or a new
        one, kept until `done`."""
        entries = self._live()
        entry = entries.get(ident)
        if entry is None:
            entry = entries[ident] = {"key": new_idempotency_key(), "at": time.time()}
            write_private(self.path, entries)
        return str(entry["key"])

    def done(self, ident: str) -> None:
        """An answer arrived: the write is settled, one way or the other."""
        entries = self._live()
        if entries.pop(ident, None) is not None:
            write_private(self.path, entries)

    def _live(self) -> dict[str, dict[str, Any]]:
        now = time.time()
        return {
            ident: entry
            for ident, entry in read_json(self.path).items()
            if isinstance(entry, dict)
            and isinstance(entry.get("at"), int | float)
            and 0 <= now - entry["at"] < KEEP_SECONDS
            and isinstance(entry.get("key"), str)
        }
