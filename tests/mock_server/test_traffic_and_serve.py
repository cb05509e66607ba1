"""Other patients' traffic on a real server, and the app served to a browser."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .test_real_server import login, running_server


def test_traffic_books_and_cancels_without_double_bookings(db_path, tmp_path):
    db = tmp_path / "traffic.sqlite3"
    shutil.copyfile(db_path, db)
    states = "SELECT id, state FROM slots"
    before = dict(sqlite3.connect(db).execute(states).fetchall())
    with running_server(db, "--traffic", "100") as url, httpx.Client(base_url=url, timeout=10) as c:
        # Jan waits for a first cardiology visit where none is free: traffic may serve him.
        h = login(c, "Jan Nowak")
        joined = c.post(
            "/api/v1/waitlist",
            headers=h,
            json={
                "service": "kardiologia",
                "voivodeship": "08",
                "referral_code": "1234",
                "date_to": "2027-01-10",
            },
        )
        assert joined.status_code == 201
        time.sleep(3)
        assert c.get("/api/v1/health").status_code == 200
        assert c.get("/api/v1/waitlist", headers=h).status_code == 200
    conn = sqlite3.connect(db)
    # Slot by slot: as many bookings as cancellations would leave the counts as they were.
    after = dict(conn.execute(states).fetchall())
    assert after != before, "traffic should have booked or cancelled something"
    # Consistency: every 'booked' slot has exactly one booked appointment and vice versa.
    mismatched = conn.execute(
        "SELECT count(*) FROM slots s WHERE (s.state = 'booked') != EXISTS ("
        " SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked')"
    ).fetchone()[0]
    assert mismatched == 0
    doubled = conn.execute(
        "SELECT count(*) FROM (SELECT slot_id FROM appointments WHERE status = 'booked'"
        " GROUP BY slot_id HAVING count(*) > 1)"
    ).fetchone()[0]
    assert doubled == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_erej_serve_answers_http_with_the_apps_page(tmp_path):
    port = free_port()
    script = Path(sys.executable).with_name("erej")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "erej_tui"]
    log = tmp_path / "serve.log"
    with log.open("wb") as said:
        proc = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--data-dir", str(tmp_path)],
            stdout=said,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert page is not None and page.status_code == 200, log.read_text(errors="replace")
        assert "Centralna e-Rejestracja" in page.text
    finally:
        proc.terminate()
        proc.wait(10)
