"""The catalogue and who may use it: services with the patient's eligibility, e-referrals,
localities and facilities."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from erej_tui.api import errors
from erej_tui.api.models import (
    Facility,
    IneligibilityReason,
    Locality,
    Referral,
    ReferralStatus,
    SearchCriteria,
    Service,
    Urgency,
)

from .. import refusals
from ..rules import PatientFacts, ServiceRule, eligibility
from .core import Core, Tx
from .sessions import patient_row


class Catalogue:
    def __init__(self, core: Core) -> None:
        self.core = core

    # --- eligibility -------------------------------------------------------------------------
    def facts(
        self,
        tx: Tx,
        row: sqlite3.Row,
        rule: ServiceRule,
        referral_given: bool = False,
        *,
        at_desk: bool = False,
    ) -> PatientFacts:
        """What the rules need to know of the patient. At the desk priority rights stop
        nothing: the facility is where she registers."""
        # The programme's newest examination, of whichever of its services.
        siblings = [
            code
            for code, other in self.core.rules.items()
            if code == rule.code or (rule.programme and other.programme == rule.programme)
        ]
        marks = ", ".join("?" * len(siblings))
        last = tx.execute(
            f"SELECT day, service FROM screenings WHERE patient_id = ? AND service IN ({marks})"  # noqa: S608
            " ORDER BY day DESC LIMIT 1",
            (row["id"], *siblings),
        ).fetchone()
        return PatientFacts(
            sex=row["sex"],
            birth_date=date.fromisoformat(row["birth_date"]),
            priority_rights=bool(row["priority_rights"]) and not at_desk,
            risk_group=rule.code in row["risk_groups"].split(","),
            last_screening=date.fromisoformat(last["day"]) if last else None,
            last_screening_rule=self.core.rules.get(last["service"]) if last else None,
            # Only a service that needs a referral asks whether one is at hand.
            has_unused_referral=referral_given
            or (rule.requires_referral and self.unused_referral(tx, row["id"], rule.code)),
            used_referral=self.used_referral(tx, row["id"], rule.code)
            if rule.requires_referral
            else None,
        )

    @staticmethod
    def used_referral(tx: Tx, pid: int, service: str) -> str | None:
        """The newest e-referral for the service that a completed visit used up."""
        row = tx.execute(
            "SELECT code FROM referrals WHERE patient_id = ? AND service = ?"
            " AND realised_at IS NOT NULL ORDER BY realised_at DESC LIMIT 1",
            (pid, service),
        ).fetchone()
        return row[0] if row else None

    @staticmethod
    def unused_referral(tx: Tx, pid: int, service: str) -> bool:
        """Whether the patient holds a valid e-referral for the service that nothing uses."""
        row = tx.execute(
            "SELECT r.id FROM referrals r WHERE r.patient_id = ? AND r.service = ?"
            " AND r.realised_at IS NULL AND (r.valid_until IS NULL OR r.valid_until >= ?)"
            " AND NOT EXISTS (SELECT 1 FROM appointments a"
            "   WHERE a.referral_id = r.id AND a.status = 'booked')"
            " AND NOT EXISTS (SELECT 1 FROM waitlist w"
            "   WHERE w.referral_id = r.id AND w.status = 'waiting') ORDER BY r.id",
            (pid, service, tx.now.date().isoformat()),
        ).fetchone()
        return row is not None

    def referrals(self, pid: int) -> list[Referral]:
        """The patient's e-referrals, newest first, each with what holds or used it."""
        with self.core.read() as tx:
            rows = tx.execute(
                "SELECT r.*, v.name AS service_name, v.name_en AS service_name_en,"
                " (SELECT a.number FROM appointments a WHERE a.referral_id = r.id"
                "  AND a.status = 'booked') AS appointment_number,"
                " (SELECT w.id FROM waitlist w WHERE w.referral_id = r.id"
                "  AND w.status = 'waiting') AS waitlist_id"
                " FROM referrals r JOIN services v ON v.code = r.service"
                " WHERE r.patient_id = ? ORDER BY r.issued DESC, r.id DESC",
                (pid,),
            ).fetchall()
            today = tx.now.date()
        out = []
        for r in rows:
            valid_until = date.fromisoformat(r["valid_until"]) if r["valid_until"] else None
            if r["realised_at"]:
                status = ReferralStatus.REALISED
            elif r["appointment_number"] or r["waitlist_id"]:
                status = ReferralStatus.BOOKED
            elif valid_until is not None and valid_until < today:
                status = ReferralStatus.EXPIRED
            else:
                status = ReferralStatus.UNUSED
            out.append(
                Referral(
                    code=r["code"],
                    service=r["service"],
                    service_name=r["service_name"],
                    service_name_en=r["service_name_en"],
                    issued_on=date.fromisoformat(r["issued"]),
                    issued_by=r["doctor"],
                    urgency=Urgency(r["urgency"]),
                    status=status,
                    valid_until=valid_until,
                    appointment_number=r["appointment_number"],
                    waitlist_id=r["waitlist_id"],
                )
            )
        return out

    def services(self, pid: int, lang: str = "pl", at_desk: bool = False) -> list[Service]:
        """The catalogue with the patient's eligibility; `at_desk`: as her facility's desk
        sees it, where a patient with priority rights registers."""
        out = []
        with self.core.read() as tx:
            row = patient_row(tx, pid)
            for rule in self.core.rules.values():
                active = tx.execute(
                    "SELECT id, number FROM appointments WHERE patient_id = ? AND service = ?"
                    " AND status = 'booked'",
                    (pid, rule.code),
                ).fetchone()
                waiting = tx.execute(
                    "SELECT id FROM waitlist WHERE patient_id = ? AND service = ?"
                    " AND status = 'waiting'",
                    (pid, rule.code),
                ).fetchone()
                out.append(
                    Service(
                        code=rule.code,
                        name=rule.name,
                        name_en=rule.name_en,
                        kind=rule.kind,
                        requires_referral=rule.requires_referral,
                        waitlist_days=rule.waitlist_days,
                        eligibility=eligibility(
                            rule, self.facts(tx, row, rule, at_desk=at_desk), tx.now.date(), lang
                        ),
                        live_from=rule.live_from,
                        stage=rule.stage,
                        terms=rule.terms_en if lang == "en" else rule.terms,
                        active_appointment_id=active[0] if active else None,
                        active_appointment_number=active[1] if active else None,
                        active_waitlist_id=waiting[0] if waiting else None,
                    )
                )
        return out

    def check_eligible(
        self,
        tx: Tx,
        row: sqlite3.Row,
        rule: ServiceRule,
        referral_given: bool,
        lang: str,
        at_desk: bool = False,
    ) -> None:
        facts = self.facts(tx, row, rule, referral_given, at_desk=at_desk)
        verdict = eligibility(rule, facts, tx.now.date(), lang)
        if verdict.eligible:
            return
        extra: dict[str, Any] = {"reason": verdict.reason.value if verdict.reason else None}
        if verdict.eligible_from:
            extra["eligible_from"] = verdict.eligible_from.isoformat()
        if verdict.reason is IneligibilityReason.PRIORITY_REGISTRATION:
            raise errors.PriorityRegistration(verdict.detail, **extra)
        if verdict.reason is IneligibilityReason.REFERRAL_REQUIRED:
            raise errors.ReferralRequired(verdict.detail, **extra)
        raise errors.NotEligible(verdict.detail, **extra)

    @staticmethod
    def referral(tx: Tx, pid: int, rule: ServiceRule, code: str | None) -> int | None:
        """The referral a booking uses: checked for existence, service and use."""
        if not rule.requires_referral:
            return None
        if not code:
            raise refusals.referral_code_needed()
        ref = tx.execute(
            "SELECT * FROM referrals WHERE patient_id = ? AND code = ?", (pid, code)
        ).fetchone()
        if ref is None:
            raise refusals.no_such_referral(code)
        if ref["service"] != rule.code:
            raise refusals.referral_for_another_service(code, rule.name, rule.name_en)
        if ref["realised_at"] is not None:
            raise refusals.referral_realised(code)
        if ref["valid_until"] is not None and ref["valid_until"] < tx.now.date().isoformat():
            raise refusals.referral_expired(code, date.fromisoformat(ref["valid_until"]))
        in_use = tx.execute(
            "SELECT a.number FROM appointments a WHERE a.referral_id = ? AND a.status = 'booked'"
            " UNION ALL SELECT 'poczekalnia' FROM waitlist w WHERE w.referral_id = ?"
            " AND w.status = 'waiting'",
            (ref["id"], ref["id"]),
        ).fetchone()
        if in_use is not None:
            raise refusals.referral_in_use(code, in_use[0])
        return int(ref["id"])

    # --- places ------------------------------------------------------------------------------
    def localities(self, q: str, limit: int) -> list[Locality]:
        return self.core.places.find_localities(q, limit)

    def locality(self, locality_id: int) -> Locality:
        found = self.core.places.localities.get(locality_id)
        if found is None:
            raise refusals.no_locality(locality_id)
        return found

    def facilities(self, criteria: SearchCriteria, service: str | None) -> list[Facility]:
        if service:
            self.core.rule(service)
        self.core.check_place(criteria)
        places = self.core.places
        found = places.candidates(criteria, service)
        order = sorted(found.items(), key=lambda kv: (kv[1] if kv[1] is not None else 0, kv[0]))
        return [places.facility(fid, dist) for fid, dist in order]
