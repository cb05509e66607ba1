"""`erej-mock` as a real process on a free port: booking over the network, persistence
across a restart, and a dropped connection as a client really sees it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support import ADMIN, ADMIN_TOKEN, assert_problem


def erej_mock_command() -> list[str]:
    script = Path(sys.executable).with_name("erej-mock")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mock_server"]


class Server:
    """A running erej-mock: its process, its address, and everything it logged."""

    def __init__(self, proc: subprocess.Popen, url: str) -> None:
        self.proc, self.url = proc, url
        self.log: list[str] = []
        self._drain = threading.Thread(target=self._read, daemon=True)
        self._drain.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # never let a full pipe block the server
            self.log.append(line)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._drain.join(5)


def start_server(db: Path, *extra: str) -> Server:
    proc = subprocess.Popen(
        [
            *erej_mock_command(),
            "--port",
            "0",
            "--db",
            str(db),
            "--clock",
            "2026-12-01T08:00",
            "--demo",
            "--admin-token",
            ADMIN_TOKEN,
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # uvicorn's access log goes to stdout: keep it too
        text=True,
    )
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    early: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            raise AssertionError(f"erej-mock exited with {proc.returncode}: {''.join(early)}")
        early.append(line)
        match = re.search(r"(http://127\.0\.0\.1:\d+)/api/v1", line)
        if match:
            server = Server(proc, match.group(1))
            server.log[:0] = early
            return server
    proc.kill()
    raise AssertionError("erej-mock did not announce its address")


@contextmanager
def running_server(db: Path, *extra: str) -> Iterator[str]:
    server = start_server(db, *extra)
    try:
        yield server.url
    except BaseException:
        server.stop()
        # pytest shows a failing test's output: what the server said while it failed.
        print("erej-mock's log, last lines:\n" + "".join(server.log[-60:]))
        raise
    else:
        server.stop()


@pytest.fixture
def db_copy(db_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "served.sqlite3"
    shutil.copyfile(db_path, target)
    return target


def login(c: httpx.Client, name: str) -> dict[str, str]:
    patients = c.get("/_mock/patients", headers=ADMIN).json()
    pesel = next(p["pesel"] for p in patients if p["name"] == name)
    token = c.post("/api/v1/auth/login", json={"pesel": pesel, "password": "demo"}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_book_over_the_network_and_survive_a_restart(db_copy):
    with running_server(db_copy) as url, httpx.Client(base_url=url, timeout=10) as c:
        h = login(c, "Anna Kowalska")
        slot = c.get(
            "/api/v1/slots", params={"service": "mammografia", "limit": 1}, headers=h
        ).json()["items"][0]
        r = c.post(
            "/api/v1/appointments",
            json={"slot_id": slot["id"]},
            headers={**h, "Idempotency-Key": "net-1"},
        )
        assert r.status_code == 201
        booked = r.json()
        again = c.post(
            "/api/v1/appointments",
            json={"slot_id": slot["id"]},
            headers=login(c, "Katarzyna Wiśniewska"),
        )
        assert_problem(again, 409, "slot-taken")

    with running_server(db_copy) as url, httpx.Client(base_url=url, timeout=10) as c:
        h = login(c, "Anna Kowalska")
        visits = c.get("/api/v1/appointments", headers=h).json()
        assert [v["number"] for v in visits] == [booked["number"]]
        replay = c.post(
            "/api/v1/appointments",
            json={"slot_id": slot["id"]},
            headers={**h, "Idempotency-Key": "net-1"},
        )
        assert replay.status_code == 201 and replay.json()["id"] == booked["id"]


def test_a_dropped_connection_reaches_the_client_as_a_transport_error(db_copy):
    with running_server(db_copy) as url, httpx.Client(base_url=url, timeout=10) as c:
        c.put("/_mock/faults", json={"drop": True, "remaining": 1}, headers=ADMIN)
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/api/v1/health")
        assert c.get("/api/v1/health").status_code == 200
