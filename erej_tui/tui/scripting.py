"""`erej script run`: scenarios that drive the app headless on a fresh embedded backend.

A scenario is a TOML file (see examples/ and the README):

    name = "Mammografia od początku do końca"
    seed = 42                      # the backend's data
    clock = 2026-12-01T08:00:00    # the backend's fixed clock (Warsaw time)
    size = [80, 24]                # the terminal
    lang = "pl"

    [[step]]
    press = ["1"]                  # keys, as Textual names them
    [[step]]
    wait_for = "Plan leczenia"     # a text on screen (or wait_for_screen = "HomeScreen")
    [[step]]
    type = "krak"                  # typed text
    [[step]]
    expect = "ER/2026/000001"      # must be on screen now (expect_not: must not)
    [[step]]
    advance_clock = "P7D"          # move the demo clock (ISO 8601 duration)
    [[step]]
    fault = { error_status = 503 } # inject a fault ("off" clears it)
    [[step]]
    demo = "sms_reply"             # a demo control, as F2 names it (screens/demo.py)
    [[step]]                       # act as a facility's desk, as a second terminal would
    desk = { login = "rej101", action = "cancel", visit = "ER/2026/000001", reason = "…" }
    [[step]]
    screenshot = "wynik.svg"       # save the screen as SVG

Each step has exactly one action, and optionally `name` and `timeout` (seconds).
"""

from __future__ import annotations

import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..api import errors
from ..api.models import ClockChange, FaultSpec
from ..config import Settings
from ..credentials import MemoryTokenStore
from ..i18n import t
from .driving import press, screen_text, settle, type_text, wait_for, wait_until_ready

ACTIONS = (
    "press",
    "type",
    "wait_for",
    "wait_for_screen",
    "expect",
    "expect_not",
    "advance_clock",
    "fault",
    "demo",
    "desk",
    "screenshot",
)


class DeskStep(BaseModel):
    """What a facility's desk does meanwhile: `cancel` (visit, reason), `attend` or
    `no-show` (visit), `cancel-day` (day, reason), `publish` (service, day, times)."""

    model_config = ConfigDict(extra="forbid")
    login: str
    password: str = "demo"
    action: Literal["cancel", "attend", "no-show", "cancel-day", "publish"]
    visit: str | None = None
    reason: str | None = None
    day: date | None = None
    service: str | None = None
    times: list[wall_time] = Field(default_factory=list)

    @model_validator(mode="after")
    def _needs(self) -> DeskStep:
        needed = {
            "cancel": ("visit", "reason"),
            "attend": ("visit",),
            "no-show": ("visit",),
            "cancel-day": ("day", "reason"),
            "publish": ("service", "day", "times"),
        }[self.action]
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"desk action {self.action} needs {', '.join(missing)}")
        return self


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    timeout: float = Field(default=10.0, gt=0, le=600)
    press: list[str] | str | None = None
    type: str | None = None
    wait_for: str | None = None
    wait_for_screen: str | None = None
    expect: str | None = None
    expect_not: str | None = None
    advance_clock: timedelta | None = None
    fault: FaultSpec | Literal["off"] | None = None
    demo: str | None = None
    desk: DeskStep | None = None
    screenshot: str | None = None

    @field_validator("demo")
    @classmethod
    def _demo(cls, v: str | None) -> str | None:
        from .screens.demo import DEMO_ACTIONS

        if v is not None and v not in DEMO_ACTIONS:
            raise ValueError(f"a demo control is one of {', '.join(DEMO_ACTIONS)}")
        return v

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        given = [a for a in ACTIONS if getattr(self, a) is not None]
        if len(given) != 1:
            raise ValueError(f"a step takes exactly one of {', '.join(ACTIONS)}; got {given}")
        return self

    @property
    def action(self) -> str:
        return next(a for a in ACTIONS if getattr(self, a) is not None)

    def describe(self) -> str:
        value = getattr(self, self.action)
        return self.name or f"{self.action} {value!r}"


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    description: str = ""
    seed: int = 42
    clock: datetime = datetime(2026, 12, 1, 8, 0)
    size: tuple[int, int] = (80, 24)
    lang: Literal["pl", "en"] = "pl"
    live: float | None = Field(default=None, gt=0)
    """Live-update polling interval in seconds; off unless given."""
    steps: list[Step] = Field(alias="step", min_length=1)


class ScenarioError(Exception):
    """The scenario file cannot be read; the message says why."""


def load_scenario(path: Path) -> Scenario:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ScenarioError(f"{path}: {problems}") from None


@dataclass
class StepResult:
    number: int
    description: str
    ok: bool
    message: str = ""
    seconds: float = 0.0


@dataclass
class ScenarioResult:
    name: str
    path: Path
    steps: list[StepResult] = field(default_factory=list)
    screenshot: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    @property
    def failure(self) -> StepResult | None:
        return next((s for s in self.steps if not s.ok), None)


async def run_scenario(
    path: Path, screenshots: Path | None = None, backend: str = "embedded"
) -> ScenarioResult:
    """Run one scenario on a fresh embedded backend, spoken to through its contract or
    (`backend` "fhir+embedded") its FHIR face; never raises for a failing step."""
    from ..embedded import prepare_database
    from .app import ErejApp

    scenario = load_scenario(path)
    lang = scenario.lang
    out_dir = screenshots or path.parent
    result = ScenarioResult(scenario.name, path)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="erej-script-") as tmp:
        data = Path(tmp)
        prepare_database(data, seed=scenario.seed, clock=scenario.clock)
        settings = Settings(
            data_dir=data,
            seed=scenario.seed,
            clock=scenario.clock,
            lang=scenario.lang,
            backend=backend,
        )
        app = ErejApp(
            settings,
            store=MemoryTokenStore(data),
            blink=False,
            live_interval=scenario.live,
            downloads=data / "downloads",
        )
        async with app.run_test(size=scenario.size) as pilot:
            if not await wait_until_ready(pilot):
                result.steps.append(StepResult(0, "backend", False, t("script_backend", lang)))
            for number, step in enumerate(scenario.steps, 1):
                if not result.ok and result.steps:
                    break
                t0 = time.monotonic()
                try:
                    ok, message = await _run_step(pilot, step, out_dir)
                except errors.ApiError as exc:  # a demo or desk step the backend refused
                    ok, message = False, exc.detail
                result.steps.append(
                    StepResult(number, step.describe(), ok, message, time.monotonic() - t0)
                )
                if not ok:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    shot = out_dir / f"{path.stem}-failure.svg"
                    shot.write_text(app.export_screenshot(title=scenario.name), encoding="utf-8")
                    result.screenshot = shot
    result.seconds = time.monotonic() - started
    return result


async def _run_step(pilot, step: Step, out_dir: Path) -> tuple[bool, str]:
    app = pilot.app
    lang = app.lang
    match step.action:
        case "press":
            keys = [step.press] if isinstance(step.press, str) else list(step.press or [])
            await press(pilot, *keys)
        case "type":
            await type_text(pilot, step.type or "")
        case "wait_for":
            wanted = step.wait_for or ""
            if not await wait_for(pilot, lambda: wanted in screen_text(app), step.timeout):
                return False, t("script_no_text", lang, text=step.wait_for, seconds=step.timeout)
        case "wait_for_screen":
            found = await wait_for(
                pilot, lambda: type(app.screen).__name__ == step.wait_for_screen, step.timeout
            )
            if not found:
                return False, t(
                    "script_wrong_screen",
                    lang,
                    screen=type(app.screen).__name__,
                    wanted=step.wait_for_screen,
                    seconds=step.timeout,
                )
        case "expect":
            await settle(pilot)
            if (step.expect or "") not in screen_text(app):
                return False, t("script_expected", lang, text=step.expect)
        case "expect_not":
            await settle(pilot)
            if step.expect_not and step.expect_not in screen_text(app):
                return False, t("script_unexpected", lang, text=step.expect_not)
        case "advance_clock":
            await app.api.demo.move_clock(ClockChange(advance=step.advance_clock))
            await settle(pilot)
        case "fault":
            if step.fault == "off":
                await app.api.demo.clear_faults()
            else:
                await app.api.demo.set_fault(step.fault)
        case "demo":
            from .screens.base import BackendChanged
            from .screens.demo import run_demo_action

            codes = [s.code for s in await app.api.services()]
            said = await run_demo_action(app.api, step.demo or "", codes, lang)
            app.notify(said, title=t("demo", lang))
            app.screen.post_message(BackendChanged())
            await settle(pilot)
        case "desk":
            from .screens.base import BackendChanged

            assert step.desk is not None
            said = await run_desk_step(app.api, step.desk)
            app.notify(said, title=t("desk_facility_login", lang))
            app.screen.post_message(BackendChanged())
            await settle(pilot)
        case "screenshot":
            target = out_dir / (step.screenshot or "screen.svg")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(app.export_screenshot(), encoding="utf-8")
    return True, ""


async def run_desk_step(api, step: DeskStep) -> str:
    """The desk's action on the same backend, with the desk's own session."""
    from ..api.models import DayCancel, DeskPublish

    desk = api.desk
    if not desk.available:
        raise errors.NotFound(t("script_no_desk", api.lang))
    await desk.login(step.login, step.password)
    try:
        if step.action == "cancel-day":
            assert step.day is not None and step.reason is not None
            result = await desk.cancel_day(DayCancel(day=step.day, reason=step.reason))
            return f"{step.action}: {len(result.cancelled)}"
        if step.action == "publish":
            assert step.day is not None and step.service is not None
            request = DeskPublish(service=step.service, date_from=step.day, times=step.times)
            published = await desk.publish(request)
            return f"{step.action}: {len(published.published)}"
        assert step.visit is not None
        visit = await desk.visit(step.visit)
        if step.action == "cancel":
            assert step.reason is not None
            done = await desk.cancel(visit.id, step.reason)
        elif step.action == "attend":
            done = await desk.attend(visit.id)
        else:
            done = await desk.no_show(visit.id)
        return f"{step.action}: {done.number}"
    finally:
        await desk.logout()


def write_junit(results: list[ScenarioResult], path: Path) -> None:
    suite = ET.Element(
        "testsuite",
        name="erej scenarios",
        tests=str(len(results)),
        failures=str(sum(not r.ok for r in results)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=r.path.stem, name=r.name, time=f"{r.seconds:.3f}"
        )
        failure = r.failure
        if failure is not None:
            node = ET.SubElement(
                case, "failure", message=f"step {failure.number}: {failure.description}"
            )
            node.text = failure.message
            if r.screenshot:
                ET.SubElement(case, "system-out").text = f"screenshot: {r.screenshot}"
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
