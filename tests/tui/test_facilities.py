"""Placówki: the facilities by service and area, with phones, hours and accessibility, and
the way from one of them to its free slots."""

from __future__ import annotations

from textual.widgets import OptionList, Select

from erej_tui.api.models import SearchCriteria
from erej_tui.tui.driving import screen_text
from erej_tui.tui.screens.facilities import FacilitiesScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.referral import ReferralScreen
from erej_tui.tui.screens.registration import RegistrationScreen
from erej_tui.tui.screens.slots import SlotsScreen

from .conftest import ANNA, JAN, MARIA, burst, log_in_demo, press, settle
from .test_booking_flow import search_near, to_search, type_text

SIZE = (80, 24)


def listed(screen) -> list[str]:
    options = screen.query_one("#facility-list", OptionList)
    return [
        str(options.get_option_at_index(i).prompt)
        for i in range(options.option_count)
        if options.get_option_at_index(i).id
    ]


async def choose_service(pilot, code: str) -> None:
    pilot.app.screen.query_one("#service", Select).value = code
    await settle(pilot)


async def test_facilities_by_area_and_service_with_phone_hours_and_access(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "l")
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen)
        assert "Wpisz miejscowość" in screen_text(app)
        await type_text(pilot, "krak")
        await press(pilot, "enter")
        krakow = (await app.api.localities("Kraków", limit=1))[0]
        area = SearchCriteria(locality_id=krakow.id, radius_km=25)
        everything = await app.api.facilities(area, None)
        shown = listed(screen)
        assert len(shown) == len(everything) and f"w obszarze: {len(everything)}" in screen_text(
            app
        )
        first = everything[0]
        assert first.name in shown[0] and f"tel. {first.phone}" in shown[0]
        assert "Godziny otwarcia: pn" in shown[0] and "Dostępność: " in shown[0]
        assert "Świadczenia: " in shown[0]  # what each offers, while no service is chosen
        await choose_service(pilot, "kardiologia")
        cardiology = await app.api.facilities(area, "kardiologia")
        shown = listed(screen)
        assert [f.name for f in cardiology] == [s.split(" · ")[0] for s in shown]
        assert len(cardiology) < len(everything) and "Świadczenia: " not in shown[0]
        screen.query_one("#radius", Select).value = 0  # the whole voivodeship
        await settle(pilot)
        assert len(listed(screen)) > len(cardiology)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_enter_opens_the_facility_s_free_slots(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        burst(app, "l", *"krak", "enter")  # typed at once, as in tmux
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen) and listed(screen)
        await choose_service(pilot, "mammografia")
        facility = screen.found[0]
        screen.query_one("#facility-list").focus()
        await press(pilot, "enter")
        slots = app.screen
        assert isinstance(slots, SlotsScreen) and slots.service.code == "mammografia"
        assert slots.slots and {s.facility.id for s in slots.slots} == {facility.id}
        assert all(s.distance_km is not None for s in slots.slots)
        assert facility.name in str(slots.query_one("#criteria").render())
        await press(pilot, "escape")
        assert app.screen is screen


async def test_a_service_with_an_e_referral_asks_for_the_code_first(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, JAN)
        await press(pilot, "l")
        await type_text(pilot, "Gdańsk")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen)
        await choose_service(pilot, "kardiologia")
        screen.query_one("#facility-list").focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, ReferralScreen)
        await type_text(pilot, "1234")
        await press(pilot, "enter")
        slots = app.screen
        assert isinstance(slots, SlotsScreen) and slots.referral == "1234"
        assert slots.criteria.facility_id == screen.found[0].id


async def test_without_a_service_enter_asks_for_one(make_tui):
    """A facility with several services: which one's slots? The service field says."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "l")
        await type_text(pilot, "krak")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen)
        many = next(i for i, f in enumerate(screen.found) if len(f.services) > 1)
        options = screen.query_one("#facility-list", OptionList)
        options.focus()
        options.highlighted = options.get_option_index(str(screen.found[many].id))
        await press(pilot, "enter")
        assert app.screen is screen and app.focused is screen.query_one("#service")
        assert any("Wybierz świadczenie" in str(n.message) for n in app._notifications)


async def test_the_place_searched_last_opens_the_list(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await to_search(pilot, "mammografia")
        await search_near(pilot, "krak")
        assert isinstance(app.screen, SlotsScreen)
        await press(pilot, "escape", "escape", "escape", "l")
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen)
        assert screen.locality is not None and screen.locality.name == "Kraków"
        assert listed(screen)


async def test_priority_rights_list_the_facilities_to_call(make_tui):
    """Maria registers at the facility: choosing a service shows the facilities nearby
    with their phones under the leaflet's advice; none of them books online."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, MARIA)
        await press(pilot, "r")
        assert "Placówki w pobliżu i ich telefony: l" in screen_text(app)
        await press(pilot, "4")  # mammography
        screen = app.screen
        assert isinstance(screen, FacilitiesScreen) and screen.service is not None
        assert screen.service.code == "mammografia"
        advice = str(screen.query_one("#priority").render())
        assert "zapisz się w placówce" in advice and "numerami telefonów" in advice
        await type_text(pilot, "poznan")
        await press(pilot, "enter")
        shown = listed(screen)
        assert shown and all("tel. +48" in s for s in shown)
        assert "Zadzwoń albo przyjdź" in screen_text(app)
        screen.query_one("#facility-list").focus()
        await press(pilot, "enter")
        assert app.screen is screen
        assert any("w placówce" in str(n.message) for n in app._notifications)
        assert await app.api.appointments() == []
        await press(pilot, "escape")
        assert isinstance(app.screen, RegistrationScreen)


async def test_in_english(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "l")
        await type_text(pilot, "krak")
        await press(pilot, "enter")
        shown = listed(app.screen)
        assert "Opening hours: Mon" in shown[0] and "Accessibility: " in shown[0]
        assert "phone +48" in shown[0] and "Facilities in the area" in screen_text(app)
