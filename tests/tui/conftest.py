"""The app on a fresh embedded backend: fixed seed, fixed clock, no cursor blink."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta

import pytest

from erej_tui.api.models import SearchCriteria
from erej_tui.config import Settings
from erej_tui.credentials import TokenStore
from erej_tui.embedded import DB_NAME
from erej_tui.tui.app import ErejApp
from erej_tui.tui.driving import press, settle
from erej_tui.tui.screens.login import DEMO_KEYS
from tests.support import CLOCK, SEED

__all__ = ["press", "settle"]


@pytest.fixture(scope="session", autouse=True)
def scenarios_share_the_template(seeded_template):
    """Scripted scenarios on the test data's seed and day copy the session's seeded file
    rather than seed their own (the same bytes: see test_seed)."""
    from erej_tui import embedded

    embedded._SEEDED.setdefault((SEED, CLOCK.date()), seeded_template)


@pytest.fixture
def tui_data(seeded_template, tmp_path):
    data = tmp_path / "erej-data"
    data.mkdir()
    shutil.copyfile(seeded_template, data / DB_NAME)
    return data


@pytest.fixture
def tui_backend() -> str:
    """The backend `make_tui` builds unless told: the embedded one, through its contract.
    A module marked `contract_and_fhir` gets both (see pytest_generate_tests)."""
    return "embedded"


@pytest.fixture
def make_tui(tui_data, tui_backend) -> Callable[..., ErejApp]:
    def make(
        lang: str = "pl", live: float | None = None, freeze_heap: bool = False, **settings
    ) -> ErejApp:
        """Live updates are off unless asked for: a snapshot must not race a poll."""
        settings.setdefault("backend", tui_backend)
        config = Settings(
            data_dir=tui_data, clock=CLOCK.replace(tzinfo=None), lang=lang, **settings
        )
        return ErejApp(
            config,
            store=TokenStore(tui_data, lang=lang),
            blink=False,
            live_interval=live,
            downloads=tui_data / "downloads",
            freeze_heap=freeze_heap,
        )

    return make


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "contract_and_fhir: every test runs over the embedded backend's contract and over its"
        " FHIR face (the booking and visit-management flows must work over either)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`tui_backend` for a module marked `contract_and_fhir`: both, one test each."""
    if "tui_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "contract_and_fhir"
    ):
        metafunc.parametrize("tui_backend", ["embedded", "fhir+embedded"], ids=["contract", "fhir"])


async def log_in_demo(pilot, number: int) -> None:
    """On the login screen, the letter of a demo patient logs them in."""
    await settle(pilot)
    await press(pilot, DEMO_KEYS[number - 1])


async def another_patient_books(app, slot_id: int) -> None:
    """A woman of 50-60 from the test population (she may book any screening) books it."""
    from erej_tui.api.pesel import Sex, parse_pesel

    for p in await app.api.demo.patients(everyone=True):
        born = parse_pesel(p.pesel)
        age = CLOCK.year - born.birth_date.year
        if p.description.startswith("Pacjent") and born.sex is Sex.FEMALE and 50 <= age <= 60:
            # The same kind of client (contract or FHIR) on the same backend.
            rival = type(app.api)(app.api.base_url, transport=app.api._http._transport)
            try:
                await rival.login(p.pesel, p.password)
                await rival.book(slot_id)
            finally:
                await rival.aclose()
            return
    raise AssertionError("the population should have such a patient")


async def book_first(app, service="mammografia", voivodeship="06", days_ahead=0):
    """The logged-in patient books the first slot of `service` from that day on."""
    day = CLOCK.date() + timedelta(days=days_ahead)
    page = await app.api.slots(
        service, SearchCriteria(voivodeship=voivodeship, date_from=day), limit=1
    )
    return await app.api.book(page.items[0].id)


ANNA, KATARZYNA, BARBARA, HELENA, JAN, PIOTR, MARIA, EWA, TOMASZ, MAGDALENA, TERESA = range(1, 12)


def burst(app, *keys: str) -> None:
    """Send keys as a fast typist or `tmux send-keys` does: all at once, no waiting for
    the app between them (Pilot's `press` waits for the app to go idle after each)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
