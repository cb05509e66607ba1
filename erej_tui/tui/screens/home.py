"""Plan leczenia: upcoming visits, the waiting room, the newest messages, and the way
into Rejestracja."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ...api import errors, timefmt
from ...api.models import AppointmentStatus, WaitlistStatus
from ...api.protocol import Capability
from ...formatting import booked_service, channel
from ..widgets import AppHeader, Notice, Plain
from .base import ErejScreen


def lines(rows: list[str], empty: str) -> Text:
    """One row a line (the stylesheet cuts long ones with an ellipsis)."""
    return Text("\n".join(rows) if rows else empty, style="" if rows else "italic")


class HomeScreen(ErejScreen):
    BINDINGS = [
        Binding("r", "registration", "registration", id="plan.registration"),
        Binding("v", "open('visits')", "visits_short", id="plan.visits"),
        Binding("w", "open('waitlist')", "waitlist_short", id="plan.waitlist"),
        Binding("n", "open('notifications')", "notifications_short", id="plan.notifications"),
        Binding("a", "open('account')", "account_short", id="plan.account"),
        # Said on the plan itself (the footer's 80 columns are full): see `compose`.
        Binding("k", "children", "switch_account", show=False, id="plan.children"),
        Binding("l", "facilities", "facilities_short", show=False, id="plan.facilities"),
        Binding("f5", "refresh", "refresh", show=False, id="plan.refresh"),
        Binding("escape", "noop", "", show=False, id="nav.back"),
    ]

    def compose(self) -> ComposeResult:
        p = self.session.patient
        yield AppHeader()
        yield Plain(f"{self.t('plan_title')} · {p.first_name} {p.last_name}", classes="title")
        guardian = self.session.guardian
        if guardian is not None:
            yield Plain(
                self.t(
                    "child_account_line", guardian=f"{guardian.first_name} {guardian.last_name}"
                ),
                id="child-account",
                classes="notice tip",
            )
        yield Notice(id="home-notice")
        with VerticalScroll():
            yield Plain(self.t("planned_visits"), classes="section")
            yield Plain(id="visits", classes="list")
            # A backend without a waiting room or messages: no empty section for them.
            if self.session.offers("waitlist"):
                yield Plain(self.t("waiting_room"), classes="section")
                yield Plain(id="waitlist", classes="list")
            if self.session.offers("notifications"):
                yield Plain(self.t("latest_notifications"), classes="section")
                yield Plain(id="notifications", classes="list")
            # Shown once the guardian's children are known to be there.
            yield Plain(self.t("children_accounts"), id="children-title", classes="section")
            yield Plain(id="children", classes="list")
        # Five keys and F1 fill 80 columns: the palette (ctrl+p) is in F1 and every other footer.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        for shown in self.query("#children-title, #children"):
            shown.display = False
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":  # a section the backend does not offer has no key
            return self.session.offers(str(parameters[0]))
        if action == "children":
            return self.session.guardian is not None or bool(self.session.children)
        return True

    def action_children(self) -> None:
        """Back to her own account in one key; otherwise, whose account to open."""
        if self.session.guardian is not None:
            self.erej.open_account(None)
        else:
            self.erej.choose_account()

    def action_open(self, name: str) -> None:
        self.erej.open_section(name)

    def action_noop(self) -> None:
        """Plan leczenia is the top: Escape goes nowhere."""

    @work(exclusive=True, group="home")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            with self.first_load("VerticalScroll"):
                services = await self.api.services()
                visits = await self.api.appointments(AppointmentStatus.BOOKED)
                waiting = self.session.offers("waitlist")
                entries = await self.api.waitlist() if waiting else []
                noting = self.session.offers("notifications")
                notes = await self.api.notifications(limit=3) if noting else []
                parenting = self.session.offers(Capability.CHILDREN)
                children = await self.api.children() if parenting else []
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        if not self.is_attached:  # replaced meanwhile (another account opened)
            return
        notice.clear()
        entries = [e for e in entries if e.status is WaitlistStatus.WAITING]
        self.session.services = services
        self.session.children = children
        self.show_children()
        lang = self.lang
        self.query_one("#visits", Static).update(
            lines(
                [
                    f"{timefmt.short_day(v.start.date(), lang)} {v.start:%H:%M}"
                    f"  {booked_service(v, lang)} · {v.facility.name}"
                    for v in visits
                ],
                self.t("no_visits"),
            )
        )
        waitlist_text = lines(
            [
                f"{booked_service(e, lang)} · {self.t('position_short', position=e.position)}"
                + (
                    f" · {self.t('predicted_short', date=timefmt.day(e.predicted_date, lang))}"
                    if e.predicted_date
                    else ""
                )
                for e in entries
            ],
            self.t("no_waitlist"),
        )
        notes_text = lines(
            [
                f"{timefmt.short_day(n.created_at.date(), lang)} {n.created_at:%H:%M}"
                f" {channel(n.channel, lang)}: {n.body}"
                for n in notes
            ],
            self.t("no_notifications"),
        )
        # Sections the backend offers only (see compose).
        for selector, text in (("#waitlist", waitlist_text), ("#notifications", notes_text)):
            for shown in self.query(selector).results(Static):
                shown.update(text)

    def show_children(self) -> None:
        """The children's accounts she may open, on her own account only (a child's account
        says how to go back instead)."""
        children = self.session.children if self.session.guardian is None else []
        for shown in self.query("#children-title, #children"):
            shown.display = bool(children)
        if children:
            names = ", ".join(f"{c.first_name} {c.last_name}" for c in children)
            self.query_one("#children", Static).update(f"{names}\n{self.t('children_hint')}")
        self.refresh_bindings()

    def action_facilities(self) -> None:
        self.erej.open_facilities()

    def action_registration(self) -> None:
        self.open_registration()

    def open_registration(self, service: str = "") -> None:
        from .registration import RegistrationScreen

        self.app.push_screen(RegistrationScreen(self.session, preselect=service or None))
