"""The pytest plugin as a tester uses it: no set-up code, only the fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from erej_tui.api.models import ClockChange


async def test_a_tester_books_a_mammography_with_the_fixtures(erej_ui, erej_demo):
    await erej_ui.login("Anna Kowalska")
    await erej_ui.press("r", "4")
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


README_TEST = """
from datetime import timedelta
from erej_tui.api.models import ClockChange


async def test_anna_books_a_mammography(erej_ui, erej_demo):
    await erej_ui.login("Anna Kowalska")
    await erej_ui.press("r", "4")
    await erej_ui.type("krak")
    await erej_ui.press("enter", "ctrl+s", "enter", "enter")
    assert "Numer wizyty: ER/2026/000001" in erej_ui.text()
    await erej_demo.move_clock(ClockChange(advance=timedelta(days=1)))
"""


def run_pytest_in(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "EREJ_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_readme_example_runs_in_a_project_with_no_configuration(tmp_path):
    """A tester's fresh project: the README's test file and nothing else, so pytest-asyncio
    runs in its strict mode (this repository's pyproject sets auto mode)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_screens.py").write_text(README_TEST, encoding="utf-8")
    done = run_pytest_in(project)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
    assert "asyncio: mode=Mode.STRICT" in done.stdout  # pytest-asyncio's default


def test_without_pytest_asyncio_the_plugin_says_what_to_install(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_screens.py").write_text(README_TEST, encoding="utf-8")
    done = run_pytest_in(project, "-p", "no:asyncio")
    assert done.returncode != 0
    assert "pip install 'erej-tui[pytest]'" in done.stdout + done.stderr
