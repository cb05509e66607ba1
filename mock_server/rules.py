"""The CeR rules the server enforces: the service catalogue and who may book what.

The catalogue is data (the `services` table); this module holds the three CeR services of
2026 that the seed writes, and the eligibility test applied to any catalogue row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from erej_tui.api.models import Eligibility, IneligibilityReason, ServiceKind

from . import messages

CER_START = date(2026, 1, 1)
"""The first stage: cardiology and the two screening programmes, mandatory from this day."""


@dataclass(frozen=True)
class ServiceRule:
    code: str
    name: str
    name_en: str
    kind: ServiceKind
    slot_minutes: int
    terms: str
    terms_en: str
    requires_referral: bool = False
    sex: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    interval_months: int | None = None
    """After this examination, the next in the same programme is due in this many months."""
    risk_interval_months: int | None = None
    """The same for a patient in the service's risk group (`patients.risk_groups`)."""
    programme: str | None = None
    """Examinations of one programme share the interval (an HPV test and a cytology)."""
    live_from: date = CER_START
    stage: int = 1

    @property
    def waitlist_days(self) -> int:
        # CER_RULES.md: the waiting room looks for 40 days for visits, 90 for examinations.
        return 40 if self.kind is ServiceKind.VISIT else 90

    def short_name(self, lang: str) -> str:
        """'test HPV HR' of 'Test HPV HR (profilaktyka raka szyjki macicy)', as said
        within a sentence."""
        name = (self.name_en if lang == "en" else self.name).split(" (")[0]
        return name if name[1:2].isupper() else name[:1].lower() + name[1:]


_STORED = (
    "code",
    "name",
    "name_en",
    "kind",
    "requires_referral",
    "sex",
    "min_age",
    "max_age",
    "interval_months",
    "risk_interval_months",
    "slot_minutes",
    "terms",
    "terms_en",
    "programme",
    "live_from",
    "stage",
)
"""The `services` table's columns after `position`, in order: a rule is stored as one row."""


def service_row(rule: ServiceRule) -> tuple[object, ...]:
    values = {f: getattr(rule, f) for f in _STORED}
    values.update(
        kind=rule.kind.value,
        requires_referral=int(rule.requires_referral),
        live_from=rule.live_from.isoformat(),
    )
    return tuple(values[f] for f in _STORED)


def service_rule(row: Mapping[str, Any]) -> ServiceRule:
    """The rule a `services` row stores."""
    values = {f: row[f] for f in _STORED}
    values.update(
        kind=ServiceKind(row["kind"]),
        requires_referral=bool(row["requires_referral"]),
        live_from=date.fromisoformat(row["live_from"]),
    )
    return ServiceRule(**values)


def _first_visit(
    code: str, clinic: str, clinic_en: str, live_from: date, minutes: int = 20
) -> ServiceRule:
    """A second-stage service: a first visit in a specialist clinic, with an e-referral."""
    return ServiceRule(
        code=code,
        name=f"Pierwsza wizyta w poradni {clinic}",
        name_en=f"First visit: {clinic_en} clinic",
        kind=ServiceKind.VISIT,
        requires_referral=True,
        slot_minutes=minutes,
        terms="Pierwsza wizyta z e-skierowaniem (drugi etap e-rejestracji).",
        terms_en="A first visit with an e-referral (the e-registration's second stage).",
        live_from=live_from,
        stage=2,
    )


# The second stage's start was announced for mid-2026 and the sources differ on the dates:
# the mock takes 1 July 2026 for most clinics and 1 January 2027 for three, so that both a
# live and a coming service can be shown. The dates are data, here.
STAGE_2_JULY = date(2026, 7, 1)
STAGE_2_JANUARY = date(2027, 1, 1)

CER_SERVICES: tuple[ServiceRule, ...] = (
    ServiceRule(
        code="kardiologia",
        name="Pierwsza wizyta u kardiologa",
        name_en="First cardiology visit",
        kind=ServiceKind.VISIT,
        requires_referral=True,
        slot_minutes=20,
        terms="Pierwsza wizyta z e-skierowaniem; także poradnie kardiologiczne dla dzieci.",
        terms_en="A first visit with an e-referral; children's cardiology clinics too.",
    ),
    ServiceRule(
        code="hpv",
        name="Test HPV HR (profilaktyka raka szyjki macicy)",
        name_en="HPV HR test (cervical cancer screening)",
        kind=ServiceKind.EXAMINATION,
        sex="F",
        min_age=25,
        max_age=64,
        interval_months=60,
        slot_minutes=15,
        terms="Kobiety 25–64 lat, co 5 lat po wyniku ujemnym; przy wyniku dodatnim z tej"
        " samej próbki wykonuje się cytologię na podłożu płynnym (LBC).",
        terms_en="Women aged 25–64, every 5 years after a negative result; a positive result"
        " is followed by liquid-based cytology (LBC) from the same sample.",
        programme="szyjka",
    ),
    ServiceRule(
        code="cytologia",
        name="Cytologia klasyczna (profilaktyka raka szyjki macicy)",
        name_en="Classic cytology (cervical cancer screening)",
        kind=ServiceKind.EXAMINATION,
        sex="F",
        min_age=25,
        max_age=64,
        interval_months=36,
        risk_interval_months=12,
        slot_minutes=15,
        terms="Kobiety 25–64 lat, co 3 lata (co 12 miesięcy w grupie podwyższonego ryzyka).",
        terms_en="Women aged 25–64, every 3 years (every 12 months in the higher-risk group).",
        programme="szyjka",
    ),
    ServiceRule(
        code="mammografia",
        name="Mammografia (profilaktyka raka piersi)",
        name_en="Mammography (breast cancer screening)",
        kind=ServiceKind.EXAMINATION,
        sex="F",
        min_age=45,
        max_age=74,
        interval_months=24,
        risk_interval_months=12,
        slot_minutes=15,
        terms="Kobiety 45–74 lat, co 24 miesiące. Co 12 miesięcy: kobiety, które 5 lat po"
        " leczeniu operacyjnym są w trakcie hormonoterapii, lub po zakończeniu leczenia i 5"
        " latach monitorowania.",
        terms_en="Women aged 45–74, every 24 months. Every 12 months: women on hormone therapy"
        " 5 years after surgical treatment, or after treatment and 5 years of monitoring.",
        programme="piersi",
    ),
    _first_visit("naczynia", "chorób naczyń", "vascular diseases", STAGE_2_JULY),
    _first_visit("zakazne", "chorób zakaźnych", "infectious diseases", STAGE_2_JANUARY),
    _first_visit("endokrynologia", "endokrynologicznej", "endocrinology", STAGE_2_JULY),
    _first_visit("hepatologia", "hepatologicznej", "hepatology", STAGE_2_JULY),
    _first_visit("immunologia", "immunologicznej", "immunology", STAGE_2_JANUARY),
    _first_visit("nefrologia", "nefrologicznej", "nephrology", STAGE_2_JULY),
    _first_visit("neonatologia", "neonatologicznej", "neonatology", STAGE_2_JANUARY),
    _first_visit(
        "pulmonologia", "gruźlicy i chorób płuc", "tuberculosis and lung diseases", STAGE_2_JULY
    ),
    _first_visit("mukowiscydoza", "leczenia mukowiscydozy", "cystic fibrosis", STAGE_2_JULY, 30),
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
    """The newest examination in the service's programme, and which service it was."""
    last_screening_rule: ServiceRule | None
    has_unused_referral: bool
    used_referral: str | None = None
    """The code of an e-referral for the service that was used up already, if any."""


def next_interval(rule: ServiceRule, last: ServiceRule, risk_group: bool) -> int | None:
    """Months from the programme's last examination (`last`) until `rule` may be booked.

    The last test sets the pace (5 years after a negative HPV test, 3 after a cytology);
    a patient in the risk group may have `rule` at its shorter interval, if it has one."""
    if risk_group and rule.risk_interval_months:
        return rule.risk_interval_months
    return last.interval_months


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

    if today < rule.live_from:
        return refuse(IneligibilityReason.NOT_YET_LIVE, rule.live_from)
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
    last, last_rule = facts.last_screening, facts.last_screening_rule
    if last is not None and last_rule is not None:
        interval = next_interval(rule, last_rule, facts.risk_group)
        since = add_months(last, interval) if interval else today
        if since > today:
            test = last_rule.short_name(lang)
            return refuse(
                IneligibilityReason.INTERVAL, since, months=interval, last=last, test=test
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
