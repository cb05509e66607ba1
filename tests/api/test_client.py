"""HttpRegistrationAPI against respx: every error mapping and every retry path."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from erej_tui.api import errors
from erej_tui.api.client import HttpRegistrationAPI
from erej_tui.api.models import SearchCriteria
from erej_tui.api.protocol import CONTRACT_CAPABILITIES, Capability

BASE = "http://cer.test/api/v1"

APPOINTMENT = {
    "id": 7,
    "number": "ER/2026/000007",
    "service": "mammografia",
    "service_name": "Mammografia",
    "status": "booked",
    "start": "2026-12-04T09:15:00+01:00",
    "end": "2026-12-04T09:30:00+01:00",
    "facility": {
        "id": 1,
        "name": "Pracownia",
        "provider": "P",
        "phone": "+48 12 000 00 00",
        "teryt": "1261011",
        "latitude": 50.0,
        "longitude": 19.9,
        "address": {
            "street": "ul. Długa 1",
            "postal_code": "31-000",
            "locality": "Kraków",
            "voivodeship": "małopolskie",
        },
        "accessibility": {},
        "services": ["mammografia"],
    },
    "source": "patient",
    "created_at": "2026-12-01T08:00:00+01:00",
}


def problem(status: int, slug: str, detail: str, **extra) -> httpx.Response:
    body = {
        "type": f"https://erej-tui.invalid/errors/{slug}",
        "title": slug,
        "status": status,
        "detail": detail,
        "code": slug,
        **extra,
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def api(sleeps):
    client = HttpRegistrationAPI(BASE, token="t0k3n", retries=2, backoff=0.25, sleep=sleeps)
    yield client
    await client.aclose()


@respx.mock
async def test_connection_refused_is_retried_then_reported_plainly(api, sleeps):
    route = respx.get(f"{BASE}/me").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(errors.BackendUnavailable) as info:
        await api.me()
    assert route.call_count == 3
    assert sleeps == [0.25, 0.5]
    assert "połączyć" in info.value.detail


@respx.mock
async def test_a_read_timeout_on_a_read_is_retried(api, sleeps):
    route = respx.get(f"{BASE}/waitlist").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=[])]
    )
    assert await api.waitlist() == []
    assert route.call_count == 2


@respx.mock
async def test_a_timeout_that_persists_is_a_timeout_error(api):
    respx.get(f"{BASE}/me").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(errors.BackendTimeout) as info:
        await api.me()
    assert "na czas" in info.value.detail


@respx.mock
async def test_a_booking_retried_after_500_reuses_its_idempotency_key(api):
    route = respx.post(f"{BASE}/appointments").mock(
        side_effect=[problem(500, "internal-error", "boom"), httpx.Response(201, json=APPOINTMENT)]
    )
    appt = await api.book(42)
    assert appt.number == "ER/2026/000007"
    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0]
    assert json.loads(route.calls[0].request.content) == {"slot_id": 42, "referral_code": None}


@respx.mock
async def test_a_booking_whose_connection_dropped_is_retried_with_the_same_key(api):
    route = respx.post(f"{BASE}/appointments").mock(
        side_effect=[httpx.RemoteProtocolError("dropped"), httpx.Response(201, json=APPOINTMENT)]
    )
    await api.book(42, idempotency_key="fixed-key")
    assert [c.request.headers["Idempotency-Key"] for c in route.calls] == ["fixed-key"] * 2


@respx.mock
async def test_a_post_without_a_key_is_not_repeated_after_it_may_have_arrived(api):
    route = respx.post(f"{BASE}/auth/login").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(errors.BackendTimeout):
        await api.login("44051401359", "x")
    assert route.call_count == 1


@respx.mock
async def test_slot_taken_409_carries_the_servers_detail(api):
    respx.post(f"{BASE}/appointments").mock(
        return_value=problem(409, "slot-taken", "Ktoś zarezerwował ten termin przed chwilą.")
    )
    with pytest.raises(errors.SlotTaken) as info:
        await api.book(1)
    assert info.value.detail == "Ktoś zarezerwował ten termin przed chwilą."


@respx.mock
async def test_422_is_a_validation_error_with_fields(api):
    respx.get(f"{BASE}/slots").mock(
        return_value=problem(
            422,
            "validation-error",
            "Godzina końcowa musi być późniejsza.",
            errors=[{"field": "hour_to", "message": "x"}],
        )
    )
    with pytest.raises(errors.ValidationFailed) as info:
        await api.slots("mammografia", SearchCriteria())
    assert info.value.extra["errors"][0]["field"] == "hour_to"


@respx.mock
async def test_not_eligible_keeps_reason_and_date(api):
    respx.post(f"{BASE}/appointments").mock(
        return_value=problem(
            403, "not-eligible", "Za wcześnie.", reason="interval", eligible_from="2028-02-01"
        )
    )
    with pytest.raises(errors.NotEligible) as info:
        await api.book(1)
    assert info.value.extra == {"reason": "interval", "eligible_from": "2028-02-01"}


@respx.mock
async def test_malformed_json_is_a_contract_violation(api):
    respx.get(f"{BASE}/me").mock(return_value=httpx.Response(200, content=b"<html>oops"))
    with pytest.raises(errors.ContractViolation):
        await api.me()


@respx.mock
@pytest.mark.parametrize(
    "answer",
    [httpx.Response(201, content=b'{"id": 7, "numb'), httpx.Response(201, json={"id": 7})],
    ids=["cut-off", "wrong-shape"],
)
async def test_a_malformed_answer_to_a_keyed_write_is_retried_with_its_key(api, sleeps, answer):
    route = respx.post(f"{BASE}/appointments").mock(
        side_effect=[answer, httpx.Response(201, json=APPOINTMENT)]
    )
    booked = await api.book(3)
    assert booked.number == "ER/2026/000007"
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert route.call_count == 2 and len(keys) == 1
    assert sleeps == [0.25]


@respx.mock
async def test_a_malformed_answer_to_a_write_without_a_key_is_not_sent_again(api):
    route = respx.post(f"{BASE}/auth/login").mock(
        return_value=httpx.Response(200, content=b"<html>oops")
    )
    with pytest.raises(errors.ContractViolation):
        await api.login("68010301102", "demo")
    assert route.call_count == 1


@respx.mock
async def test_json_of_the_wrong_shape_is_a_contract_violation(api):
    respx.get(f"{BASE}/me").mock(return_value=httpx.Response(200, json={"hello": "world"}))
    with pytest.raises(errors.ContractViolation) as info:
        await api.me()
    assert "kontrakt" in info.value.detail


@respx.mock
async def test_an_html_502_from_a_proxy_is_unavailable_not_a_crash(api):
    route = respx.get(f"{BASE}/me").mock(return_value=httpx.Response(502, text="<h1>Bad gateway"))
    with pytest.raises(errors.BackendUnavailable):
        await api.me()
    assert route.call_count == 3


@respx.mock
async def test_401_means_the_session_expired(api):
    respx.get(f"{BASE}/appointments").mock(
        return_value=problem(401, "session-expired", "Sesja wygasła – zaloguj się ponownie.")
    )
    with pytest.raises(errors.SessionExpired):
        await api.appointments()


@respx.mock
async def test_503_retry_after_is_honoured(api, sleeps):
    route = respx.get(f"{BASE}/services").mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": "2"}, json={}),
            httpx.Response(200, json=[]),
        ]
    )
    assert await api.services() == []
    assert sleeps == [2.0] and route.call_count == 2


@respx.mock
async def test_a_long_retry_after_is_not_waited_for(api, sleeps):
    unavailable = problem(503, "service-unavailable", "Przerwa techniczna.")
    unavailable.headers["Retry-After"] = "600"
    respx.get(f"{BASE}/services").mock(return_value=unavailable)
    with pytest.raises(errors.BackendUnavailable) as info:
        await api.services()
    assert sleeps == [] and "Przerwa techniczna." in info.value.detail


@respx.mock
async def test_429_is_retried_even_for_a_plain_post(api, sleeps):
    route = respx.post(f"{BASE}/auth/logout").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(204)]
    )
    await api.logout()
    assert route.call_count == 2 and sleeps == [1.0]


@respx.mock
async def test_requests_carry_the_token_and_language(api):
    route = respx.get(f"{BASE}/me").mock(
        return_value=httpx.Response(
            401, json={"type": "x/unauthorized", "title": "u", "status": 401, "detail": "d"}
        )
    )
    with pytest.raises(errors.Unauthorized):
        await api.me()
    sent = route.calls[0].request
    assert sent.headers["Authorization"] == "Bearer t0k3n"
    assert sent.headers["Accept-Language"] == "pl"


@respx.mock
async def test_an_unknown_problem_type_falls_back_by_status(api):
    respx.get(f"{BASE}/me").mock(return_value=problem(409, "brand-new-rule", "Nowa zasada."))
    with pytest.raises(errors.Conflict) as info:
        await api.me()
    assert info.value.detail == "Nowa zasada."


@respx.mock
@pytest.mark.parametrize(
    ("answer", "english"),
    [
        (httpx.ConnectError("refused"), "Cannot connect"),
        (httpx.ReadTimeout("slow"), "did not answer in time"),
        (httpx.Response(200, text="<html>"), "cannot be read"),
        (httpx.Response(502, text="<html>Bad gateway</html>"), "error 502"),
    ],
    ids=["refused", "timeout", "malformed", "html-502"],
)
async def test_the_clients_own_messages_follow_the_ui_language(sleeps, answer, english):
    respx.get(f"{BASE}/me").mock(side_effect=[answer] * 3)  # the first try and two retries
    async with HttpRegistrationAPI(BASE, token="t", lang="en", sleep=sleeps) as client:
        with pytest.raises(errors.ApiError) as info:
            await client.me()
    assert english in info.value.detail


def test_a_backend_without_english_service_names_is_shown_its_own():
    """`service_name_en` is optional in the contract: without it the English UI shows the
    backend's name rather than nothing."""
    from erej_tui.api.models import Appointment
    from erej_tui.formatting import booked_service

    visit = Appointment.model_validate(APPOINTMENT)
    assert visit.service_name_en is None
    assert booked_service(visit, "en") == booked_service(visit, "pl") == "Mammografia"
    named = visit.model_copy(update={"service_name_en": "Mammography"})
    assert (booked_service(named, "en"), booked_service(named, "pl")) == (
        "Mammography",
        "Mammografia",
    )


def test_a_backend_without_english_descriptions_of_demo_patients_is_shown_its_own():
    from erej_tui.api.models import DemoPatient
    from erej_tui.formatting import demo_description

    anna = DemoPatient(pesel="68010112345", password="demo", name="A", description="Kobieta")
    assert demo_description(anna, "en") == demo_description(anna, "pl") == "Kobieta"
    told = anna.model_copy(update={"description_en": "Woman"})
    assert (demo_description(told, "en"), demo_description(told, "pl")) == ("Woman", "Kobieta")


def test_a_visits_history_in_english_is_told_by_the_events_kind():
    from erej_tui.api.models import Appointment, CancelledBy
    from erej_tui.formatting import history

    events = [
        {"at": "2026-12-01T08:00:00+01:00", "kind": "booked", "detail": "Zarezerwowano."},
        {"at": "2026-12-02T08:00:00+01:00", "kind": "cancelled", "detail": "Odwołana."},
        {"at": "2026-12-03T08:00:00+01:00", "kind": "audited", "detail": "Sprawdzono."},
    ]
    visit = Appointment.model_validate({**APPOINTMENT, "history": events})
    assert history(visit, "pl").splitlines()[0].endswith(": Zarezerwowano.")
    assert [line.split(": ")[1] for line in history(visit, "en").splitlines()] == [
        "Booked by the patient.",
        "Cancelled by the patient.",
        "Sprawdzono.",  # a kind the client does not know: the backend's words
    ]
    by_facility = visit.model_copy(update={"cancelled_by": CancelledBy.FACILITY})
    assert "Cancelled by the facility." in history(by_facility, "en")


@respx.mock
@pytest.mark.parametrize(
    ("ui", "answered_in", "slug", "shown"),
    [
        ("en", None, "slot-taken", "Slot already taken."),  # a Polish-only backend
        ("en", "pl", "slot-taken", "Slot already taken."),
        ("en", "en", "slot-taken", "Zajęty."),  # its own words, whatever they are
        ("pl", None, "slot-taken", "Zajęty."),
        ("pl", "en-GB", "slot-taken", "Termin jest już zajęty."),
        ("en", None, "brand-new-rule", "Zajęty."),  # no title of ours to give instead
    ],
)
async def test_a_problem_not_in_the_ui_language_is_told_by_its_type(
    sleeps, ui, answered_in, slug, shown
):
    answer = problem(409, slug, "Zajęty.")
    if answered_in:
        answer.headers["Content-Language"] = answered_in
    respx.get(f"{BASE}/me").mock(return_value=answer)
    async with HttpRegistrationAPI(BASE, token="t", lang=ui, sleep=sleeps) as client:
        with pytest.raises(errors.ApiError) as info:
            await client.me()
    assert info.value.detail == shown


@respx.mock
async def test_capabilities_are_what_the_server_announces():
    api = HttpRegistrationAPI(BASE)
    health = {"status": "ok", "now": "2026-12-01T08:00:00+01:00", "seed": 1}
    route = respx.get(f"{BASE}/health")
    # Before asking, and from a server that does not say: the whole contract.
    assert api.capabilities == CONTRACT_CAPABILITIES
    route.mock(return_value=httpx.Response(200, json=health))
    await api.health()
    assert api.capabilities == CONTRACT_CAPABILITIES
    # A name this client does not know (a later server's) is left out, not an error; the
    # demo controls need the admin token besides the announcement.
    announced = ["waiting-room", "desk", "video-visits", "demo-controls"]
    route.mock(return_value=httpx.Response(200, json={**health, "capabilities": announced}))
    await api.health()
    assert api.capabilities == {Capability.WAITING_ROOM, Capability.DESK}
    assert api.desk.available
    await api.aclose()
