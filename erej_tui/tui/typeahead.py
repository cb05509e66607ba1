"""Keys typed ahead: a key pressed while the screen cannot take it yet waits, then acts.

A power user types `r 3 ctrl+s enter enter` in one burst. Each key but the first lands
while a screen loads (Rejestracja's list, the slot search, the booking), where it would
act on the wrong screen or on nothing. The app holds such keys in order and hands them on
one at a time, each once the screen in front has settled:

- no worker of a loading or sending group is pending or running (`BLOCKING_GROUPS`; the
  background news check and the search form's suggestions do not count);
- the screen in front is mounted and does not hold keys itself (`holds_keys`, e.g. the
  login screen while a demo login waits for the backend), nor this key in particular
  (`waits_before(key)`: Enter on the search form while its place suggestions load; the
  letters typed before it go on at once);
- the app, that screen and its focused widget have no messages waiting (a worker's result
  being applied, a screen being switched, the last key still acting), for two checks in
  a row.

Keys are never dropped or doubled: each is handed on exactly once, in the order typed.
Ctrl+Q quits at once.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.worker import WorkerState

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

BLOCKING_GROUPS = frozenset(
    {
        "login",
        "logout",
        "home",
        "registration",
        "referral",
        "slots",
        "slots-more",
        "book",
        "join",
        "details",
        "cancel",
        "change",
        "visits",
        "waitlist",
        "leave",
        "notifications",
        "account",
        "demo",
        "demo-state",
        "facilities",
        "desk-demo",
        "desk-login",
        "desk-logout",
        "desk-schedule",
        "desk-act",
        "desk-book",
        "desk-look-up",
        "desk-form",
    }
)
PASS_AT_ONCE = frozenset({"ctrl+q"})
CHECK_EVERY = 0.02  # seconds between looks at the screen while keys wait
QUIET_CHECKS = 2  # settled this many looks in a row before the next key goes


class TypeAhead:
    """The app's queue of keys typed ahead of the screen."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.keys: deque[events.Key] = deque()
        self._timer: Timer | None = None
        self._quiet = 0
        self._replaying: events.Key | None = None

    @property
    def pending(self) -> bool:
        return bool(self.keys)

    def busy(self, key: str | None = None) -> bool:
        app = self.app
        try:
            screen = app.screen
        except Exception:  # noqa: BLE001 - no screen yet (starting) or any more (closing)
            return True
        if not screen.is_mounted or getattr(screen, "holds_keys", False):
            return True
        waits_before = getattr(screen, "waits_before", None)
        if key is not None and waits_before is not None and waits_before(key):
            return True
        for worker in app.workers:
            if worker.group in BLOCKING_GROUPS and worker.state in (
                WorkerState.PENDING,
                WorkerState.RUNNING,
            ):
                return True
        # Textual keeps each node's messages in `_message_queue`; a key handed to the focused
        # widget is still there until it has acted.
        nodes = (app, screen, app.focused)
        return not all(node is None or node._message_queue.empty() for node in nodes)

    def hold(self, event: events.Key) -> bool:
        """True when `event` waits (the caller then drops it); False to handle it now."""
        if event is self._replaying or event.key in PASS_AT_ONCE:
            return False
        if not self.keys and not self.busy(event.key):
            return False
        self.keys.append(event)
        self._quiet = 0
        if self._timer is None:
            self._timer = self.app.set_interval(CHECK_EVERY, self._check)
        else:
            self._timer.resume()
        return True

    async def _check(self) -> None:
        if not self.keys:
            self._pause()
            return
        if self.busy(self.keys[0].key):
            self._quiet = 0
            return
        self._quiet += 1
        if self._quiet < QUIET_CHECKS:
            return
        self._quiet = 0
        key = self.keys.popleft()
        replay = events.Key(key.key, key.character)
        replay.set_sender(self.app)
        self._replaying = replay
        try:
            await self.app.on_event(replay)
        finally:
            self._replaying = None
        if not self.keys:
            self._pause()

    def _pause(self) -> None:
        if self._timer is not None:
            self._timer.pause()
