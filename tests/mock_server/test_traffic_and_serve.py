"""Other patients' traffic on a real server, and the app served to a browser."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from mock_server import traffic

from .test_real_server import login, start_server


def test_traffic_serves_the_waiting_room_and_says_what_it_does(db_path, tmp_path):
    db = tmp_path / "traffic.sqlite3"
    shutil.copyfile(db_path, db)
    states = "SELECT id, state FROM slots"
    before = dict(sqlite3.connect(db).execute(states).fetchall())
    server = start_server(db, "--traffic", "5", "--log-level", "debug")
    try:
        with httpx.Client(base_url=server.url, timeout=10) as c:
            # Jan waits for a first cardiology visit where none is free: traffic serves him.
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
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                visits = c.get("/api/v1/appointments", headers=h).json()
                if any(v["service"] == "kardiologia" for v in visits):
                    break
                time.sleep(0.5)
            waited = time.monotonic() - (deadline - 60)
            cardiology = [v for v in visits if v["service"] == "kardiologia"]
            assert cardiology, "no cancellation reached Jan's waiting-room entry in a minute"
            assert cardiology[0]["source"] == "waitlist"
            assert c.get("/api/v1/health").status_code == 200
    finally:
        server.stop()
    log = "".join(server.log)
    # One line per action at the debug level, the one that served Jan among them.
    assert "ruch: inny pacjent odwołał termin" in log
    assert f"przydzielony z poczekalni jako wizyta {cardiology[0]['number']}" in log, (
        f"after {waited:.0f} s"
    )
    assert "Traceback" not in log
    conn = sqlite3.connect(db)
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


async def test_traffic_sums_up_at_the_info_level(make_app, monkeypatch, caplog):
    app = make_app()
    monkeypatch.setattr(traffic, "TRAFFIC_SUMMARY_SECONDS", 0.05)
    caplog.set_level(logging.INFO, logger="mock_server")
    task = asyncio.create_task(traffic.other_patients(app.state.registry, 100, 7))

    def sums() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]

    # A busy machine may take a while for the first summary; wait for it, not a fixed time.
    for _ in range(600):
        if sums():
            break
        await asyncio.sleep(0.05)
    task.cancel()
    lines = sums()
    assert lines and all(m.startswith("ruch w ostatniej minucie: ") for m in lines)
    assert re.search(r"\d+ rezerwacji, \d+ odwołań, \d+ przydziałów z poczekalni", lines[0])
    # Each action is a debug line: not shown at info.
    assert not [r for r in caplog.records if r.levelno == logging.DEBUG]


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
