"""Rejestracja: "Umów wizytę" (first visits, with an e-referral), "Umów badanie
profilaktyczne" (screenings) and the second stage's clinics, each service with whether this
patient may book it and, under the list, the highlighted one's terms (who, how often)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets.option_list import Option

from ...api import errors
from ...api.models import IneligibilityReason, Service, ServiceKind
from ...api.protocol import Capability
from ...formatting import eligibility_note, service_name
from ..context import BookingIntent, Session
from ..widgets import AppHeader, KeyOptions, Notice, Plain
from .base import ErejScreen


class RegistrationScreen(ErejScreen):
    BINDINGS = [
        Binding("l", "facilities", "facilities_short", id="registration.facilities"),
        Binding("f5", "refresh", "refresh", id="registration.refresh"),
    ]

    def __init__(self, session: Session, preselect: str | None = None) -> None:
        super().__init__(session)
        self.preselect = preselect
        self.services: dict[str, Service] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("registration"), classes="title")
        yield Notice(id="priority")
        yield Notice(id="registration-notice")
        yield KeyOptions(id="services")
        yield Plain(id="service-terms")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#registration-notice", Notice).clear()
        priority = self.query_one("#priority", Notice)
        if self.session.patient.priority_rights:
            priority.show(f"{self.t('priority_advice')} {self.t('priority_list_key')}", "tip")
        else:
            priority.clear()
        self.load()

    @work(exclusive=True, group="registration")
    async def load(self) -> None:
        notice = self.query_one("#registration-notice", Notice)
        try:
            with self.first_load("#services"):
                services = await self.api.services()
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        notice.clear()
        self.session.services = services
        self.services = {s.code: s for s in services}
        options = self.query_one("#services", KeyOptions)
        options.clear_options()
        stage_1 = [s for s in services if s.stage <= 1]
        groups = (
            (self.t("book_visit"), [s for s in stage_1 if s.kind is ServiceKind.VISIT]),
            (self.t("book_screening"), [s for s in stage_1 if s.kind is ServiceKind.EXAMINATION]),
            (self.t("stage_2_clinics"), [s for s in services if s.stage > 1]),
        )
        for title, items in groups:
            if not items:
                continue
            options.add_option(Option(Text(title, style="bold"), disabled=True))
            for s in items:
                options.add_option(Option(self._prompt(s), id=s.code))
        options.focus()
        first = next(
            (i for i in range(options.option_count) if not options.get_option_at_index(i).disabled),
            0,
        )
        options.highlighted = first
        if self.preselect and self.preselect in self.services:
            code, self.preselect = self.preselect, None
            options.highlighted = options.get_option_index(code)
            self.choose(self.services[code])

    def _prompt(self, s: Service) -> Text:
        ok = s.eligibility.eligible and not (s.active_appointment_id or s.active_waitlist_id)
        text = Text(service_name(s, self.lang), style="bold" if ok else "")
        reasons = self.session.offers(Capability.ELIGIBILITY_REASONS)
        if s.eligibility.reason is IneligibilityReason.PRIORITY_REGISTRATION:
            note = self.t("register_at_facility")  # the full advice stands above the list
        else:
            note = eligibility_note(s, self.lang, reasons) or self.t("you_can_book")
        # The state reads from a sign and the words, in the text's own colour: a red or
        # green line on the cursor row's blue could not be read (WCAG AA). Without reasons
        # from the backend, a service it does not refuse is a question until booked.
        sign = "✓" if ok else ("!" if s.eligibility.eligible else "✗")
        if ok and not reasons:
            sign = "?"
        text.append(f"\n{sign} {note}", style="italic not bold")
        return text

    @on(KeyOptions.OptionHighlighted, "#services")
    def highlighted(self, event: KeyOptions.OptionHighlighted) -> None:
        service = self.services.get(event.option.id or "")
        terms = self.query_one("#service-terms", Plain)
        terms.update((service.terms if service else None) or "")
        terms.display = bool(service and service.terms)

    def on_key(self, event) -> None:
        """A digit picks the Nth service of the list at once (quick booking)."""
        if not (event.character and event.character.isdigit()):
            return
        options = self.query_one("#services", KeyOptions)
        codes = [
            options.get_option_at_index(i).id
            for i in range(options.option_count)
            if not options.get_option_at_index(i).disabled
        ]
        number = int(event.character)
        if 1 <= number <= len(codes):
            event.stop()
            code = codes[number - 1] or ""
            options.highlighted = options.get_option_index(code)
            self.choose(self.services[code])

    @on(KeyOptions.OptionSelected, "#services")
    def selected(self, event: KeyOptions.OptionSelected) -> None:
        self.choose(self.services[event.option.id or ""])

    def choose(self, service: Service) -> None:
        if service.eligibility.reason is IneligibilityReason.PRIORITY_REGISTRATION:
            # She registers at the facility: the facilities nearby, with their phones.
            from .facilities import FacilitiesScreen

            self.app.push_screen(FacilitiesScreen(self.session, service))
            return
        from .search import SearchScreen

        begin_booking(self, service, lambda intent: SearchScreen(self.session, intent))

    def action_facilities(self) -> None:
        from .facilities import FacilitiesScreen

        options = self.query_one("#services", KeyOptions)
        index = options.highlighted
        code = options.get_option_at_index(index).id if index is not None else None
        self.app.push_screen(FacilitiesScreen(self.session, self.services.get(code or "")))


def begin_booking(
    screen: ErejScreen, service: Service, onward: Callable[[BookingIntent], Screen]
) -> None:
    """Rejestracja's and Placówki's way into a booking: what stops it said first, as the
    server would refuse it; then the e-referral's code where the service needs one; then
    the screen `onward` makes of the intent (Miejsce i termin, or a facility's slots)."""
    # Without an unused referral the code dialog still opens: the backend then says
    # exactly what is wrong with the code the person holds (wrong, used, ...).
    needs_code = service.eligibility.reason is IneligibilityReason.REFERRAL_REQUIRED
    if service.active_appointment_id:  # said first, as the server refuses a booking
        screen.notify(screen.t("has_active_visit"), severity="warning")
        return
    if service.active_waitlist_id:
        screen.notify(screen.t("has_active_waitlist"), severity="warning")
        return
    if not service.eligibility.eligible and not needs_code:
        screen.notify(
            service.eligibility.detail or "",
            severity="warning",
            title=service_name(service, screen.lang),
        )
        return
    if service.requires_referral:
        from .referral import ReferralScreen

        def with_code(code: str | None) -> None:
            if code:
                screen.app.push_screen(onward(BookingIntent(service, referral=code)))

        screen.app.push_screen(ReferralScreen(screen.session, service), with_code)
    else:
        screen.app.push_screen(onward(BookingIntent(service)))
