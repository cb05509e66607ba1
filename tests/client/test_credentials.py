"""Session tokens: the system keyring, or a 0600 file announced once."""

from __future__ import annotations

import stat
from datetime import datetime

import keyring
import pytest
from keyring.backends import fail

from erej_tui.credentials import SERVICE, TokenStore

EXPIRES = datetime(2026, 12, 1, 20, 0)


def test_tokens_go_to_the_keyring_keyed_by_backend_and_patient(tmp_path, memory_keyring):
    store = TokenStore(tmp_path)
    store.save("http://a", "44051401359", "secret-a", EXPIRES)
    store.save("http://b", "68010301102", "secret-b", None)
    assert memory_keyring.secrets[(SERVICE, "http://a|44051401359")] == "secret-a"
    loaded = store.load("http://a")
    assert (loaded.pesel, loaded.token, loaded.expires_at) == ("44051401359", "secret-a", EXPIRES)
    assert store.load("http://b").token == "secret-b"
    # Nothing secret lands on disk.
    assert "secret" not in (tmp_path / "sessions.json").read_text()
    assert not (tmp_path / "tokens.json").exists()
    assert store.delete("http://a") and store.load("http://a") is None
    assert (SERVICE, "http://a|44051401359") not in memory_keyring.secrets
    assert not store.delete("http://a")


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_without_a_keyring_a_private_file_is_used_and_said_once(tmp_path, no_keyring):
    notices: list[str] = []
    store = TokenStore(tmp_path, notice=notices.append)
    store.save("embedded", "44051401359", "secret-1", EXPIRES)
    store.save("embedded", "44051401359", "secret-2", EXPIRES)
    TokenStore(tmp_path, notice=notices.append).save("http://x", "68010301102", "s3", None)
    assert len(notices) == 1 and "tokens.json" in notices[0]
    tokens = tmp_path / "tokens.json"
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "sessions.json").stat().st_mode) == 0o600
    assert store.load("embedded").token == "secret-2"
    store.delete("embedded")
    assert "secret-2" not in tokens.read_text()
    assert store.load("http://x").token == "s3"
