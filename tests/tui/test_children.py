"""Konta Twoich dzieci: a parent opens her child's account from the plan, books and sees
its visits there, the header says whose account is open and who acts, and one key takes
her back to her own account."""

from __future__ import annotations

from erej_tui.api import errors
from erej_tui.api.models import SearchCriteria
from erej_tui.tui.driving import screen_text, wait_for
from erej_tui.tui.screens.account import AccountScreen
from erej_tui.tui.screens.children import ChildrenScreen
from erej_tui.tui.screens.home import HomeScreen
from erej_tui.tui.widgets import TextField

from .conftest import ANNA, EWA, burst, log_in_demo, press, settle

SIZE = (80, 24)


def header(app) -> str:
    return f"{app.title} — {app.sub_title}" if app.sub_title else app.title


async def open_zofia(pilot) -> None:
    await wait_for(pilot, lambda: "Zofia Mazur" in screen_text(pilot.app))
    await press(pilot, "k")
    assert isinstance(pilot.app.screen, ChildrenScreen)
    await press(pilot, "down", "down", "enter")  # her own account first, then the elder
    assert await wait_for(pilot, lambda: pilot.app.session.guardian is not None)


async def test_a_parent_opens_her_childs_account_and_goes_back_with_one_key(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, EWA)
        await wait_for(pilot, lambda: "Konta Twoich dzieci" in screen_text(app))
        plan = screen_text(app)
        assert "Stanisław Mazur, Zofia Mazur" in plan and "K – otwórz konto dziecka" in plan
        await open_zofia(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.patient.first_name == "Zofia"
        assert header(app) == "erej — konto dziecka: Zofia Mazur · opiekun: Ewa Mazur"
        assert "Plan leczenia · Zofia Mazur" in screen_text(app)
        # Her visit is booked on her account, by her mother, and only there.
        api = app.api
        slot = (
            await api.slots(
                "kardiologia", SearchCriteria(voivodeship="14"), referral_code="2468", limit=1
            )
        ).items[0]
        visit = await api.book(slot.id, referral_code="2468")
        assert visit.history[0].actor == "Ewa Mazur"
        await press(pilot, "v")
        await wait_for(pilot, lambda: visit.number in screen_text(app))
        await press(pilot, "escape")
        await press(pilot, "k")  # back to her own account in one key
        assert await wait_for(pilot, lambda: app.session.guardian is None)
        assert app.sub_title == "" and app.session.patient.first_name == "Ewa"
        await press(pilot, "v")
        await settle(pilot)
        assert visit.number not in screen_text(app)


async def test_keys_typed_at_full_speed_open_the_child_and_her_contact_data(make_tui):
    app = make_tui(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, EWA)
        await wait_for(pilot, lambda: "Zofia Mazur" in screen_text(app))
        burst(app, "k", "down", "down", "enter", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert header(app) == "erej — child: Zofia Mazur · guardian: Ewa Mazur"
        shown = screen_text(app)
        assert "go to the guardian's contact data (Ewa Mazur)" in shown
        assert all(field.disabled for field in app.screen.query(TextField))
        assert not app.screen.query("#save-button")


async def test_an_account_that_cannot_be_opened_leaves_her_on_her_own(make_tui, monkeypatch):
    """The backend refuses (down, or the child has just turned 18): a plain message, and
    the plan, the header and every request stay hers."""
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, EWA)
        await wait_for(pilot, lambda: "Zofia Mazur" in screen_text(app))

        async def refused():
            raise errors.NotFound("Nie masz dostępu do konta dziecka o numerze PESEL 1.")

        monkeypatch.setattr(app.api, "me", refused)
        await press(pilot, "k", "down", "down", "enter")
        assert await wait_for(
            pilot, lambda: "Nie masz dostępu do konta dziecka" in screen_text(app)
        )
        assert isinstance(app.screen, HomeScreen) and app.session.guardian is None
        assert app.api.acting_for is None and app.sub_title == ""
        assert "Plan leczenia · Ewa Mazur" in screen_text(app)


async def test_a_patient_without_children_has_no_such_key(make_tui):
    app = make_tui()
    async with app.run_test(size=SIZE) as pilot:
        await log_in_demo(pilot, ANNA)
        await settle(pilot)
        assert "Konta Twoich dzieci" not in screen_text(app)
        await press(pilot, "k")
        assert isinstance(app.screen, HomeScreen) and app.session.guardian is None
