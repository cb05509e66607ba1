"""Wybierz termin: a month calendar of the free slots per day beside (or, on a narrow
terminal, above) the slots themselves, earliest first, more loading as you scroll; Enter on
a slot opens the confirmation, Enter on a day narrows the list to it. No fitting slot: the
waiting room, with its predicted date."""

from __future__ import annotations

import asyncio
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Button, Footer, LoadingIndicator, Static

from ...api import errors, timefmt
from ...api.models import (
    SearchCriteria,
    Slot,
    WaitlistRequest,
)
from ...api.protocol import Capability, new_idempotency_key
from ...formatting import booked_service, criteria_text, distance, service_name
from ...month import MonthView
from ..context import BookingIntent, FollowsIntent, Session
from ..month import MonthCalendar
from ..outlook import Outlook
from ..table import KeyTable
from ..widgets import AppHeader, Notice, Plain
from .base import ErejScreen

PAGE = 30
PREFETCH_ROWS = 5
DAY_WIDTH, TIME_WIDTH, DISTANCE_WIDTH = 15, 5, 9
WIDE = 130
"""From this many columns the calendar stands beside the list, not above it."""


class SlotsScreen(FollowsIntent, ErejScreen):
    BINDINGS = [
        Binding("f5", "refresh", "refresh", id="slots.refresh"),
        Binding("p", "join_waitlist", "join_waitlist_short", id="slots.waitlist"),
        Binding("c", "calendar", "calendar", id="slots.calendar"),
    ]

    def __init__(self, session: Session, intent: BookingIntent) -> None:
        super().__init__(session)
        assert intent.criteria is not None  # Miejsce i termin settled them
        self.intent = intent
        self.criteria: SearchCriteria = intent.criteria
        self.locality = intent.locality
        self.slots: list[Slot] = []
        self.cursor: str | None = None
        self.loading_more = False
        self.offer_open = False
        self._waitlist_key = new_idempotency_key()
        self.widen_to: date | None = None
        self.day: date | None = None
        """The one day the list is narrowed to (Enter on the calendar), if any."""

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(
            f"{self.t('slots_title')} · {service_name(self.service, self.lang)}",
            classes="title",
        )
        yield Plain(
            self._criteria_text(),
            id="criteria",
            classes="subtitle",
        )
        yield Notice(id="slots-notice")
        yield LoadingIndicator(id="slots-loading")
        with Container(id="slots-body"):
            yield MonthCalendar(id="slot-calendar")
            yield KeyTable(id="slots")
        with Vertical(id="waitlist-offer"):
            yield Plain(id="offer-text")
            yield Outlook(words=False, id="offer-outlook")
            with Horizontal(classes="buttons"):
                yield Button(
                    self.t("join_waitlist"), id="join-button", variant="primary", compact=True
                )
                yield Button("", id="widen-button", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#slots", KeyTable)
        table.add_column(self.t("weekday_date"), width=DAY_WIDTH)
        table.add_column(self.t("time"), width=TIME_WIDTH)
        table.add_flex_column(f"{self.t('facility')} / {self.t('address').lower()}")
        table.add_column(self.t("distance"), width=DISTANCE_WIDTH)
        self.load()

    def on_resize(self, event: Resize) -> None:
        self.query_one("#slots-body").set_class(event.size.width >= WIDE, "-wide")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "join_waitlist":
            return self.offer_open and self.reschedule is None
        if action == "calendar":
            return self.query_one("#slots-body").display
        return True

    def action_calendar(self) -> None:
        """Between the calendar and the list."""
        calendar = self.query_one(MonthCalendar)
        if calendar.has_focus:
            self.query_one("#slots", KeyTable).focus()
        else:
            calendar.focus()

    def action_back(self) -> None:
        if self.day is not None:  # narrowed to a day: Escape shows every day again
            self.day = None
            self.load(calendar=False)
            return
        super().action_back()

    @on(MonthCalendar.Chosen)
    def narrow(self, event: MonthCalendar.Chosen) -> None:
        self.day = event.day
        self.load(calendar=False)

    def action_refresh(self) -> None:
        self.load()

    def _show(self, *, loading: bool = False, table: bool = False, offer: bool = False) -> None:
        self.query_one("#slots-loading").display = loading
        self.query_one("#slots-body").display = table
        self.query_one("#waitlist-offer").display = offer
        self.offer_open = offer
        self.refresh_bindings()

    @property
    def listed(self) -> SearchCriteria:
        """What the list shows: the search, or the one day it is narrowed to."""
        if self.day is None:
            return self.criteria
        return self.criteria.model_copy(update={"date_from": self.day, "date_to": self.day})

    async def _calendar(self) -> MonthView | None:
        """The search's free slots per day; None where the backend cannot say (the list
        still works without it)."""
        try:
            summary = await self.api.slot_calendar(
                self.service.code, self.criteria, referral_code=self.referral
            )
        except errors.ApiError:
            return None
        return MonthView(
            summary,
            self.session.today,
            self.criteria.date_from,
            self.criteria.date_to,
            lang=self.lang,
        )

    @work(exclusive=True, group="slots")
    async def load(self, calendar: bool = True) -> None:
        notice = self.query_one(Notice)
        notice.clear()
        self._show(loading=True)
        month = self.query_one(MonthCalendar)
        try:
            page, view = await asyncio.gather(
                self.api.slots(
                    self.service.code, self.listed, referral_code=self.referral, limit=PAGE
                ),
                self._calendar() if calendar else asyncio.sleep(0, month.view),
            )
        except errors.ApiError as exc:
            self._show()
            self.fail(exc, notice)
            return
        if view is not None and self.day is not None:
            view.selected = self.day
        month.display = view is not None
        if view is not None:
            month.show(view)
        self.slots, self.cursor = [], page.next_cursor
        table = self.query_one("#slots", KeyTable)
        table.clear()
        self._add(page.items)
        if self.day is not None:
            narrowed = "calendar_narrowed" if page.items else "calendar_narrowed_none"
            notice.show(self.t(narrowed, day=timefmt.day(self.day, self.lang)), "info")
        if page.items or self.day is not None:
            self._show(table=True)
            table.move_cursor(row=0)
            table.focus()
        elif self.reschedule is None and self.session.offers(Capability.WAITING_ROOM):
            await self._offer_waitlist()
        else:
            self._show()
            notice.show(self.t("no_fitting_slot"), "info")

    def _add(self, slots: list[Slot]) -> None:
        table = self.query_one("#slots", KeyTable)
        for slot in slots:
            self.slots.append(slot)
            a = slot.facility.address
            place = Text(f"{slot.facility.name}\n", no_wrap=True, overflow="ellipsis")
            place.append(f"{a.street}, {a.postal_code} {a.locality}", style="dim")
            table.add_row(
                timefmt.short_day(slot.start.date(), self.lang),
                slot.start.strftime("%H:%M"),
                place,
                distance(slot.distance_km, self.lang),
                key=str(slot.id),
                height=2,
            )

    @on(KeyTable.RowHighlighted, "#slots")
    def maybe_load_more(self, event: KeyTable.RowHighlighted) -> None:
        if (
            self.cursor
            and not self.loading_more
            and event.cursor_row >= len(self.slots) - PREFETCH_ROWS
        ):
            self.load_more()

    @work(exclusive=True, group="slots-more")
    async def load_more(self) -> None:
        self.loading_more = True
        try:
            page = await self.api.slots(
                self.service.code,
                self.listed,
                referral_code=self.referral,
                cursor=self.cursor,
                limit=PAGE,
            )
        except errors.ApiError as exc:
            self.fail(exc)
            return
        finally:
            self.loading_more = False
        self.cursor = page.next_cursor
        self._add(page.items)

    @on(KeyTable.RowSelected, "#slots")
    def slot_chosen(self, event: KeyTable.RowSelected) -> None:
        slot = self.slots[event.cursor_row]
        from .confirm import ConfirmScreen

        def after(result: str | None) -> None:
            if result == "taken":
                self.notify(self.t("slot_taken_refreshed"), severity="warning")
                self.load()

        self.app.push_screen(ConfirmScreen(self.session, self.intent.choosing(slot)), after)

    # --- no fitting slot: the waiting room -------------------------------------------------
    async def _offer_waitlist(self) -> None:
        try:
            forecast = await self.api.waitlist_forecast(
                self.service.code, self.criteria, self.referral
            )
        except errors.ApiError as exc:
            self._show()
            self.fail(exc, self.query_one(Notice))
            return
        predicted = timefmt.day(forecast.predicted_date, self.lang)
        end = self.criteria.date_to
        beyond = end is not None and forecast.predicted_date > end
        text = (
            self.t("no_fitting_slot")
            + "\n"
            + self.t(
                "waitlist_offer_beyond" if beyond else "waitlist_offer",
                position=forecast.position,
                predicted=predicted,
                end=timefmt.day(end, self.lang) if end else "",
                expires=timefmt.day(forecast.expires_at.date(), self.lang),
            )
        )
        outlook = forecast.outlook
        shown = self.query_one("#offer-outlook", Outlook)
        shown.display = outlook is not None
        if outlook is not None:
            text += " " + self.t(
                "outlook_range",
                likely_from=timefmt.day(outlook.likely_from, self.lang),
                likely_to=timefmt.day(outlook.likely_to, self.lang),
            )
            shown.show(outlook, self.session.today, self.lang)
        # Past the person's own range: the choice to widen it to the predicted date, or not
        # to join (the entry would keep the range she chose).
        self.widen_to = forecast.predicted_date if beyond else None
        widen = self.query_one("#widen-button", Button)
        widen.label = self.t("widen_range", date=predicted)
        widen.display = beyond
        self.query_one("#offer-text", Static).update(text)
        self._show(offer=True)
        self.query_one("#join-button").focus()

    @on(Button.Pressed, "#widen-button")
    def widen_range(self) -> None:
        if self.widen_to is None:
            return
        self.criteria = self.criteria.model_copy(update={"date_to": self.widen_to})
        self.query_one("#criteria", Static).update(self._criteria_text())
        self.load()  # a wider range may hold a free slot already

    def _criteria_text(self) -> str:
        place = self.locality.name if self.locality else None
        return criteria_text(self.criteria, place, self.lang, self.intent.facility_name)

    @on(Button.Pressed, "#join-button")
    def action_join_waitlist(self) -> None:
        if self.offer_open:
            self.join()

    @work(exclusive=True, group="join")
    async def join(self) -> None:
        notice = self.query_one(Notice)
        request = WaitlistRequest(
            service=self.service.code,
            referral_code=self.referral,
            **self.criteria.model_dump(exclude_none=True),
        )
        try:
            entry = await self.api.join_waitlist(request, idempotency_key=self._waitlist_key)
        except errors.SlotsAvailable as exc:
            self.notify(exc.detail, severity="warning")
            self.load()
            return
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        from .done import DoneScreen

        self.app.switch_screen(
            DoneScreen(
                self.session,
                self.t("joined_title"),
                self.t(
                    "joined_text",
                    service=booked_service(entry, self.lang),
                    position=entry.position or "-",
                    predicted=timefmt.day(entry.predicted_date, self.lang)
                    if entry.predicted_date
                    else "-",
                    expires=timefmt.day(entry.expires_at.date(), self.lang),
                ),
            )
        )
