"""Logowanie: PESEL and password, checked before anything is sent; demo patients on the
embedded backend, each a key press away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.widgets.option_list import Option

from ...api import errors
from ...api.pesel import PeselError, parse_pesel
from ..widgets import AppHeader, KeyOptions, Notice, Plain, PlainLabel, TextField, localize_bindings
from .base import Localized

if TYPE_CHECKING:  # the first screen is drawn before httpx and pydantic are imported
    from ...api.models import DemoPatient, LoginResponse
    from ...api.protocol import RegistrationAPI


# A demo patient is one letter away: letters cannot be confused with typing a PESEL, so
# they work while the cursor is in the PESEL field (the screen starts there) or on the
# list, not in the password field. Not j and k: they move along the list.
DEMO_KEYS = "abcdefghilmnoprstuwyz"


class LoginScreen(Localized, Screen):
    BINDINGS = [
        Binding("f5", "reconnect", "reconnect", id="login.reconnect"),
        Binding("f3", "desk", "desk_facility_login", id="login.desk"),
        *(
            Binding(
                key, f"demo({n})", "demo_patient", show=False, priority=True, id=f"login.demo{n}"
            )
            for n, key in enumerate(DEMO_KEYS, 1)
        ),
    ]

    class LoggedIn(Message):
        def __init__(self, response: LoginResponse) -> None:
            super().__init__()
            self.response = response

    # What the app tells the login screen as the backend comes up (typed messages: the
    # app calls no method of the screen's).
    class Seeding(Message):
        """A first run of the embedded backend seeds its database: `done` of `total`."""

        def __init__(self, text: str, done: int, total: int) -> None:
            super().__init__()
            self.text, self.done, self.total = text, done, total

    class BackendReady(Message):
        def __init__(self, api: RegistrationAPI, demo: list[DemoPatient]) -> None:
            super().__init__()
            self.api, self.demo = api, demo

    class BackendFailed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, lang: str, status: str, message: str | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.api: RegistrationAPI | None = None
        self.demo: list[DemoPatient] = []
        self._status = status
        self._message = message
        self.failed = False  # the backend could not be reached: F5 tries again
        self.pending_demo: int | None = None  # a demo letter typed before the backend was up
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="login-box"):
            yield Plain(self.t("login_title"), classes="title")
            with Grid(classes="form"):
                yield PlainLabel(self.t("pesel"))
                yield TextField(
                    placeholder=self.t("pesel_placeholder"),
                    id="pesel",
                    max_length=11,
                    restrict=r"\d*",
                    compact=True,
                    pass_others=True,  # the demo patients' letters
                )
                yield PlainLabel(self.t("password"))
                yield TextField(
                    placeholder=self.t("password_placeholder"),
                    id="password",
                    password=True,
                    compact=True,
                )
            yield Button(self.t("login_button"), id="login-button", variant="primary", compact=True)
            yield Notice(id="login-notice")
        yield Plain(self.t("demo_patients"), id="demo-title")
        # The demo list and the progress bar are mounted when there is something to show:
        # the first screen draws sooner without them.
        with Horizontal(id="backend-status"):
            yield Plain(self._status, id="status-text")
        yield Footer()

    def on_mount(self) -> None:
        notice = self.query_one(Notice)
        if self._message:
            notice.show(self._message, "info")
        else:
            notice.clear()
        self.query_one("#pesel").focus()

    # --- told by the app as the backend comes up ------------------------------------------
    def on_login_screen_seeding(self, message: Seeding) -> None:
        self.set_status(message.text)
        self.set_progress(message.done, message.total)

    def on_login_screen_backend_ready(self, message: BackendReady) -> None:
        self.backend_ready(message.api, message.demo)

    def on_login_screen_backend_failed(self, message: BackendFailed) -> None:
        self.backend_failed(message.text)

    def set_status(self, text: str) -> None:
        self.query_one("#status-text", Static).update(text)

    def set_progress(self, done: int, total: int) -> None:
        from textual.widgets import ProgressBar  # only a first run seeds: not on the first frame

        if not self.query("#seed-progress"):
            self.query_one("#backend-status").mount(ProgressBar(id="seed-progress", show_eta=False))
        bar = self.query_one("#seed-progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)

    def _hide_progress(self) -> None:
        for bar in self.query("#seed-progress"):
            bar.display = False

    def backend_ready(self, api: RegistrationAPI, demo: list[DemoPatient]) -> None:
        from ...formatting import demo_description  # the contract: loaded after the first frame

        self.api = api
        self.demo = demo
        self._hide_progress()
        self.query_one("#backend-status").display = False
        if demo and not self.query("#demo-list"):
            options = KeyOptions(
                *(
                    Option(f"{key}  {p.name} – {demo_description(p, self.lang)}", id=str(i))
                    for i, (key, p) in enumerate(zip(DEMO_KEYS, demo, strict=False), 1)
                ),
                id="demo-list",
            )
            self.mount(options, after="#demo-title")
            options.display = True
            title = self.query_one("#demo-title", Static)
            title.update(
                self.t("demo_patients", last=DEMO_KEYS[min(len(demo), len(DEMO_KEYS)) - 1])
            )
            title.display = True
            options.highlighted = 0
            # The cursor stays where the person is typing (the PESEL field at first).
        if self.pending_demo is not None:
            number, self.pending_demo = self.pending_demo, None
            self.action_demo(number)

    def backend_failed(self, text: str) -> None:
        self._hide_progress()
        self.query_one("#backend-status").display = False  # the notice says it
        self.failed = True  # F5 (`reconnect`) is offered from now: the hint names its key
        self.pending_demo = None  # the notice says why nobody was logged in
        self.refresh_bindings()
        self.query_one(Notice).show(f"{text} {self.retry_hint()}", "error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reconnect":
            return self.failed
        if action == "desk":  # the facility's desk, on a backend that has one
            if self.api is None:  # before the backend is up: the contract is not imported
                return False
            from ...api.protocol import Capability

            return Capability.DESK in self.api.capabilities
        if action == "demo":
            # In the password field a letter is part of the password.
            if self.focused is not None and self.focused.id == "password":
                return False
            (number,) = parameters
            assert isinstance(number, int)
            ready = self.api is not None
            return number <= len(self.demo) if ready else not self.failed
        return True

    @property
    def holds_keys(self) -> bool:
        """Keys typed after a demo letter wait for its login (typeahead.py)."""
        return self.pending_demo is not None

    def action_desk(self) -> None:
        """Logowanie do rejestracji placówki (the facility's side)."""
        from .desk import DeskLoginScreen

        if self.api is not None:
            self.app.push_screen(DeskLoginScreen(self.api, self.lang))

    def action_reconnect(self) -> None:
        """Try the backend again (it was down, or not yet up, when the app started); offered
        only then (`check_action`)."""
        self.failed = False
        self.refresh_bindings()
        self.query_one(Notice).clear()
        self.query_one("#backend-status").display = True
        self.set_status(self.erej.connecting_text())
        self.erej.connect_backend()

    # --- logging in ------------------------------------------------------------------------
    @on(Button.Pressed, "#login-button")
    @on(TextField.Submitted, "#password")
    def submit_form(self) -> None:
        pesel = self.query_one("#pesel", TextField).value
        password = self.query_one("#password", TextField).value
        notice = self.query_one(Notice)
        try:
            pesel = parse_pesel(pesel).number
        except PeselError as exc:
            notice.show(exc.said(self.lang), "error")
            self.query_one("#pesel").focus()
            return
        if not password:
            notice.show(self.t("password_empty"), "error")
            self.query_one("#password").focus()
            return
        self.log_in(pesel, password)

    @on(TextField.Submitted, "#pesel")
    def next_field(self) -> None:
        self.query_one("#password").focus()

    @on(KeyOptions.OptionSelected, "#demo-list")
    def demo_selected(self, event: KeyOptions.OptionSelected) -> None:
        self.log_in_demo(int(event.option.id or 0))

    def action_demo(self, number: int) -> None:
        """Log demo patient `number` in, now or as soon as the backend is up."""
        if self.api is None:
            self.pending_demo = number
            self.query_one(Notice).show(self.t("backend_not_ready"), "info")
            return
        self.log_in_demo(number)

    def log_in_demo(self, number: int) -> None:
        patient = self.demo[number - 1]
        self.query_one("#pesel", TextField).value = patient.pesel
        self.query_one("#password", TextField).value = patient.password
        self.log_in(patient.pesel, patient.password)

    @work(exclusive=True, group="login")
    async def log_in(self, pesel: str, password: str) -> None:
        notice = self.query_one(Notice)
        if self.api is None:
            if self.failed:
                self.action_reconnect()  # logging in is trying again; the notice says so
            notice.show(self.t("backend_not_ready"), "info")
            return
        notice.show(self.t("logging_in"), "info")
        try:
            response = await self.api.login(pesel, password)
        except errors.ApiError as exc:
            notice.show(exc.detail, "error")
            return
        notice.clear()
        # The first login screen stays under the app's screens: no password kept in it.
        self.query_one("#password", TextField).value = ""
        self.post_message(self.LoggedIn(response))
