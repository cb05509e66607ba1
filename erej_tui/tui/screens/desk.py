"""Rejestracja w placówce: the facility desk's side of the app. Staff log in for one
facility (F3 on the login screen), then work in Terminarz: the day's schedule with each
visit's patient, e-referral and how it was booked; Zapisz pacjenta on a free slot (a
patient found by PESEL, in person or by phone); attendance and no-shows; cancelling a
visit with the reason the patient is told. The schedule reloads every few seconds, so a
patient's booking in the next terminal shows up here, and the desk's in hers."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Select
from textual.widgets.option_list import Option

from ...api import errors, timefmt
from ...formatting import desk_source, eligibility_note, service_name
from ..table import KeyTable
from ..widgets import AppHeader, KeyOptions, Notice, Plain, PlainLabel, TextField, localize_bindings
from .base import Localized
from .login import DEMO_KEYS

if TYPE_CHECKING:
    from ...api.models import DemoStaff, DeskDay, ScheduleSlot, StaffMember
    from ...api.protocol import RegistrationAPI

LIVE_EVERY = 3.0
"""Seconds between the schedule's reloads while it is on view."""


@dataclass
class DeskSession:
    api: RegistrationAPI
    lang: str
    staff: StaffMember
    today: date


class DeskLoginScreen(Localized, Screen):
    """Logowanie do rejestracji: the desk's login and password; on a demo backend, the
    demo desks, a letter each."""

    BINDINGS = [
        Binding("escape", "back", "back", id="desk_login.back"),
        *(
            Binding(key, f"demo({n})", "demo_desk", show=False, id=f"desk_login.demo{n}")
            for n, key in enumerate(DEMO_KEYS, 1)
        ),
    ]

    def __init__(self, api: RegistrationAPI, lang: str) -> None:
        super().__init__()
        self.api, self.lang = api, lang
        self.staff: list[DemoStaff] = []
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="login-box"):
            yield Plain(self.t("desk_login_title"), classes="title")
            with Grid(classes="form"):
                yield PlainLabel(self.t("desk_login"))
                yield TextField(
                    id="desk-login",
                    compact=True,
                    max_length=64,
                    placeholder=self.t("desk_login_placeholder"),
                )
                yield PlainLabel(self.t("password"))
                yield TextField(id="desk-password", password=True, compact=True)
            yield Button(self.t("login_button"), id="desk-login-button", compact=True)
            yield Notice(id="desk-login-notice")
        yield Plain(self.t("desk_demo_title"), id="desk-demo-title")
        yield KeyOptions(id="desk-demo-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#desk-login").focus()
        self.load_demo()

    @work(exclusive=True, group="desk-demo")
    async def load_demo(self) -> None:
        shown = bool(self.api.demo.available)
        if shown:
            try:
                self.staff = await self.api.demo.staff()
            except errors.ApiError:
                self.staff = []
        options = self.query_one("#desk-demo-list", KeyOptions)
        options.set_options(
            Option(f"{key}  {s.login} · {s.name} · {s.facility_name}", id=str(i))
            for i, (key, s) in enumerate(zip(DEMO_KEYS, self.staff, strict=False), 1)
        )
        for widget in self.query("#desk-demo-title, #desk-demo-list"):
            widget.display = bool(self.staff)
        if self.staff:  # a letter picks a desk here; Tab goes to the login to type one
            options.highlighted = 0
            options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "demo":
            (number,) = parameters
            typing = isinstance(self.focused, TextField)  # a login has letters too
            return not typing and isinstance(number, int) and number <= len(self.staff)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_demo(self, number: int) -> None:
        staff = self.staff[number - 1]
        self.log_in(staff.login, staff.password)

    @on(KeyOptions.OptionSelected, "#desk-demo-list")
    def demo_chosen(self, event: KeyOptions.OptionSelected) -> None:
        self.action_demo(int(event.option.id or 0))

    @on(TextField.Submitted, "#desk-login")
    def to_password(self) -> None:
        self.query_one("#desk-password").focus()

    @on(Button.Pressed, "#desk-login-button")
    @on(TextField.Submitted, "#desk-password")
    def submit(self) -> None:
        login = self.query_one("#desk-login", TextField).value.strip()
        password = self.query_one("#desk-password", TextField).value
        if not login or not password:
            self.query_one(Notice).show(self.t("desk_login_empty"), "error")
            return
        self.log_in(login, password)

    @work(exclusive=True, group="desk-login")
    async def log_in(self, login: str, password: str) -> None:
        notice = self.query_one(Notice)
        notice.show(self.t("logging_in"), "info")
        try:
            session = await self.api.desk.login(login, password)
            now = (await self.api.health()).now
        except errors.ApiError as exc:
            notice.show(exc.detail, "error")
            return
        self.query_one("#desk-password", TextField).value = ""
        notice.clear()
        desk = DeskSession(self.api, self.lang, session.staff, now.date())
        self.app.switch_screen(ScheduleScreen(desk))


class ScheduleScreen(Localized, Screen):
    """Terminarz: one day of the facility's schedule."""

    BINDINGS = [
        Binding("left", "day(-1)", "desk_prev_day", id="desk.prev_day"),
        Binding("right", "day(1)", "desk_next_day", id="desk.next_day"),
        Binding("z", "book", "desk_book_short", id="desk.book"),
        Binding("o", "attend", "desk_attend_short", id="desk.attend"),
        Binding("n", "no_show", "desk_no_show_short", id="desk.no_show"),
        Binding("x", "cancel", "desk_cancel_short", id="desk.cancel"),
        Binding("d", "cancel_day", "desk_cancel_day_short", show=False, id="desk.cancel_day"),
        Binding("p", "publish", "desk_publish_short", id="desk.publish"),
        Binding("f", "follow_up", "desk_follow_up_short", show=False, id="desk.follow_up"),
        Binding("c", "contact", "desk_contact_short", show=False, id="desk.contact"),
        Binding("u", "out_of_turn", "desk_out_of_turn_short", show=False, id="desk.out_of_turn"),
        Binding("s", "next_service", "desk_service_short", show=False, id="desk.service"),
        Binding("f5", "refresh", "refresh", show=False, id="desk.refresh"),
        Binding("ctrl+l", "log_out", "logout", show=False, id="desk.logout"),
    ]

    def __init__(self, desk: DeskSession) -> None:
        super().__init__()
        self.desk, self.lang, self.api = desk, desk.lang, desk.api
        self.day = desk.today
        self.service: str | None = None
        """The one service shown (`s` goes through them), or every service."""
        self.slots: list[ScheduleSlot] = []
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        staff = self.desk.staff
        yield AppHeader()
        yield Plain(f"{self.t('desk_schedule_title')} · {staff.facility.name}", classes="title")
        yield Plain(id="desk-day", classes="subtitle")
        yield Notice(id="desk-notice")
        yield KeyTable(id="desk-table")
        yield Plain(self.t("desk_keys_hint"), id="desk-keys", classes="subtitle")
        yield Footer()

    def on_mount(self) -> None:
        staff = self.desk.staff
        self.app.sub_title = self.t("desk_header", name=f"{staff.first_name} {staff.last_name}")
        self.query_one(Notice).clear()
        table = self.query_one("#desk-table", KeyTable)
        table.add_column(self.t("desk_time"), width=5)
        table.add_column(self.t("service"), width=12)
        table.add_column(self.t("desk_state"), width=14)
        table.add_flex_column(self.t("desk_visit"))
        self.load()
        self.set_interval(LIVE_EVERY, self.live)
        table.focus()

    def live(self) -> None:
        if self.app.screen is self:  # not under a dialog, not in the background
            self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_day(self, step: int) -> None:
        self.day += timedelta(days=step)
        self.query_one("#desk-table", KeyTable).move_cursor(row=0)
        self.load()

    @work(exclusive=True, group="desk-schedule")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            day: DeskDay = await self.api.desk.schedule(self.day, self.service)
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        self.slots = day.slots
        table = self.query_one("#desk-table", KeyTable)
        row = table.cursor_row
        table.clear()
        for s in day.slots:
            v = s.visit
            state = self.t(f"desk_state_{v.status.value if v else s.state.value}")
            who = Text()
            if v:
                who.append(f"{v.patient_name}", style="bold")
                who.append(f", {v.pesel}\n{v.number} · {desk_source(v, self.lang)}")
                if v.referral_code:
                    who.append(f" · {self.t('referral')} {v.referral_code}")
                    if v.urgency:
                        who.append(f" ({v.urgency.value})")
            table.add_row(
                f"{timefmt.to_warsaw(s.start):%H:%M}",
                s.service,
                state,
                who,
                key=str(s.slot_id),
                height=2 if v else 1,
            )
        table.move_cursor(row=min(row, max(table.row_count - 1, 0)))
        free = sum(s.state.value == "free" for s in day.slots)
        said = (f"{self.service} · " if self.service else "") + self.t(
            "desk_day_line",
            day=timefmt.day(self.day, self.lang),
            count=len(day.slots),
            free=free,
            cancelled=len(day.cancelled),
        )
        self.query_one("#desk-day", Plain).update(said)
        if day.slots:
            notice.clear()
        else:
            notice.show(self.t("desk_no_slots"), "info")

    def _current(self) -> ScheduleSlot | None:
        table = self.query_one("#desk-table", KeyTable)
        if not self.slots or table.cursor_row >= len(self.slots):
            return None
        return self.slots[table.cursor_row]

    def action_book(self) -> None:
        slot = self._current()
        if slot is None or slot.state.value != "free":
            self.notify(self.t("desk_pick_free"), severity="warning")
            return
        self.app.push_screen(BookDialog(self.desk, slot), self._done)

    def _visit_here(self):
        slot = self._current()
        if slot is None or slot.visit is None:
            self.notify(self.t("desk_pick_visit"), severity="warning")
            return None
        return slot.visit

    def action_attend(self) -> None:
        visit = self._visit_here()
        if visit is not None:
            self.act(lambda: self.api.desk.attend(visit.id), "desk_attended", visit.number)

    def action_no_show(self) -> None:
        visit = self._visit_here()
        if visit is None:
            return
        from .question import QuestionScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(lambda: self.api.desk.no_show(visit.id), "desk_no_show_done", visit.number)

        question = self.t("desk_ask_no_show", visit=visit.number)
        self.app.push_screen(
            QuestionScreen(self.lang, question, self.t("desk_no_show_short"), self.t("back")),
            answered,
        )

    def action_cancel(self) -> None:
        visit = self._visit_here()
        if visit is None:
            return

        async def send(values: dict[str, str]) -> str:
            reason = values["desk-reason"]
            if len(reason) < 3:
                raise ValueError(self.t("desk_reason_short"))
            done = await self.api.desk.cancel(visit.id, reason)
            return self.t("desk_cancelled", number=done.number)

        self.open_form(
            self.t("desk_reason_title", number=visit.number),
            [FormField("desk-reason", self.t("desk_reason"))],
            send,
            self.t("desk_cancel_short"),
        )

    def open_form(
        self,
        title: str,
        fields: list[FormField],
        send: Callable[[dict[str, str]], Awaitable[str]],
        button: str,
    ) -> None:
        def done(said: str | None) -> None:
            if said:
                self.notify(said)
            self.load()

        self.app.push_screen(DeskForm(self.lang, title, fields, send, button), done)

    def action_cancel_day(self) -> None:
        """A doctor's absence: the shown day's visits cancelled with the reason, its
        slots closed."""
        from ...api.models import DayCancel

        day = self.day

        async def send(values: dict[str, str]) -> str:
            result = await self.api.desk.cancel_day(
                DayCancel(day=day, reason=values["desk-reason"])
            )
            return self.t("desk_day_cancelled", visits=len(result.cancelled), closed=result.closed)

        self.open_form(
            self.t("desk_cancel_day_title", day=timefmt.day(day, self.lang)),
            [FormField("desk-reason", self.t("desk_reason"))],
            send,
            self.t("desk_cancel_day_short"),
        )

    def action_next_service(self) -> None:
        """Terminarz of one service after another, then of all again."""
        offered = [None, *self.desk.staff.facility.services]
        self.service = offered[(offered.index(self.service) + 1) % len(offered)]
        self.query_one("#desk-table", KeyTable).move_cursor(row=0)
        self.load()

    def action_out_of_turn(self) -> None:
        """A patient with the right to care out of turn: the earliest term the rules give
        her here (the server checks the right and finds the term)."""
        from ...api.models import DeskBooking

        async def send(values: dict[str, str]) -> str:
            booking = DeskBooking.model_validate(
                {
                    "pesel": values["desk-pesel"],
                    "service": values["desk-service"],
                    "via": values["desk-via"],
                    "out_of_turn": True,
                }
            )
            visit = await self.api.desk.book(booking)
            self.day = visit.start.date()  # Terminarz moves to her visit's day
            return self.t(
                "desk_booked", number=visit.number, when=timefmt.when(visit.start, self.lang)
            )

        via = [(self.t("desk_via_in-person"), "in-person"), (self.t("desk_via_phone"), "phone")]
        self.open_form(
            self.t("desk_out_of_turn_title"),
            [
                FormField("desk-pesel", "PESEL"),
                FormField("desk-service", self.t("service"), options=self._services()),
                FormField("desk-via", self.t("desk_via"), options=via),
            ],
            send,
            self.t("desk_book_short"),
        )

    def _services(self) -> list[tuple[str, str]]:
        return [(code, code) for code in self.desk.staff.facility.services]

    def action_publish(self) -> None:
        """Grafik: new slots on the shown day (or up to a later one) at the given times."""
        from ...api.models import DeskPublish

        async def send(values: dict[str, str]) -> str:
            last = values["desk-to"]
            times = [t.strip() for t in values["desk-times"].split(",") if t.strip()]
            request = DeskPublish.model_validate(
                {
                    "service": values["desk-service"],
                    "date_from": values["desk-from"],
                    "date_to": last or None,
                    "times": [t if len(t) > 2 else f"{t}:00" for t in times],
                }
            )
            result = await self.api.desk.publish(request)
            return self.t(
                "desk_published", count=len(result.published), assigned=len(result.assigned)
            )

        self.open_form(
            self.t("desk_publish_title"),
            [
                FormField("desk-service", self.t("service"), options=self._services()),
                FormField("desk-from", self.t("date_from"), self.day.isoformat()),
                FormField("desk-to", self.t("date_to"), placeholder=self.t("desk_same_day")),
                FormField("desk-times", self.t("desk_times"), placeholder="8:00,8:20,8:40"),
            ],
            send,
            self.t("desk_publish_short"),
        )

    def action_follow_up(self) -> None:
        """A follow-up visit for a patient, at a day and time the facility adds."""
        from ...api.models import DeskFollowUp

        async def send(values: dict[str, str]) -> str:
            request = DeskFollowUp.model_validate(
                {
                    "pesel": values["desk-pesel"],
                    "service": values["desk-service"],
                    "day": values["desk-day"],
                    "time": values["desk-time"],
                }
            )
            visit = await self.api.desk.follow_up(request)
            return self.t(
                "desk_booked", number=visit.number, when=timefmt.when(visit.start, self.lang)
            )

        self.open_form(
            self.t("desk_follow_up_title"),
            [
                FormField("desk-pesel", "PESEL"),
                FormField("desk-service", self.t("service"), options=self._services()),
                FormField("desk-day", self.t("desk_day"), self.day.isoformat()),
                FormField("desk-time", self.t("desk_time"), placeholder="10:00"),
            ],
            send,
            self.t("desk_book_short"),
        )

    def action_contact(self) -> None:
        """Dane kontaktowe given at the desk: the patient's messages follow them."""
        from ...api.models import ContactUpdate

        async def send(values: dict[str, str]) -> str:
            given = {k: values[f"desk-{k}"] for k in ("phone", "email") if values[f"desk-{k}"]}
            update = ContactUpdate.model_validate(given)
            patient = await self.api.desk.update_contact(values["desk-pesel"], update)
            return self.t("desk_contact_saved", name=f"{patient.first_name} {patient.last_name}")

        self.open_form(
            self.t("desk_contact_title"),
            [
                FormField("desk-pesel", "PESEL"),
                FormField("desk-phone", self.t("phone"), placeholder="+48 600 100 200"),
                FormField("desk-email", self.t("email")),
            ],
            send,
            self.t("save"),
        )

    @work(exclusive=True, group="desk-act")
    async def act(self, send, said: str, number: str) -> None:
        try:
            await send()
        except errors.ApiError as exc:
            self.fail(exc)
            return
        self.notify(self.t(said, number=number))
        self.load()

    def _done(self, number: str | None) -> None:
        if number:
            self.notify(self.t("desk_booked_short", number=number))
        self.load()

    def action_log_out(self) -> None:
        self.log_out()

    @work(exclusive=True, group="desk-logout")
    async def log_out(self) -> None:
        with contextlib.suppress(errors.ApiError):  # forgotten whatever the server says
            await self.api.desk.logout()
        self.app.sub_title = ""
        self.app.pop_screen()


class BookDialog(Localized, ModalScreen):
    """Zapisz pacjenta: a free slot, a patient by PESEL (her eligibility for the slot's
    service and her unused e-referrals), in person or by phone."""

    BINDINGS = [Binding("escape", "back", "back", id="desk_book.back")]

    def __init__(self, desk: DeskSession, slot: ScheduleSlot) -> None:
        super().__init__()
        self.desk, self.lang, self.slot = desk, desk.lang, slot
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        when = timefmt.when(self.slot.start, self.lang)
        with Vertical(classes="dialog", id="desk-book"):
            yield Plain(
                f"{self.t('desk_book_title')} · {self.slot.service} · {when}", classes="title"
            )
            with Grid(classes="form"):
                yield PlainLabel("PESEL")
                yield TextField(id="desk-pesel", max_length=11, restrict=r"\d*", compact=True)
                yield PlainLabel(self.t("referral"))
                yield TextField(id="desk-referral", max_length=4, restrict=r"\d*", compact=True)
                yield PlainLabel(self.t("desk_via"))
                yield Select(
                    [
                        (self.t("desk_via_in-person"), "in-person"),
                        (self.t("desk_via_phone"), "phone"),
                    ],
                    value="in-person",
                    allow_blank=False,
                    id="desk-via",
                    compact=True,
                )
            yield Plain(id="desk-found")
            yield Notice(id="desk-book-notice")
            with Horizontal(classes="buttons"):
                yield Button(
                    self.t("desk_book_button"),
                    id="desk-book-button",
                    variant="primary",
                    compact=True,
                )
                yield Button(self.t("back"), id="desk-book-back", compact=True)

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#desk-found").display = False
        self.query_one("#desk-pesel").focus()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#desk-book-back")
    def back_pressed(self) -> None:
        self.dismiss(None)

    @on(TextField.Submitted, "#desk-pesel")
    def pesel_given(self) -> None:
        self.look_up()
        self.query_one("#desk-referral").focus()

    @work(exclusive=True, group="desk-look-up")
    async def look_up(self) -> None:
        from ...api.pesel import PeselError, parse_pesel

        notice, found = self.query_one(Notice), self.query_one("#desk-found", Plain)
        pesel = self.query_one("#desk-pesel", TextField).value
        try:
            parse_pesel(pesel)
        except PeselError as exc:
            notice.show(exc.said(self.lang), "error")
            return
        try:
            patient = await self.desk.api.desk.patient(pesel)
        except errors.ApiError as exc:
            notice.show(exc.detail, "error")
            found.display = False
            return
        notice.clear()
        p = patient.patient
        service = next((s for s in patient.services if s.code == self.slot.service), None)
        lines = [f"{p.first_name} {p.last_name}, {p.birth_date:%d.%m.%Y}"]
        if p.priority_rights:
            lines.append(self.t("priority_rights"))
        if service is not None:
            note = eligibility_note(service, self.lang) or self.t("you_can_book")
            lines.append(f"{service_name(service, self.lang)}: {note}")
        codes = [
            f"{r.code} ({r.urgency.value})"
            for r in patient.referrals
            if r.service == self.slot.service and r.status.value == "unused"
        ]
        if codes:
            lines.append(f"{self.t('desk_unused_referrals')}: {', '.join(codes)}")
            if not self.query_one("#desk-referral", TextField).value:
                self.query_one("#desk-referral", TextField).value = codes[0][:4]
        found.update("\n".join(lines))
        found.display = True

    @on(Button.Pressed, "#desk-book-button")
    @on(TextField.Submitted, "#desk-referral")
    def submit(self) -> None:
        self.book()

    @work(exclusive=True, group="desk-book")
    async def book(self) -> None:
        from pydantic import ValidationError

        from ...api.models import BookingChannel, DeskBooking
        from ...formatting import invalid

        notice = self.query_one(Notice)
        referral = self.query_one("#desk-referral", TextField).value or None
        try:
            booking = DeskBooking(
                pesel=self.query_one("#desk-pesel", TextField).value,
                slot_id=self.slot.slot_id,
                referral_code=referral,
                via=BookingChannel(str(self.query_one("#desk-via", Select).value)),
            )
        except ValidationError as exc:
            notice.show(invalid(exc, self.lang), "error")
            return
        try:
            visit = await self.desk.api.desk.book(booking)
        except errors.ApiError as exc:
            notice.show(exc.detail, "error")
            return
        self.dismiss(visit.number)


@dataclass
class FormField:
    """One row of a DeskForm: a text field, or a choice among `options` (label, value)."""

    id: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None
    placeholder: str = ""


class DeskForm(Localized, ModalScreen):
    """A short form over Terminarz (the reason for a cancellation, new slots, a follow-up
    visit, contact data): Enter on the last field or the button sends it through `send`,
    whose answer is said over Terminarz; what the backend refuses is said here, and
    nothing changes."""

    BINDINGS = [
        Binding("escape", "back", "back", id="desk_form.back"),
        Binding("ctrl+s", "send", "desk_send", id="desk_form.send"),
    ]

    def __init__(
        self,
        lang: str,
        title: str,
        fields: list[FormField],
        send: Callable[[dict[str, str]], Awaitable[str]],
        button: str,
    ) -> None:
        super().__init__()
        self.lang, self.title_text, self.fields = lang, title, fields
        self.send, self.button = send, button
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="desk-form"):
            yield Plain(self.title_text, classes="title")
            with Grid(classes="form"):
                for f in self.fields:
                    yield PlainLabel(f.label)
                    if f.options is not None:
                        yield Select(
                            f.options,
                            value=f.value or f.options[0][1],
                            allow_blank=False,
                            id=f.id,
                            compact=True,
                        )
                    else:
                        yield TextField(
                            value=f.value, placeholder=f.placeholder, id=f.id, compact=True
                        )
            yield Notice(id="desk-form-notice")
            with Horizontal(classes="buttons"):
                yield Button(self.button, id="desk-form-ok", variant="primary", compact=True)
                yield Button(self.t("back"), id="desk-form-back", compact=True)

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one(f"#{self.fields[0].id}").focus()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#desk-form-back")
    def back_pressed(self) -> None:
        self.dismiss(None)

    @on(TextField.Submitted)
    def field_done(self, event: TextField.Submitted) -> None:
        if event.input.id == self.fields[-1].id:
            self.submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#desk-form-ok")
    def ok_pressed(self) -> None:
        self.submit()

    def action_send(self) -> None:
        self.submit()

    @work(exclusive=True, group="desk-form")
    async def submit(self) -> None:
        from pydantic import ValidationError

        from ...formatting import invalid

        values = {}
        for f in self.fields:
            widget = self.query_one(f"#{f.id}")
            values[f.id] = str(widget.value).strip()  # type: ignore[attr-defined]
        notice = self.query_one(Notice)
        try:
            said = await self.send(values)
        except ValidationError as exc:
            notice.show(invalid(exc, self.lang), "error")
            return
        except ValueError as exc:
            notice.show(str(exc), "error")
            return
        except errors.ApiError as exc:
            notice.show(exc.detail, "error")
            return
        self.dismiss(said)
