"""Polish geography for the mock: voivodeships, real localities, distances, name folding.

Coordinates are the localities' centres (WGS84, rounded); populations are approximate (in
thousands) and only steer how many facilities a place gets. The 7-digit TERYT codes have the
real voivodeship prefix; the rest of each code is synthetic (model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def voivodeship_teryt(code: str) -> str:
    return f"{int(code) * 2:02d}"


# (voivodeship code, name, latitude, longitude, population in thousands, phone area code)
LOCALITIES: tuple[tuple[str, str, float, float, int, str], ...] = (
    ("01", "Wrocław", 51.1079, 17.0385, 672, "71"),
    ("01", "Wałbrzych", 50.7714, 16.2843, 108, "74"),
    ("01", "Legnica", 51.2070, 16.1619, 98, "76"),
    ("01", "Jelenia Góra", 50.9044, 15.7194, 77, "75"),
    ("01", "Lubin", 51.4010, 16.2015, 71, "76"),
    ("01", "Głogów", 51.6638, 16.0845, 65, "76"),
    ("01", "Świdnica", 50.8434, 16.4874, 55, "74"),
    ("01", "Kłodzko", 50.4346, 16.6614, 26, "74"),
    ("01", "Bolesławiec", 51.2618, 15.5697, 38, "75"),
    ("02", "Bydgoszcz", 53.1235, 18.0084, 330, "52"),
    ("02", "Toruń", 53.0138, 18.5984, 196, "56"),
    ("02", "Włocławek", 52.6483, 19.0677, 105, "54"),
    ("02", "Grudziądz", 53.4837, 18.7536, 92, "56"),
    ("02", "Inowrocław", 52.7986, 18.2612, 70, "52"),
    ("02", "Brodnica", 53.2597, 19.3956, 28, "56"),
    ("02", "Świecie", 53.4094, 18.4479, 25, "52"),
    ("03", "Lublin", 51.2465, 22.5684, 334, "81"),
    ("03", "Zamość", 50.7231, 23.2520, 61, "84"),
    ("03", "Chełm", 51.1431, 23.4712, 60, "82"),
    ("03", "Biała Podlaska", 52.0325, 23.1149, 56, "83"),
    ("03", "Puławy", 51.4166, 21.9689, 47, "81"),
    ("03", "Świdnik", 51.2190, 22.6967, 39, "81"),
    ("03", "Kraśnik", 50.9240, 22.2203, 34, "81"),
    ("04", "Zielona Góra", 51.9356, 15.5062, 140, "68"),
    ("04", "Gorzów Wielkopolski", 52.7368, 15.2288, 118, "95"),
    ("04", "Nowa Sól", 51.8033, 15.7172, 38, "68"),
    ("04", "Żary", 51.6420, 15.1372, 37, "68"),
    ("04", "Żagań", 51.6176, 15.3151, 25, "68"),
    ("04", "Świebodzin", 52.2475, 15.5330, 21, "68"),
    ("04", "Międzyrzecz", 52.4442, 15.5780, 18, "95"),
    ("05", "Łódź", 51.7592, 19.4560, 660, "42"),
    ("05", "Piotrków Trybunalski", 51.4052, 19.7030, 71, "44"),
    ("05", "Pabianice", 51.6645, 19.3547, 64, "42"),
    ("05", "Tomaszów Mazowiecki", 51.5313, 20.0086, 61, "44"),
    ("05", "Bełchatów", 51.3688, 19.3567, 56, "44"),
    ("05", "Zgierz", 51.8555, 19.4063, 55, "42"),
    ("05", "Skierniewice", 51.9547, 20.1583, 47, "46"),
    ("05", "Sieradz", 51.5956, 18.7302, 41, "43"),
    ("05", "Kutno", 52.2306, 19.3640, 42, "24"),
    ("06", "Kraków", 50.0647, 19.9450, 800, "12"),
    ("06", "Tarnów", 50.0121, 20.9858, 106, "14"),
    ("06", "Nowy Sącz", 49.6175, 20.7153, 83, "18"),
    ("06", "Oświęcim", 50.0344, 19.2098, 36, "33"),
    ("06", "Chrzanów", 50.1355, 19.4022, 36, "32"),
    ("06", "Olkusz", 50.2813, 19.5650, 35, "32"),
    ("06", "Nowy Targ", 49.4775, 20.0326, 33, "18"),
    ("06", "Zakopane", 49.2992, 19.9496, 26, "18"),
    ("06", "Wieliczka", 49.9871, 20.0645, 24, "12"),
    ("07", "Warszawa", 52.2297, 21.0122, 1860, "22"),
    ("07", "Radom", 51.4027, 21.1471, 200, "48"),
    ("07", "Płock", 52.5463, 19.7065, 115, "24"),
    ("07", "Siedlce", 52.1676, 22.2902, 77, "25"),
    ("07", "Pruszków", 52.1709, 20.8120, 62, "22"),
    ("07", "Legionowo", 52.4013, 20.9265, 54, "22"),
    ("07", "Ostrołęka", 53.0842, 21.5740, 51, "29"),
    ("07", "Piaseczno", 52.0811, 21.0238, 50, "22"),
    ("07", "Otwock", 52.1057, 21.2616, 45, "22"),
    ("07", "Ciechanów", 52.8812, 20.6197, 43, "23"),
    ("08", "Opole", 50.6751, 17.9213, 127, "77"),
    ("08", "Kędzierzyn-Koźle", 50.3497, 18.2260, 59, "77"),
    ("08", "Nysa", 50.4744, 17.3344, 43, "77"),
    ("08", "Brzeg", 50.8607, 17.4674, 35, "77"),
    ("08", "Kluczbork", 50.9722, 18.2176, 23, "77"),
    ("08", "Prudnik", 50.3230, 17.5766, 21, "77"),
    ("09", "Rzeszów", 50.0412, 21.9991, 198, "17"),
    ("09", "Przemyśl", 49.7838, 22.7678, 58, "16"),
    ("09", "Stalowa Wola", 50.5826, 22.0532, 58, "15"),
    ("09", "Mielec", 50.2875, 21.4239, 59, "17"),
    ("09", "Tarnobrzeg", 50.5731, 21.6794, 45, "15"),
    ("09", "Krosno", 49.6887, 21.7706, 45, "13"),
    ("09", "Dębica", 50.0516, 21.4114, 45, "14"),
    ("09", "Jarosław", 50.0163, 22.6775, 36, "16"),
    ("09", "Sanok", 49.5557, 22.2058, 36, "13"),
    ("10", "Białystok", 53.1325, 23.1688, 295, "85"),
    ("10", "Suwałki", 54.1118, 22.9309, 69, "87"),
    ("10", "Łomża", 53.1781, 22.0590, 62, "86"),
    ("10", "Augustów", 53.8433, 22.9796, 30, "87"),
    ("10", "Bielsk Podlaski", 52.7650, 23.1866, 25, "85"),
    ("10", "Zambrów", 52.9857, 22.2433, 21, "86"),
    ("10", "Hajnówka", 52.7431, 23.5814, 20, "85"),
    ("11", "Gdańsk", 54.3520, 18.6466, 486, "58"),
    ("11", "Gdynia", 54.5189, 18.5305, 243, "58"),
    ("11", "Słupsk", 54.4641, 17.0287, 89, "59"),
    ("11", "Tczew", 54.0924, 18.7779, 59, "58"),
    ("11", "Wejherowo", 54.6059, 18.2357, 47, "58"),
    ("11", "Starogard Gdański", 53.9664, 18.5297, 47, "58"),
    ("11", "Chojnice", 53.6955, 17.5570, 39, "52"),
    ("11", "Malbork", 54.0359, 19.0266, 38, "55"),
    ("11", "Sopot", 54.4416, 18.5601, 34, "58"),
    ("12", "Katowice", 50.2649, 19.0238, 285, "32"),
    ("12", "Częstochowa", 50.8118, 19.1203, 210, "34"),
    ("12", "Sosnowiec", 50.2863, 19.1041, 190, "32"),
    ("12", "Gliwice", 50.2945, 18.6714, 175, "32"),
    ("12", "Bielsko-Biała", 49.8224, 19.0584, 168, "33"),
    ("12", "Bytom", 50.3483, 18.9157, 160, "32"),
    ("12", "Zabrze", 50.3249, 18.7857, 155, "32"),
    ("12", "Rybnik", 50.1022, 18.5463, 135, "32"),
    ("12", "Tychy", 50.1358, 18.9660, 125, "32"),
    ("12", "Jastrzębie-Zdrój", 49.9557, 18.5775, 87, "32"),
    ("12", "Cieszyn", 49.7496, 18.6321, 34, "33"),
    ("13", "Kielce", 50.8661, 20.6286, 185, "41"),
    ("13", "Ostrowiec Świętokrzyski", 50.9294, 21.3853, 66, "41"),
    ("13", "Starachowice", 51.0374, 21.0712, 47, "41"),
    ("13", "Skarżysko-Kamienna", 51.1130, 20.8600, 44, "41"),
    ("13", "Końskie", 51.1919, 20.4064, 19, "41"),
    ("13", "Sandomierz", 50.6820, 21.7486, 23, "15"),
    ("13", "Busko-Zdrój", 50.4706, 20.7186, 15, "41"),
    ("13", "Jędrzejów", 50.6387, 20.3047, 15, "41"),
    ("14", "Olsztyn", 53.7784, 20.4801, 170, "89"),
    ("14", "Elbląg", 54.1522, 19.4088, 115, "55"),
    ("14", "Ełk", 53.8282, 22.3647, 61, "87"),
    ("14", "Ostróda", 53.6961, 19.9648, 32, "89"),
    ("14", "Iława", 53.5963, 19.5686, 32, "89"),
    ("14", "Giżycko", 54.0381, 21.7641, 29, "87"),
    ("14", "Kętrzyn", 54.0763, 21.3752, 26, "89"),
    ("14", "Mrągowo", 53.8644, 21.3052, 21, "89"),
    ("14", "Bartoszyce", 54.2538, 20.8089, 23, "89"),
    ("15", "Poznań", 52.4064, 16.9252, 540, "61"),
    ("15", "Kalisz", 51.7611, 18.0910, 98, "62"),
    ("15", "Konin", 52.2230, 18.2511, 72, "63"),
    ("15", "Piła", 53.1514, 16.7378, 72, "67"),
    ("15", "Ostrów Wielkopolski", 51.6552, 17.8066, 71, "62"),
    ("15", "Gniezno", 52.5348, 17.5826, 67, "61"),
    ("15", "Leszno", 51.8406, 16.5749, 62, "65"),
    ("15", "Śrem", 52.0889, 17.0147, 30, "61"),
    ("15", "Września", 52.3252, 17.5659, 30, "61"),
    ("16", "Szczecin", 53.4285, 14.5528, 390, "91"),
    ("16", "Koszalin", 54.1943, 16.1714, 105, "94"),
    ("16", "Stargard", 53.3367, 15.0500, 67, "91"),
    ("16", "Kołobrzeg", 54.1757, 15.5832, 46, "94"),
    ("16", "Świnoujście", 53.9105, 14.2471, 40, "91"),
    ("16", "Police", 53.5521, 14.5698, 32, "91"),
    ("16", "Szczecinek", 53.7085, 16.6995, 40, "94"),
    ("16", "Wałcz", 53.2714, 16.4711, 25, "67"),
)


@dataclass(frozen=True)
class Place:
    id: int
    voivodeship: str
    name: str
    latitude: float
    longitude: float
    population_k: int
    area_code: str

    @property
    def teryt(self) -> str:
        # Synthetic below the voivodeship prefix (model): stable per locality id.
        return f"{voivodeship_teryt(self.voivodeship)}{60 + self.id % 40:02d}{self.id % 100:02d}1"


PLACES: tuple[Place, ...] = tuple(
    Place(i, *row) for i, row in enumerate(sorted(LOCALITIES, key=lambda r: (r[0], r[1])), 1)
)

_FOLD = str.maketrans(
    "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ",
    "acelnoszzACELNOSZZ",
)


def fold(text: str) -> str:
    """Lower-case ASCII form for diacritics-insensitive matching: 'Łódź' -> 'lodz'."""
    return text.translate(_FOLD).casefold()


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
