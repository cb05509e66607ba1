"""Driving the app headless: wait for it to settle, press keys, read what a person would
read. Shared by `erej script run`, the pytest plugin and the project's own tests."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static
from textual.worker import WorkerCancelled

from .table import KeyTable


async def settle(pilot: Pilot) -> None:
    """Let every worker finish, every key typed ahead act, and the screen catch up.

    The screen's queued messages are handled (`pause(0)`) until a look finds no worker
    running twice in a row: a message may start a worker, and a worker's result post
    messages. One wait for the process to go idle ends it."""
    app = pilot.app
    typed_ahead = getattr(app, "type_ahead", None)
    await pilot.pause(0)
    while typed_ahead is not None and typed_ahead.pending:
        await _workers_done(app)
        await pilot.pause(0.02)
    quiet = 0
    while quiet < 2:
        quiet = 0 if _busy(app) else quiet + 1
        await _workers_done(app)
        await pilot.pause(0)
    await pilot.pause()


def _busy(app) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def _workers_done(app) -> None:
    """Wait for the app's workers. One replaced by a newer one of its group (a screen
    reloading as it is shown) ends cancelled: that is not an error; a failure is."""
    outcomes = await asyncio.gather(
        *(worker.wait() for worker in app.workers), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
            raise outcome


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def screen_text(app) -> str:
    """Everything readable on the current screen, as plain text, plus the toasts."""
    screen = app.screen
    parts: list[str] = []
    for widget in screen.query("*"):
        if not widget.display or not widget.visible:
            continue
        if isinstance(widget, Input):
            parts.append(widget.value)
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, OptionList):
            parts.extend(
                str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)
            )
        elif isinstance(widget, KeyTable):
            for row in range(widget.row_count):
                parts.append(" ".join(str(cell) for cell in widget.get_row_at(row)))
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif callable(readable := getattr(widget, "readable", None)):  # the slot calendar
            parts.append(readable())
    parts.extend(str(n.message) for n in app._notifications)
    return "\n".join(parts)


async def wait_for(pilot: Pilot, test, timeout: float = 10.0) -> bool:
    """Poll (settling between looks) until `test()` holds or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        await settle(pilot)
        if test():
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.05)


async def wait_until_ready(pilot: Pilot, timeout: float = 120.0) -> bool:
    """The backend is up (the embedded one may be seeding on a first run)."""
    return await wait_for(pilot, lambda: getattr(pilot.app, "api", None) is not None, timeout)
