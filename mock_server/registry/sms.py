"""SMS the patients send: a reply to a reminder cancels the visit, as the Ministry of Health
describes the reminders ("allows cancelling the visit in reply")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from erej_tui.api.models import CancelledBy, InboundSms, InboundSmsResult, SmsOutcome

from .. import messages, refusals
from ..seed import iso
from .core import Core, Tx
from .sessions import minor_on
from .visits import Visits

_NUMBER = re.compile(r"(?:ER/\d{4}/)?(\d{1,6})$")


def _words(text: str) -> list[str]:
    """'Odwołaj, er/2026/000012!' -> ['ODWOLAJ', 'ER/2026/000012']: capitals without
    diacritics (Ł has no decomposition), punctuation dropped."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).upper()
    return re.findall(r"[A-Z0-9/]+", plain)


CANCEL_WORDS = frozenset(_words(messages.CANCEL_WORD)) | {"ANULUJ"}


class Sms:
    def __init__(self, core: Core, visits: Visits) -> None:
        self.core, self.visits = core, visits

    def inbound(self, sms: InboundSms) -> InboundSmsResult:
        """Cancel the visit the reply names (by its number) or, without one, the visit
        this phone was last reminded of; anything else gets an SMS saying what to reply."""
        words = _words(sms.text)
        with self.core.write() as tx:
            owners = [
                r[0] for r in tx.execute("SELECT id FROM patients WHERE phone = ?", (sms.phone,))
            ]
            if not owners:
                raise refusals.unknown_phone()
            if not words or words[0] not in CANCEL_WORDS:
                return self._answer(tx, owners[0], sms.phone, SmsOutcome.NOT_UNDERSTOOD)
            number = next((m.group(1) for w in words[1:] if (m := _NUMBER.match(w))), None)
            found = self._visit(tx, owners, number)
            if found is None:
                wanted = f"ER/{tx.now.year}/{int(number):06d}" if number else None
                return self._answer(tx, owners[0], sms.phone, SmsOutcome.NO_VISIT, wanted)
            appt_id, patient, guardian = found
            if guardian is not None:  # a guardian's reply about her child's visit
                tx = replace(tx, acting=(guardian, patient))
            self.visits.cancel_visit(
                tx, appt_id, CancelledBy.PATIENT, messages.HISTORY["cancelled_by_sms"]
            )
            visit = self.visits.record(tx, appt_id)
            reply = tx.one(
                "SELECT body FROM notifications WHERE appointment_id = ? ORDER BY"
                " channel = 'sms' DESC, id DESC LIMIT 1",
                (appt_id,),
            )
        return InboundSmsResult(
            outcome=SmsOutcome.CANCELLED,
            appointment_id=appt_id,
            appointment_number=visit.number,
            reply=reply,
        )

    @staticmethod
    def _visit(tx: Tx, owners: list[int], number: str | None) -> tuple[int, int, int | None] | None:
        """(visit, its patient, the guardian whose phone it is, if a child's) of a booked
        visit yet to come of the phone's owners or their children under 18."""
        today = tx.now.date()
        whose: dict[int, int | None] = dict.fromkeys(owners)
        for guardian in owners:
            for child, born in tx.execute(
                "SELECT p.id, p.birth_date FROM guardians g JOIN patients p ON p.id = g.child_id"
                " WHERE g.guardian_id = ?",
                (guardian,),
            ):
                if minor_on(born, today):
                    whose.setdefault(child, guardian)
        marks = ", ".join("?" * len(whose))
        rows = tx.execute(
            "SELECT a.id, a.patient_id, a.number, (SELECT max(r.due_at) FROM reminders r"
            "  WHERE r.appointment_id = a.id AND r.sent = 1) AS reminded"
            " FROM appointments a JOIN slots s ON s.id = a.slot_id"
            f" WHERE a.status = 'booked' AND s.start > ? AND a.patient_id IN ({marks})"  # noqa: S608
            " ORDER BY reminded DESC, s.start",
            (iso(tx.now), *whose),
        ).fetchall()
        if number is not None:
            rows = [r for r in rows if r["number"].endswith(f"/{int(number):06d}")]
        else:  # the visit last reminded of, as the reply answers that SMS
            rows = [r for r in rows if r["reminded"] is not None]
        if not rows:
            return None
        return rows[0]["id"], rows[0]["patient_id"], whose[rows[0]["patient_id"]]

    def _answer(
        self, tx: Tx, pid: int, phone: str, outcome: SmsOutcome, number: str | None = None
    ) -> InboundSmsResult:
        reply = messages.sms_reply_text(outcome.value, number)
        self.visits.notices.sms(tx, pid, phone, reply)
        return InboundSmsResult(outcome=outcome, reply=reply)
