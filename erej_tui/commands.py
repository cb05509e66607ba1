"""The headless `erej` subcommands: parse intent, call the `RegistrationAPI`, print.

Human output is rich tables in the UI language on stdout; with `--json` stdout carries only
the contract's JSON and everything else goes to stderr. No Textual import here.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python
from rich.console import Console
from rich.text import Text

from . import render
from .api import errors
from .api.models import (
    MAX_ID,
    Appointment,
    AppointmentStatus,
    ContactUpdate,
    Locality,
    SearchCriteria,
    Service,
    WaitlistEntry,
    WaitlistRequest,
    WaitlistStatus,
)
from .api.names import fold, voivodeship_code
from .api.pesel import PeselError, parse_pesel
from .api.protocol import Capability, RegistrationAPI
from .backends import backend_key, connect, needs_seeding
from .config import ConfigError, Settings, settings_from_args
from .credentials import TokenStore
from .exits import EXIT_BACKEND, EXIT_NOT_LOGGED_IN, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from .formatting import (
    booked_service,
    confirmation_targets,
    day,
    invalid,
    outlook_text,
    service_name,
    when,
)
from .i18n import t
from .pending import PendingWrites

T = TypeVar("T")


OPTIONS = {
    "phone": "--phone",
    "email": "--email",
    "channels": "--channels",
    "radius_km": "--radius",
    "date_from": "--from",
    "date_to": "--to",
    "hour_from": "--hours",
    "hour_to": "--hours",
    "facility_id": "--facility",
    "locality_id": "--near",
    "voivodeship": "--voivodeship",
    "referral_code": "--referral",
}
"""The contract's fields as the commands' options: errors name what the person typed."""


class UsageError(Exception):
    """The person asked for something malformed; the message says what, in plain words."""


class NotLoggedIn(Exception):
    pass


class Output:
    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.as_json = as_json
        # No markup: what is printed carries the backend's words (a "[" in a name is text).
        self.out = Console(highlight=False, soft_wrap=False, markup=False)
        self.err = Console(stderr=True, highlight=False, markup=False)

    def data(self, value: Any) -> None:
        """The contract's JSON of a model or a list of models: stdout, nothing else."""
        dumped = (
            TypeAdapter(type(value)).dump_python(value, mode="json")
            if not isinstance(value, BaseModel)
            else value.model_dump(mode="json")
        )
        sys.stdout.write(json.dumps(dumped, ensure_ascii=False, indent=2) + "\n")

    def emit(self, value: Any, human: Callable[[], Any]) -> None:
        """The contract's JSON with --json; otherwise the human rendering of it."""
        if self.as_json:
            self.data(value)
        else:
            self.out.print(human())

    def show(self, renderable: Any) -> None:
        if not self.as_json:
            self.out.print(renderable)

    def say(self, text: str) -> None:
        """A sentence for the person: stdout, or stderr when stdout is JSON."""
        (self.err if self.as_json else self.out).print(text)

    def note(self, text: str) -> None:
        self.err.print(text)

    def error(self, text: str) -> None:
        self.err.print(Text.assemble(("erej:", "bold red"), " ", text))


async def open_api(settings: Settings, out: Output) -> RegistrationAPI:
    """The backend of `settings`; a first run of the embedded one shows a progress bar."""
    if not needs_seeding(settings):
        return await connect(settings)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(t("seeding", settings.lang)),
        BarColumn(),
        MofNCompleteColumn(),
        console=out.err,
        transient=True,
    ) as bar:
        task = bar.add_task("seed", total=None)
        return await connect(
            settings, lambda done, total, _: bar.update(task, completed=done, total=total)
        )


@dataclass
class Ctx:
    args: argparse.Namespace
    settings: Settings
    out: Output
    api: RegistrationAPI
    store: TokenStore

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def key(self) -> str:
        return backend_key(self.settings)

    def require_login(self) -> None:
        stored = self.store.load(self.key)
        if stored is None:
            raise NotLoggedIn(t("not_logged_in", self.lang))
        self.api.token = stored.token


M = TypeVar("M", bound=BaseModel)
Handler = Callable[[Ctx], Awaitable[int]]
HANDLERS: dict[str, Handler] = {}
PUBLIC = {"login", "logout", "localities", "demo-patients", "desk"}
"""Commands without a patient's session (the desk's need the staff member's own)."""
OFFLINE = {"keys"}
"""Commands that need no backend at all."""
NEEDS = {
    "waitlist join": Capability.WAITING_ROOM,
    "waitlist list": Capability.WAITING_ROOM,
    "waitlist leave": Capability.WAITING_ROOM,
    "notifications": Capability.NOTIFICATIONS,
    "contact": Capability.CONTACT_DATA,
    "referrals": Capability.REFERRALS,
    "children": Capability.CHILDREN,
    **{
        f"desk {name}": Capability.DESK
        for name in (
            "login",
            "logout",
            "schedule",
            "patient",
            "book",
            "attend",
            "no-show",
            "cancel",
            "cancel-day",
            "publish",
            "follow-up",
            "contact",
        )
    },
}
"""Commands that need a part of CeR some backends do not offer: they say so and exit 2."""
DESTRUCTIVE = {
    "cancel",
    "reschedule",
    "waitlist leave",
    "desk no-show",
    "desk cancel",
    "desk cancel-day",
}
"""Commands that never act without the person's yes: --yes, or an answer at the terminal."""


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def command_name(args: argparse.Namespace) -> str:
    """ "book", "waitlist join": the key of HANDLERS, NEEDS and DESTRUCTIVE."""
    if args.command in ("waitlist", "desk"):
        return f"{args.command} {getattr(args, f'{args.command}_command')}"
    return args.command


def run_command(args: argparse.Namespace) -> int:
    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        Output("pl", False).error(str(exc))
        return EXIT_USAGE
    out = Output(settings.lang, bool(getattr(args, "json", False)))
    name = command_name(args)
    if name in DESTRUCTIVE and not args.yes and not sys.stdin.isatty():
        out.error(t("needs_yes", settings.lang, command=name))
        return EXIT_USAGE
    try:
        return asyncio.run(_run(HANDLERS[name], args, settings, out))
    except UsageError as exc:
        out.error(str(exc))
        return EXIT_USAGE
    except NotLoggedIn as exc:
        out.error(str(exc))
        return EXIT_NOT_LOGGED_IN
    except errors.ApiError as exc:
        out.error(exc.detail)
        return exit_code(exc)
    except KeyboardInterrupt:
        return 130


def exit_code(error: errors.ApiError) -> int:
    if isinstance(error, errors.BackendUnavailable | errors.ContractViolation):
        return EXIT_BACKEND
    if isinstance(error, errors.Unauthorized):
        return EXIT_NOT_LOGGED_IN
    if isinstance(error, errors.ValidationFailed | errors.MalformedRequest | errors.InvalidPesel):
        return EXIT_USAGE
    return EXIT_REFUSED


async def _run(handler: Handler, args, settings: Settings, out: Output) -> int:
    if args.command in OFFLINE:
        return await handler(Ctx(args, settings, out, None, None))  # type: ignore[arg-type]
    store = TokenStore(settings.data_path, lang=settings.lang, notice=out.note)
    api = await open_api(settings, out)
    ctx = Ctx(args, settings, out, api, store)
    needed = NEEDS.get(command_name(args))
    try:
        if needed is not None:
            await api.health()  # what the server offers (and one that is down: exit 3)
            if needed not in api.capabilities:
                raise UsageError(t(f"not_offered_{needed}", settings.lang))
        if args.command not in PUBLIC:
            try:
                ctx.require_login()
            except NotLoggedIn:
                await api.health()  # a backend that is down is told so (exit 3) first
                raise
            await act_for_child(ctx)
        elif getattr(args, "for_child", None):
            raise UsageError(t("for_needs_login_command", settings.lang, command=args.command))
        try:
            return await handler(ctx)
        except errors.Unauthorized:
            if args.command == "desk":  # the desk's own session, not the patient's
                store.delete(f"{ctx.key}#desk")
                raise NotLoggedIn(t("desk_not_logged_in", ctx.lang)) from None
            stored = store.load(ctx.key)
            store.delete(ctx.key)
            pesel = stored.pesel if stored else "PESEL"
            raise NotLoggedIn(t("session_expired", ctx.lang, pesel=pesel)) from None
    finally:
        await api.aclose()


async def act_for_child(ctx: Ctx) -> None:
    """`--for PESEL`: every call after this one is on the child's account."""
    given = getattr(ctx.args, "for_child", None)
    if not given:
        return
    try:
        pesel = parse_pesel(given).number
    except PeselError as exc:
        raise UsageError(f"--for: {exc.said(ctx.lang)}") from None
    await ctx.api.health()
    if Capability.CHILDREN not in ctx.api.capabilities:
        raise UsageError(t(f"not_offered_{Capability.CHILDREN}", ctx.lang))
    ctx.api.acting_for = pesel


# --- parsing helpers -----------------------------------------------------------------------
def resolve_service(services: list[Service], text: str, lang: str) -> Service:
    wanted = fold(text.strip())
    exact = [s for s in services if s.code == wanted or fold(s.name) == wanted]
    if exact:
        return exact[0]
    found = [
        s
        for s in services
        if any(
            w.startswith(wanted)
            for name in (s.code, s.name, s.name_en)
            for w in re.split(r"[\s(),/-]+", fold(name))
            if w
        )
    ]
    options = ", ".join(s.code for s in services)
    if not found:
        raise UsageError(t("unknown_service", lang, text=text, options=options))
    if len(found) > 1:
        raise UsageError(
            t("ambiguous_service", lang, text=text, options=", ".join(s.code for s in found))
        )
    return found[0]


async def resolve_locality(api: RegistrationAPI, text: str, lang: str) -> Locality:
    found = await api.localities(text, limit=10)
    exact = [loc for loc in found if fold(loc.name) == fold(text.strip())]
    if exact:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(t("unknown_locality", lang, text=text))
    options = ", ".join(f"{loc.name} ({loc.voivodeship.name})" for loc in found[:5])
    raise UsageError(t("ambiguous_locality", lang, text=text, options=options))


def parse_day(text: str | None, today: Callable[[], Awaitable[date]], lang: str):
    async def value() -> date | None:
        if text is None:
            return None
        if re.fullmatch(r"\+\d{1,3}", text.strip()):
            return (await today()) + timedelta(days=int(text.strip()[1:]))
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise UsageError(t("bad_date", lang, text=text)) from None

    return value()


def parse_hours(text: str | None, lang: str) -> tuple[time | None, time | None]:
    if not text:
        return None, None
    match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*", text)
    if not match:
        raise UsageError(t("bad_hours", lang))
    h1, m1, h2, m2 = match.groups()
    try:
        start = time(int(h1), int(m1 or 0))
        end = time(23, 59) if int(h2) == 24 else time(int(h2), int(m2 or 0))
    except ValueError:
        raise UsageError(t("bad_hours", lang)) from None
    return start, end


async def criteria_from_args(ctx: Ctx) -> tuple[Service, SearchCriteria]:
    args, lang = ctx.args, ctx.lang
    service = resolve_service(await ctx.api.services(), args.service, lang)
    locality_id, radius, voivodeship = await place_from_args(ctx)

    async def today() -> date:
        return (await ctx.api.health()).now.date()

    hour_from, hour_to = parse_hours(args.hours, lang)
    try:
        criteria = SearchCriteria(
            locality_id=locality_id,
            radius_km=radius,
            voivodeship=voivodeship,
            date_from=await parse_day(args.date_from, today, lang),
            date_to=await parse_day(args.date_to, today, lang),
            hour_from=hour_from,
            hour_to=hour_to,
            facility_id=args.facility,
        )
    except ValidationError as exc:
        raise UsageError(invalid(exc, lang, OPTIONS)) from None
    return service, criteria


async def place_from_args(ctx: Ctx) -> tuple[int | None, int | None, str | None]:
    """--near with --radius (25 km unless given), or --voivodeship: the locality's id, the
    radius and the voivodeship's code."""
    args, lang = ctx.args, ctx.lang
    locality_id = radius = None
    if args.near:
        locality_id = (await resolve_locality(ctx.api, args.near, lang)).id
        radius = 25 if args.radius is None else args.radius
    elif args.radius is not None:
        raise UsageError(t("radius_needs_near", lang))
    voivodeship = None
    if args.voivodeship:
        voivodeship = voivodeship_code(args.voivodeship)
        if voivodeship is None:
            raise UsageError(t("unknown_voivodeship", lang, text=args.voivodeship))
    return locality_id, radius, voivodeship


def confirmed(ctx: Ctx, question: str, aborted: str, **values: object) -> bool:
    """The person's yes: --yes, or "t"/"y" typed at the terminal (asked on stderr, so
    that --json keeps stdout to itself). `run_command` has refused to get here without
    --yes and without a terminal."""
    if ctx.args.yes:
        return True
    ctx.out.err.print(t(question, ctx.lang, **values), end="")
    if sys.stdin.readline().strip().lower() in ("t", "tak", "y", "yes"):
        return True
    ctx.out.say(t(aborted, ctx.lang))
    return False


ROW_ID = re.compile(r"[0-9]{1,19}")
VISIT_NUMBER = re.compile(r"[A-Z]{2}/[0-9]{4}/[0-9]{1,12}")


async def chosen_visit(ctx: Ctx) -> Appointment:
    """The visit the person named: its number as shown (ER/2026/000123), or the contract's
    id that --json output carries."""
    text = ctx.args.visit.strip().upper()
    if ROW_ID.fullmatch(text) and 1 <= int(text) <= MAX_ID:
        return await ctx.api.appointment(int(text))
    if not VISIT_NUMBER.fullmatch(text):
        raise UsageError(t("bad_visit_number", ctx.lang, text=ctx.args.visit))
    for visit in await ctx.api.appointments(None):
        if visit.number.upper() == text:
            return visit
    raise errors.NotFound(t("no_such_visit", ctx.lang, text=ctx.args.visit))


async def chosen_waitlist_entry(ctx: Ctx) -> WaitlistEntry:
    """The waiting-room entry the person named: by its service (one entry a service is
    waiting at a time), or by the id that --json output carries."""
    text = ctx.args.entry.strip()
    if ROW_ID.fullmatch(text) and 1 <= int(text) <= MAX_ID:
        return await ctx.api.waitlist_entry(int(text))
    service = resolve_service(await ctx.api.services(), text, ctx.lang)
    for entry in await ctx.api.waitlist():
        if entry.service == service.code and entry.status is WaitlistStatus.WAITING:
            return entry
    raise errors.NotFound(t("no_waitlist_entry", ctx.lang, text=service_name(service, ctx.lang)))


async def keyed_write(
    ctx: Ctx, operation: str, *args: object, send: Callable[[str], Awaitable[T]]
) -> T:
    """Send a write with the Idempotency-Key kept for it (see `pending`): a run whose
    answer was lost leaves its key, and the same write run again replays the answer."""
    stored = ctx.store.load(ctx.key)
    ident = PendingWrites.ident(ctx.key, stored.pesel if stored else "", operation, *args)
    pending = PendingWrites(ctx.settings.data_path)
    key = pending.key(ident)
    try:
        result = await send(key)
    except (errors.BackendUnavailable, errors.ContractViolation):
        raise  # the answer may have been lost: the key stays for the next run
    except errors.ApiError:
        pending.done(ident)
        raise
    pending.done(ident)
    return result


def read_password(from_stdin: bool, lang: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(t("password_prompt", lang))
    if not password:
        raise UsageError(t("password_empty", lang))
    return password


# --- commands ------------------------------------------------------------------------------
@command("login")
async def cmd_login(ctx: Ctx) -> int:
    """PESEL and password, or (`--token-stdin`) a server's own access token, a FHIR
    server's say: kept as the session once the server says whose it is."""
    if ctx.args.token_stdin:
        token, expires_at = sys.stdin.readline().strip(), None
        if not token:
            raise UsageError(t("token_empty", ctx.lang))
        ctx.api.token = token
        try:
            patient = await ctx.api.me()
        except errors.Unauthorized:  # a saved session stays as it was
            raise NotLoggedIn(t("token_refused", ctx.lang)) from None
    else:
        try:
            pesel = parse_pesel(ctx.args.pesel).number
        except PeselError as exc:
            raise UsageError(exc.said(ctx.lang)) from None
        password = read_password(ctx.args.password_stdin, ctx.lang)
        session = await ctx.api.login(pesel, password)
        token, expires_at, patient = session.token, session.expires_at, session.patient
    ctx.store.save(ctx.key, patient.pesel, token, expires_at)
    if ctx.out.as_json:
        # Never the token: it stays in the keyring.
        ctx.out.data(
            {
                "expires_at": to_jsonable_python(expires_at),  # as pydantic writes it
                "patient": patient.model_dump(mode="json"),
            }
        )
    else:
        name = f"{patient.first_name} {patient.last_name}"
        ctx.out.say(t("logged_in", ctx.lang, name=name))
    return EXIT_OK


@command("logout")
async def cmd_logout(ctx: Ctx) -> int:
    stored = ctx.store.load(ctx.key)
    if stored is None:
        await ctx.api.health()  # a backend that is down is told so (exit 3) first
        ctx.out.say(t("not_logged_in_before", ctx.lang))
        return EXIT_OK
    ctx.api.token = stored.token
    try:
        await ctx.api.logout()
    except errors.Unauthorized:
        pass  # the server had ended the session already
    finally:
        ctx.store.delete(ctx.key)  # forgotten here whatever the server answered
    ctx.out.say(t("logged_out", ctx.lang))
    return EXIT_OK


@command("whoami")
async def cmd_whoami(ctx: Ctx) -> int:
    me = await ctx.api.me()
    ctx.out.emit(me, lambda: render.patient(me, ctx.lang))
    return EXIT_OK


@command("children")
async def cmd_children(ctx: Ctx) -> int:
    children = await ctx.api.children()
    if not children and not ctx.out.as_json:
        ctx.out.say(t("no_children", ctx.lang))
        return EXIT_OK
    today = (await ctx.api.health()).now.date()
    ctx.out.emit(children, lambda: render.children(children, today, ctx.lang))
    return EXIT_OK


@command("referrals")
async def cmd_referrals(ctx: Ctx) -> int:
    referrals = await ctx.api.referrals()
    if not referrals and not ctx.out.as_json:
        ctx.out.say(t("no_referrals", ctx.lang))
        return EXIT_OK
    ctx.out.emit(referrals, lambda: render.referrals(referrals, ctx.lang))
    return EXIT_OK


@command("services")
async def cmd_services(ctx: Ctx) -> int:
    await ctx.api.health()  # whether the server gives eligibility reasons
    services = await ctx.api.services()
    reasons = Capability.ELIGIBILITY_REASONS in ctx.api.capabilities
    ctx.out.emit(services, lambda: render.services(services, ctx.lang, reasons))
    return EXIT_OK


@command("localities")
async def cmd_localities(ctx: Ctx) -> int:
    found = await ctx.api.localities(ctx.args.query, ctx.args.limit)
    if not found:
        if ctx.out.as_json:
            ctx.out.data(found)
        ctx.out.error(t("no_localities", ctx.lang, text=ctx.args.query))
        return EXIT_USAGE
    ctx.out.emit(found, lambda: render.localities(found, ctx.lang))
    return EXIT_OK


@command("facilities")
async def cmd_facilities(ctx: Ctx) -> int:
    args, lang = ctx.args, ctx.lang
    service = None
    if args.service:
        service = resolve_service(await ctx.api.services(), args.service, lang)
    locality_id, radius, voivodeship = await place_from_args(ctx)
    try:
        criteria = SearchCriteria(
            locality_id=locality_id, radius_km=radius, voivodeship=voivodeship
        )
    except ValidationError as exc:
        raise UsageError(invalid(exc, lang, OPTIONS)) from None
    if args.limit < 0:
        raise UsageError(t("limit_negative", lang))
    found = await ctx.api.facilities(criteria, service.code if service else None)
    shown = found[: args.limit] if args.limit else found
    if ctx.out.as_json:
        ctx.out.data(shown)
    elif not found:
        ctx.out.say(t("no_facilities", lang))
    else:
        ctx.out.show(render.facilities(shown, lang, services=service is None))
        ctx.out.note(t("closed_on_holidays", lang))
    if len(shown) < len(found):
        ctx.out.note(t("more_facilities", lang, shown=len(shown), total=len(found)))
    return EXIT_OK


@command("slots")
async def cmd_slots(ctx: Ctx) -> int:
    service, criteria = await criteria_from_args(ctx)
    if ctx.args.calendar:
        return await _slot_calendar(ctx, service, criteria)
    page = await ctx.api.slots(
        service.code,
        criteria,
        referral_code=ctx.args.referral,
        cursor=ctx.args.cursor,
        limit=ctx.args.limit,
    )
    if ctx.out.as_json:
        ctx.out.data(page)
        return EXIT_OK
    if not page.items:
        ctx.out.say(t("no_slots", ctx.lang))
        return EXIT_OK
    ctx.out.show(render.slots(page, ctx.lang))
    if page.next_cursor:
        ctx.out.note(t("more_slots", ctx.lang, cursor=page.next_cursor))
    if criteria.facility_id:
        ctx.out.note(t("location_tip", ctx.lang))
    return EXIT_OK


async def _slot_calendar(ctx: Ctx, service: Service, criteria: SearchCriteria) -> int:
    """`erej slots --calendar`: the free slots per day, as months or as JSON."""
    summary = await ctx.api.slot_calendar(service.code, criteria, referral_code=ctx.args.referral)
    if ctx.out.as_json:
        ctx.out.data(summary)
        return EXIT_OK
    from .month import MonthView

    today = (await ctx.api.health()).now.date()
    view = MonthView(summary, today, criteria.date_from, criteria.date_to, lang=ctx.lang)
    ctx.out.show(render.slot_months(view))
    if not summary.days:
        ctx.out.say(t("no_slots", ctx.lang))
    return EXIT_OK


async def _confirmation(ctx: Ctx) -> str:
    targets = confirmation_targets((await ctx.api.me()).contact, ctx.lang)
    return t("confirmation_to", ctx.lang, where=targets) if targets else t("no_channels", ctx.lang)


async def _report_visit(ctx: Ctx, appt: Appointment, headline: str) -> int:
    """A booked or moved visit: its JSON, or the headline, the visit, where the SMS goes."""
    if ctx.out.as_json:
        ctx.out.data(appt)
        return EXIT_OK
    ctx.out.say(t(headline, ctx.lang, number=appt.number))
    ctx.out.show(render.appointment(appt, ctx.lang))
    ctx.out.say(await _confirmation(ctx))
    return EXIT_OK


@command("book")
async def cmd_book(ctx: Ctx) -> int:
    slot, referral = ctx.args.slot_id, ctx.args.referral
    appt = await keyed_write(
        ctx,
        "book",
        slot,
        referral,
        send=lambda key: ctx.api.book(slot, referral, idempotency_key=key),
    )
    return await _report_visit(ctx, appt, "booked")


@command("visits")
async def cmd_visits(ctx: Ctx) -> int:
    visits = await ctx.api.appointments(None if ctx.args.all else AppointmentStatus.BOOKED)
    if ctx.out.as_json:
        ctx.out.data(visits)
    elif not visits:
        ctx.out.say(t("no_visits", ctx.lang))
    else:
        ctx.out.show(render.appointments(visits, ctx.lang))
    return EXIT_OK


@command("show")
async def cmd_show(ctx: Ctx) -> int:
    appt = await chosen_visit(ctx)
    if ctx.args.ics:
        from .calendar import visit_calendar  # icalendar: only for this

        path = Path(ctx.args.ics)
        try:
            path.write_bytes(visit_calendar(appt, ctx.lang))
        except OSError as exc:
            raise UsageError(t("calendar_failed", ctx.lang, error=exc.strerror or exc)) from None
        ctx.out.note(t("ics_saved", ctx.lang, path=path))
    ctx.out.emit(appt, lambda: render.appointment(appt, ctx.lang))
    return EXIT_OK


@command("reschedule")
async def cmd_reschedule(ctx: Ctx) -> int:
    visit, slot = await chosen_visit(ctx), ctx.args.slot_id
    when_ = when(visit.start, ctx.lang)
    if not confirmed(
        ctx, "confirm_reschedule", "reschedule_aborted", number=visit.number, when=when_, slot=slot
    ):
        return EXIT_REFUSED
    appt = await keyed_write(
        ctx,
        "reschedule",
        visit.id,
        slot,
        send=lambda key: ctx.api.reschedule(visit.id, slot, idempotency_key=key),
    )
    return await _report_visit(ctx, appt, "rescheduled")


@command("cancel")
async def cmd_cancel(ctx: Ctx) -> int:
    visit = await chosen_visit(ctx)
    when_ = when(visit.start, ctx.lang)
    if not confirmed(ctx, "confirm_cancel", "cancel_aborted", number=visit.number, when=when_):
        return EXIT_REFUSED
    appt = await keyed_write(
        ctx,
        "cancel",
        visit.id,
        send=lambda key: ctx.api.cancel(visit.id, idempotency_key=key),
    )
    if ctx.out.as_json:
        ctx.out.data(appt)
    else:
        ctx.out.say(t("cancelled", ctx.lang, number=appt.number))
    return EXIT_OK


@command("waitlist join")
async def cmd_waitlist_join(ctx: Ctx) -> int:
    service, criteria = await criteria_from_args(ctx)
    try:
        request = WaitlistRequest(
            service=service.code,
            referral_code=ctx.args.referral,
            **criteria.model_dump(exclude_none=True),
        )
    except ValidationError as exc:
        raise UsageError(invalid(exc, ctx.lang, OPTIONS)) from None
    entry = await keyed_write(
        ctx,
        "waitlist join",
        request.model_dump_json(),
        send=lambda key: ctx.api.join_waitlist(request, idempotency_key=key),
    )
    if ctx.out.as_json:
        ctx.out.data(entry)
    else:
        ctx.out.say(
            t(
                "waitlist_joined",
                ctx.lang,
                service=booked_service(entry, ctx.lang),
                position=entry.position or "-",
                predicted=day(entry.predicted_date, ctx.lang) if entry.predicted_date else "-",
                expires=day(entry.expires_at.date(), ctx.lang),
            )
        )
        outlook = entry.outlook
        if outlook and outlook.likely_to > outlook.deadline:  # as the app's outlook says
            dates = {
                "likely_from": day(outlook.likely_from, ctx.lang),
                "likely_to": day(outlook.likely_to, ctx.lang),
                "deadline": day(outlook.deadline, ctx.lang),
            }
            ctx.out.say(t("joined_past_deadline", ctx.lang, **dates))
    return EXIT_OK


@command("waitlist list")
async def cmd_waitlist_list(ctx: Ctx) -> int:
    entries = await ctx.api.waitlist()
    if ctx.out.as_json:
        ctx.out.data(entries)
        return EXIT_OK
    if not entries:
        ctx.out.say(t("no_waitlist", ctx.lang))
        return EXIT_OK
    ids = {e.criteria.locality_id for e in entries if e.criteria.locality_id}
    names = {i: (await ctx.api.locality(i)).name for i in ids}
    ctx.out.show(render.waitlist(entries, names, ctx.lang))
    for e in entries:  # how each prediction is made
        if e.outlook and e.status is WaitlistStatus.WAITING:
            ctx.out.say(f"{booked_service(e, ctx.lang)}: {outlook_text(e.outlook, ctx.lang)}")
    return EXIT_OK


@command("waitlist leave")
async def cmd_waitlist_leave(ctx: Ctx) -> int:
    entry = await chosen_waitlist_entry(ctx)
    service = booked_service(entry, ctx.lang)
    if not confirmed(ctx, "confirm_leave", "leave_aborted", service=service):
        return EXIT_REFUSED
    entry = await ctx.api.leave_waitlist(entry.id)
    if ctx.out.as_json:
        ctx.out.data(entry)
    else:
        ctx.out.say(t("waitlist_left", ctx.lang, service=service))
    return EXIT_OK


@command("notifications")
async def cmd_notifications(ctx: Ctx) -> int:
    items = await ctx.api.notifications(limit=ctx.args.limit)
    if ctx.out.as_json:
        ctx.out.data(items)
    elif not items:
        ctx.out.say(t("no_notifications", ctx.lang))
    else:
        ctx.out.show(render.notifications(items, ctx.lang))
    return EXIT_OK


def built(model: type[M], lang: str, **fields: Any) -> M:
    """A contract model from a command's options; what it refuses is a usage error that
    names the option."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise UsageError(invalid(exc, lang, OPTIONS)) from None


def contact_update(ctx: Ctx) -> ContactUpdate | None:
    """--phone, --email and --channels as a change of contact data; None when none given."""
    a = ctx.args
    given: dict[str, Any] = {
        name: value for name, value in (("phone", a.phone), ("email", a.email)) if value is not None
    }
    if a.channels is not None:
        given["channels"] = [c.strip() for c in a.channels.split(",") if c.strip()]
    return built(ContactUpdate, ctx.lang, **given) if given else None


@command("contact")
async def cmd_contact(ctx: Ctx) -> int:
    update = contact_update(ctx)
    if update is not None:
        patient = await ctx.api.update_contact(update)
        if not ctx.out.as_json:
            ctx.out.say(t("contact_updated", ctx.lang))
        if not patient.contact.channels:  # nothing the system sends will reach her
            ctx.out.note(t("no_channels", ctx.lang))
    else:
        patient = await ctx.api.me()
    if ctx.out.as_json:
        ctx.out.data(patient.contact)
    else:
        ctx.out.show(render.patient(patient, ctx.lang))
        ctx.out.note(t("keep_contact_current", ctx.lang))
    return EXIT_OK


@command("demo-patients")
async def cmd_demo_patients(ctx: Ctx) -> int:
    if not await ctx.api.demo.accepted():
        await ctx.api.health()  # a backend that is down is told so (exit 3) first
        raise UsageError(t("demo_only_embedded", ctx.lang))
    patients = await ctx.api.demo.patients(ctx.args.everyone)
    ctx.out.emit(patients, lambda: render.demo_patients(patients, ctx.lang))
    return EXIT_OK


@command("keys")
async def cmd_keys(ctx: Ctx) -> int:
    """The app's keymap with the config's [keymap] applied. It reads the TUI's bindings, so
    this one command loads Textual (lazily: the other commands never do)."""
    from .tui.keymap import effective_keymap

    rows = effective_keymap(ctx.settings.keymap, ctx.lang)
    if ctx.out.as_json:
        ctx.out.data([{"id": i, "keys": k, "action": d, "where": w} for i, k, d, w in rows])
    else:
        ctx.out.show(render.keymap(rows, ctx.lang))
    return EXIT_OK
