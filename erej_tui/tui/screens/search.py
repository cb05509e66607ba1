"""Miejsce i termin: a locality with suggestions as you type (Polish letters optional), a
distance or the whole voivodeship, a date range (the next 40 or 90 days by default),
optional hours and facility; and the leaflet's tip to search by place, not facility."""

from __future__ import annotations

import asyncio
import re
from datetime import date, time, timedelta

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Footer, Select
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import Locality, SearchCriteria
from ...formatting import distance, invalid, service_name
from ..context import BookingIntent, FollowsIntent, LastSearch, Session
from ..widgets import (
    AppHeader,
    KeyOptions,
    Notice,
    Plain,
    PlainLabel,
    TextField,
    localize_bindings,
)
from .base import ErejScreen

RADII = (10, 25, 50, 100)
WHOLE_VOIVODESHIP = 0


class SearchScreen(FollowsIntent, ErejScreen):
    BINDINGS = [
        Binding("ctrl+s", "search", "search", id="search.submit"),
    ]

    def __init__(self, session: Session, intent: BookingIntent) -> None:
        super().__init__(session)
        self.intent = intent
        service = intent.service
        last = session.last_search.get(service.code) or remembered(session, service.code)
        if last is not None:
            session.last_search[service.code] = last
        self.locality: Locality | None = intent.locality or (last.locality if last else None)
        self._suggested: list[Locality] = []

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
            yield PlainLabel(self.t("locality"))
            yield TextField(
                placeholder=self.t("locality_placeholder"),
                id="locality",
                compact=True,
                value=self.locality.name if self.locality else "",
            )
            yield PlainLabel("", id="suggestions-spacer")
            yield KeyOptions(id="suggestions")
            yield PlainLabel(self.t("radius"))
            yield Select(
                [(self.t("km", km=r), r) for r in RADII]
                + [(self.t("whole_voivodeship"), WHOLE_VOIVODESHIP)],
                value=last.radius if last else 25,
                allow_blank=False,
                id="radius",
                compact=True,
            )
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

    # --- locality suggestions --------------------------------------------------------------
    def show_suggestions(self, shown: bool) -> None:
        # The list has the form grid's row under the locality, beside an empty cell: both
        # come and go together, or every later label slides a cell off its field.
        for widget in self.query("#suggestions-spacer, #suggestions"):
            widget.display = shown

    @on(TextField.Changed, "#locality")
    def locality_typed(self, event: TextField.Changed) -> None:
        if self.locality and event.value == self.locality.name:
            return
        self.locality = None
        self.suggest(event.value)

    @work(exclusive=True, group="suggest")
    async def suggest(self, text: str) -> None:
        options = self.query_one("#suggestions", KeyOptions)
        if len(text.strip()) < 2:
            self.show_suggestions(False)
            return
        await asyncio.sleep(0.15)  # typing on: this worker is replaced, nothing is sent
        try:
            found = await self.api.localities(text, limit=6)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one("#search-notice", Notice))
            return
        self._suggested = found
        options.set_options(
            Option(f"{loc.name} ({loc.voivodeship.name})", id=str(i)) for i, loc in enumerate(found)
        )
        self.show_suggestions(bool(found))
        if found:
            options.highlighted = 0

    def waits_before(self, key: str) -> bool:
        """Enter, Tab or Down typed while the place suggestions load wait for them
        (typeahead.py): "krak" Enter takes Kraków even when typed in one burst."""
        return key in ("enter", "tab", "down") and any(
            worker.group == "suggest" and not worker.is_finished for worker in self.workers
        )

    @on(TextField.Submitted, "#locality")
    def take_first_suggestion(self) -> None:
        if self.locality is None and self._suggested:
            self.choose_locality(self._suggested[0])
        self.query_one("#radius").focus()

    @on(KeyOptions.OptionSelected, "#suggestions")
    def suggestion_chosen(self, event: KeyOptions.OptionSelected) -> None:
        self.choose_locality(self._suggested[int(event.option.id or 0)])
        self.query_one("#radius").focus()

    def on_key(self, event) -> None:
        # Down from the locality field walks into the suggestions.
        if event.key == "down" and self.focused is self.query_one("#locality"):
            options = self.query_one("#suggestions", KeyOptions)
            if options.display:
                event.stop()
                options.focus()

    def choose_locality(self, locality: Locality) -> None:
        self.locality = locality
        field = self.query_one("#locality", TextField)
        field.value = locality.name
        self.show_suggestions(False)
        self.query_one("#search-notice", Notice).clear()
        self.load_facilities()

    @on(Select.Changed, "#radius")
    def radius_changed(self) -> None:
        if self.locality:
            self.load_facilities()

    @work(exclusive=True, group="facilities")
    async def load_facilities(self) -> None:
        criteria = self._place()
        if criteria is None:
            return
        try:
            found = await self.api.facilities(criteria, self.service.code)
        except errors.ApiError as exc:
            self.fail(exc, self.query_one("#search-notice", Notice))
            return
        select = self.query_one("#facility", Select)
        select.set_options(  # as rich Text: a name is not markup (see `widgets`)
            (Text(f"{f.name}, {f.address.street} {distance(f.distance_km, self.lang)}"), f.id)
            for f in found[:200]
        )

    def _place(self) -> SearchCriteria | None:
        if self.locality is None:
            return None
        radius = self.query_one("#radius", Select).value
        if radius == WHOLE_VOIVODESHIP:
            return SearchCriteria(voivodeship=self.locality.voivodeship.code)
        return SearchCriteria(locality_id=self.locality.id, radius_km=int(str(radius)))

    # --- searching -------------------------------------------------------------------------
    @on(Button.Pressed, "#search-button")
    @on(TextField.Submitted, "#date-from, #date-to, #hour-from, #hour-to")
    def action_search(self) -> None:
        notice = self.query_one("#search-notice", Notice)
        if self.locality is None:
            if self._suggested and self.query_one("#locality", TextField).value.strip():
                self.choose_locality(self._suggested[0])
            else:
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
            int(str(self.query_one("#radius", Select).value)),
            self.query_one("#hour-from", TextField).value,
            self.query_one("#hour-to", TextField).value,
        )
        self.session.last_search[self.service.code] = last
        self.session.state.remember_criteria(self.service.code, last.to_json())
        from .slots import SlotsScreen

        self.app.push_screen(
            SlotsScreen(self.session, self.intent.searching(criteria, self.locality))
        )

    def _criteria(self) -> SearchCriteria:
        place = self._place()
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
