"""The "where" of a form: a locality with suggestions as you type (Polish letters
optional) and a distance from it, or the whole voivodeship. Miejsce i termin and Placówki
share it."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import Locality, SearchCriteria
from ..context import Session
from ..widgets import KeyOptions, Notice, PlainLabel, TextField
from .base import ErejScreen

RADII = (10, 25, 50, 100)
WHOLE_VOIVODESHIP = 0


class PlaceForm(ErejScreen):
    """A screen whose form starts with the place. It composes the rows with `place_rows`,
    shows errors in the Notice `NOTICE`, and hears of a new place in `place_changed`."""

    NOTICE = "#search-notice"

    def __init__(self, session: Session, locality: Locality | None = None) -> None:
        super().__init__(session)
        self.locality = locality
        self._suggested: list[Locality] = []

    def place_rows(self, radius: int) -> ComposeResult:
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
            value=radius,
            allow_blank=False,
            id="radius",
            compact=True,
        )

    def place_changed(self) -> None:
        """The locality or the distance changed (a screen reloads what depends on them)."""

    @property
    def radius(self) -> int:
        return int(str(self.query_one("#radius", Select).value))

    def place(self) -> SearchCriteria | None:
        """The locality with the distance, or its voivodeship; None before a locality."""
        if self.locality is None:
            return None
        if self.radius == WHOLE_VOIVODESHIP:
            return SearchCriteria(voivodeship=self.locality.voivodeship.code)
        return SearchCriteria(locality_id=self.locality.id, radius_km=self.radius)

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
            self.fail(exc, self.query_one(self.NOTICE, Notice))
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

    def take_typed_locality(self) -> bool:
        """The first suggestion for what was typed and not picked; False when none is."""
        typed = self.query_one("#locality", TextField).value.strip()
        if self.locality is None and self._suggested and typed:
            self.choose_locality(self._suggested[0])
        return self.locality is not None

    @on(TextField.Submitted, "#locality")
    def take_first_suggestion(self) -> None:
        self.take_typed_locality()
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
        self.query_one(self.NOTICE, Notice).clear()
        self.place_changed()

    @on(Select.Changed, "#radius")
    def radius_changed(self) -> None:
        if self.locality:
            self.place_changed()
