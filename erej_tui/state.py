"""What the client remembers per backend and patient between launches: the newest
notification the person has seen (to mark the rest unread) and, per service, the last
search criteria. Not secret; stored as JSON in the user data directory. No Textual."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

STATE_FILE = "state.json"


class ClientState:
    def __init__(self, data_dir: Path, backend: str, pesel: str) -> None:
        self.path = data_dir / STATE_FILE
        self.key = f"{backend}|{pesel}"

    def _all(self) -> dict[str, Any]:
        try:
            value = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def _mine(self) -> dict[str, Any]:
        mine = self._all().get(self.key, {})
        return mine if isinstance(mine, dict) else {}

    def _update(self, **values: Any) -> None:
        data = self._all()
        data.setdefault(self.key, {}).update(values)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    @property
    def seen_notification(self) -> int:
        return int(self._mine().get("seen_notification", 0))

    def mark_seen(self, notification_id: int) -> None:
        if notification_id > self.seen_notification:
            self._update(seen_notification=notification_id)

    def criteria(self, service: str) -> dict[str, Any] | None:
        saved = self._mine().get("criteria", {}).get(service)
        return saved if isinstance(saved, dict) else None

    def remember_criteria(self, service: str, criteria: dict[str, Any]) -> None:
        saved = dict(self._mine().get("criteria", {}))
        saved[service] = criteria
        self._update(criteria=saved)
