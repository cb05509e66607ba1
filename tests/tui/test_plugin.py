"""The pytest plugin as a tester uses it: no set-up code, only the fixtures."""

from __future__ import annotations

from datetime import timedelta

from erej_tui.api.models import ClockChange


async def test_a_tester_books_a_mammography_with_the_fixtures(erej_ui, erej_demo):
    await erej_ui.login("Anna Kowalska")
    await erej_ui.press("r", "3")
    await erej_ui.type("krak")
    await erej_ui.press("enter", "ctrl+s", "enter", "enter")
    assert "Numer wizyty: ER/2026/000001" in erej_ui.text()
    clock = await erej_demo.move_clock(ClockChange(advance=timedelta(days=1)))
    assert clock.now.isoformat().startswith("2026-12-02T08:00")


async def test_each_test_gets_a_fresh_backend(erej_ui):
    await erej_ui.login("Anna Kowalska")
    assert await erej_ui.app.api.appointments() == []


def test_the_app_fixture_works_with_snapshots_too(erej_app):
    assert erej_app.settings.embedded and erej_app.settings.seed == 42
