"""What the patient is told: SMS and e-mail messages to her current contact data, the
reminders before a visit, and her message list."""

from __future__ import annotations

from datetime import datetime, timedelta

from erej_tui.api.models import Notification, NotificationKind
from erej_tui.api.timefmt import to_warsaw
from erej_tui.api.workdays import is_working_day

from .. import messages
from ..seed import iso
from .core import Core, Tx, parse_moment
from .sessions import guardian_ids, patient_row

REMINDERS = (
    (NotificationKind.REMINDER_7D, timedelta(days=7)),
    (NotificationKind.REMINDER_1D, timedelta(days=1)),
)


class Notices:
    def __init__(self, core: Core) -> None:
        self.core = core

    def notify(
        self,
        tx: Tx,
        pid: int,
        kind: NotificationKind,
        body: str,
        *,
        at: datetime | None = None,
        appointment_id: int | None = None,
        waitlist_id: int | None = None,
        sms_body: str | None = None,
    ) -> None:
        """Put one message per chosen channel into the outbox, to the current contact data:
        the patient's own, or for a child the guardian's who acts (all her guardians' when
        none does, as for a reminder). `sms_body`: the SMS's own wording, if it differs."""
        acting = tx.actor_for(pid)
        guardians = [acting] if acting is not None else guardian_ids(tx, pid)
        bodies = {"email": body, "sms": sms_body or body}
        if guardians:  # the guardian's phone: say whose visit it is
            child = patient_row(tx, pid)
            name = f"{child['first_name']} {child['last_name']}"
            bodies = {ch: messages.about_child(name, text) for ch, text in bodies.items()}
        for whose in guardians or [pid]:
            self._send(tx, pid, whose, kind, bodies, at, appointment_id, waitlist_id)

    @staticmethod
    def _send(
        tx: Tx,
        pid: int,
        whose: int,
        kind: NotificationKind,
        bodies: dict[str, str],
        at: datetime | None,
        appointment_id: int | None,
        waitlist_id: int | None,
    ) -> None:
        row = patient_row(tx, whose)
        for channel, recipient in messages.recipients(
            row["phone"], row["email"], row["channels"].split(",")
        ):
            tx.execute(
                "INSERT INTO notifications (patient_id, channel, recipient, kind, subject, body,"
                " created_at, appointment_id, waitlist_id) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    pid,
                    channel.value,
                    recipient,
                    kind.value,
                    messages.SUBJECTS[kind] if channel.value == "email" else None,
                    bodies[channel.value],
                    iso(at or tx.now),
                    appointment_id,
                    waitlist_id,
                ),
            )

    @staticmethod
    def sms(tx: Tx, pid: int, phone: str, body: str) -> None:
        """One SMS to `phone` (an answer to the SMS the patient sent from it)."""
        tx.execute(
            "INSERT INTO notifications (patient_id, channel, recipient, kind, subject, body,"
            " created_at) VALUES (?, 'sms', ?, ?, NULL, ?, ?)",
            (pid, phone, NotificationKind.SMS_REPLY.value, body, iso(tx.now)),
        )

    @staticmethod
    def schedule_reminders(tx: Tx, appt_id: int, start: datetime) -> None:
        tx.execute("DELETE FROM reminders WHERE appointment_id = ? AND sent = 0", (appt_id,))
        for kind, before in REMINDERS:
            # Sent on a working day, like the desk would: a Monday visit's day-before
            # reminder goes out on Friday, one due on Christmas Day on Christmas Eve's eve.
            due = start - before
            while not is_working_day(to_warsaw(due).date()):
                due -= timedelta(days=1)
            if due > tx.now:
                tx.execute(
                    "INSERT INTO reminders (appointment_id, kind, due_at) VALUES (?, ?, ?)",
                    (appt_id, kind.value, iso(due)),
                )

    def notifications(
        self, pid: int, limit: int = 100, after_id: int | None = None
    ) -> list[Notification]:
        with self.core.read() as tx:
            rows = tx.execute(
                "SELECT * FROM notifications WHERE patient_id = ? AND id > ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                (pid, after_id or 0, limit),
            ).fetchall()
        return [
            Notification(
                id=r["id"],
                channel=r["channel"],
                recipient=r["recipient"],
                kind=r["kind"],
                subject=r["subject"],
                body=r["body"],
                created_at=parse_moment(r["created_at"]),
                appointment_id=r["appointment_id"],
                waitlist_id=r["waitlist_id"],
            )
            for r in rows
        ]
