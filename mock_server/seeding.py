"""A new database seeded in a process of its own:
`python -m mock_server.seeding --db PATH [--seed 42] [--clock 2026-12-01T08:00]`.

`erej` starts it on a first run before it loads anything heavy, so that seeding (a second
or two of CPU) runs on another core while the first screen draws and the backend's modules
load. It prints `done total` lines as it goes and seeds through `seed_into`, which every
seeded file goes through (the tests' template, scripted runs, the benchmarks' national
set): complete or not there at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from .clock import VirtualClock
from .db import Database
from .seed import Progress, seed_database


def seed_into(
    target: Path,
    seed: int,
    today: date,
    *,
    scale: str = "default",
    progress: Progress | None = None,
) -> None:
    """Seed a database file at `target`: into a file of its own first, linked into place
    only when complete and only where none is yet (a run killed half-way, or another
    seeding the same file at the same moment, never leaves a half-seeded one there)."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.seeding")
    try:
        db = Database(partial)
        seed_database(db, seed, today, scale, progress)
        db.close()
        os.link(partial, target)
    except FileExistsError:
        pass
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_server.seeding")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--clock", type=datetime.fromisoformat, default=None)
    args = parser.parse_args(argv)

    def progress(done: int, total: int, _what: str) -> None:
        """Reported while someone reads; an app that quits meanwhile does not stop the
        seeding (its next start finds the database ready)."""
        if not sys.stdout.closed:
            try:
                print(done, total, flush=True)
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (until the process ends)

    # The day the backend will start from: its virtual clock's, as the registry reads it.
    today = VirtualClock(args.clock).now().date()
    seed_into(args.db, args.seed, today, progress=progress)
    return 0


if __name__ == "__main__":
    sys.exit(main())
