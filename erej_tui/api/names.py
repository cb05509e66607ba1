"""Names the contract shares: NFZ voivodeship codes, and diacritics-insensitive matching.

No Textual, no `mock_server`.
"""

from __future__ import annotations

# NFZ branch code -> name, alphabetical as in CER_RULES.md; TERYT is 2 * code.
VOIVODESHIPS: dict[str, str] = {
    "01": "dolnośląskie",
    "02": "kujawsko-pomorskie",
    "03": "lubelskie",
    "04": "lubuskie",
    "05": "łódzkie",
    "06": "małopolskie",
    "07": "mazowieckie",
    "08": "opolskie",
    "09": "podkarpackie",
    "10": "podlaskie",
    "11": "pomorskie",
    "12": "śląskie",
    "13": "świętokrzyskie",
    "14": "warmińsko-mazurskie",
    "15": "wielkopolskie",
    "16": "zachodniopomorskie",
}

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def fold(text: str) -> str:
    """Lower-case ASCII form for diacritics-insensitive matching: 'Łódź' -> 'lodz'."""
    return text.translate(_FOLD).casefold()


def voivodeship_code(text: str) -> str | None:
    """'12', 'śląskie', 'slaskie', 'Śląskie' -> '12'; None when it is no voivodeship."""
    value = text.strip()
    if value.isdigit() and f"{int(value):02d}" in VOIVODESHIPS:
        return f"{int(value):02d}"
    wanted = fold(value).removeprefix("wojewodztwo ").strip()
    for code, name in VOIVODESHIPS.items():
        if fold(name) == wanted:
            return code
    return None
