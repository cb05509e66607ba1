"""Placówki: the facilities that take bookings, by service and area, nearest first, each
with its address, phone, distance, opening hours and accessibility. Enter opens the
highlighted facility's free slots (through the e-referral dialog where the service needs
one). A patient with priority rights, who registers at the facility, gets the leaflet's
advice above the list: it is her list of numbers to call."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Footer, Select
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import Facility, SearchCriteria, Service
from ...formatting import facility_lines, service_name
from ..context import BookingIntent, LastSearch, Session
from ..widgets import AppHeader, KeyOptions, Notice, Plain, PlainLabel
from .place import PlaceForm
from .search import remembered

REMEMBERED = "facilities"
"""The key under which the saved criteria keep this screen's place (services have theirs)."""
SHOWN = 100
"""Facilities listed at most; the count above the list says how many there are."""


class FacilitiesScreen(PlaceForm):
    BINDINGS = [Binding("f5", "refresh", "refresh", id="facilities.refresh")]
    NOTICE = "#facilities-notice"

    def __init__(self, session: Session, service: Service | None = None) -> None:
        last = None
        for key in (service.code if service else None, REMEMBERED, *session.last_search):
            if key:
                last = session.last_search.get(key) or remembered(session, key)
                if last is not None and last.locality is not None:
                    break
        super().__init__(session, last.locality if last else None)
        self.last_radius = last.radius if last else 25
        self.service = service
        self.found: list[Facility] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("facilities_title"), classes="title")
        yield Notice(id="priority")
        with Grid(classes="form", id="facilities-form"):
            yield PlainLabel(self.t("service"))
            yield Select(
                [(service_name(s, self.lang), s.code) for s in self.session.services],
                prompt=self.t("all_services"),
                value=self.service.code if self.service else Select.NULL,
                id="service",
                compact=True,
            )
            yield from self.place_rows(self.last_radius)
        yield Notice(id="facilities-notice")
        yield Plain(id="facilities-count", classes="subtitle")
        yield KeyOptions(id="facility-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(self.NOTICE, Notice).clear()
        priority = self.query_one("#priority", Notice)
        if self.session.patient.priority_rights:
            priority.show(self.t("priority_call"), "tip")
        else:
            priority.clear()
        self.show_suggestions(False)
        self.query_one("#facility-list").display = False
        if self.locality is None:
            self.query_one("#facilities-count", Plain).update(self.t("facilities_where"))
            self.query_one("#locality").focus()
        else:
            self.load()
            self.query_one("#facility-list").focus()

    def place_changed(self) -> None:
        self.load()

    @on(Select.Changed, "#service")
    def service_changed(self, event: Select.Changed) -> None:
        chosen = {s.code: s for s in self.session.services}.get(str(event.value))
        if chosen != self.service:
            self.service = chosen
            self.load()

    @work(exclusive=True, group="facilities")
    async def load(self) -> None:
        place = self.place()
        if place is None:
            return
        notice = self.query_one(self.NOTICE, Notice)
        service = self.service
        try:
            if not self.session.services:  # opened before the plan had loaded them
                self.session.services = await self.api.services()
                self.query_one("#service", Select).set_options(
                    (service_name(s, self.lang), s.code) for s in self.session.services
                )
            found = await self.api.facilities(place, service.code if service else None)
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        notice.clear()
        assert self.locality is not None
        remembered_place = LastSearch(self.locality, self.radius)
        self.session.last_search[REMEMBERED] = remembered_place
        self.session.state.remember_criteria(REMEMBERED, remembered_place.to_json())
        self.found = found[:SHOWN]
        listing = self.query_one("#facility-list", KeyOptions)
        rows: list[Option | None] = []
        for f in self.found:
            if rows:  # a rule between two facilities' blocks
                rows.append(None)
            rows.append(Option(self._prompt(f), id=str(f.id)))
        listing.set_options(rows)
        listing.display = bool(found)
        # She registers at the facility: the list is hers to call, not to open.
        counted = (
            "facilities_to_call" if self.session.patient.priority_rights else "facilities_count"
        )
        count = self.t(counted, count=len(found)) if found else self.t("no_facilities")
        if len(found) > SHOWN:
            count += " " + self.t("facilities_nearest", count=SHOWN)
        self.query_one("#facilities-count", Plain).update(count)
        if found:
            listing.highlighted = 0
            if self.focused is None:  # it was hidden when the screen opened on a place
                listing.focus()

    def _prompt(self, f: Facility) -> Text:
        offered = None
        if self.service is None:  # what each offers, while no service is chosen
            names = {s.code: service_name(s, self.lang) for s in self.session.services}
            offered = ", ".join(names.get(code, code) for code in f.services)
        first, *rest = facility_lines(f, self.lang, offered)
        text = Text(first, style="bold")
        text.append("".join(f"\n{line}" for line in rest))
        return text

    @on(KeyOptions.OptionSelected, "#facility-list")
    def facility_chosen(self, event: KeyOptions.OptionSelected) -> None:
        facility = next(f for f in self.found if str(f.id) == event.option.id)
        service = self.service
        if service is None and len(facility.services) == 1:
            service = {s.code: s for s in self.session.services}.get(facility.services[0])
        if service is None:
            self.notify(self.t("facilities_pick_service"), severity="warning")
            self.query_one("#service").focus()
            return
        from .registration import begin_booking
        from .slots import SlotsScreen

        today = self.session.today
        criteria = SearchCriteria(
            locality_id=self.locality.id if self.locality else None,
            facility_id=facility.id,
            date_from=today,
            date_to=today + timedelta(days=service.waitlist_days),
        )

        def slots(intent: BookingIntent) -> SlotsScreen:
            chosen = intent.searching(criteria, self.locality, facility.name)
            return SlotsScreen(self.session, chosen)

        begin_booking(self, service, slots)
