"""`erej desk …`: the facility's registration desk from a script or a terminal. Staff log in
with their own login (kept apart from a patient's session), then read the day's schedule,
find a patient, book her in person or by phone, record attendance, cancel a visit or a
day, publish slots and book follow-up visits. Registered in `commands.HANDLERS`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from typing import Any

from . import render
from .api.models import (
    BookingChannel,
    ContactUpdate,
    DayCancel,
    DeskBooking,
    DeskFollowUp,
    DeskPublish,
)
from .commands import (
    Ctx,
    NotLoggedIn,
    UsageError,
    built,
    command,
    confirmed,
    contact_update,
    parse_day,
    read_password,
)
from .exits import EXIT_OK, EXIT_REFUSED
from .formatting import when
from .i18n import t


def desk_key(ctx: Ctx) -> str:
    """Where the desk's session is kept: beside the patient's, never in its place."""
    return f"{ctx.key}#desk"


def signed_in(ctx: Ctx) -> None:
    stored = ctx.store.load(desk_key(ctx))
    if stored is None:
        raise NotLoggedIn(t("desk_not_logged_in", ctx.lang))
    ctx.api.desk.token = stored.token


async def day_arg(ctx: Ctx, text: str | None) -> date:
    async def today() -> date:
        return (await ctx.api.health()).now.date()

    return await parse_day(text, today, ctx.lang) or await today()


async def visit_id(ctx: Ctx, text: str) -> int:
    """A visit by its number (ER/2026/000123) or its id, at this desk's facility."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{1,19}", text):
        return int(text)
    return (await ctx.api.desk.visit(text)).id


def times_arg(text: str, lang: str) -> list[time]:
    out = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*", part)
        try:
            if not match:
                raise ValueError
            out.append(time(int(match.group(1)), int(match.group(2) or 0)))
        except ValueError:
            raise UsageError(t("desk_bad_times", lang, text=text)) from None
    return out


def report(ctx: Ctx, value: Any, said: Callable[[], str]) -> int:
    """The result as JSON, or what it means in a sentence."""
    if ctx.out.as_json:
        ctx.out.data(value)
    else:
        ctx.out.say(said())
    return EXIT_OK


@command("desk login")
async def cmd_desk_login(ctx: Ctx) -> int:
    password = read_password(ctx.args.password_stdin, ctx.lang)
    session = await ctx.api.desk.login(ctx.args.login, password)
    ctx.store.save(desk_key(ctx), session.staff.login, session.token, session.expires_at)
    staff = session.staff
    if ctx.out.as_json:
        ctx.out.data(session.model_dump(mode="json", exclude={"token", "token_type"}))
    else:
        ctx.out.say(
            t(
                "desk_logged_in",
                ctx.lang,
                name=f"{staff.first_name} {staff.last_name}",
                facility=staff.facility.name,
            )
        )
    return EXIT_OK


@command("desk logout")
async def cmd_desk_logout(ctx: Ctx) -> int:
    stored = ctx.store.load(desk_key(ctx))
    if stored is not None:
        ctx.api.desk.token = stored.token
        try:
            await ctx.api.desk.logout()
        finally:
            ctx.store.delete(desk_key(ctx))
    ctx.out.say(t("logged_out", ctx.lang))
    return EXIT_OK


@command("desk schedule")
async def cmd_desk_schedule(ctx: Ctx) -> int:
    signed_in(ctx)
    day = await day_arg(ctx, ctx.args.day)
    found = await ctx.api.desk.schedule(day, ctx.args.service)
    ctx.out.emit(found, lambda: render.desk_day(found, ctx.lang))
    return EXIT_OK


@command("desk patient")
async def cmd_desk_patient(ctx: Ctx) -> int:
    signed_in(ctx)
    found = await ctx.api.desk.patient(ctx.args.pesel)
    ctx.out.emit(found, lambda: render.desk_patient(found, ctx.lang))
    return EXIT_OK


@command("desk book")
async def cmd_desk_book(ctx: Ctx) -> int:
    signed_in(ctx)
    args = ctx.args
    booking = built(
        DeskBooking,
        ctx.lang,
        pesel=args.pesel,
        slot_id=args.slot_id,
        service=args.service,
        referral_code=args.referral,
        via=BookingChannel.PHONE if args.phone else BookingChannel.IN_PERSON,
        out_of_turn=args.out_of_turn,
    )
    visit = await ctx.api.desk.book(booking)
    return report(
        ctx,
        visit,
        lambda: t("desk_booked", ctx.lang, number=visit.number, when=when(visit.start, ctx.lang)),
    )


@command("desk attend")
async def cmd_desk_attend(ctx: Ctx) -> int:
    signed_in(ctx)
    visit = await ctx.api.desk.attend(await visit_id(ctx, ctx.args.visit))
    return report(ctx, visit, lambda: t("desk_attended", ctx.lang, number=visit.number))


@command("desk no-show")
async def cmd_desk_no_show(ctx: Ctx) -> int:
    signed_in(ctx)
    appt_id = await visit_id(ctx, ctx.args.visit)
    if not confirmed(ctx, "desk_confirm_no_show", "desk_aborted", visit=ctx.args.visit):
        return EXIT_REFUSED
    visit = await ctx.api.desk.no_show(appt_id)
    return report(ctx, visit, lambda: t("desk_no_show_done", ctx.lang, number=visit.number))


@command("desk cancel")
async def cmd_desk_cancel(ctx: Ctx) -> int:
    signed_in(ctx)
    appt_id = await visit_id(ctx, ctx.args.visit)
    if not confirmed(ctx, "desk_confirm_cancel", "desk_aborted", visit=ctx.args.visit):
        return EXIT_REFUSED
    visit = await ctx.api.desk.cancel(appt_id, ctx.args.reason)
    return report(ctx, visit, lambda: t("desk_cancelled", ctx.lang, number=visit.number))


@command("desk cancel-day")
async def cmd_desk_cancel_day(ctx: Ctx) -> int:
    signed_in(ctx)
    day = await day_arg(ctx, ctx.args.day)
    request = built(DayCancel, ctx.lang, day=day, service=ctx.args.service, reason=ctx.args.reason)
    if not confirmed(ctx, "desk_confirm_cancel_day", "desk_aborted", day=day.isoformat()):
        return EXIT_REFUSED
    result = await ctx.api.desk.cancel_day(request)
    return report(
        ctx,
        result,
        lambda: t(
            "desk_day_cancelled", ctx.lang, visits=len(result.cancelled), closed=result.closed
        ),
    )


@command("desk publish")
async def cmd_desk_publish(ctx: Ctx) -> int:
    signed_in(ctx)
    first = await day_arg(ctx, ctx.args.date_from)
    last = await day_arg(ctx, ctx.args.date_to) if ctx.args.date_to else None
    times = times_arg(ctx.args.times, ctx.lang)
    request = built(
        DeskPublish, ctx.lang, service=ctx.args.service, date_from=first, date_to=last, times=times
    )
    result = await ctx.api.desk.publish(request)
    return report(
        ctx,
        result,
        lambda: t(
            "desk_published",
            ctx.lang,
            count=len(result.published),
            assigned=len(result.assigned),
        ),
    )


@command("desk follow-up")
async def cmd_desk_follow_up(ctx: Ctx) -> int:
    signed_in(ctx)
    day = await day_arg(ctx, ctx.args.day)
    (at,) = times_arg(ctx.args.time, ctx.lang)
    request = built(
        DeskFollowUp, ctx.lang, pesel=ctx.args.pesel, service=ctx.args.service, day=day, time=at
    )
    visit = await ctx.api.desk.follow_up(request)
    return report(
        ctx,
        visit,
        lambda: t("desk_booked", ctx.lang, number=visit.number, when=when(visit.start, ctx.lang)),
    )


@command("desk contact")
async def cmd_desk_contact(ctx: Ctx) -> int:
    signed_in(ctx)
    args = ctx.args
    update = contact_update(ctx) or ContactUpdate()
    patient = await ctx.api.desk.update_contact(args.pesel, update)
    ctx.out.emit(patient, lambda: render.patient(patient, ctx.lang))
    return EXIT_OK


@command("desk accounts")
async def cmd_desk_accounts(ctx: Ctx) -> int:
    if not await ctx.api.demo.accepted():
        await ctx.api.health()  # a backend that is down is told so (exit 3) first
        raise UsageError(t("demo_only_embedded", ctx.lang))
    staff = await ctx.api.demo.staff()
    ctx.out.emit(staff, lambda: render.demo_staff(staff, ctx.lang))
    return EXIT_OK
