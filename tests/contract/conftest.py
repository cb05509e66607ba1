"""The backends every contract test runs against, and two clients of each."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from erej_tui.api.models import SearchCriteria
from erej_tui.api.protocol import RegistrationAPI
from erej_tui.backends import connect
from erej_tui.config import Settings
from erej_tui.embedded import DB_NAME
from tests.mock_server.test_real_server import start_server
from tests.support import ADMIN_TOKEN, CLOCK

KRAKOW_AREA = SearchCriteria(voivodeship="06")
OPOLSKIE_40_DAYS = SearchCriteria(voivodeship="08", date_to=CLOCK.date() + timedelta(days=40))


@pytest.fixture(params=["embedded", "http", "fhir"])
async def backend(request, seeded_template: Path, tmp_path: Path) -> AsyncIterator[Backend]:
    """A fresh backend of each kind on the seeded data, with two clients of it."""
    server = None
    if request.param == "embedded":
        shutil.copyfile(seeded_template, tmp_path / DB_NAME)
        settings = Settings(data_dir=tmp_path, clock=CLOCK.replace(tzinfo=None))
    else:
        db = tmp_path / "served.sqlite3"
        shutil.copyfile(seeded_template, db)
        server = start_server(db)
        url = server.url.removesuffix("/api/v1")
        if request.param == "fhir":  # the same server's FHIR face
            url = f"fhir+{url}/fhir"
        settings = Settings(backend=url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    one, two = await connect(settings), await connect(settings)
    try:
        yield Backend(one, two, request.param)
    finally:
        await one.aclose()
        await two.aclose()
        if server is not None:
            server.stop()


class Backend:
    """Two clients of one backend: two patients, or a patient and the demo controls."""

    def __init__(self, one: RegistrationAPI, two: RegistrationAPI, kind: str) -> None:
        assert isinstance(one, RegistrationAPI) and isinstance(two, RegistrationAPI)
        self.api, self.other, self.kind = one, two, kind

    async def log_in(self, name: str, api: RegistrationAPI | None = None) -> RegistrationAPI:
        api = api or self.api
        patient = next(p for p in await api.demo.patients() if p.name == name)
        await api.login(patient.pesel, patient.password)
        return api
