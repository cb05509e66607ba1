"""Miejsce i termin: the place (`place.PlaceForm`), a date range (the next 40 or 90 days
by default), optional hours and facility; and the leaflet's tip to search by place, not facility."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Footer, Select

from ...api import errors
from ...api.models import SearchCriteria
from ...formatting import distance, invalid, service_name
from ..context import BookingIntent, FollowsIntent, LastSearch, Session
from ..widgets import (
    AppHeader,
    Notice,
    Plain,
    PlainLabel,
    TextField,
    localize_bindings,
)
from .place import PlaceForm


class SearchScreen(FollowsIntent, PlaceForm):
    BINDINGS = [
        Binding("ctrl+s", "search", "search", id="search.submit"),
    ]

    def __init__(self, session: Session, intent: BookingIntent) -> None:
        service = intent.service
        last = session.last_search.get(service.code) or remembered(session, service.code)
        if last is not None:
            session.last_search[service.code] = last
        super().__init__(session, intent.locality or (last.locality if last else None))
        self.intent = intent
        self.facility_names: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        today = self.session.today
        last = self.session.last_search.get(self.service.code)
        yield AppHeader()
        yield Plain(
            f"{self.t('reschedule_title' if self.reschedule else 'search_title')}"
            f" · {service_name(self.service, self.lang)}",
            classes="title",
        )
        with Grid(classes="form", id="search-form"):
            yield from self.place_rows(last.radius if last else 25)
            yield PlainLabel(self.t("date_from"))
            with Horizontal(classes="pair"):
                yield TextField(value=str(today), id="date-from", compact=True, max_length=10)
                yield PlainLabel(self.t("date_to"), classes="inline")
                yield TextField(
                    value=str(today + timedelta(days=self.service.waitlist_days)),
                    id="date-to",
                    compact=True,
                    max_length=10,
                )
            yield PlainLabel(self.t("hours"))
            with Horizontal(classes="pair"):
                yield TextField(
                    placeholder=self.t("hour_from_ph"),
                    id="hour-from",
                    compact=True,
                    max_length=5,
                    value=last.hour_from if last else "",
                )
                yield TextField(
                    placeholder=self.t("hour_to_ph"),
                    id="hour-to",
                    compact=True,
                    max_length=5,
                    value=last.hour_to if last else "",
                )
            yield PlainLabel(self.t("facility"))
            yield Select([], prompt=self.t("any_facility"), id="facility", compact=True)
        yield Notice(id="search-notice")
        yield Plain(self.t("leaflet_tip"), classes="notice tip")
        yield Button(self.t("search_button"), id="search-button", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-notice", Notice).clear()
        for select in self.query(Select):  # their drop-down's "Dismiss menu", in our words
            for overlay in select.children:
                localize_bindings(overlay, self.lang)
        self.show_suggestions(False)
        if self.locality:
            self.load_facilities()
        self.query_one("#locality").focus()

    def place_changed(self) -> None:
        self.load_facilities()

    @work(exclusive=True, group="facilities")
    async def load_facilities(self) -> None:
        criteria = self.place()
        if criteria is None:
            return
        try:
            found = await self.api.facilities(criteria, self.service.code)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one("#search-notice", Notice))
            return
        self.facility_names = {f.id: f.name for f in found[:200]}
        select = self.query_one("#facility", Select)
        select.set_options(  # as rich Text: a name is not markup (see `widgets`)
            (Text(f"{f.name}, {f.address.street} {distance(f.distance_km, self.lang)}"), f.id)
            for f in found[:200]
        )

    # --- searching -------------------------------------------------------------------------
    @on(Button.Pressed, "#search-button")
    @on(TextField.Submitted, "#date-from, #date-to, #hour-from, #hour-to")
    def action_search(self) -> None:
        notice = self.query_one("#search-notice", Notice)
        if not self.take_typed_locality():
            notice.show(self.t("choose_locality"), "error")
            self.query_one("#locality").focus()
            return
        try:
            criteria = self._criteria()
        except ValueError as exc:
            notice.show(str(exc), "error")
            return
        notice.clear()
        assert self.locality is not None
        last = LastSearch(
            self.locality,
            self.radius,
            self.query_one("#hour-from", TextField).value,
            self.query_one("#hour-to", TextField).value,
        )
        self.session.last_search[self.service.code] = last
        self.session.state.remember_criteria(self.service.code, last.to_json())
        from .slots import SlotsScreen

        facility = self.facility_names.get(criteria.facility_id or 0)
        self.app.push_screen(
            SlotsScreen(self.session, self.intent.searching(criteria, self.locality, facility))
        )

    def _criteria(self) -> SearchCriteria:
        place = self.place()
        assert place is not None
        date_from = self._date("#date-from", "date_from")
        date_to = self._date("#date-to", "date_to")
        if date_from is not None and date_from < self.session.today:
            # As the server would refuse it, said before a request and beside the field.
            raise ValueError(self.t("date_from_past", today=str(self.session.today)))
        hour_from = self._hour("#hour-from", "hours")
        hour_to = self._hour("#hour-to", "hours")
        facility = self.query_one("#facility", Select).value
        try:
            return SearchCriteria(
                **place.model_dump(exclude_none=True),
                date_from=date_from,
                date_to=date_to,
                hour_from=hour_from,
                hour_to=hour_to,
                facility_id=None if facility is Select.NULL else int(str(facility)),
            )
        except ValidationError as exc:
            raise ValueError(invalid(exc, self.lang)) from None

    def _date(self, selector: str, label: str) -> date | None:
        text = self.query_one(selector, TextField).value.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(self.t("bad_date_field", field=self.t(label))) from None

    def _hour(self, selector: str, label: str) -> time | None:
        text = self.query_one(selector, TextField).value.strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", text)
        try:
            if not match:
                raise ValueError
            return time(int(match.group(1)), int(match.group(2) or 0))
        except ValueError:
            raise ValueError(self.t("bad_hour_field", field=self.t(label))) from None


def remembered(session: Session, service: str) -> LastSearch | None:
    """The criteria saved by an earlier launch, if they still read."""
    saved = session.state.criteria(service)
    if not saved:
        return None
    try:
        return LastSearch.from_json(saved)
    except (KeyError, TypeError, ValueError, ValidationError):
        return None
