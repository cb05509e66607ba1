"""The seed: deterministic, national in coverage, and as scarce as reality."""

from datetime import date, timedelta

from erej_tui.api.pesel import parse_pesel
from mock_server.db import Database
from mock_server.geo import PLACES
from mock_server.seed import Seeder, content_digest, rng, seed_database
from tests.support import CLOCK, SEED


def test_the_same_seed_gives_the_same_data_byte_for_byte(seeded_template):
    again = Database(":memory:")
    seed_database(again, SEED, CLOCK.date())
    assert content_digest(again) == content_digest(Database(seeded_template))
    other = Database(":memory:")
    seed_database(other, SEED + 1, CLOCK.date())
    assert content_digest(other) != content_digest(again)


def test_geography_and_facilities_cover_the_country(seeded_template):
    c = Database(seeded_template).conn
    assert c.execute("SELECT count(DISTINCT voivodeship) FROM localities").fetchone()[0] == 16
    assert c.execute("SELECT count(*) FROM localities").fetchone()[0] >= 60
    assert c.execute("SELECT count(*) FROM facilities").fetchone()[0] >= 300
    # NFZ-like data on every facility: provider, address, phone, TERYT, coordinates.
    incomplete = c.execute(
        "SELECT count(*) FROM facilities WHERE provider = '' OR street = '' OR phone NOT LIKE"
        " '+48 %' OR postal_code NOT GLOB '[0-9][0-9]-[0-9][0-9][0-9]' OR length(teryt) != 7"
    ).fetchone()[0]
    assert incomplete == 0
    per_service = dict(
        c.execute(
            "SELECT service, count(DISTINCT l.voivodeship) FROM facility_services fs"
            " JOIN facilities f ON f.id = fs.facility_id JOIN localities l ON l.id = f.locality_id"
            " GROUP BY service"
        ).fetchall()
    )
    first_stage = {"kardiologia", "hpv", "cytologia", "mammografia"}
    assert {code: per_service[code] for code in first_stage} == dict.fromkeys(first_stage, 16)
    # The second stage's clinics: every one somewhere, fewer than the first stage's.
    second_stage = set(per_service) - first_stage
    assert len(second_stage) == 9
    clinics = dict(c.execute("SELECT service, count(*) FROM facility_services GROUP BY service"))
    assert all(0 < clinics[code] < clinics["kardiologia"] for code in second_stage)


def test_schedules_span_120_days_from_each_services_go_live_day(seeded_template):
    c = Database(seeded_template).conn
    first, last = c.execute("SELECT min(start), max(start) FROM slots").fetchone()
    assert first.startswith((CLOCK.date() + timedelta(days=1)).isoformat())
    assert last[:10] >= (CLOCK.date() + timedelta(days=115)).isoformat()
    starts = dict(
        c.execute(
            "SELECT v.code, min(s.start) FROM services v LEFT JOIN slots s ON s.service = v.code"
            " GROUP BY v.code"
        ).fetchall()
    )
    lives = dict(c.execute("SELECT code, live_from FROM services").fetchall())
    assert all(starts[code] and starts[code][:10] >= lives[code] for code in lives)
    # A clinic that joins CeR on 1 January 2027 has no term in CeR before it.
    assert lives["zakazne"] == "2027-01-01" and starts["zakazne"] > "2027-01-01"


def _first_free(c, service, voivodeship=None, min_population=0):
    return c.execute(
        "SELECT min(s.start) FROM slots s JOIN facilities f ON f.id = s.facility_id"
        " JOIN localities l ON l.id = f.locality_id WHERE s.service = ? AND s.state = 'free'"
        " AND (? IS NULL OR l.voivodeship = ?) AND l.population_k >= ?",
        (service, voivodeship, voivodeship, min_population),
    ).fetchone()[0]


def test_cardiology_is_scarce_and_screenings_are_easy_in_cities(seeded_template):
    c = Database(seeded_template).conn
    today = CLOCK.date()
    # First cardiology visits are weeks away everywhere...
    first_cardio = date.fromisoformat(_first_free(c, "kardiologia")[:10])
    assert first_cardio >= today + timedelta(days=14)
    # ...and in some voivodeships there is none within the waiting room's 40 days.
    limit = (today + timedelta(days=40)).isoformat()
    none_within_40 = [
        v
        for (v,) in c.execute("SELECT DISTINCT voivodeship FROM localities")
        if (_first_free(c, "kardiologia", v) or "9999") > limit
    ]
    assert none_within_40
    # Screenings in big cities are a few days away.
    first_city = date.fromisoformat(_first_free(c, "mammografia", min_population=150)[:10])
    assert first_city <= today + timedelta(days=7)
    # Most slots are already taken by other patients.
    free, total = c.execute("SELECT sum(state = 'free'), count(*) FROM slots").fetchone()
    assert free / total < 0.4


def test_demo_patients_have_valid_pesels_matching_their_story(seeded_template):
    c = Database(seeded_template).conn
    rows = c.execute(
        "SELECT pesel, sex, birth_date, demo_description FROM patients"
        " WHERE demo_description IS NOT NULL"
    ).fetchall()
    assert len(rows) >= 7
    for pesel, sex, born, _ in rows:
        decoded = parse_pesel(pesel)
        assert decoded.sex.value == sex
        assert decoded.birth_date.isoformat() == born


def test_national_scale_for_benchmarks_reports_progress(tmp_path):
    db = Database(tmp_path / "national.sqlite3")
    calls: list[tuple[int, int]] = []
    seed_database(
        db, SEED, CLOCK.date(), "national", lambda done, total, _: calls.append((done, total))
    )
    c = db.conn
    assert c.execute("SELECT count(*) FROM facilities").fetchone()[0] >= 1000
    assert c.execute("SELECT count(*) FROM slots").fetchone()[0] >= 1_000_000
    # The progress callback climbs to its total.
    assert calls[-1][0] == calls[-1][1] and len(calls) > 10
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_addresses_have_their_localitys_postal_codes(seeded_template):
    c = Database(seeded_template).conn
    codes: dict[str, set[str]] = {}
    for name, code in c.execute(
        "SELECT l.name, f.postal_code FROM facilities f JOIN localities l ON l.id = f.locality_id"
    ):
        codes.setdefault(name, set()).add(code)
    # As on a Polish envelope: Kraków 30-/31-, Warszawa 00- to 04-, Gdańsk 80-, Opole 45-.
    assert {code[:2] for code in codes["Kraków"]} <= {"30", "31"}
    assert {code[:2] for code in codes["Warszawa"]} <= {"00", "01", "02", "03", "04"}
    assert {code[:2] for code in codes["Gdańsk"]} == {"80"}
    assert codes["Opole"] and all(code.startswith("45-") for code in codes["Opole"])
    assert codes["Zakopane"] and all(code.startswith("34-5") for code in codes["Zakopane"])


def test_no_two_facilities_share_a_name_in_one_locality(seeded_template):
    c = Database(seeded_template).conn
    shared = c.execute(
        "SELECT name, locality_id FROM facilities GROUP BY name, locality_id HAVING count(*) > 1"
    ).fetchall()
    assert shared == []
    # A big city at the national scale has more clinics of a kind than there are brands:
    # later ones are numbered branches, still one name each.
    warszawa = next(p for p in PLACES if p.name == "Warszawa")
    taken: set[str] = set()
    names = [
        Seeder._facility_name(rng(SEED, "t", n), "Pracownia Mammografii", warszawa, taken)[0]
        for n in range(40)
    ]
    assert len(set(names)) == 40
    assert "Pracownia Mammografii „Vita” nr 2 – Warszawa" in names


def test_a_database_of_an_earlier_schema_is_seeded_again(seeded_template, tmp_path):
    """An earlier release's data directory: the mock's data is generated, so the file is
    emptied and seeded again (with the first run's progress) rather than migrated."""
    from erej_tui.embedded import DB_NAME, needs_seeding
    from mock_server.clock import VirtualClock
    from mock_server.registry import Registry

    path = tmp_path / DB_NAME
    path.write_bytes(seeded_template.read_bytes())
    assert not needs_seeding(tmp_path)
    old = Database(path)
    with old.tx() as c:
        c.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        c.execute("UPDATE patients SET first_name = 'Stara' WHERE id = 1")  # undone by a reseed
    old.close()
    assert needs_seeding(tmp_path)
    registry = Registry(Database(path), VirtualClock(CLOCK), seed=SEED)
    assert registry.ensure_seeded()
    assert not needs_seeding(tmp_path)
    assert content_digest(registry.db) == content_digest(Database(seeded_template))
