"""The session token never shows: not in the server's log, error answers or the screen."""

from __future__ import annotations

import shutil

import httpx

from erej_tui.tui.driving import screen_text
from tests.mock_server.test_real_server import login, start_server
from tests.tui.conftest import ANNA, log_in_demo, press


def test_the_token_is_not_logged_or_echoed(db_path, tmp_path):
    db = tmp_path / "secrets.sqlite3"
    shutil.copyfile(db_path, db)
    server = start_server(db, "--log-level", "debug")
    try:
        with httpx.Client(base_url=server.url, timeout=10) as c:
            h = login(c, "Anna Kowalska")
            token = h["Authorization"].removeprefix("Bearer ")
            answers = [
                c.get("/api/v1/me", headers=h),
                c.get("/api/v1/appointments/999999", headers=h),
                c.post(
                    "/api/v1/appointments",
                    content=b"{broken",
                    headers={**h, "Content-Type": "application/json"},
                ),
                c.post("/api/v1/auth/logout", headers=h),
                c.get("/api/v1/me", headers=h),  # revoked now
            ]
    finally:
        server.stop()
    assert [a.status_code for a in answers] == [200, 404, 400, 204, 401]
    assert all(token not in a.text for a in answers)
    log = "".join(server.log)
    assert "GET /api/v1/me" in log  # the log is there, just without the secret
    assert token not in log


async def test_the_token_is_never_on_screen(erej_app):
    app = erej_app
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in_demo(pilot, ANNA)
        token = app.api.token
        assert token
        for keys in ((), ("a",), ("escape", "f1"), ("escape", "ctrl+p")):
            await press(pilot, *keys)
            assert token not in screen_text(app)
            assert token not in app.export_screenshot()
