"""Crash safety: SIGKILL in the middle of a stream of bookings and reschedules."""

from __future__ import annotations

import asyncio
import shutil
import signal
import sqlite3

import httpx

from tests.mock_server.test_real_server import running_server, start_server

from .test_contention import check_consistency, log_in, population, woman_for_cytology


async def test_every_acknowledged_booking_survives_a_kill(db_path, tmp_path):
    db = tmp_path / "crash.sqlite3"
    shutil.copyfile(db_path, db)
    server = start_server(db)
    acknowledged: list[dict] = []
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
            patients = await population(c, woman_for_cytology, 80)
            headers = await log_in(c, patients)
            page = (
                await c.get(
                    "/api/v1/slots",
                    headers=headers[0],
                    params={"service": "cytologia", "limit": 160},
                )
            ).json()
            slots = [s["id"] for s in page["items"]]
            starts = {s["id"]: s["start"] for s in page["items"]}
            targets: dict[int, str] = {}

            async def book_then_move(i: int, h: dict) -> None:
                r = await c.post("/api/v1/appointments", headers=h, json={"slot_id": slots[i]})
                if r.status_code != 201:
                    return
                acknowledged.append(r.json())
                targets[r.json()["id"]] = starts[slots[80 + i]]
                moved = await c.post(
                    f"/api/v1/appointments/{r.json()['id']}/reschedule",
                    headers=h,
                    json={"slot_id": slots[80 + i]},
                )
                if moved.status_code == 201:
                    acknowledged.append(moved.json())

            async def kill_when_busy() -> None:
                while len(acknowledged) < 30:
                    await asyncio.sleep(0.005)
                server.proc.send_signal(signal.SIGKILL)

            await asyncio.gather(
                kill_when_busy(),
                *(book_then_move(i, h) for i, h in enumerate(headers)),
                return_exceptions=True,
            )
    finally:
        server.proc.kill()
        server.proc.wait(10)
    assert len(acknowledged) >= 30
    # Restarted on the same file: every acknowledged state is there (the newest per visit).
    latest = {a["id"]: a for a in acknowledged}
    with running_server(db):
        pass  # the server opens, checks and closes the database cleanly
    conn = sqlite3.connect(db)
    for appt in latest.values():
        row = conn.execute(
            "SELECT a.status, s.start FROM appointments a JOIN slots s ON s.id = a.slot_id"
            " WHERE a.id = ?",
            (appt["id"],),
        ).fetchone()
        assert row is not None, f"acknowledged visit {appt['number']} lost"
        assert row[0] == "booked"
        # A reschedule is wholly there or wholly not: the visit is at the acknowledged slot,
        # or at the slot of a reschedule whose answer the kill swallowed.
        assert row[1] in (appt["start"][:19], targets[appt["id"]][:19])
    check_consistency(db)
