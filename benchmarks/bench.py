"""Speed and memory figures for the README (issue: "Proof: reliability, security and speed").

    python benchmarks/bench.py            # all figures; the national data set is built once
    python benchmarks/bench.py search     # one figure: first-screen, first-launch,
                                          # headless, headless-served, search,
                                          # fhir-search, calendar,
                                          # booking, booking-route, scrolling, memory

Each figure is printed with its target and the machine it was measured on. Nothing here is
a test: timings belong to benchmarks, never to assertions in the suite.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
CLOCK = datetime(2026, 12, 1, 8, 0)
ENV = {
    **os.environ,
    "EREJ_CLOCK": CLOCK.isoformat(),
    "EREJ_CONFIG_FILE": "/nonexistent.toml",
    "TERM": "xterm-256color",
}


def machine() -> str:
    model = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system, version = platform.system(), platform.python_version()
    return f"{model}, {os.cpu_count()} cores, {system}, Python {version}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- time to first screen -----------------------------------------------------------------
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("Gotowe")
Minimal().run()
"""


def until_text(command: list[str], marker: bytes, env: dict, timeout: float = 30) -> float:
    """Start `command` in an 80x24 pseudo-terminal; seconds until `marker` is drawn."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", seen)
                if marker in plain:
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} not drawn within {timeout} s")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def first_screen(runs: int = 15) -> dict:
    """Median over `runs` pairs, each pair `erej` then the minimal app, so both see the
    same moment of a noisy machine; the ratio is the median of the pairs' ratios.

    Bytecode is cached as in an installed package (pip compiles it at install time): the
    environment may forbid writing it (PYTHONDONTWRITEBYTECODE), which would make every
    start compile our modules while Textual's own come precompiled."""
    from erej_tui.embedded import prepare_database

    data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
    prepare_database(data, seed=42, clock=CLOCK)
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"EREJ_DATA_DIR": str(data), "PYTHONPYCACHEPREFIX": str(CACHE / "bytecode")}
    erej = [sys.executable, "-m", "erej_tui"]
    minimal = [sys.executable, "-c", MINIMAL_APP]
    until_text(erej, b"Zaloguj", env)  # compiles the bytecode, warms the file cache
    until_text(minimal, b"Gotowe", env)
    pairs = [
        (until_text(erej, b"Zaloguj", env), until_text(minimal, b"Gotowe", env))
        for _ in range(runs)
    ]
    shutil.rmtree(data, ignore_errors=True)
    m_ours = statistics.median(ours for ours, _ in pairs)
    m_base = statistics.median(base for _, base in pairs)
    ratio = statistics.median(ours / base for ours, base in pairs)
    return {
        "figure": f"time to first screen (median of {runs} pairs)",
        "target": "≤ 0.6 s and ≤ 1.25 × a minimal Textual app",
        "result": f"{m_ours:.2f} s; minimal app {m_base:.2f} s ({ratio:.2f}×)",
        "ok": m_ours <= 0.6 and ratio <= 1.25,
    }


# --- headless commands and the first launch ------------------------------------------------
FLOOR = [sys.executable, "-c", "import httpx, pydantic"]
"""The floor of a Python command that speaks HTTP and validates with pydantic."""
COMMANDS = {
    "services": ["services", "--json"],
    "slots": ["slots", "--service", "mammografia", "--voivodeship", "06", "--json"],
    "visits": ["visits", "--json"],
}
DEMO_PESEL = "68010301102"  # Anna Kowalska


def cpu_of(command: list[str], env: dict) -> float:
    """CPU seconds (user and system) of one run of `command`, which must succeed."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _headless(backend: str, target: float, runs: int) -> dict:
    """Interleaved runs: the floor, then each command; a command's ratio is the median of
    its ratios to the floor run just before it."""
    from erej_tui.embedded import prepare_database

    data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
    prepare_database(data, seed=42, clock=CLOCK)
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {
        "EREJ_DATA_DIR": str(data),
        "EREJ_BACKEND": backend,
        "PYTHONPYCACHEPREFIX": str(CACHE / "bytecode"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # a token file
    }
    erej = [sys.executable, "-m", "erej_tui"]
    subprocess.run(
        [*erej, "login", "--pesel", DEMO_PESEL, "--password-stdin"],
        env=env,
        input=b"demo\n",
        capture_output=True,
        check=True,
    )
    cpu_of(FLOOR, env)  # bytecode compiled, files cached
    ratios: dict[str, list[float]] = {name: [] for name in COMMANDS}
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    floors = []
    for _ in range(runs):
        for name, args in COMMANDS.items():
            floor = cpu_of(FLOOR, env)
            ours = cpu_of([*erej, *args], env)
            floors.append(floor)
            times[name].append(ours)
            ratios[name].append(ours / floor)
    shutil.rmtree(data, ignore_errors=True)
    medians = {name: statistics.median(r) for name, r in ratios.items()}
    result = "; ".join(
        f"{name} {statistics.median(times[name]):.2f} s ({medians[name]:.2f}×)" for name in COMMANDS
    )
    return {
        "result": f"{result}; floor {statistics.median(floors):.2f} s",
        "ok": all(m <= target for m in medians.values()),
    }


def headless_embedded(runs: int = 10) -> dict:
    row = _headless("embedded", 1.6, runs)
    return {
        "figure": "CPU time of `erej services`, `slots`, `visits` with `--json` on the "
        f"embedded backend (warm: seeded, logged in; median of {runs} interleaved pairs "
        "with the floor `python -c 'import httpx, pydantic'`)",
        "target": "≤ 1.6 × the floor",
        **row,
    }


def headless_served(runs: int = 10) -> dict:
    from erej_tui.embedded import prepare_database

    db = Path(tempfile.mkdtemp(prefix="erej-bench-")) / "served.sqlite3"
    shutil.copyfile(prepare_database(db.parent / "seed", seed=42, clock=CLOCK), db)
    served = Served(db)
    try:
        row = _headless(served.url, 1.3, runs)
    finally:
        served.close()
    return {
        "figure": "the same against `--backend URL` (a running `erej-mock`)",
        "target": "≤ 1.3 × the floor",
        **row,
    }


def first_launch(runs: int = 3) -> dict:
    """`erej` on a fresh data directory: seconds until the login screen lists the demo
    patients (the first of them drawn), each run in a new directory."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPYCACHEPREFIX": str(CACHE / "bytecode")}
    erej = [sys.executable, "-m", "erej_tui"]
    times = []
    for _ in range(runs + 1):  # the first compiles the bytecode: not counted
        data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
        times.append(until_text(erej, b"Anna Kowalska", env | {"EREJ_DATA_DIR": str(data)}))
        shutil.rmtree(data, ignore_errors=True)
    counted = times[1:]
    return {
        "figure": f"first launch on a fresh data directory until the demo patients can be "
        f"picked (median of {runs})",
        "target": "≤ 2 s",
        "result": f"{statistics.median(counted):.2f} s ({min(counted):.2f}-{max(counted):.2f})",
        "ok": statistics.median(counted) <= 2,
    }


# --- a served mock ------------------------------------------------------------------------
def national_db() -> Path:
    path = CACHE / "national.sqlite3"
    if not path.exists():
        from mock_server.seeding import seed_into

        CACHE.mkdir(parents=True, exist_ok=True)
        print("building the national data set once (about 30 s)...", file=sys.stderr)
        seed_into(path, 42, CLOCK.date(), scale="national")
    return path


ROUTE_ONLY = """
import sys
from mock_server import app
from mock_server.routes.booking import BookingFastPath
build = app.create_app
def create_app(*args, **kwargs):
    built = build(*args, **kwargs)
    built.user_middleware = [m for m in built.user_middleware if m.cls is not BookingFastPath]
    return built
app.create_app = create_app
from mock_server.cli import main
sys.exit(main(sys.argv[1:]))
"""


class Served:
    def __init__(self, db: Path, *extra: str, route_only: bool = False) -> None:
        """`erej-mock` on a free port; `route_only` takes `BookingFastPath` out of its
        stack, so that every booking goes through its FastAPI route."""
        self.proc = subprocess.Popen(
            [
                sys.executable,
                *(("-c", ROUTE_ONLY) if route_only else ("-m", "mock_server")),
                "--port",
                "0",
                "--db",
                str(db),
                "--clock",
                CLOCK.isoformat(),
                "--demo",
                "--admin-token",
                "bench",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            match = re.search(r"(http://127\.0\.0\.1:\d+)/api/v1", line)
            if match:
                self.url = match.group(1)
                break
        else:
            raise RuntimeError("erej-mock did not start")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


async def _login(c, pesel: str, password: str) -> dict:
    r = await c.post("/api/v1/auth/login", json={"pesel": pesel, "password": password})
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _searches(path: str, extra: dict, app_range: bool = False) -> list[float]:
    """Milliseconds per `GET path` on the national set: every locality a few letters find,
    within 50 km, for three services, from tomorrow on, with `extra` parameters; with
    `app_range`, up to the end of the range the app's search form proposes for the
    service (40 days for a visit, 90 for an examination)."""

    def params(service: str, loc: dict, days: int) -> dict:
        until = {"date_to": str(CLOCK.date() + timedelta(days=days))}
        return {
            "service": service,
            "locality_id": loc["id"],
            "radius_km": 50,
            "date_from": "2026-12-02",
            **extra,
            **(until if app_range else {}),
        }

    return _national_searches(f"/api/v1{path}", params)


def _national_searches(path: str, params) -> list[float]:
    """Milliseconds per `GET path` with `params(service, locality, its days)` for every
    locality a few letters find and three services, on a served national set."""
    import httpx

    db = Path(tempfile.mkdtemp(prefix="erej-bench-")) / "national.sqlite3"
    shutil.copyfile(national_db(), db)
    served = Served(db, "--scale", "national")

    async def run() -> list[float]:
        async with httpx.AsyncClient(base_url=served.url, timeout=30) as c:
            anna = next(
                p
                for p in (await c.get("/_mock/patients", headers={"X-Admin-Token": "bench"})).json()
                if p["name"] == "Anna Kowalska"
            )
            h = await _login(c, anna["pesel"], anna["password"])
            localities = {}
            for q in ("a", "b", "c", "g", "k", "l", "o", "p", "r", "s", "t", "w", "z"):
                found = await c.get("/api/v1/localities", params={"q": q, "limit": 50})
                localities |= {loc["id"]: loc for loc in found.json()}
            days = {
                s["code"]: s["waitlist_days"]
                for s in (await c.get("/api/v1/services", headers=h)).json()
            }
            times = []
            for _, loc in sorted(localities.items()):
                for service in ("kardiologia", "cytologia", "mammografia"):
                    t = time.perf_counter()
                    r = await c.get(path, headers=h, params=params(service, loc, days[service]))
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.text
            return times

    try:
        return asyncio.run(run())
    finally:
        served.close()
        shutil.rmtree(db.parent, ignore_errors=True)


def _within_search_target(figure: str, times: list[float], target: str) -> dict:
    """A figure of HTTP round trips held to the slot search's target, p95 ≤ 20 ms."""
    p95 = percentile(times, 95)
    return {
        "figure": figure,
        "target": target,
        "result": f"p50 {percentile(times, 50):.1f} ms, p95 {p95:.1f} ms",
        "ok": p95 <= 20,
    }


def slot_search() -> dict:
    times = _searches("/slots", {"date_to": "2026-12-31", "limit": 50})
    return _within_search_target(
        f"slot search, national set, 30 days within 50 km, earliest 50 "
        f"({len(times)} searches over HTTP)",
        times,
        "p95 ≤ 20 ms",
    )


def fhir_search() -> dict:
    """The slot search's searches as the FHIR backend sends them: `Slot` near a position,
    its Schedules and Locations included."""

    def params(service: str, loc: dict, _days: int) -> list[tuple[str, object]]:
        return [
            ("service-type", service),
            ("near", f"{loc['latitude']}|{loc['longitude']}|50|km"),
            ("start", "ge2026-12-02"),
            ("start", "le2026-12-31"),
            ("_count", 50),
            ("_include", "Slot:schedule"),
            ("_include:iterate", "Schedule:actor"),
        ]

    times = _national_searches("/fhir/Slot", params)
    return _within_search_target(
        f"the same slot search over FHIR (`GET /fhir/Slot?near=…&_include=…`, a Bundle of "
        f"50 Slots with their Schedules and Locations; {len(times)} searches)",
        times,
        "p95 ≤ 20 ms (the slot search's)",
    )


def slot_calendar() -> dict:
    times = _searches("/slots/calendar", {}, app_range=True)
    ahead = _searches("/slots/calendar", {})
    row = _within_search_target(
        f"slot calendar (free slots per day), national set, within 50 km, the range the "
        f"app proposes: 40 days for a visit, 90 for an examination ({len(times)} summaries "
        f"over HTTP)",
        times,
        "p95 ≤ 20 ms (the slot search's)",
    )
    row["result"] += (
        f"; every day ahead (120): p50 {percentile(ahead, 50):.1f} ms,"
        f" p95 {percentile(ahead, 95):.1f} ms"
    )
    return row


def _post(host: str, path: str, headers: dict, body: dict) -> bytes:
    data = json.dumps(body).encode()
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def _lean_loop(main):
    """Run the load client on uvloop where there is one: on two cores the client's own work
    takes CPU from the server under test (asyncio's pure-Python streams cost a few times
    uvloop's for 200 connections)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


async def _burst(host: str, port: int, requests: list[bytes]) -> list[tuple[int, float]]:
    """Send every request at once, each on its own open connection; (status, ms) of each.

    A lean client: the figure is the server's, and an HTTP client library handling 200
    connections in the same process on the same two cores would add its own queue."""
    conns = [await asyncio.open_connection(host, port) for _ in requests]
    gc.collect()
    gc.disable()  # the client's own collections would count as the server's latency

    async def one(conn, request: bytes) -> tuple[int, float]:
        reader, writer = conn
        t = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        await reader.readexactly(length)
        ms = (time.perf_counter() - t) * 1000
        writer.close()
        return int(head.split()[1]), ms

    pairs = zip(conns, requests, strict=True)
    try:
        return list(await asyncio.gather(*(one(c, r) for c, r in pairs)))
    finally:
        gc.enable()


FLOOR_APP = """
import sys, uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
app = FastAPI()
class Booking(BaseModel):
    slot_id: int
@app.post("/api/v1/appointments", status_code=201)
async def book(body: Booking) -> dict:  # on the loop, as the mock runs it
    return {"slot_id": body.slot_id}
uvicorn.run(app, port=int(sys.argv[1]), log_level="warning")
"""


def _floor(requests: list[bytes]) -> list[float]:
    """The same burst against a one-route FastAPI app that does nothing: what HTTP and
    FastAPI alone cost on this machine, the floor under the mock's figure."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", FLOOR_APP, str(port)])
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        timed = _lean_loop(_burst("127.0.0.1", port, requests))
        assert {status for status, _ in timed} == {201}
        return [ms for _, ms in timed]
    finally:
        proc.terminate()
        proc.wait(10)


def _one_burst(db: Path, route_only: bool) -> tuple[list[float], list[bytes]]:
    """200 patients logged in to a fresh erej-mock, then their bookings of 20 slots at once:
    the latency of each, and the requests sent."""
    import httpx

    from erej_tui.api.pesel import Sex, parse_pesel

    served = Served(db, route_only=route_only)

    async def run() -> tuple[list[float], list[bytes]]:
        limits = httpx.Limits(max_connections=250, max_keepalive_connections=250)
        async with httpx.AsyncClient(base_url=served.url, timeout=60, limits=limits) as c:
            everyone = (
                await c.get(
                    "/_mock/patients", params={"everyone": True}, headers={"X-Admin-Token": "bench"}
                )
            ).json()
            women = [
                p
                for p in everyone
                if p["description"].startswith("Pacjent")
                and parse_pesel(p["pesel"]).sex is Sex.FEMALE
                and 25 <= 2026 - parse_pesel(p["pesel"]).birth_date.year <= 64
            ][:200]
            headers = await asyncio.gather(*(_login(c, p["pesel"], p["password"]) for p in women))
            page = (
                await c.get(
                    "/api/v1/slots",
                    headers=headers[0],
                    params={"service": "cytologia", "limit": 20},
                )
            ).json()
            slots = [s["id"] for s in page["items"]]

        host, port = served.url.removeprefix("http://").split(":")
        requests = [
            _post(
                host,
                "/api/v1/appointments",
                {**h, "Idempotency-Key": f"bench-{i}"},
                {"slot_id": slots[i % 20]},
            )
            for i, h in enumerate(headers)
        ]
        timed = await _burst(host, int(port), requests)
        statuses = sorted(status for status, _ in timed)
        assert statuses.count(201) == 20 and statuses.count(409) == 180, statuses
        return [ms for _, ms in timed], requests

    try:
        return _lean_loop(run())
    finally:
        served.close()


def booking(bursts: int = 5, route_only: bool = False) -> dict:
    """`bursts` bursts, each on a fresh server and database, each followed by the same
    burst to the one-route FastAPI app; the p99 over all of them, and its ratio to that
    app's. `route_only` sends every booking through its FastAPI route."""
    from erej_tui.embedded import prepare_database

    data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
    times: list[float] = []
    floor: list[float] = []
    each: list[float] = []
    try:
        for n in range(bursts):
            db = prepare_database(data / str(n), seed=42, clock=CLOCK)
            timed, requests = _one_burst(db, route_only)
            times += timed
            each.append(percentile(timed, 99))
            floor += _floor(requests)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    p99, floor99 = percentile(times, 99), percentile(floor, 99)
    how = "through the FastAPI route only" if route_only else "as served"
    return {
        "figure": f"booking under contention, {how} (200 clients, 20 slots; {bursts} bursts)",
        "target": "p99 ≤ 1.5 × a one-route FastAPI app doing nothing",
        "result": f"p50 {percentile(times, 50):.1f} ms, p99 {p99:.1f} ms (each burst's p99 "
        f"{min(each):.0f}-{max(each):.0f} ms); the app doing nothing: "
        f"p50 {percentile(floor, 50):.1f} ms, p99 {floor99:.1f} ms; {p99 / floor99:.2f}×",
        "ok": p99 <= 1.5 * floor99,
    }


def booking_route() -> dict:
    return booking(route_only=True)


# --- the slot list ------------------------------------------------------------------------
def scrolling(rows: int = 2000, presses: int = 60) -> dict:
    async def run() -> list[float]:
        from erej_tui.api.models import SearchCriteria
        from erej_tui.config import Settings
        from erej_tui.credentials import MemoryTokenStore
        from erej_tui.embedded import prepare_database
        from erej_tui.tui.app import ErejApp
        from erej_tui.tui.context import BookingIntent
        from erej_tui.tui.driving import settle
        from erej_tui.tui.screens.slots import SlotsScreen

        data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
        prepare_database(data, seed=42, clock=CLOCK)
        app = ErejApp(
            Settings(data_dir=data, clock=CLOCK),
            store=MemoryTokenStore(data),
            blink=False,
            live_interval=None,
            freeze_heap=True,  # as `erej` runs it
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            services = await app.api.services()
            criteria = SearchCriteria(voivodeship="07")
            screen = SlotsScreen(app.session, BookingIntent(services[1], criteria=criteria))
            await app.push_screen(screen)
            await settle(pilot)
            page = await app.api.slots("cytologia", criteria, limit=200)
            template = page.items
            screen.cursor = None  # no more pages: the list holds exactly these rows
            extra = [
                template[i % len(template)].model_copy(update={"id": 10_000_000 + i})
                for i in range(rows - len(screen.slots))
            ]
            screen._add(extra)
            await settle(pilot)
            times = []
            # The interpreter's full collections (every so many objects kept, wherever
            # that lands) are told apart: the figure is the list's cost for a key, and
            # the pauses are reported beside it.
            full: list[int] = []
            collecting = lambda phase, info: (  # noqa: E731
                full.append(len(times)) if phase == "start" and info["generation"] == 2 else None
            )
            gc.callbacks.append(collecting)
            for i in range(presses):
                key = "pagedown" if i % 2 == 0 else "down"
                # The app's work for one key, rendering included: CPU time, because the
                # test pilot's own waits (it polls for idleness in 20 ms steps) are not
                # the app's and would swamp the figure. The app runs on one thread.
                t = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                times.append((time.process_time() - t) * 1000)
            gc.callbacks.remove(collecting)
            assert screen.query_one("#slots").row_count >= rows
        shutil.rmtree(data, ignore_errors=True)
        return times, full

    all_times, full = asyncio.run(run())
    times = [ms for i, ms in enumerate(all_times) if i not in full]
    worst = max(times)
    pauses = ", ".join(f"{all_times[i]:.0f} ms" for i in sorted(set(full)))
    return {
        "figure": f"slot list with {rows} rows: one key (page down / down)",
        "target": "≤ 50 ms per key",
        "result": (
            f"mean {statistics.mean(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
            f"worst {worst:.1f} ms (CPU time)"
            + (f"; keys that also ran a full collection: {pauses}" if pauses else "")
        ),
        "ok": worst <= 50,
    }


# --- memory -------------------------------------------------------------------------------
MEMORY_PROBE = """
import asyncio, gc, resource, sys
gc.disable()  # as `erej` starts (cli.launch_tui); the app turns it back on
from pathlib import Path
from datetime import datetime
from erej_tui.config import Settings
from erej_tui.credentials import MemoryTokenStore
from erej_tui.tui.app import ErejApp
from erej_tui.tui.driving import settle, press

async def main():
    data = Path(sys.argv[1])
    app = ErejApp(Settings(data_dir=data, clock=datetime(2026, 12, 1, 8, 0)),
                  store=MemoryTokenStore(data), blink=False, live_interval=None,
                  freeze_heap=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        await press(pilot, "a", "r", "3")
        await pilot.press(*"warszawa")
        await settle(pilot)
        await press(pilot, "enter", "ctrl+s")
        for _ in range(40):
            await press(pilot, "pagedown")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""


def memory() -> dict:
    data = Path(tempfile.mkdtemp(prefix="erej-bench-"))
    shutil.copyfile(national_db(), data / "embedded.sqlite3")
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(data)],
        capture_output=True,
        text=True,
        env={**ENV, "EREJ_DATA_DIR": str(data)},
        check=True,
    )
    shutil.rmtree(data, ignore_errors=True)
    mb = int(out.stdout.strip().splitlines()[-1]) / 1024
    return {
        "figure": "app + embedded backend on the national set, after a search and scrolling",
        "target": "< 200 MB resident",
        "result": f"{mb:.0f} MB peak resident",
        "ok": mb < 200,
    }


FIGURES = {
    "first-screen": first_screen,
    "first-launch": first_launch,
    "headless": headless_embedded,
    "headless-served": headless_served,
    "search": slot_search,
    "fhir-search": fhir_search,
    "calendar": slot_calendar,
    "booking": booking,
    "booking-route": booking_route,
    "scrolling": scrolling,
    "memory": memory,
}


def main(argv: list[str]) -> int:
    names = argv or list(FIGURES)
    print(f"Machine: {machine()}")
    print("| figure | target | result | |")
    print("|---|---|---|---|")
    for name in names:
        row = FIGURES[name]()
        mark = "✓" if row["ok"] else "✗"
        print(f"| {row['figure']} | {row['target']} | {row['result']} | {mark} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
