"""A backend that offers less: what it lacks is hidden (TUI) or explained (CLI), never a
failure. The backend here is the embedded one behind a wrapper that offers only the core
of the protocol: logging in, the catalogue, searching and booking."""

from __future__ import annotations

from typing import Any

from erej_tui.api.protocol import Capability, RegistrationAPI
from erej_tui.backends import connect
from erej_tui.config import Settings
from erej_tui.tui.app import ErejApp
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.screens.registration import RegistrationScreen
from erej_tui.tui.screens.slots import SlotsScreen
from tests.support import CLOCK

from .conftest import ANNA, JAN, log_in_demo, press, settle
from .test_booking_flow import screen_text, to_search

CORE_ONLY = frozenset({Capability.DEMO_CONTROLS})


class CoreOnly:
    """Any RegistrationAPI, offering nothing beyond the core (and the demo controls the
    tests use to log in)."""

    def __init__(self, api: RegistrationAPI) -> None:
        self._api = api

    @property
    def capabilities(self) -> frozenset[Capability]:
        return CORE_ONLY

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_api":
            object.__setattr__(self, name, value)
        else:
            setattr(self._api, name, value)


def core_only_app(make_tui) -> ErejApp:
    base = make_tui()
    settings = base.settings

    async def build(progress) -> RegistrationAPI:
        return CoreOnly(await connect(settings, progress))  # type: ignore[return-value]

    return ErejApp(settings, connect=build, store=base.store, blink=False, live_interval=0.2)


async def test_the_plan_shows_only_what_the_backend_offers(make_tui):
    app = core_only_app(make_tui)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_demo(pilot, JAN)
        assert isinstance(app.screen, HomeScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(".section"))
        assert "Zaplanowane wizyty" in shown
        assert "Poczekalnia" not in shown and "powiadomienia" not in shown
        footer = " ".join(
            active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show
        )
        assert "Wizyty" in footer
        assert "Poczekalnia" not in footer and "Konto" not in footer
        await press(pilot, "w", "n")
        assert isinstance(app.screen, HomeScreen)  # keys for what is not there do nothing
        # Nothing free for Jan in opolskie within 40 days: no waiting room to offer.
        await to_search(pilot, "kardiologia")
        await settle(pilot)  # no list of e-referrals to pick from: the code is typed
        assert not app.screen.query_one("#referral-list").display
        await pilot.press(*"1234")
        await press(pilot, "enter")
        await pilot.press(*"Opole")
        await settle(pilot)
        await press(pilot, "enter", "down", "down", "down", "down", "enter", "ctrl+s")
        assert isinstance(app.screen, SlotsScreen)
        assert not app.screen.query_one("#waitlist-offer").display
        notice = str(app.screen.query_one("#slots-notice").render())
        assert notice == "Brak wolnych terminów spełniających kryteria."


async def test_without_eligibility_reasons_the_booking_is_what_tells(make_tui):
    """A backend that gives no reasons: Rejestracja says which services it refuses in plain
    words and that it checks the rest when booking, rather than claiming "Możesz umówić"."""
    app = core_only_app(make_tui)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_demo(pilot, ANNA)
        await press(pilot, "r")
        assert isinstance(app.screen, RegistrationScreen)
        shown = screen_text(app.screen)
        assert "? uprawnienia sprawdzi serwer przy rezerwacji" in shown  # her screenings
        assert "Możesz umówić" not in shown


def test_the_cli_explains_what_the_backend_does_not_offer(
    tmp_path, monkeypatch, capsys, seeded_template
):
    import io
    import shutil

    from erej_tui import commands
    from erej_tui.cli import main
    from erej_tui.embedded import DB_NAME

    shutil.copyfile(seeded_template, tmp_path / DB_NAME)
    monkeypatch.setenv("EREJ_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EREJ_CLOCK", CLOCK.strftime("%Y-%m-%dT%H:%M"))
    monkeypatch.setenv("EREJ_CONFIG_FILE", str(tmp_path / "absent.toml"))
    real = commands.connect

    async def core_only(settings: Settings, progress=None):
        return CoreOnly(await real(settings, progress))

    monkeypatch.setattr(commands, "connect", core_only)
    monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
    assert main(["login", "--pesel", "68010301102", "--password-stdin"]) == 0  # Anna
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "200")  # one line a service
    assert main(["services"]) == 0
    listed = capsys.readouterr().out
    assert "uprawnienia sprawdzi serwer" in listed and "nie można teraz umówić" in listed
    for argv, said in (
        (["waitlist", "list"], "Ten serwer nie prowadzi poczekalni."),
        (["notifications"], "Ten serwer nie udostępnia powiadomień."),
        (["contact"], "Ten serwer nie przechowuje danych kontaktowych."),
        (["referrals"], "Ten serwer nie pokazuje listy e-skierowań"),
    ):
        capsys.readouterr()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err


async def test_a_backend_without_a_desk_offers_no_facility_login(make_tui):
    app = core_only_app(make_tui)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        assert type(app.screen).__name__ == "LoginScreen"
    full = make_tui()
    async with full.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        assert type(full.screen).__name__ == "DeskLoginScreen"
