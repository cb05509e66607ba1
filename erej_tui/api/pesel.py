"""PESEL numbers: validation, and the birth date and sex they encode.

Part of the contract because both sides need the same answer: the client checks a PESEL
before sending it, the server refuses one that is wrong. No Textual, no `mock_server`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
# Month offset -> century (CER_RULES.md: +80 for 1800s, +0 1900s, +20 2000s, +40, +60).
CENTURY_BY_OFFSET = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


class PeselError(ValueError):
    """Why a string is not a valid PESEL; `reason` is a stable code, the message Polish
    and `english` the same in English."""

    def __init__(self, reason: str, message: str, english: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.english = english

    def said(self, lang: str) -> str:
        return self.english if lang == "en" else str(self)


@dataclass(frozen=True)
class Pesel:
    number: str
    birth_date: date
    sex: Sex


def check_digit(first_ten: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_ten, WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def parse_pesel(value: str) -> Pesel:
    """Validate a PESEL and decode it; raise `PeselError` saying why, in Polish and English."""
    number = value.strip()
    if not number.isdigit() or not number.isascii():
        raise PeselError("digits", "PESEL składa się wyłącznie z cyfr.", "A PESEL has digits only.")
    if len(number) != 11:
        raise PeselError(
            "length",
            f"PESEL ma 11 cyfr, podano {len(number)}.",
            f"A PESEL has 11 digits, not {len(number)}.",
        )
    if check_digit(number[:10]) != int(number[10]):
        raise PeselError(
            "checksum",
            "Cyfra kontrolna PESEL się nie zgadza – sprawdź numer.",
            "The PESEL check digit does not match: check the number.",
        )
    yy, mm, dd = int(number[0:2]), int(number[2:4]), int(number[4:6])
    offset = (mm // 20) * 20
    no_date = PeselError(
        "date",
        "PESEL nie zawiera prawidłowej daty urodzenia.",
        "The PESEL does not hold a valid date of birth.",
    )
    century = CENTURY_BY_OFFSET.get(offset)
    if century is None:
        raise no_date
    try:
        born = date(century + yy, mm - offset, dd)
    except ValueError:
        raise no_date from None
    sex = Sex.MALE if int(number[9]) % 2 else Sex.FEMALE
    return Pesel(number, born, sex)


def is_valid_pesel(value: str) -> bool:
    try:
        parse_pesel(value)
    except PeselError:
        return False
    return True


def make_pesel(born: date, sex: Sex, serial: int) -> str:
    """Build a valid PESEL for a birth date, sex and a serial number (0-999)."""
    offset = next(o for o, c in CENTURY_BY_OFFSET.items() if c <= born.year < c + 100)
    month = born.month + offset
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial % 1000:03d}"
    sex_digit = (serial // 1000) % 5 * 2 + (1 if sex is Sex.MALE else 0)
    first_ten = body + str(sex_digit)
    return first_ten + str(check_digit(first_ten))
