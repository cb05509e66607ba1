"""`erej` headless subcommands end to end, on the embedded backend (fixed seed and clock)."""

from __future__ import annotations

import gc
import io
import json
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from erej_tui.api.embedded import DB_NAME
from erej_tui.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def data_dir(seeded_template, tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    shutil.copyfile(seeded_template, path / DB_NAME)
    return path


@pytest.fixture
def erej(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EREJ_DATA_DIR", str(data_dir))
    monkeypatch.setenv("EREJ_CLOCK", "2026-12-01T08:00")
    monkeypatch.setenv("EREJ_CONFIG_FILE", str(tmp_path / "absent.toml"))
    for name in ("EREJ_BACKEND", "EREJ_LANG", "EREJ_THEME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*argv: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def pesel_of(erej, name: str) -> str:
    return next(p["pesel"] for p in erej("demo-patients", "--json").json() if p["name"] == name)


def login(erej, name: str) -> None:
    assert (
        erej("login", "--pesel", pesel_of(erej, name), "--password-stdin", stdin="demo\n").code == 0
    )


def test_demo_patients_human_and_json(erej):
    human = erej("demo-patients")
    assert human.code == 0 and "Anna Kowalska" in human.out and "Hasło" in human.out
    patients = erej("demo-patients", "--json").json()
    assert {"pesel", "password", "name", "description"} <= set(patients[0])
    assert len(patients) == 7
    english = erej("--lang", "en", "demo-patients")
    assert "Woman, 58: may book a cervical smear" in english.out and "Kobieta" not in english.out
    assert patients[0]["description_en"].startswith("Woman, 58")


def test_login_whoami_logout(erej):
    assert erej("whoami").code == 4
    pesel = pesel_of(erej, "Anna Kowalska")
    r = erej("login", "--pesel", pesel, "--password-stdin", stdin="demo\n")
    assert r.code == 0 and "Zalogowano jako Anna Kowalska" in r.out
    who = erej("whoami")
    assert who.code == 0 and pesel in who.out and "+48 601 234 567" in who.out
    assert erej("whoami", "--json").json()["pesel"] == pesel
    out = erej("logout")
    assert out.code == 0 and "Wylogowano" in out.out
    assert erej("whoami").code == 4


def test_login_json_never_shows_the_token(erej, memory_keyring):
    r = erej(
        "login",
        "--pesel",
        pesel_of(erej, "Anna Kowalska"),
        "--password-stdin",
        "--json",
        stdin="demo\n",
    )
    body = r.json()
    assert body["patient"]["first_name"] == "Anna" and "token" not in body
    (token,) = memory_keyring.secrets.values()
    assert token not in r.out and token not in r.err


def test_login_refusals(erej):
    bad = erej("login", "--pesel", "44051401358", "--password-stdin", stdin="demo\n")
    assert bad.code == 2 and "kontrolna" in bad.err
    wrong = erej(
        "login", "--pesel", pesel_of(erej, "Anna Kowalska"), "--password-stdin", stdin="nie-to\n"
    )
    assert wrong.code == 1 and "Błędny PESEL lub hasło" in wrong.err
    short = erej("--lang", "en", "login", "--pesel", "4405", "--password-stdin", stdin="demo\n")
    assert short.code == 2 and "A PESEL has 11 digits, not 4." in short.err
    wrong = erej(
        "--lang",
        "en",
        "login",
        "--pesel",
        pesel_of(erej, "Anna Kowalska"),
        "--password-stdin",
        stdin="nie-to\n",
    )
    assert wrong.code == 1 and "Wrong PESEL or password." in wrong.err
    empty = erej("login", "--pesel", "44051401359", "--password-stdin", stdin="\n")
    assert empty.code == 2


def test_services_human_json_and_english(erej):
    login(erej, "Katarzyna Wiśniewska")
    human = erej("services")
    assert human.code == 0 and "Mammografia" in human.out and "od 1 stycznia 2035" in human.out
    services = erej("services", "--json").json()
    assert [s["code"] for s in services] == ["kardiologia", "cytologia", "mammografia"]
    english = erej("services", "--lang", "en")
    assert "Mammography" in english.out and "Can book?" in english.out


def test_localities_without_diacritics(erej):
    r = erej("localities", "lodz")
    assert r.code == 0 and "Łódź" in r.out
    assert erej("localities", "zielona", "--json").json()[0]["name"] == "Zielona Góra"


def test_slots_search_human_json_and_paging(erej):
    login(erej, "Anna Kowalska")
    human = erej(
        "slots", "--service", "mammografia", "--near", "Krakow", "--radius", "30", "--limit", "3"
    )
    assert human.code == 0 and "grudnia 2026" in human.out and "km" in human.out
    assert "--cursor" in human.err
    page = erej(
        "slots",
        "-s",
        "mammo",
        "--near",
        "Kraków",
        "--radius",
        "30",
        "--limit",
        "3",
        "--hours",
        "8-12",
        "--from",
        "+3",
        "--json",
    ).json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    for slot in page["items"]:
        start = datetime.fromisoformat(slot["start"])
        assert 8 <= start.hour < 12 and start.date() >= date(2026, 12, 4)
    nxt = erej(
        "slots",
        "-s",
        "mammografia",
        "--near",
        "Kraków",
        "--radius",
        "30",
        "--limit",
        "3",
        "--hours",
        "8-12",
        "--from",
        "+3",
        "--cursor",
        page["next_cursor"],
        "--json",
    ).json()
    assert {s["id"] for s in nxt["items"]}.isdisjoint({s["id"] for s in page["items"]})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-s", "okulistyka"], "Nie znam świadczenia"),
        (["-s", "mammografia", "--near", "gora"], "pasuje do kilku"),
        (["-s", "mammografia", "--near", "Atlantyda"], "Nie znam miejscowości"),
        (["-s", "mammografia", "-w", "bawaria"], "Nie znam województwa"),
        (["-s", "mammografia", "--hours", "rano"], "Godziny"),
        (["-s", "mammografia", "--from", "jutro"], "Datę podaj"),
        (["-s", "mammografia", "--from", "2026-12-20", "--to", "2026-12-10"], "wcześniejsza"),
        (
            ["--lang", "en", "-s", "mammografia", "--from", "2026-12-20", "--to", "2026-12-10"],
            "The end date is before the start date.",
        ),
        (["--lang", "en", "-s", "mammografia", "--hours", "15-8"], "The end hour must be later"),
        (["-s", "mammografia", "--from", "2026-11-01"], "przeszłości"),
    ],
)
def test_bad_search_input_is_a_usage_error(erej, args, message):
    login(erej, "Anna Kowalska")
    r = erej("slots", *args)
    assert r.code == 2 and message in r.err
    assert "Traceback" not in r.err


def first_slot_id(erej, service="mammografia", place="Kraków") -> int:
    page = erej("slots", "-s", service, "--near", place, "--radius", "50", "--limit", "2", "--json")
    return page.json()["items"][0]["id"]


def test_book_visits_show_reschedule_cancel(erej, tmp_path):
    login(erej, "Anna Kowalska")
    ids = [
        s["id"]
        for s in erej(
            "slots", "-s", "mammografia", "--near", "Kraków", "--limit", "2", "--json"
        ).json()["items"]
    ]
    booked = erej("book", str(ids[0]))
    assert booked.code == 0 and "Zarezerwowano wizytę nr ER/2026/" in booked.out
    assert "SMS +48 601 234 567" in booked.out
    again = erej("book", str(ids[1]))
    assert again.code == 1 and "Masz już umówioną wizytę" in again.err

    visits = erej("visits", "--json").json()
    assert len(visits) == 1 and visits[0]["status"] == "booked"
    appt_id = str(visits[0]["id"])
    assert "umówiona" in erej("visits").out
    english = erej("--lang", "en", "visits").out
    assert "Mammography (breast cancer screening)" in english and "Mammografia" not in english
    assert visits[0]["service_name_en"] == "Mammography (breast cancer screening)"
    shown = erej("show", appt_id, "--ics", str(tmp_path / "visit.ics"))
    assert shown.code == 0 and "Historia" in shown.out and "przez pacjenta" in shown.out
    assert b"BEGIN:VEVENT" in (tmp_path / "visit.ics").read_bytes()
    english = erej("--lang", "en", "show", appt_id).out
    assert "Booked by the patient." in english and "Zarezerwowano" not in english

    moved = erej("reschedule", appt_id, str(ids[1]), "--json").json()
    assert moved["history"][-1]["kind"] == "rescheduled"
    cancelled = erej("cancel", appt_id, "--yes")
    assert cancelled.code == 0 and "Odwołano wizytę" in cancelled.out
    assert erej("cancel", appt_id, "--yes").code == 1
    assert erej("visits", "--json").json() == []
    assert erej("visits", "--all", "--json").json()[0]["status"] == "cancelled"
    assert erej("show", "999999").code == 1


def test_ineligible_booking_exits_1_with_the_reason(erej):
    login(erej, "Helena Wójcik")
    r = erej("book", str(first_slot_id(erej)))
    assert r.code == 1 and "do 74 lat" in r.err


def test_cardiology_with_referral(erej):
    login(erej, "Jan Nowak")
    slot = erej("slots", "-s", "kardiologia", "--referral", "1234", "--limit", "1", "--json")
    slot_id = str(slot.json()["items"][0]["id"])
    wrong = erej("book", slot_id, "--referral", "9999")
    assert wrong.code == 1 and "9999" in wrong.err
    ok = erej("book", slot_id, "--referral", "1234", "--json")
    assert ok.code == 0 and ok.json()["referral_code"] == "1234"


def scarce_voivodeship(erej) -> str:
    for code in range(1, 17):
        page = erej("slots", "-s", "kardiologia", "-w", f"{code:02d}", "--to", "+40", "--json")
        if not page.json()["items"]:
            return f"{code:02d}"
    raise AssertionError("no voivodeship without cardiology within 40 days")


def test_waitlist_join_list_leave(erej):
    login(erej, "Jan Nowak")
    code = scarce_voivodeship(erej)
    nothing = erej("slots", "-s", "kardiologia", "-w", code, "--to", "+40")
    assert "poczekalni" in nothing.out
    joined = erej(
        "waitlist", "join", "-s", "kardiologia", "-w", code, "--to", "+40", "--referral", "1234"
    )
    assert joined.code == 0 and "Miejsce w kolejce: 1" in joined.out
    entries = erej("waitlist", "list", "--json").json()
    assert entries[0]["status"] == "waiting" and entries[0]["predicted_date"]
    human = erej("waitlist", "list")
    assert "czeka" in human.out and "województwo" in human.out
    left = erej("waitlist", "leave", str(entries[0]["id"]))
    assert left.code == 0 and "Wypisano" in left.out
    assert erej("waitlist", "leave", str(entries[0]["id"])).code == 1


def test_waitlist_refused_while_slots_fit(erej):
    login(erej, "Anna Kowalska")
    r = erej("waitlist", "join", "-s", "mammografia", "--near", "Kraków")
    assert r.code == 1 and "wolne terminy" in r.err


def test_notifications_human_and_json(erej):
    login(erej, "Anna Kowalska")
    assert "Brak powiadomień" in erej("notifications").out
    erej("book", str(first_slot_id(erej)))
    items = erej("notifications", "--json").json()
    assert {n["channel"] for n in items} == {"sms", "email"}
    human = erej("notifications")
    assert "potwierdzamy rezerwację" in human.out and "SMS" in human.out


def test_contact_show_update_and_validation(erej):
    login(erej, "Anna Kowalska")
    assert "+48 601 234 567" in erej("contact").out
    r = erej("contact", "--phone", "699 000 111", "--channels", "sms", "--json")
    assert r.code == 0 and r.json() == {
        "phone": "+48 699 000 111",
        "email": "anna.kowalska@example.pl",
        "channels": ["sms"],
    }
    bad = erej("contact", "--email", "anna@")
    assert bad.code == 2 and "Podaj prawidłowy adres e-mail" in bad.err
    bad = erej("--lang", "en", "contact", "--phone", "12345")
    assert bad.code == 2 and "Give a Polish mobile number" in bad.err
    no_phone = erej("contact", "--phone", "", "--channels", "sms")
    assert no_phone.code == 2 and "numer telefonu" in no_phone.err


def test_an_unreachable_backend_exits_3(erej):
    r = erej("--backend", "http://127.0.0.1:9", "localities", "krak")
    assert r.code == 3 and "połączyć" in r.err


def test_demo_patients_only_on_the_embedded_backend(erej):
    r = erej("demo-patients", "--backend", "http://127.0.0.1:9")
    assert r.code == 2


def test_a_revoked_session_returns_to_login_with_exit_4(erej, data_dir):
    login(erej, "Anna Kowalska")
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.execute("UPDATE sessions SET revoked = 1")
    r = erej("whoami")
    assert r.code == 4 and "Sesja wygasła" in r.err
    assert erej("whoami").code == 4 and "Nie jesteś zalogowany" in erej("whoami").err


def test_a_config_error_exits_2(erej, tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("lang = 'klingon'\n", encoding="utf-8")
    r = erej("--config", str(bad), "localities", "krak")
    assert r.code == 2 and "lang" in r.err


def test_mock_subcommand_is_erej_mock(erej, capsys):
    with pytest.raises(SystemExit) as info:
        erej("mock", "--help")
    assert info.value.code == 0
    assert "--admin-token" in capsys.readouterr().out


def test_plain_erej_starts_the_tui_with_its_settings(erej, monkeypatch, tmp_path):
    started = []

    def run_tui(settings) -> int:
        # The app starts with the collector off; ErejApp turns it on (tests/tui/test_startup.py).
        started.append((settings, gc.isenabled()))
        gc.enable()
        return 0

    monkeypatch.setattr("erej_tui.tui.app.run_tui", run_tui)
    assert erej("--lang", "en", "--theme", "light", "--data-dir", str(tmp_path)).code == 0
    assert erej().code == 0
    assert [collecting for _, collecting in started] == [False, False]
    (english, _), (default, _) = started
    assert (english.lang, english.theme, english.data_dir) == ("en", "light", tmp_path)
    assert default.lang == "pl" and default.embedded


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lang", "xx"], "erej: błąd: argument --lang: niedozwolona wartość: 'xx'"),
        (["--backend"], "oczekiwano jednej wartości"),
        (["nonsense"], "niedozwolona wartość"),
        (["--bogus"], "nieznane argumenty: --bogus"),
        (["--lang"], "argument --lang: oczekiwano jednej wartości"),
        (["slots"], "erej slots: błąd: brak wymaganych argumentów: --service"),
        (["book", "abc"], "nieprawidłowa wartość (int): 'abc'"),
        (["--lang", "en", "--backend"], "erej: error: argument --backend: expected one argument"),
        (["--lang", "en", "--bogus"], "unknown arguments: --bogus"),
    ],
)
def test_wrong_arguments_are_usage_errors_in_the_ui_language(erej, capsys, args, message):
    with pytest.raises(SystemExit) as info:
        erej(*args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    usage = "usage: erej" if "en" in args else "użycie: erej"
    assert message in err and err.startswith(usage)


def test_help_lists_the_subcommands(erej, capsys):
    with pytest.raises(SystemExit) as info:
        erej("--help")
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "PODKOMENDA" in out and "reschedule" in out
    assert "argumenty pozycyjne" in out and "pokaż tę pomoc" in out  # argparse's own words


def test_help_in_english_by_flag_setting_or_config(erej, capsys, monkeypatch, tmp_path):
    def help_of(*argv: str) -> str:
        with pytest.raises(SystemExit) as info:
            erej(*argv, "--help")
        assert info.value.code == 0
        return capsys.readouterr().out

    english = help_of("--lang", "en")
    assert "COMMAND" in english and "move a visit to another slot" in english
    assert "PODKOMENDA" not in english and "zmień termin" not in english
    monkeypatch.setenv("EREJ_LANG", "en")
    slots = help_of("slots")
    assert "from YYYY-MM-DD or +N days" in slots and "RRRR" not in slots
    assert "zmień termin" in help_of("--lang", "pl")  # the flag before the setting
    monkeypatch.delenv("EREJ_LANG")
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\n')
    assert "the waiting room: join, list, leave" in help_of("--config", str(config))
    config.write_text('lang = "de"\n')  # a config file in error: the help in Polish
    assert "poczekalnia: join, list, leave" in help_of("--config", str(config))


def test_names_and_input_with_brackets_are_printed_as_written(erej, data_dir):
    """Rich reads "[...]" as markup: a bracket in the backend's words (or in what was typed)
    must neither vanish nor end the command with a MarkupError."""
    mark = " [/b][NZOZ]"
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.execute("UPDATE facilities SET name = name || ?", (mark,))
        db.execute("UPDATE services SET name = name || ?", (mark,))
        db.execute("UPDATE patients SET last_name = last_name || ?", (mark,))
    patients = erej("demo-patients")
    assert patients.code == 0 and f"Anna Kowalska{mark}" in patients.out
    login(erej, f"Anna Kowalska{mark}")
    services = erej("services")
    assert services.code == 0 and f"piersi){mark}" in services.out
    slots = erej("slots", "--service", "mammografia", "--near", "Kraków")
    assert slots.code == 0 and "[/b][NZOZ]" in slots.out
    unknown = erej("slots", "--service", "mammografia", "--near", "Kra[/b]")
    assert unknown.code == 2 and "Kra[/b]" in unknown.err
