"""A new database seeded in a process of its own:
`python -m mock_server.seeding --db PATH [--seed 42] [--clock 2026-12-01T08:00]`.

`erej` starts it on a first run before it loads anything heavy, so that seeding (a second
or two of CPU) runs on another core while the first screen draws and the backend's modules
load. It prints `done total` lines as it goes, seeds a file of its own and links it into
place only when complete and only where no database is yet: a run killed half-way, or a
second `erej` starting at the same moment, never leaves a half-seeded database behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from .clock import VirtualClock
from .db import Database
from .seed import seed_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_server.seeding")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--clock", type=datetime.fromisoformat, default=None)
    args = parser.parse_args(argv)
    target: Path = args.db
    partial = target.with_name(f"{target.name}.{os.getpid()}.seeding")
    # The day the backend will start from: its virtual clock's, as the registry reads it.
    today = VirtualClock(args.clock).now().date()

    def progress(done: int, total: int, _what: str) -> None:
        """Reported while someone reads; an app that quits meanwhile does not stop the
        seeding (its next start finds the database ready)."""
        if not sys.stdout.closed:
            try:
                print(done, total, flush=True)
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (until the process ends)

    try:
        db = Database(partial)
        seed_database(db, args.seed, today, progress=progress)
        db.close()
        os.link(partial, target)  # never over a database that is there already
    except FileExistsError:
        pass
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
