"""`ErejApp`: the Textual app. The login screen appears at once; the backend (the embedded
mock by default, whose import and first-run seeding take seconds) comes up in a worker."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header

from ..api import errors
from ..backends import backend_key, connect
from ..config import Settings
from ..i18n import t
from .screens.base import BackendChanged, SessionLost
from .screens.login import LoginScreen
from .themes import THEMES, use_themes
from .typeahead import TypeAhead
from .widgets import localize_bindings

# The login screen is drawn before anything heavier than Textual is imported: the HTTP
# client (httpx), the contract (pydantic), the keyring and the other screens are imported
# where they are first used, while the backend comes up behind the login screen.
if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from ..api.models import DemoPatient, Notification, Patient
    from ..api.protocol import RegistrationAPI
    from ..credentials import TokenStore
    from .context import Session
    from .screens.home import HomeScreen

Progress = Callable[[int, int, str], None]
Connect = Callable[[Progress], Awaitable["RegistrationAPI"]]


def default_connect(settings: Settings) -> Connect:
    async def connect_with_progress(progress: Progress) -> RegistrationAPI:
        return await connect(settings, progress)

    return connect_with_progress


def _palette_commands():
    from .palette import ErejCommands

    return ErejCommands


class ErejApp(App[None]):
    CSS_PATH = "erej.tcss"
    # Only ours: the app's commands in its own order (see palette.py).
    COMMANDS = {_palette_commands}
    BINDINGS = [
        # Shown in the help screen and the palette: the footers keep room for the screen's keys.
        Binding("ctrl+q", "quit", "quit", id="app.quit", show=False, priority=True),
        Binding("ctrl+l", "logout", "logout", id="app.logout", show=False),
        Binding("f1,question_mark", "help", "help", id="app.help"),
        Binding("f2", "demo", "demo", id="app.demo", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "commands",
            id="app.commands",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        connect: Connect | None = None,
        store: TokenStore | None = None,
        blink: bool = True,
        live_interval: float | None = 3.0,
        downloads: Path | None = None,
        freeze_heap: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.lang = settings.lang
        self.blink = blink
        self._connect = connect or default_connect(settings)
        self._store = store
        self.api: RegistrationAPI | None = None
        self.session: Session | None = None
        self.demo_patients: list[DemoPatient] = []
        self.today: date | None = None
        self.live_interval = live_interval
        self.downloads = downloads
        self.freeze_heap = freeze_heap
        self._last_notification: int | None = None
        self.type_ahead = TypeAhead(self)
        self._held_toasts: list[tuple[str, str, SeverityLevel, float]] = []
        self.title = t("app_title", self.lang)
        # Before the first frame: a theme changed on mount re-applies every style.
        use_themes(cast(App[object], self), "light" if settings.theme == "light" else "dark")
        localize_bindings(self, self.lang)

    async def on_event(self, event: events.Event) -> None:
        # A key typed while the screen is still loading waits for it (typeahead.py).
        if isinstance(event, events.Key) and not event.is_forwarded and self.type_ahead.hold(event):
            return
        await super().on_event(event)

    @property
    def store(self) -> TokenStore:
        """Where the session token is kept (the keyring is loaded when first needed)."""
        if self._store is None:
            from ..credentials import TokenStore

            self._store = TokenStore(self.settings.data_path, lang=self.lang, notice=self._note)
        return self._store

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's toast, with the message shown as written whatever the caller says:
        toasts carry the backend's words (error details), never markup.

        Never over an open dialog: while one is open, toasts wait, and those already shown
        step aside, coming back (for what was left of their time) when it closes."""
        if isinstance(self.screen, ModalScreen):
            self._held_toasts.append(
                (message, title, severity, timeout or self.NOTIFICATION_TIMEOUT)
            )
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _screen_changed(self, screen: Screen) -> None:
        if isinstance(screen, ModalScreen):
            shown = [n for n in self._notifications if not n.has_expired]
            if shown:
                self._held_toasts[:0] = [
                    (n.message, n.title, n.severity, max(n.time_left, 3.0)) for n in shown
                ]
                self.clear_notifications()
        elif self._held_toasts:
            held, self._held_toasts = self._held_toasts, []
            for message, title, severity, timeout in held:
                self.notify(message, title=title, severity=severity, timeout=timeout)

    def _note(self, text: str) -> None:
        self.notify(text, severity="warning", timeout=8)  # thread-safe: see `_in_store_thread`

    _store_thread: ThreadPoolExecutor | None = None

    def _in_store_thread(self, call: Callable[[], object], failure: str) -> asyncio.Future:
        """Run a token-store call on the store's own thread: off the event loop (the
        keyring's import and backend lookup take ~0.25 s, and a desktop keyring may wait
        for the person to unlock it), and in the order asked (a logout's delete before the
        next login's save). A failure is told (the message `failure`), never raised into
        the screen."""
        if self._store_thread is None:
            self._store_thread = ThreadPoolExecutor(1, thread_name_prefix="erej-token-store")
        job = asyncio.get_running_loop().run_in_executor(self._store_thread, call)
        job.add_done_callback(functools.partial(self._store_failed, failure))
        return job

    async def on_unmount(self) -> None:
        if self._store_thread is not None:  # a login's save finishes before the app ends
            await asyncio.to_thread(self._store_thread.shutdown)

    def _store_failed(self, failure: str, job: asyncio.Future) -> None:
        if not job.cancelled() and job.exception() is not None:
            self.notify(
                t(failure, self.lang, error=job.exception()),
                severity="error",
                timeout=8,
            )

    def _keep_session(self, pesel: str, token: str, expires_at: datetime | None) -> None:
        key = self.key
        self._in_store_thread(
            lambda: self.store.save(key, pesel, token, expires_at), "session_store_failed"
        )

    def _forget_session(self) -> None:
        key = self.key
        self._in_store_thread(lambda: self.store.delete(key), "session_delete_failed")

    @property
    def key(self) -> str:
        return backend_key(self.settings)

    def get_default_screen(self) -> LoginScreen:
        """The first login screen is the bottom of the stack, so the first frame draws it
        rather than a blank screen under it. Textual cannot switch its default screen away,
        so it stays there, under whatever `_show` puts on top."""
        return LoginScreen(self.lang, self.connecting_text())

    def connecting_text(self) -> str:
        if self.settings.embedded:
            return t("backend_starting", self.lang)
        return t("backend_connecting", self.lang, url=self.settings.backend)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        # Draw the login screen first: importing FastAPI in a thread competes for the GIL.
        self.call_after_refresh(self.connect_backend)

    @property
    def login_screen(self) -> LoginScreen | None:
        return self.screen if isinstance(self.screen, LoginScreen) else None

    # --- the backend -----------------------------------------------------------------------
    @work(exclusive=True, group="backend")
    async def connect_backend(self) -> None:
        def progress(done: int, total: int, _: str) -> None:
            self.call_from_thread(self._seed_progress, done, total)

        api = None
        try:
            api = await self._connect(progress)
            self.today = (await api.health()).now.date()
            token_given = api.demo.available
            self.demo_patients = await api.demo.patients() if await api.demo.accepted() else []
            if token_given and not api.demo.available:
                self.notify(t("admin_token_refused", self.lang), severity="warning", timeout=8)
        except errors.ApiError as exc:
            if api is not None:
                await api.aclose()  # F5 on the login screen opens a new one
            self._tell_login(LoginScreen.BackendFailed(exc.detail))
            self._freeze_heap()
            return
        self.api = api
        self._tell_login(LoginScreen.BackendReady(api, self.demo_patients))
        self._freeze_heap()
        await self._resume()

    def _freeze_heap(self) -> None:
        """Move what is loaded so far (Textual, the contract, the embedded backend and its
        data, the screens) out of the garbage collector's sight: a full collection over it
        took 100-250 ms, a visible stall in the middle of scrolling. Only for the real
        program: in a test process the frozen apps would pile up.

        `erej` starts with the collector off (see `cli.launch_tui`): start-up builds only
        what lives as long as the program. It is back on from here."""
        if self.freeze_heap:
            gc.freeze()
            gc.enable()

    def _seed_progress(self, done: int, total: int) -> None:
        self._tell_login(LoginScreen.Seeding(t("backend_seeding", self.lang), done, total))

    def _tell_login(self, message: Message) -> None:
        """The login screen on view, if any, hears how the backend is coming up."""
        if self.login_screen:
            self.login_screen.post_message(message)

    async def _resume(self) -> None:
        """A saved session opens the app without asking; an expired one asks again."""
        try:
            stored = await self._in_store_thread(
                lambda: self.store.load(self.key), "session_read_failed"
            )
        except Exception:  # noqa: BLE001 - told by `_store_failed`; log in by hand instead
            return
        if stored is None or self.api is None:
            return
        self.api.token = stored.token
        try:
            patient = await self.api.me()
        except errors.Unauthorized:
            self._forget_session()
            self.api.token = None
            self._back_to_login(t("session_expired_tui", self.lang))
            return
        except errors.ApiError as exc:
            self._tell_login(LoginScreen.BackendFailed(exc.detail))
            return
        if self.login_screen:
            # Replacing a screen still mounting its header makes Textual's header look for
            # a title widget that is gone; a resumed session is that fast.
            await self.login_screen.query_one(Header).wait_for_refresh()
        self._start(patient)

    # --- sessions --------------------------------------------------------------------------
    @on(LoginScreen.LoggedIn)
    def logged_in(self, message: LoginScreen.LoggedIn) -> None:
        response = message.response
        self._keep_session(response.patient.pesel, response.token, response.expires_at)
        self._start(response.patient)

    def _start(self, patient: Patient, guardian: Patient | None = None) -> None:
        from ..state import ClientState
        from .context import Session
        from .screens.home import HomeScreen

        assert self.api is not None and self.today is not None
        # Whose account is open and who acts, on every screen's header (the app's long name
        # makes room for them in 80 columns).
        self.title = t("app_title" if guardian is None else "app_short", self.lang)
        self.sub_title = (
            t(
                "child_header",
                self.lang,
                child=f"{patient.first_name} {patient.last_name}",
                guardian=f"{guardian.first_name} {guardian.last_name}",
            )
            if guardian is not None
            else ""
        )
        self.session = Session(
            api=self.api,
            lang=self.lang,
            patient=patient,
            today=self.today,
            embedded=self.settings.embedded,
            downloads=self.downloads or downloads_directory(),
            state=ClientState(self.settings.data_path, self.key, patient.pesel),
            guardian=guardian,
        )
        self._last_notification = None
        self._show(HomeScreen(self.session))
        self._freeze_heap()  # the logged-in screens' modules are loaded now
        if self.live_interval:
            self.check_for_news()
            if self._live_timer is None:
                self._live_timer = self.set_interval(self.live_interval, self._poll)

    # --- live updates ----------------------------------------------------------------------
    _live_timer: Timer | None = None

    def _poll(self) -> None:
        # Paused while a dialog is open, and when nobody is logged in; and never on the way
        # out, when the timer may fire once more after the last screen has gone.
        if self.session is None or not self.screen_stack:
            return
        if not isinstance(self.screen, ModalScreen):
            self.check_for_news()

    @work(exclusive=True, group="live")
    async def check_for_news(self) -> None:
        """New messages from the backend: a toast for each event, and the screen reloads."""
        if self.api is None or self.session is None or not self.session.offers("notifications"):
            return
        try:
            news = await self.api.notifications(limit=50, after_id=self._last_notification or 0)
        except errors.ApiError:
            return  # the screens report errors on their own loads; stay quiet here
        if self._last_notification is None:
            # The first look only notes where we are: older messages are not news.
            self._last_notification = max((n.id for n in news), default=0)
            return
        fresh = [n for n in news if n.id > self._last_notification]
        if not fresh:
            return
        self._last_notification = max(n.id for n in fresh)
        from ..api.models import NotificationKind

        events: dict[tuple, Notification] = {}
        for n in sorted(fresh, key=lambda n: n.id):
            # One event goes out by SMS and e-mail: one toast for it.
            events.setdefault((n.kind, n.appointment_id, n.waitlist_id), n)
        for n in events.values():
            # A line, not the SMS: the whole text is in Powiadomienia, and a toast of ten
            # lines covers the screen it is about.
            by_facility = n.kind is NotificationKind.CANCELLED_BY_FACILITY
            self.notify(
                t(f"news_{n.kind.value}", self.lang),
                title=t("live_update", self.lang),
                severity="warning" if by_facility else "information",
            )
        self.screen.post_message(BackendChanged(tuple(events.values())))

    @on(SessionLost)
    def session_lost(self, message: SessionLost) -> None:
        if self.session is None:
            return  # already back at login (a screen's late reload, after a logout or reset)
        self._forget_session()
        if self.api is not None:
            self.api.token = None
        self._back_to_login(message.text)

    def _show(self, screen: Screen) -> None:
        """`screen` in place of the top one, or over the first login screen (see
        `get_default_screen`)."""
        if len(self.screen_stack) == 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def _back_to_login(self, text: str) -> None:
        self.session = None
        self.title, self.sub_title = t("app_title", self.lang), ""
        if self.api is not None:
            self.api.acting_for = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        login = LoginScreen(self.lang, "", message=text)
        self._show(login)
        if self.api is not None:
            login.post_message(LoginScreen.BackendReady(self.api, self.demo_patients))

    def action_logout(self) -> None:
        self.log_out()

    @work(exclusive=True, group="logout")
    async def log_out(self) -> None:
        if self.session is None or self.api is None:
            return
        with contextlib.suppress(errors.ApiError):  # the local token goes regardless
            await self.api.logout()
        self._forget_session()
        self._back_to_login(t("logged_out", self.lang))

    # --- navigation used by commands and screens ------------------------------------------
    def home(self) -> HomeScreen | None:
        from .screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        return self.screen if isinstance(self.screen, HomeScreen) else None

    def open_section(self, name: str) -> None:
        """Zaplanowane wizyty, Poczekalnia, Powiadomienia or Moje konto, over the plan."""
        home = self.home()
        if home is None or self.session is None:
            self.notify(t("login_first", self.lang), severity="warning")
            return
        from .context import SECTION_NEEDS
        from .screens.account import AccountScreen
        from .screens.notifications import NotificationsScreen
        from .screens.visits import VisitsScreen
        from .screens.waitlist import WaitlistScreen

        if not self.session.offers(name):
            needed = SECTION_NEEDS[name]
            self.notify(t(f"not_offered_{needed}", self.lang), severity="warning")
            return
        screens = {
            "visits": VisitsScreen,
            "waitlist": WaitlistScreen,
            "notifications": NotificationsScreen,
            "account": AccountScreen,
        }
        self.push_screen(screens[name](self.session))

    def choose_account(self) -> None:
        """Konta Twoich dzieci: whose account to open."""
        if self.session is None or self.today is None:
            return
        from .screens.children import ChildrenScreen

        def chosen(pesel: str | None) -> None:
            if pesel is not None:
                self.open_account(pesel or None)

        self.push_screen(ChildrenScreen(self.session, self.today), chosen)

    @work(exclusive=True, group="account")
    async def open_account(self, pesel: str | None) -> None:
        """Open a child's account (`pesel`), or the patient's own (None), on the plan."""
        session, api = self.session, self.api
        if session is None or api is None:
            return
        guardian = session.guardian or session.patient
        before = api.acting_for
        api.acting_for = pesel
        try:
            patient = await api.me()
        except errors.ApiError as exc:
            api.acting_for = before
            if isinstance(exc, errors.Unauthorized):
                self.post_message(SessionLost(t("session_expired_tui", self.lang)))
            else:
                self.notify(exc.detail, title=t("error", self.lang), severity="error")
            return
        self.home()
        if pesel is None:
            self._start(guardian)
            name = f"{guardian.first_name} {guardian.last_name}"
            self.notify(t("back_on_own_account", self.lang, name=name))
        else:
            self._start(patient, guardian)
            name = f"{patient.first_name} {patient.last_name}"
            self.notify(t("opened_child_account", self.lang, name=name))

    def open_service(self, code: str) -> None:
        home = self.home()
        if home is None:
            self.notify(t("login_first", self.lang), severity="warning")
            return
        home.open_registration(service=code)

    def open_facilities(self) -> None:
        """Placówki, over the plan."""
        home = self.home()
        if home is None or self.session is None:
            self.notify(t("login_first", self.lang), severity="warning")
            return
        from .screens.facilities import FacilitiesScreen

        self.push_screen(FacilitiesScreen(self.session))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.session is not None:
            from ..formatting import eligibility_note, service_name

            yield SystemCommand(
                t("plan_title", self.lang), t("cmd_plan_help", self.lang), self.home
            )
            yield SystemCommand(
                t("registration", self.lang),
                t("cmd_registration_help", self.lang),
                lambda: self.open_service(""),
            )
            for service in self.session.services:
                yield SystemCommand(
                    t("cmd_book", self.lang, service=service_name(service, self.lang)),
                    # Why it cannot be booked, or what it needs, as Rejestracja says it.
                    eligibility_note(service, self.lang) or t("cmd_book_help", self.lang),
                    lambda code=service.code: self.open_service(code),
                )
            yield SystemCommand(
                t("facilities_title", self.lang),
                t("cmd_facilities_help", self.lang),
                self.open_facilities,
            )
            if self.session.guardian is not None:
                yield SystemCommand(
                    t("back_to_own_account", self.lang),
                    t("cmd_children_help", self.lang),
                    lambda: self.open_account(None),
                )
            elif self.session.children:
                yield SystemCommand(
                    t("children_accounts", self.lang),
                    t("cmd_children_help", self.lang),
                    self.choose_account,
                )
            yield SystemCommand(
                t("logout", self.lang), t("cmd_logout_help", self.lang), self.action_logout
            )
        yield SystemCommand(
            t("cmd_theme", self.lang), t("cmd_theme_help", self.lang), self.toggle_theme
        )
        yield SystemCommand(t("quit", self.lang), t("quit", self.lang), self.exit)
        if self.demo_available:  # last, as one group
            from .screens.demo import DEMO_ACTIONS

            for name in DEMO_ACTIONS:
                yield SystemCommand(
                    f"{t('demo', self.lang)}: {t(f'demo_{name}', self.lang)}",
                    t("demo_title", self.lang),
                    lambda name=name: self.demo_action(name),
                )

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the UI's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("palette_prompt", self.lang))
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "demo":
            return self.demo_available
        return True

    @property
    def demo_available(self) -> bool:
        """Demo controls exist on the mock backend only (it hands out an admin token)."""
        return bool(self.session and self.api and self.api.demo.available)

    def action_demo(self) -> None:
        from .screens.demo import DemoScreen

        if self.session and self.demo_available and not isinstance(self.screen, DemoScreen):
            self.push_screen(DemoScreen(self.session))

    @work(exclusive=True, group="demo")
    async def demo_action(self, name: str) -> None:
        from .screens.demo import DemoScreen, run_demo_action

        if not self.demo_available or self.session is None or self.api is None:
            return
        codes = [s.code for s in self.session.services] or [
            s.code for s in await self.api.services()
        ]

        def say(text: str, kind: str) -> None:
            # In the dialog when it is open (a toast would lie over it), else a toast.
            if isinstance(self.screen, DemoScreen):
                self.screen.said(text, kind)
            else:
                self.notify(
                    text,
                    title=t("demo", self.lang),
                    severity="error" if kind == "error" else "information",
                )

        try:
            message = await run_demo_action(self.api, name, codes, self.lang)
        except errors.ApiError as exc:
            say(exc.detail, "error")
            return
        if name == "reset":
            # The seed has no sessions: everyone logs in again.
            self._forget_session()
            self.api.token = None
            self._back_to_login(message)
            return
        say(message, "info")
        self.screen.post_message(BackendChanged())

    def action_help(self) -> None:
        from .screens.help import HelpScreen, screen_about, screen_keys

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.lang, screen_keys(self), screen_about(self)))

    def toggle_theme(self) -> None:
        dark = self.theme == THEMES["dark"].name
        self.theme = THEMES["light" if dark else "dark"].name


def run_tui(settings: Settings, *, private_session: bool = False) -> int:
    """The app. A private session (each tab of `erej serve`) keeps its token in memory:
    it resumes no saved session and leaves none behind."""
    from ..credentials import MemoryTokenStore

    store = MemoryTokenStore(settings.data_path) if private_session else None
    ErejApp(settings, store=store, freeze_heap=True).run()
    return 0


def downloads_directory() -> Path:
    from platformdirs import user_downloads_path

    return user_downloads_path()
