"""Fuzzing the contract: schemathesis generates requests from the mock's own OpenAPI
document, valid and invalid, and checks every answer: no 5xx, each answer matches its
documented status, media type, headers and schema, invalid input is refused, and
authentication is enforced. One run sends single requests to every operation; another
follows the links between operations (a slot found, then booked, then moved or
cancelled), which schemathesis infers from the document. Both are derandomized: the same
cases on every run, so CI stays deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support import ADMIN, ADMIN_TOKEN

EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
SCENARIOS, STEPS = 60, 8
# Days at the calendar's ends as often as ordinary ones: date arithmetic overflows there.
schemathesis.openapi.format(
    "date",
    st.one_of(
        st.sampled_from([date.min, date.max, date(9999, 12, 1), date(1, 1, 2)]),
        st.dates(),
    ).map(date.isoformat),
)

LEFT_OUT = {
    # They end the session or the data every later case relies on; their own tests cover them.
    "POST /api/v1/auth/logout",
    "POST /api/v1/desk/auth/logout",
    "POST /_mock/reset",
    # A clock moved by up to a year publishes a year of schedules: seconds a case.
    "POST /_mock/clock",
}


class Fuzzer:
    """Runs generated cases of one operation at a time and keeps what they showed."""

    def __init__(self, headers: dict[str, str], after_each, desk: dict[str, str]) -> None:
        """`headers` for every operation; `desk`: the facility desk's, for its own."""
        self.headers, self.after_each, self.desk = headers, after_each, desk
        self.cases: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    def run(self, operation, mode: GenerationMode, examples: int) -> None:
        label = f"{operation.label} ({mode})"
        headers = self.desk if "/desk/" in operation.label else self.headers

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases on every run
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            self.cases[label] += 1
            try:
                response = case.call_and_validate(
                    headers=headers,
                    # Schema-valid is not always acceptable: a PESEL's checksum, an unknown
                    # referral code or an ineligible patient are refused by rule.
                    excluded_checks=[positive_data_acceptance],
                )
                self.statuses[response.status_code] += 1
            except* AssertionError as found:  # a check failure, or a group of them
                self.failures.extend(f"{label}: {failure}" for failure in found.exceptions)
            finally:
                self.after_each()

        try:
            check()
        except Unsatisfiable:  # nothing to get wrong: no parameters, no body
            assert mode is GenerationMode.NEGATIVE, label


def test_over_a_thousand_generated_requests_get_answers_that_keep_the_contract(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    patients = schema["/_mock/patients"]["GET"].Case(headers=ADMIN).call().json()
    login = schema["/api/v1/auth/login"]["POST"].Case(
        body={"pesel": patients[0]["pesel"], "password": "demo"}
    )
    token = login.call().json()["token"]
    desk_login = schema["/api/v1/desk/auth/login"]["POST"].Case(
        body={"login": "rej1", "password": "demo"}
    )
    desk_token = desk_login.call().json()["token"]
    clear_faults = schema["/_mock/faults"]["DELETE"].Case(headers=ADMIN)
    fuzzer = Fuzzer(
        {"Authorization": f"Bearer {token}", "X-Admin-Token": ADMIN_TOKEN},
        after_each=clear_faults.call,  # a fuzzed fault ends with its case
        desk={"Authorization": f"Bearer {desk_token}", "X-Admin-Token": ADMIN_TOKEN},
    )

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label not in LEFT_OUT:
            for mode, examples in EXAMPLES.items():
                fuzzer.run(operation, mode, examples)

    assert not fuzzer.failures, "\n\n".join(dict.fromkeys(fuzzer.failures))
    assert sum(fuzzer.cases.values()) >= 1000, fuzzer.cases
    statuses = fuzzer.statuses
    assert not any(status >= 500 for status in statuses), statuses
    # The cases reached the rules, not just the validation layer.
    assert statuses[200] and statuses[404] and statuses[422] and statuses[401], statuses


def test_sequences_that_follow_the_links_keep_the_contract(app):
    """A found slot booked, a visit moved or cancelled, an entry left: answers that only a
    state built by earlier requests reaches."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    patients = schema["/_mock/patients"]["GET"].Case(headers=ADMIN).call().json()
    login = schema["/api/v1/auth/login"]["POST"].Case(
        body={"pesel": patients[0]["pesel"], "password": "demo"}
    )
    headers = {"Authorization": f"Bearer {login.call().json()['token']}", **ADMIN}
    statuses: Counter[int] = Counter()
    operations: Counter[str] = Counter()
    failures: list[str] = []

    # The session the sequences share outlives them: logging out or resetting the demo
    # would answer every later step with a 401 (each is fuzzed on its own above).
    ending = schema.exclude(path=["/api/v1/auth/logout", "/_mock/reset"])

    class Sequences(ending.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            statuses[response.status_code] += 1
            operations[f"{case.method} {case.path}"] += 1
            try:
                case.validate_response(response, excluded_checks=[positive_data_acceptance])
            except* AssertionError as found:
                failures.extend(f"{case.method} {case.path}: {f}" for f in found.exceptions)

    Sequences.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert not failures, "\n\n".join(dict.fromkeys(failures))
    assert not any(status >= 500 for status in statuses), statuses
    # The sequences went on to the operations that take an earlier answer's ids. Whether
    # one of them books (a 201, through the links from a page of slots) is up to what the
    # search happens to try, which differs between runs of the suite: it is not asserted.
    assert statuses[200], (statuses, operations)
    assert any("cancel" in o or "reschedule" in o for o in operations), operations
