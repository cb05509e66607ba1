"""Who and what the mock's data is made of: the demo patients, the names of the generated
population, and the words facilities and their streets are named with."""

from __future__ import annotations

from dataclasses import dataclass

from erej_tui.api.pesel import Sex


@dataclass(frozen=True)
class DemoPatientSpec:
    first: str
    last: str
    sex: Sex
    age: int
    description: str
    description_en: str
    phone: str | None = None
    email: str | None = None
    priority: bool = False
    screenings: tuple[tuple[str, int], ...] = ()
    """(service, months ago)"""
    referrals: tuple[tuple[str, str, bool, str, str], ...] = ()
    """(code, service, already realised, issuing doctor, urgency)"""
    children: tuple[str, ...] = ()
    """The first names of the `DEMO_CHILDREN` this patient is a parent or guardian of."""
    risk_groups: tuple[str, ...] = ()
    """The services whose shorter interval applies to this patient (a risk group)."""


@dataclass(frozen=True)
class DemoChildSpec:
    """A child on a demo guardian's account: no login of her own, no contact data (her
    messages go to the guardian's)."""

    first: str
    last: str
    sex: Sex
    age: int
    referrals: tuple[tuple[str, str, bool, str, str], ...] = ()


DEMO_CHILDREN: tuple[DemoChildSpec, ...] = (
    DemoChildSpec(
        "Zofia",
        "Mazur",
        Sex.FEMALE,
        8,
        referrals=(("2468", "kardiologia", False, "lek. Joanna Pawlak", "pilny"),),
    ),
    DemoChildSpec("Stanisław", "Mazur", Sex.MALE, 12),
)


DEMO_PATIENTS: tuple[DemoPatientSpec, ...] = (
    DemoPatientSpec(
        "Anna",
        "Kowalska",
        Sex.FEMALE,
        58,
        "Kobieta, 58 lat: może umówić test HPV, cytologię i mammografię.",
        "Woman, 58: may book an HPV test, a cervical smear and a mammogram.",
        "+48 601 234 567",
        "anna.kowalska@example.pl",
    ),
    DemoPatientSpec(
        "Katarzyna",
        "Wiśniewska",
        Sex.FEMALE,
        36,
        "Kobieta, 36 lat: test HPV lub cytologia (na mammografię za młoda).",
        "Woman, 36: an HPV test or a cervical smear (too young for a mammogram).",
        "+48 602 345 678",
        "k.wisniewska@example.pl",
    ),
    DemoPatientSpec(
        "Barbara",
        "Zielińska",
        Sex.FEMALE,
        61,
        "Kobieta, 61 lat: mammografia 10 miesięcy temu, następna za 14 miesięcy.",
        "Woman, 61: a mammogram 10 months ago, the next one in 14 months.",
        "+48 603 456 789",
        "barbara.zielinska@example.pl",
        screenings=(("mammografia", 10),),
    ),
    DemoPatientSpec(
        "Helena",
        "Wójcik",
        Sex.FEMALE,
        78,
        "Kobieta, 78 lat: poza wiekiem programów profilaktyki; e-skierowanie do"
        " endokrynologa, kod 3579.",
        "Woman, 78: past the screening programmes' ages; an e-referral to an"
        " endocrinologist, code 3579.",
        "+48 604 567 890",
        None,
        referrals=(("3579", "endokrynologia", False, "lek. Marek Zając", "stabilny"),),
    ),
    DemoPatientSpec(
        "Jan",
        "Nowak",
        Sex.MALE,
        55,
        "Mężczyzna, 55 lat: e-skierowanie do kardiologa, kod 1234.",
        "Man, 55: an e-referral to a cardiologist, code 1234.",
        "+48 605 678 901",
        "jan.nowak@example.pl",
        referrals=(("1234", "kardiologia", False, "lek. Ewa Nowicka", "stabilny"),),
    ),
    DemoPatientSpec(
        "Piotr",
        "Lewandowski",
        Sex.MALE,
        67,
        "Mężczyzna, 67 lat: e-skierowanie 5678 już wykorzystane.",
        "Man, 67: e-referral 5678 already used.",
        "+48 606 789 012",
        "piotr.lewandowski@example.pl",
        referrals=(("5678", "kardiologia", True, "dr n. med. Adam Wróbel", "stabilny"),),
    ),
    DemoPatientSpec(
        "Maria",
        "Kamińska",
        Sex.FEMALE,
        50,
        "Kobieta, 50 lat, honorowa dawczyni krwi: zapisuje się w placówce.",
        "Woman, 50, honorary blood donor: books at the facility.",
        "+48 607 890 123",
        "maria.kaminska@example.pl",
        priority=True,
    ),
    DemoPatientSpec(
        "Ewa",
        "Mazur",
        Sex.FEMALE,
        38,
        "Kobieta, 38 lat, matka: Zofia (8 lat, pilne e-skierowanie do kardiologa 2468)"
        " i Stanisław (12 lat).",
        "Woman, 38, a mother: Zofia (8, an urgent e-referral to a cardiologist, 2468) and"
        " Stanisław (12).",
        "+48 608 901 234",
        "ewa.mazur@example.pl",
        children=("Zofia", "Stanisław"),
    ),
    DemoPatientSpec(
        "Tomasz",
        "Mazur",
        Sex.MALE,
        41,
        "Mężczyzna, 41 lat, ojciec: drugi opiekun Zofii i Stanisława; e-skierowanie do"
        " poradni chorób zakaźnych 8642 (w e-rejestracji od 1 stycznia 2027).",
        "Man, 41, a father: the second guardian of Zofia and Stanisław; an e-referral to an"
        " infectious diseases clinic, 8642 (in the e-registration from 1 January 2027).",
        "+48 609 012 345",
        None,
        referrals=(("8642", "zakazne", False, "lek. Ewa Nowicka", "stabilny"),),
        children=("Zofia", "Stanisław"),
    ),
    DemoPatientSpec(
        "Magdalena",
        "Dąbrowska",
        Sex.FEMALE,
        47,
        "Kobieta, 47 lat: ujemny test HPV 2 lata temu, kolejne badanie szyjki macicy za 3"
        " lata; mammografia teraz.",
        "Woman, 47: a negative HPV test 2 years ago, the next cervical screening in 3 years;"
        " a mammogram now.",
        "+48 610 123 456",
        "m.dabrowska@example.pl",
        screenings=(("hpv", 24),),
    ),
    DemoPatientSpec(
        "Teresa",
        "Jankowska",
        Sex.FEMALE,
        66,
        "Kobieta, 66 lat, po leczeniu raka piersi, na hormonoterapii: mammografia co 12"
        " miesięcy, następna za 2 miesiące.",
        "Woman, 66, after breast cancer treatment, on hormone therapy: a mammogram every 12"
        " months, the next in 2 months.",
        "+48 611 234 567",
        None,
        screenings=(("mammografia", 10),),
        risk_groups=("mammografia",),
    ),
)

POPULATION_DESCRIPTION = ("Pacjent z populacji testowej.", "A patient of the test population.")
"""How the demo controls describe a patient of the generated population (Polish, English)."""


# --- names ---------------------------------------------------------------------------------
BRANDS = (
    "Vita",
    "Medica",
    "Salus",
    "Zdrowie",
    "Eskulap",
    "Hipokrates",
    "Panaceum",
    "Femina",
    "Cor",
    "Atena",
    "Rodzina",
    "Diagnostyka",
    "Medicus",
    "Sanitas",
    "Promed",
    "Centrum",
)
PATRONS = (
    "im. Jana Pawła II",
    "im. św. Łukasza",
    "im. Mikołaja Kopernika",
    "im. Marii Skłodowskiej-Curie",
    "im. dr. Ludwika Rydygiera",
    "im. Józefa Babińskiego",
    "im. Tytusa Chałubińskiego",
    "im. św. Jadwigi Śląskiej",
)
STREETS = (
    "ul. Mickiewicza",
    "ul. Słowackiego",
    "ul. Kościuszki",
    "ul. Sienkiewicza",
    "ul. Kopernika",
    "ul. Szpitalna",
    "ul. Zdrowa",
    "ul. Lipowa",
    "ul. Polna",
    "ul. 3 Maja",
    "ul. Wojska Polskiego",
    "al. Jana Pawła II",
    "ul. Armii Krajowej",
    "ul. Kolejowa",
    "ul. Reymonta",
    "ul. Żeromskiego",
    "ul. Piłsudskiego",
    "ul. Ogrodowa",
    "ul. Długa",
    "ul. Chopina",
    "ul. Konopnickiej",
    "ul. Grunwaldzka",
    "ul. Narutowicza",
    "ul. Ogińskiego",
)
FIRST_NAMES = {
    "F": (
        "Anna",
        "Maria",
        "Katarzyna",
        "Małgorzata",
        "Agnieszka",
        "Barbara",
        "Ewa",
        "Krystyna",
        "Elżbieta",
        "Zofia",
        "Joanna",
        "Magdalena",
        "Monika",
        "Teresa",
    ),
    "M": (
        "Jan",
        "Piotr",
        "Andrzej",
        "Krzysztof",
        "Stanisław",
        "Tomasz",
        "Paweł",
        "Józef",
        "Marcin",
        "Marek",
        "Michał",
        "Grzegorz",
        "Jerzy",
        "Tadeusz",
    ),
}
LAST_NAMES = (
    ("Nowak", "Nowak"),
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"),
    ("Kwiatkowski", "Kwiatkowska"),
)

DOCTORS = (
    "lek. Ewa Nowicka",
    "lek. Marek Zając",
    "dr n. med. Adam Wróbel",
    "lek. Joanna Pawlak",
    "lek. Krzysztof Michalski",
    "dr n. med. Agnieszka Król",
    "lek. Paweł Wieczorek",
    "lek. Monika Jabłońska",
)
"""Who issues the population's e-referrals (a family doctor, mostly)."""
