"""`erej serve` to a room: two browser tabs at once, driven over textual-serve's websocket
as the page's script drives them, against a host who has a saved session."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import httpx
import pytest

from erej_tui.embedded import DB_NAME
from tests.mock_server.test_traffic_and_serve import free_port

ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>NOM78])"
)
CLOCK = "2026-12-01T08:00"


def erej_command() -> list[str]:
    script = Path(sys.executable).with_name("erej")
    return [str(script)] if script.exists() else [sys.executable, "-m", "erej_tui"]


@pytest.fixture
def host(seeded_template, tmp_path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The host's data directory, where Anna Kowalska is logged in (no keyring on this
    machine: the token is in tokens.json), and the environment the host runs erej in."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(seeded_template, data / DB_NAME)
    env = {
        **os.environ,
        "EREJ_DATA_DIR": str(data),
        "EREJ_CLOCK": CLOCK,
        "EREJ_CONFIG_FILE": str(tmp_path / "absent.toml"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for name in ("EREJ_LANG", "EREJ_BACKEND", "TEXTUAL_DRIVER"):
        env.pop(name, None)
    login = subprocess.run(
        [*erej_command(), "login", "--pesel", "68010301102", "--password-stdin"],
        input="demo\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert login.returncode == 0, login.stderr
    assert (data / "tokens.json").exists()
    yield data, env


class Tab:
    """One browser tab: what the app draws, as text, and keys typed into it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.raw = ws, b""
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw += message.data

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    async def wait_for(self, words: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.text:
            assert time.monotonic() < deadline, f"{words!r} never shown:\n{self.text[-2000:]}"
            await asyncio.sleep(0.2)

    async def type(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_two_tabs_start_at_login_and_never_see_each_other_or_the_host(host):
    data, env = host
    saved = {name: digest(data / name) for name in ("tokens.json", "sessions.json")}
    port = free_port()
    log = data.parent / "serve.log"
    with log.open("wb") as said:
        server = subprocess.Popen(
            [*erej_command(), "serve", "--port", str(port)],
            env=env,
            stdout=said,
            stderr=subprocess.STDOUT,
        )
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 120
            while True:
                try:
                    page = await http.get(f"http://127.0.0.1:{port}/")
                    break
                except aiohttp.ClientConnectionError:
                    alive = server.poll() is None and time.monotonic() < deadline
                    assert alive, log.read_text(errors="replace")
                    await asyncio.sleep(0.3)
            html = await page.text()
            # Offline: everything the page loads comes from this server.
            assert "googleapis" not in html
            urls = re.findall(r'(?:href|src|url)\s*[=(]\s*"([^"]+)"', html)
            ours = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/", "data:")
            assert urls and all(u.startswith(ours) for u in urls), urls
            assert "@font-face" in html and "RobotoMono" in html

            url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
            async with http.ws_connect(url) as one, http.ws_connect(url) as two:
                anna, jan = Tab(one), Tab(two)
                for tab in (anna, jan):  # the login screen, not the host's Plan leczenia
                    await tab.wait_for("Pacjenci demo")
                    assert "Plan leczenia" not in tab.text
                await anna.type("a")
                await jan.type("e")
                await anna.wait_for("Plan leczenia · Anna Kowalska")
                await jan.wait_for("Plan leczenia · Jan Nowak")
                await jan.type("v")  # Zaplanowane wizyty
                await jan.wait_for("Zaplanowane wizyty")
                await asyncio.sleep(1)
                assert "Plan leczenia · Jan" not in anna.text
                assert "Plan leczenia · Anna" not in jan.text
                for tab in (anna, jan):
                    tab.reader.cancel()
    finally:
        server.terminate()
        server.wait(20)
    # The host's saved session is as it was: nothing read into a tab, nothing written.
    assert {name: digest(data / name) for name in saved} == saved


def test_erej_serve_answers_http_in_english_too(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [
            *erej_command(),
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
            "--lang",
            "en",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.3)
        assert page.status_code == 200 and '<html lang="en">' in page.text
        assert "Session ended." in page.text and "Sesja" not in page.text
    finally:
        proc.terminate()
        proc.wait(10)
