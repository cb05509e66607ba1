"""The CeR rules the server enforces: the service catalogue and who may book what.

The catalogue is data (the `services` table); this module holds the three CeR services of
2026 that the seed writes, and the eligibility test applied to any catalogue row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from erej_tui.api.models import Eligibility, IneligibilityReason, ServiceKind

from . import messages


@dataclass(frozen=True)
class ServiceRule:
    code: str
    name: str
    name_en: str
    kind: ServiceKind
    requires_referral: bool
    sex: str | None
    min_age: int | None
    max_age: int | None
    interval_months: int | None
    risk_interval_months: int | None
    slot_minutes: int

    @property
    def waitlist_days(self) -> int:
        # CER_RULES.md: the waiting room looks for 40 days for visits, 90 for examinations.
        return 40 if self.kind is ServiceKind.VISIT else 90


CER_SERVICES: tuple[ServiceRule, ...] = (
    ServiceRule(
        code="kardiologia",
        name="Pierwsza wizyta u kardiologa",
        name_en="First cardiology visit",
        kind=ServiceKind.VISIT,
        requires_referral=True,
        sex=None,
        min_age=None,
        max_age=None,
        interval_months=None,
        risk_interval_months=None,
        slot_minutes=20,
    ),
    ServiceRule(
        code="cytologia",
        name="Cytologia (profilaktyka raka szyjki macicy)",
        name_en="Cytology / HPV test (cervical cancer screening)",
        kind=ServiceKind.EXAMINATION,
        requires_referral=False,
        sex="F",
        min_age=25,
        max_age=64,
        interval_months=36,
        risk_interval_months=12,
        slot_minutes=15,
    ),
    ServiceRule(
        code="mammografia",
        name="Mammografia (profilaktyka raka piersi)",
        name_en="Mammography (breast cancer screening)",
        kind=ServiceKind.EXAMINATION,
        requires_referral=False,
        sex="F",
        min_age=45,
        max_age=74,
        interval_months=24,
        risk_interval_months=12,
        slot_minutes=15,
    ),
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class PatientFacts:
    sex: str
    birth_date: date
    priority_rights: bool
    risk_group: bool
    last_screening: date | None
    has_unused_referral: bool
    used_referral: str | None = None
    """The code of an e-referral for the service that was used up already, if any."""


def eligibility(
    rule: ServiceRule, facts: PatientFacts, today: date, lang: str = "pl"
) -> Eligibility:
    """Whether the patient may book `rule` today and, if not, why and from when.

    Age is counted by year of birth (a woman born in 1962 is 64 for all of 2026).
    """

    def refuse(reason: IneligibilityReason, since: date | None = None, **kw: object):
        return Eligibility(
            eligible=False,
            reason=reason,
            detail=messages.ineligible(reason, lang, since=since, **kw),
            eligible_from=since,
        )

    if facts.priority_rights:
        return refuse(IneligibilityReason.PRIORITY_REGISTRATION)
    if rule.sex and facts.sex != rule.sex:
        return refuse(IneligibilityReason.SEX)
    age = today.year - facts.birth_date.year
    if rule.min_age is not None and age < rule.min_age:
        since = date(facts.birth_date.year + rule.min_age, 1, 1)
        return refuse(IneligibilityReason.TOO_YOUNG, since, min_age=rule.min_age)
    if rule.max_age is not None and age > rule.max_age:
        return refuse(IneligibilityReason.TOO_OLD, max_age=rule.max_age)
    interval = rule.risk_interval_months if facts.risk_group else rule.interval_months
    if interval and facts.last_screening:
        since = add_months(facts.last_screening, interval)
        if since > today:
            return refuse(
                IneligibilityReason.INTERVAL, since, months=interval, last=facts.last_screening
            )
    if rule.requires_referral and not facts.has_unused_referral:
        if facts.used_referral:  # said as the booking would say it: the code is used
            return Eligibility(
                eligible=False,
                reason=IneligibilityReason.REFERRAL_REQUIRED,
                detail=messages.referral_used_up(facts.used_referral, lang),
            )
        return refuse(IneligibilityReason.REFERRAL_REQUIRED)
    return Eligibility(eligible=True)
