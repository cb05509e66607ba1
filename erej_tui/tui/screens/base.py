"""The base of the logged-in screens: going back, plain error reporting, the session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen

from ...api import errors
from ...i18n import t
from ..widgets import Notice, localize_bindings

if TYPE_CHECKING:  # the login screen is drawn before the contract is imported
    from textual.widget import Widget

    from ...api.models import Notification
    from ..app import ErejApp
    from ..context import Session

LOADING_DELAY = 0.2
"""Seconds a load may take before its widget shows the loading indicator: the embedded
backend answers in a few milliseconds, and an indicator that flashes for one frame is
noise."""


RETRY_ACTIONS = ("retry", "refresh", "reconnect")
"""Actions that try a failed request again, whichever screen binds them."""


class SessionLost(Message):
    """The backend refused our token: back to the login screen with this text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class BackendChanged(Message):
    """Something changed elsewhere (a slot assigned, a visit cancelled by the facility, a
    reminder sent): screens that show backend data reload. `news` are the messages that
    told of it, one per event."""

    def __init__(self, news: tuple[Notification, ...] = ()) -> None:
        super().__init__()
        self.news = news


# A mixin at run time, a Screen to the type checker: Textual matches a widget's CSS type
# names along the first DOMNode base of each class, so were it a Screen, a dialog
# (ErejModal) would stop matching `ModalScreen` and lose its centring and backdrop.
if TYPE_CHECKING:
    _ScreenMixin = Screen
else:
    _ScreenMixin = object


class Localized(_ScreenMixin):
    """Any screen of erej: its language, its retry hint, its way of telling failures."""

    lang: str

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    @property
    def erej(self) -> ErejApp:
        """The app, typed: what a screen may ask of erej's app beyond Textual's."""
        return cast("ErejApp", self.app)

    def retry_hint(self) -> str:
        """How to try again here: the key this screen binds to a retry (as the person's
        keymap has it, and the footer shows it), or plain words where none is bound."""
        for key, active in self.active_bindings.items():
            if active.binding.action in RETRY_ACTIONS and active.enabled:
                shown = self.app.get_key_display(active.binding) or key
                return self.t("retry_hint", keys=shown[:1].upper() + shown[1:])
        return self.t("try_again_later")

    def fail(self, exc: errors.ApiError, notice: Notice | None = None) -> None:
        """Tell the person what went wrong, in plain words; never a traceback."""
        if isinstance(exc, errors.Unauthorized):
            self.app.post_message(SessionLost(t("session_expired_tui", self.lang)))
            return
        text = exc.detail
        if isinstance(exc, errors.BackendUnavailable | errors.ContractViolation):
            text = f"{text} {self.retry_hint()}"
        if notice is not None:
            notice.show(text, "error")
        else:
            self.notify(text, title=self.t("error"), severity="error")


class WithSession(Localized):
    """A screen or dialog of the logged-in app: its session, language and bindings."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        localize_bindings(self, self.lang)


class ErejScreen(WithSession, Screen):
    BINDINGS = [Binding("escape", "back", "back", id="nav.back")]
    _loaded = False  # see `loading`

    @property
    def api(self):
        return self.session.api

    def action_back(self) -> None:
        self.app.pop_screen()

    def reload(self) -> None:
        """Fetch again what the screen shows (screens with backend data have `load`)."""
        load = getattr(self, "load", None)
        if load is not None:
            load()

    def action_refresh(self) -> None:
        self.reload()

    @contextmanager
    def first_load(self, selector: str) -> Iterator[None]:
        """Until the screen's first load succeeds, the widget at `selector` shows the
        loading indicator while the block waits on the backend (once it has waited
        LOADING_DELAY). Later reloads (F5, live updates) leave what is shown in place until
        the new data replaces it."""
        if self._loaded:
            yield
            return
        widget: Widget = self.query_one(selector)
        waiting = True

        def show() -> None:
            # A timer that has fired only queues this call on the screen, which may run it
            # after the answer came and stopping the timer no longer helps: ask again here.
            if waiting:
                widget.loading = True

        timer = self.set_timer(LOADING_DELAY, show)
        try:
            yield
        finally:
            waiting = False
            timer.stop()
            if widget.is_attached:  # not when the screen was closed while it waited
                widget.loading = False
        self._loaded = True

    def on_backend_changed(self, message: BackendChanged) -> None:
        self.reload()


class ErejModal(WithSession, ModalScreen):
    BINDINGS = [Binding("escape", "back", "back", id="nav.back")]

    def action_back(self) -> None:
        self.dismiss(None)
