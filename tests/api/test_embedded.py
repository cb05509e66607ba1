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
