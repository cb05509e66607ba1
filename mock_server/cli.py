"""`erej-mock`: serve the mock CeR backend with uvicorn.

erej-mock --host 127.0.0.1 --port 8000 --db PATH --seed 42 [--clock 2026-12-01T08:00]
          [--scale national] [--demo [--admin-token TOKEN]]
"""

from __future__ import annotations

import argparse
import gc
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from .seed import SCALES

DEFAULT_DB_NAME = "mock.sqlite3"


def default_db() -> Path:
    from platformdirs import user_data_path

    return user_data_path("erej-tui", appauthor=False) / DEFAULT_DB_NAME


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="erej-mock",
        description="Serve the mock Centralna e-Rejestracja backend (the erej HTTP contract).",
    )
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    p.add_argument(
        "--port", type=int, default=8000, help="port (default: %(default)s; 0 = any free)"
    )
    p.add_argument(
        "--db",
        default=None,
        help="SQLite file (created and seeded if new); ':memory:' for a throwaway run "
        f"(default: {DEFAULT_DB_NAME} in the user data directory)",
    )
    p.add_argument("--seed", type=int, default=42, help="seed of the generated data (default: 42)")
    p.add_argument(
        "--clock",
        default=None,
        help="fix the virtual clock, e.g. 2026-12-01T08:00 (Warsaw time); default: real time",
    )
    p.add_argument("--scale", choices=sorted(SCALES), default="default", help="data set size")
    p.add_argument("--demo", action="store_true", help="enable the /_mock demo controls")
    p.add_argument(
        "--admin-token",
        default=os.environ.get("EREJ_MOCK_ADMIN_TOKEN"),
        help="token for the demo controls (X-Admin-Token); default: $EREJ_MOCK_ADMIN_TOKEN "
        "or a random one, printed at start",
    )
    p.add_argument(
        "--traffic",
        type=float,
        default=0.0,
        metavar="RATE",
        help="other patients book and cancel RATE times a second (e.g. 2), so a demo feels alive",
    )
    p.add_argument(
        "--log-level",
        default="warning",
        type=str.lower,
        choices=("critical", "error", "warning", "info", "debug", "trace"),
        help="log level (default: %(default)s); with --traffic, info sums other patients' "
        "actions up every minute and debug logs each one",
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from .clock import parse_clock

    err = Console(stderr=True, markup=False)  # paths and dates given are text, not markup
    try:
        clock = parse_clock(args.clock) if args.clock else None
    except ValueError:
        err.print(
            Text.assemble(
                ("erej-mock:", "red"),
                f" nieprawidłowa data zegara: {args.clock!r} (np. 2026-12-01T08:00)",
            )
        )
        return 2
    db = args.db or str(default_db())
    admin_token = args.admin_token or (secrets.token_urlsafe(16) if args.demo else None)

    app = build_app_with_progress(
        err, db, args.seed, clock, args.demo, admin_token, args.scale, args.traffic
    )

    from .messages import load_names

    load_names()
    # What start-up built lives as long as the server: out of the collector's sight, a full
    # collection (~50 ms over it) no longer lands in the middle of a burst of requests.
    gc.collect()
    gc.freeze()

    import uvicorn

    _log_to_stderr(args.log_level)
    # Access lines show at "info" and below; above it uvicorn need not build one a request.
    access_log = args.log_level.lower() in ("trace", "debug", "info")
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level=args.log_level, access_log=access_log
    )
    server = uvicorn.Server(config)
    err.print(
        f"erej-mock: baza {db}, ziarno {args.seed}"
        + (", sterowanie demem włączone" if args.demo else "")
    )
    if args.demo and not args.admin_token:
        err.print(f"erej-mock: token administratora (X-Admin-Token): {admin_token}")
    _announce_when_started(server, err)
    server.run()
    return 0


def _log_to_stderr(level: str) -> None:
    """The server's own lines (other patients' traffic, failures) at uvicorn's level."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("mock_server")
    logger.addHandler(handler)
    logger.setLevel("DEBUG" if level == "trace" else level.upper())


def build_app_with_progress(err, db, seed, clock, demo, admin_token, scale, traffic=0.0):
    """create_app() with a progress bar while a new database is seeded."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .app import create_app

    with Progress(
        TextColumn("Generowanie danych: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = None

        def progress(done: int, total: int, what: str) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task(what, total=total)
            bar.update(task, completed=done, description=what)

        return create_app(
            db,
            seed=seed,
            clock=clock,
            demo=demo,
            admin_token=admin_token,
            scale=scale,
            progress=progress,
            traffic=traffic,
            inline=True,
        )


def _announce_when_started(server, err) -> None:
    """Print the real address once uvicorn is listening (so --port 0 is usable)."""
    original = server.startup

    async def startup(sockets=None):
        await original(sockets=sockets)
        for s in server.servers:
            for sock in s.sockets:
                host, port = sock.getsockname()[:2]
                err.print(f"erej-mock: serwer działa pod http://{host}:{port}/api/v1")
                sys.stderr.flush()
                return

    server.startup = startup


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        return 0
