"""Session tokens: kept in the system keyring, keyed by backend and patient.

Where no keyring backend exists (a headless Linux box has none), the token goes to a file
readable only by the user (mode 0600) in the user data directory, and the person is told
so once. Which patient is logged in to which backend (not a secret) is kept beside it in
`sessions.json`, so a session resumes on the next launch. Tokens are never logged.
No Textual import here.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "erej-tui"
TOKENS_FILE = "tokens.json"
SESSIONS_FILE = "sessions.json"

FALLBACK_NOTICE = {
    "pl": "Brak systemowego pęku kluczy (keyring): token sesji zapisano w pliku {path}, "
    "który może czytać tylko Twoje konto.",
    "en": "No system keyring available: the session token was saved to {path}, "
    "readable only by your account.",
}


@dataclass(frozen=True)
class StoredSession:
    backend: str
    pesel: str
    token: str
    expires_at: datetime | None


def write_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON readable only by the owner, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a file of ours; {} when it is missing or not one."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class TokenStore:
    def __init__(
        self, data_dir: Path, *, lang: str = "pl", notice: Callable[[str], None] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.lang = lang
        self.notice = notice or (lambda message: None)

    @property
    def tokens_path(self) -> Path:
        return self.data_dir / TOKENS_FILE

    @property
    def sessions_path(self) -> Path:
        return self.data_dir / SESSIONS_FILE

    @staticmethod
    def keyring_available() -> bool:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return False
        backends = getattr(backend, "backends", None)
        return backends is None or bool(backends)

    @staticmethod
    def _account(backend: str, pesel: str) -> str:
        return f"{backend}|{pesel}"

    def save(self, backend: str, pesel: str, token: str, expires_at: datetime | None) -> None:
        account = self._account(backend, pesel)
        storage = "keyring"
        try:
            if not self.keyring_available():
                raise keyring.errors.NoKeyringError
            keyring.set_password(SERVICE, account, token)
        except keyring.errors.KeyringError:
            storage = "file"
            tokens = read_json(self.tokens_path)
            tokens[account] = token
            write_private(self.tokens_path, tokens)
        sessions = read_json(self.sessions_path)
        sessions.setdefault("backends", {})[backend] = {
            "pesel": pesel,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "storage": storage,
        }
        if storage == "file" and not sessions.get("fallback_notice_shown"):
            sessions["fallback_notice_shown"] = True
            self.notice(
                FALLBACK_NOTICE.get(self.lang, FALLBACK_NOTICE["pl"]).format(path=self.tokens_path)
            )
        write_private(self.sessions_path, sessions)

    def load(self, backend: str) -> StoredSession | None:
        entry = read_json(self.sessions_path).get("backends", {}).get(backend)
        if not entry:
            return None
        account = self._account(backend, entry["pesel"])
        token = None
        if entry.get("storage") == "keyring":
            with contextlib.suppress(keyring.errors.KeyringError):
                token = keyring.get_password(SERVICE, account)
        else:
            token = read_json(self.tokens_path).get(account)
        if not token:
            return None
        expires = entry.get("expires_at")
        return StoredSession(
            backend, entry["pesel"], token, datetime.fromisoformat(expires) if expires else None
        )

    def delete(self, backend: str) -> bool:
        """Forget the session of this backend; True when there was one."""
        sessions = read_json(self.sessions_path)
        entry = sessions.get("backends", {}).pop(backend, None)
        if not entry:
            return False
        account = self._account(backend, entry["pesel"])
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, account)
        tokens = read_json(self.tokens_path)
        if tokens.pop(account, None) is not None:
            write_private(self.tokens_path, tokens)
        write_private(self.sessions_path, sessions)
        return True


class MemoryTokenStore(TokenStore):
    """Tokens kept in memory only: for scripted runs and tests, never the user's keyring."""

    def __init__(self, data_dir: Path | None = None, **kw: Any) -> None:
        super().__init__(data_dir or Path("."), **kw)
        self._sessions: dict[str, StoredSession] = {}

    def save(self, backend: str, pesel: str, token: str, expires_at: datetime | None) -> None:
        self._sessions[backend] = StoredSession(backend, pesel, token, expires_at)

    def load(self, backend: str) -> StoredSession | None:
        return self._sessions.get(backend)

    def delete(self, backend: str) -> bool:
        return self._sessions.pop(backend, None) is not None
