"""The client against the embedded mock backend: retries never double-book."""

from __future__ import annotations

import shutil

import pytest

from erej_tui.api import errors
from erej_tui.api.models import FaultSpec, SearchCriteria
from erej_tui.embedded import DB_NAME, open_embedded
from tests.support import CLOCK, SEED


@pytest.fixture
async def api(seeded_template, tmp_path):
    shutil.copyfile(seeded_template, tmp_path / DB_NAME)

    async def no_wait(_: float) -> None:
        return None

    client = await open_embedded(tmp_path, seed=SEED, clock=CLOCK, sleep=no_wait)
    patients = await client.demo.patients()
    anna = next(p for p in patients if p.name == "Anna Kowalska")
    await client.login(anna.pesel, anna.password)
    yield client
    await client.aclose()


async def first_slot(api):
    page = await api.slots("mammografia", SearchCriteria(voivodeship="06"), limit=1)
    return page.items[0]


@pytest.mark.parametrize(
    "fault",
    [
        FaultSpec(error_status=500, remaining=1),
        FaultSpec(error_status=503, retry_after=1, remaining=1),
        FaultSpec(drop=True, remaining=1),
        FaultSpec(error_status=500, phase="after", remaining=1),
        FaultSpec(drop=True, phase="after", remaining=1),
    ],
    ids=["500", "503-retry-after", "dropped", "500-after-booking", "dropped-after-booking"],
)
async def test_a_booking_through_a_fault_is_made_exactly_once(api, fault):
    slot = await first_slot(api)
    await api.demo.set_fault(fault)
    appt = await api.book(slot.id)
    assert appt.start == slot.start
    visits = await api.appointments()
    assert [v.id for v in visits] == [appt.id]
    assert await api.demo.clear_faults() is not None


async def test_a_backend_that_stays_down_is_reported_and_nothing_is_booked(api):
    slot = await first_slot(api)
    await api.demo.set_fault(FaultSpec(error_status=503))
    with pytest.raises(errors.BackendUnavailable):
        await api.book(slot.id)
    await api.demo.clear_faults()
    assert await api.appointments() == []


async def test_a_slow_backend_times_out_with_a_plain_error(api):
    from erej_tui.api.client import HttpRegistrationAPI

    await api.demo.set_fault(FaultSpec(latency_ms=3000))
    # Only the measured request is impatient; setting the fault above is not.
    impatient = HttpRegistrationAPI(
        api.base_url, transport=api._http._transport, timeout=0.2, retries=0
    )
    try:
        with pytest.raises(errors.BackendTimeout) as info:
            await impatient.health()
        assert "na czas" in info.value.detail
    finally:
        await impatient.aclose()


async def test_a_first_run_seeds_in_a_process_of_its_own_with_progress(seeded_template, tmp_path):
    """`erej` starts seeding before its imports; the backend waits for it, passing on the
    progress, and comes up on the same data as seeding in-process gives."""
    from erej_tui import backends
    from erej_tui.backends import connect, start_seeding
    from erej_tui.config import Settings
    from mock_server.db import Database
    from mock_server.seed import content_digest

    settings = Settings(data_dir=tmp_path / "fresh", clock=CLOCK.replace(tzinfo=None))
    start_seeding(settings)
    seeding = backends._SEEDING[settings.data_path]
    steps: list[tuple[int, int]] = []
    api = await connect(settings, lambda done, total, _: steps.append((done, total)))
    try:
        assert [p.name for p in await api.demo.patients()][0] == "Anna Kowalska"
    finally:
        await api.aclose()
    assert seeding.returncode == 0 and steps and steps[-1][0] == steps[-1][1]
    assert sorted(p.name for p in settings.data_path.iterdir() if "seeding" in p.name) == []
    seeded, expected = Database(settings.data_path / DB_NAME), Database(seeded_template)
    try:
        assert content_digest(seeded) == content_digest(expected)
    finally:
        seeded.close()
        expected.close()


def test_a_seeding_process_leaves_a_database_already_there_alone(tmp_path):
    from mock_server.seeding import main

    there = tmp_path / DB_NAME
    there.write_bytes(b"someone else's")
    assert main(["--db", str(there), "--clock", CLOCK.isoformat()]) == 0
    assert there.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == [DB_NAME]


@pytest.mark.parametrize("python", ["/nonexistent/python", "/bin/false"], ids=["absent", "fails"])
async def test_a_seeding_process_that_cannot_run_leaves_the_seeding_to_the_backend(
    python, tmp_path, monkeypatch
):
    """No process to seed in, or one that fails: the backend seeds in-process as it comes up,
    with the same progress, and nothing is left half-made."""
    from erej_tui import backends
    from erej_tui.config import Settings

    monkeypatch.setattr(backends.sys, "executable", python)
    settings = Settings(data_dir=tmp_path / "fresh", clock=CLOCK.replace(tzinfo=None))
    steps: list[tuple[int, int]] = []
    api = await backends.connect(settings, lambda done, total, _: steps.append((done, total)))
    try:
        assert [p.name for p in await api.demo.patients()][0] == "Anna Kowalska"
    finally:
        await api.aclose()
    assert steps and steps[-1][0] == steps[-1][1]
    assert not backends._SEEDING
    assert [p.name for p in settings.data_path.iterdir() if "seeding" in p.name] == []
