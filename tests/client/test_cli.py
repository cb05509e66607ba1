"""`erej` headless subcommands end to end, on the embedded backend (fixed seed and clock)."""

from __future__ import annotations

import asyncio
import gc
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta

import httpx
import pytest
import respx

from erej_tui.api.timefmt import day as spelt_out
from erej_tui.embedded import DB_NAME
from tests.support import CLOCK


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
    assert len(patients) == 11  # the two guardians too; their children have no login
    english = erej("--lang", "en", "demo-patients")
    assert "Woman, 58: may book an HPV test" in english.out and "Kobieta" not in english.out
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


def test_referrals_lists_the_patients_e_referrals(erej, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    assert erej("referrals").code == 4  # logged out
    login(erej, "Jan Nowak")
    listed = erej("referrals")
    assert listed.code == 0
    assert re.search(r"1234\s+Pierwsza wizyta u kardiologa\s+stabilny", listed.out)
    assert "lek. Ewa Nowicka" in listed.out and "niewykorzystane" in listed.out
    (held,) = erej("referrals", "--json").json()
    assert held["status"] == "unused" and held["urgency"] == "stabilny"
    english = erej("--lang", "en", "referrals")
    assert "stable" in english.out and "unused" in english.out
    login(erej, "Anna Kowalska")
    none = erej("referrals")
    assert none.code == 0 and "Nie masz e-skierowań." in none.out
    assert erej("referrals", "--json").json() == []


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


def test_login_with_a_servers_own_token(erej, memory_keyring):
    """`--token-stdin`: a token the server issued elsewhere (a FHIR server's) becomes the
    session once the server says whose it is; a refused one leaves the session alone."""
    pesel = pesel_of(erej, "Jan Nowak")
    assert erej("login", "--pesel", pesel, "--password-stdin", stdin="demo\n").code == 0
    (token,) = memory_keyring.secrets.values()
    again = erej("login", "--token-stdin", "--json", stdin=token + "\n")
    assert again.code == 0 and again.json()["patient"]["pesel"] == pesel
    assert token not in again.out and token not in again.err
    refused = erej("login", "--token-stdin", stdin="not-a-token\n")
    assert refused.code == 4 and "nie przyjął tego tokenu" in refused.err
    assert erej("whoami").code == 0  # the saved session still works
    empty = erej("login", "--token-stdin", stdin="\n")
    assert empty.code == 2 and "Pusty token" in empty.err


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
    assert [s["code"] for s in services][:4] == ["kardiologia", "hpv", "cytologia", "mammografia"]
    english = erej("services", "--lang", "en")
    assert "Mammography" in english.out and "Can book?" in english.out


def test_services_say_the_terms_and_when_a_second_stage_clinic_goes_live(erej):
    login(erej, "Tomasz Mazur")
    services = {s["code"]: s for s in erej("services", "--json").json()}
    assert services["hpv"]["terms"].startswith("Kobiety 25–64 lat, co 5 lat")
    infectious = services["zakazne"]
    assert (infectious["stage"], infectious["live_from"]) == (2, "2027-01-01")
    assert infectious["eligibility"]["reason"] == "not-yet-live"
    login(erej, "Anna Kowalska")
    human = erej("--lang", "en", "services")
    assert "joins the central e-registration on 1 January 2027" in human.out
    assert "every 5 years after a negative result" in human.out  # what she may book


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


def test_facilities_by_service_and_area_human_json_and_english(erej):
    login(erej, "Anna Kowalska")
    near = ["--near", "Krakow", "--radius", "20"]
    found = erej("facilities", "-s", "kardio", *near, "--limit", "0", "--json").json()
    assert found and all("kardiologia" in f["services"] for f in found)
    assert [f["distance_km"] for f in found] == sorted(f["distance_km"] for f in found)
    assert all(f["distance_km"] <= 20 for f in found)
    assert {h["weekday"] for h in found[0]["opening_hours"]} == {1, 2, 3, 4, 5}
    human = erej("facilities", "-s", "kardiologia", *near, "--limit", "2")
    assert human.code == 0
    for f in found[:2]:  # each with its phone, distance, hours and accessibility
        assert f["name"] in human.out and f["phone"] in human.out
    assert found[2]["name"] not in human.out
    assert "Godziny otwarcia: pn" in human.out and "Dostępność:" in human.out
    assert "km" in human.out and "Świadczenia:" not in human.out
    assert f"Pokazano 2 z {len(found)} placówek" in human.err
    assert "nieczynne" in human.err
    english = erej("--lang", "en", "facilities", "-w", "opolskie", "--limit", "1")
    assert "Opening hours: Mon" in english.out and "Services:" in english.out
    everywhere = erej("facilities", "--limit", "0", "--json").json()
    assert len(everywhere) > len(found) and all(f["distance_km"] is None for f in everywhere)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--radius", "5"], "--radius to odległość od miejscowości"),
        (["--near", "Kraków", "-w", "12"], "nie oba naraz"),
        (["--limit", "-1"], "--limit nie może być ujemny"),
        (["-s", "okulistyka"], "Nie znam świadczenia"),
        (["--near", "Atlantyda"], "Nie znam miejscowości"),
    ],
)
def test_bad_facilities_input_is_a_usage_error(erej, args, message):
    login(erej, "Anna Kowalska")
    r = erej("facilities", *args)
    assert r.code == 2 and message in r.err and r.out == ""


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
    number = visits[0]["number"]
    table = erej("visits").out
    assert "umówiona" in table and number in table
    assert f" {visits[0]['id']} " not in table  # one number column: the visit's number
    english = erej("--lang", "en", "visits").out
    assert "Mammography (breast cancer screening)" in english and "Mammografia" not in english
    assert visits[0]["service_name_en"] == "Mammography (breast cancer screening)"
    shown = erej("show", number, "--ics", str(tmp_path / "visit.ics"))
    assert shown.code == 0 and "Historia" in shown.out and "przez pacjenta" in shown.out
    assert b"BEGIN:VEVENT" in (tmp_path / "visit.ics").read_bytes()
    english = erej("--lang", "en", "show", number.lower()).out
    assert "Booked by the patient." in english and "Zarezerwowano" not in english
    assert erej("show", str(visits[0]["id"]), "--json").json()["number"] == number  # --json's id

    moved = erej("reschedule", number, str(ids[1]), "--yes", "--json").json()
    assert moved["history"][-1]["kind"] == "rescheduled"
    cancelled = erej("cancel", number, "--yes")
    assert cancelled.code == 0 and "Odwołano wizytę" in cancelled.out
    assert erej("cancel", number, "--yes").code == 1
    assert erej("visits", "--json").json() == []
    assert erej("visits", "--all", "--json").json()[0]["status"] == "cancelled"
    assert erej("show", "999999").code == 1
    missing = erej("show", "ER/2026/999999")
    assert missing.code == 1 and "Nie masz wizyty o numerze ER/2026/999999" in missing.err
    bad = erej("show", "wizyta-2")
    assert bad.code == 2 and "nie jest numerem wizyty" in bad.err


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
    # Rejestracja's words, as a second booking would be refused: the visit held, not the
    # referral it used.
    services = erej("services").out
    cardiology = services.split("Pierwsza wizyta u kardiologa")[1].split("Test HPV HR")[0]
    assert f"umówiona wizyta {ok.json()['number']}" in cardiology
    assert "niewykorzystanego" not in cardiology


def test_a_used_referral_is_told_as_used(erej):
    login(erej, "Piotr Lewandowski")
    services = erej("services").out
    cardiology = services.split("Pierwsza wizyta u kardiologa")[1].split("Test HPV HR")[0]
    assert "e-skierowanie 5678 zostało już" in cardiology
    assert "niewykorzystanego" not in cardiology
    english = erej("--lang", "en", "services").out
    assert "e-referral 5678 has been used already" in english


def scarce_voivodeship(erej) -> str:
    for code in range(1, 17):
        page = erej("slots", "-s", "kardiologia", "-w", f"{code:02d}", "--to", "+40", "--json")
        if not page.json()["items"]:
            return f"{code:02d}"
    raise AssertionError("no voivodeship without cardiology within 40 days")


def test_slots_as_a_calendar_of_months(erej):
    login(erej, "Anna Kowalska")
    where = ("slots", "-s", "mammografia", "--near", "Kraków", "--to", "+40")
    summary = erej(*where, "--calendar", "--json").json()
    listed = erej(*where, "--limit", "200", "--json").json()["items"]
    assert sum(d["free"] for d in summary["days"]) == len(listed)
    first = summary["days"][0]
    assert (first["day"], first["earliest"]) == (listed[0]["start"][:10], listed[0]["start"][11:16])
    human = erej(*where, "--calendar")
    assert human.code == 0
    lines = human.out.splitlines()
    assert lines[0].startswith("grudzień 2026") and "░ 1-2" in lines[0]
    assert any(line.startswith("styczeń 2027") for line in lines)
    busiest = max(summary["days"], key=lambda d: d["free"])
    day = int(busiest["day"][8:])
    assert busiest["free"] >= 10  # many: the full block and the count
    assert any(f"{day:>3} █{busiest['free']:>3}" in line for line in lines)
    assert " 25*" in human.out  # Christmas, a holiday
    assert "wolnych terminów, od" in lines[-1] or "wolne terminy, od" in lines[-1]
    english = erej("--lang", "en", *where, "--calendar")
    assert english.out.startswith("December 2026") and "free slot" in english.out


def test_waitlist_join_list_leave(erej, monkeypatch):
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
    monkeypatch.setenv("COLUMNS", "80")  # a plain terminal: the dates and category stay whole
    narrow = erej("waitlist", "list").out
    forecast = date.fromisoformat(entries[0]["predicted_date"]).strftime("%d.%m.%Y")
    assert forecast in narrow and "stabilny" in narrow and "Prognoza" in narrow
    assert max(map(len, narrow.splitlines())) <= 80
    # The likely range, and the numbers behind it.
    outlook = entries[0]["outlook"]
    likely_from = date.fromisoformat(outlook["likely_from"]).strftime("%d.%m.%Y")
    assert likely_from in narrow and "Miejsce w kolejce: 1." in narrow
    assert len(outlook["weeks"]) == 8 and outlook["rate_per_week"] > 0
    assert outlook["likely_from"] <= entries[0]["predicted_date"] <= outlook["likely_to"]
    assert f"#{entries[0]['id']}" not in joined.out and "u kardiologa" in joined.out
    left = erej("waitlist", "leave", "kardio", "--yes")
    assert left.code == 0 and "Wypisano z poczekalni: Pierwsza wizyta u kardiologa" in left.out
    assert erej("waitlist", "leave", str(entries[0]["id"]), "--yes").code == 1
    gone = erej("waitlist", "leave", "kardiologia", "--yes")
    assert gone.code == 1 and "Nie czekasz w poczekalni" in gone.err


def test_joining_with_a_limit_before_the_likely_dates_says_so(erej):
    login(erej, "Jan Nowak")
    code = scarce_voivodeship(erej)
    joined = erej(
        "waitlist", "join", "-s", "kardiologia", "-w", code, "--to", "+4", "--referral", "1234"
    )
    limit = CLOCK.date() + timedelta(days=4)
    said = " ".join(joined.out.split())
    assert joined.code == 0 and f"Szukamy do {limit.day} grudnia 2026." in said
    assert f"wypada po {limit.day} grudnia 2026: wpis może się zakończyć bez terminu" in said
    entry = erej("waitlist", "list", "--json").json()[0]
    likely_to = date.fromisoformat(entry["outlook"]["likely_to"])
    assert likely_to > limit and f"a {spelt_out(likely_to)};" in said  # the range it speaks of


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


@respx.mock
def test_demo_patients_need_the_embedded_backend_or_an_accepted_admin_token(erej):
    server = "http://contract.test"
    respx.get(f"{server}/api/v1/health").respond(
        json={"status": "ok", "now": "2026-12-01T08:00:00+01:00", "seed": 42}
    )
    clock = respx.get(f"{server}/_mock/clock")
    clock.respond(403, json={"type": "x", "title": "Brak uprawnień", "status": 403})
    patients = respx.get(f"{server}/_mock/patients")
    patients.respond(
        json=[
            {
                "pesel": "68010301102",
                "password": "demo",
                "name": "Anna Kowalska",
                "description": "Kobieta, 58 lat",
            }
        ]
    )
    r = erej("demo-patients", "--backend", server)
    assert r.code == 2 and "--admin-token" in r.err and not clock.called
    r = erej("demo-patients", "--backend", server, "--admin-token", "wrong")
    assert r.code == 2 and clock.called and not patients.called
    clock.respond(json={"now": "2026-12-01T08:00:00+01:00", "fixed": True})
    r = erej("demo-patients", "--backend", server, "--admin-token", "right")
    assert r.code == 0 and "Anna Kowalska" in r.out
    assert patients.calls.last.request.headers["X-Admin-Token"] == "right"
    assert "right" not in r.out + r.err  # a secret: never printed


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

    def run_tui(settings, **_) -> int:
        # The app starts with the collector off; ErejApp turns it on (tests/tui/test_startup.py).
        started.append((settings, gc.isenabled()))
        gc.enable()
        return 0

    monkeypatch.setattr("erej_tui.tui.app.run_tui", run_tui)
    monkeypatch.setattr("erej_tui.cli._has_terminal", lambda: True)
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


class Terminal(io.StringIO):
    """Standard input that is a terminal, with what the person types."""

    def isatty(self) -> bool:
        return True


def booked_number(erej, name="Anna Kowalska") -> str:
    login(erej, name)
    assert erej("book", str(first_slot_id(erej))).code == 0
    return erej("visits", "--json").json()[0]["number"]


@pytest.mark.parametrize("stdin", ["", "n\n", "t\n", "yes\n"])
def test_destructive_commands_without_a_terminal_need_yes_and_change_nothing(erej, stdin):
    number = booked_number(erej)
    other_slot = erej(
        "slots", "-s", "mammografia", "--near", "Kraków", "--limit", "3", "--json"
    ).json()["items"][-1]["id"]
    for argv in (
        ["cancel", number],
        ["reschedule", number, str(other_slot)],
        ["waitlist", "leave", "mammografia"],
        ["cancel", number, "--json"],
    ):
        r = erej(*argv, stdin=stdin)  # a pipe or a file: no terminal to ask in
        assert r.code == 2, (argv, r)
        assert "--yes" in r.err and "wymaga Twojego potwierdzenia" in r.err
    (visit,) = erej("visits", "--json").json()
    assert visit["number"] == number and visit["status"] == "booked"
    assert len(visit["history"]) == 1
    assert "--yes" in erej("--lang", "en", "cancel", number).err


def test_at_a_terminal_only_a_yes_cancels(erej, monkeypatch):
    number = booked_number(erej)
    monkeypatch.setattr(io, "StringIO", Terminal)  # erej() types into a terminal from here
    for typed in ("\n", "n\n", "nie\n"):
        r = erej("cancel", number, stdin=typed)
        assert r.code == 1 and "Nie odwołano wizyty" in r.out
        assert f"Odwołać wizytę nr {number}" in r.err  # asked on stderr
    assert erej("visits", "--json").json()[0]["status"] == "booked"
    r = erej("cancel", number, stdin="t\n")
    assert r.code == 0 and "Odwołano wizytę" in r.out
    assert erej("visits", "--json").json() == []


def test_rerun_after_a_lost_answer_reports_the_booking_it_made(erej, monkeypatch):
    """The booking is made, the answer is lost on every attempt (exit 3); the same command
    run again gets that booking, not "someone booked this slot a moment ago"."""
    from erej_tui.embedded import EmbeddedTransport

    send = EmbeddedTransport.handle_async_request
    lost = {"left": 0}

    async def losing(self, request):
        response = await send(self, request)
        if request.url.path.endswith("/appointments") and request.method == "POST" and lost["left"]:
            lost["left"] -= 1
            raise httpx.ReadError("the answer was lost", request=request)
        return response

    monkeypatch.setattr(EmbeddedTransport, "handle_async_request", losing)
    login(erej, "Anna Kowalska")
    slot = str(first_slot_id(erej))
    lost["left"] = 3  # the first try and both retries
    first = erej("book", slot)
    assert first.code == 3 and "przerwane" in first.err
    again = erej("book", slot)
    assert again.code == 0, again
    assert "Zarezerwowano wizytę nr ER/2026/" in again.out
    (visit,) = erej("visits", "--json").json()
    assert visit["number"] in again.out
    # Settled: a third run is a new request, refused as the rules say.
    third = erej("book", slot)
    assert third.code == 1 and "przed chwilą" in third.err


UNREACHABLE = "http://127.0.0.1:9"


@pytest.mark.parametrize(
    "argv",
    [
        ["services"],
        ["whoami"],
        ["visits"],
        ["notifications"],
        ["contact"],
        ["slots", "-s", "mammografia"],
        ["book", "1"],
        ["show", "ER/2026/000001"],
        ["cancel", "ER/2026/000001", "--yes"],
        ["reschedule", "ER/2026/000001", "2", "--yes"],
        ["waitlist", "list"],
        ["waitlist", "leave", "kardiologia", "--yes"],
        ["localities", "krak"],
        ["facilities", "--near", "krak"],
        ["demo-patients"],
        ["logout"],
        ["login", "--pesel", "68010301102", "--password-stdin"],
    ],
)
def test_an_unreachable_backend_exits_3_for_every_command(erej, argv):
    r = erej("--backend", UNREACHABLE, *argv, stdin="demo\n")
    assert r.code == 3, r
    assert "Nie można połączyć się z serwerem" in r.err


def test_a_locality_not_found_is_said_and_exits_2(erej):
    r = erej("localities", "zzz")
    assert r.code == 2 and "Nie znaleziono miejscowości „zzz”" in r.err and r.out == ""
    r = erej("localities", "zzz", "--json")
    assert r.code == 2 and r.out == "[]\n"
    assert erej("localities", "krak").code == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["demo-patients"],
        ["services"],
        ["localities", "krak"],
        ["slots", "-s", "mammografia", "--limit", "2"],
        ["facilities", "-s", "mammografia", "--limit", "2"],
        ["visits"],
        ["whoami"],
        ["contact"],
        ["notifications"],
        ["waitlist", "list"],
        ["keys"],
    ],
)
def test_json_output_is_one_document_ending_with_a_newline(erej, argv):
    login(erej, "Anna Kowalska")
    r = erej(*argv, "--json")
    assert r.code == 0 and r.out.endswith("}\n") or r.out.endswith("]\n"), r
    json.loads(r.out)


def test_plain_erej_without_a_terminal_names_the_subcommands(erej):
    r = erej()
    assert r.code == 2
    assert "potrzebuje terminala" in r.err
    assert "services, referrals, localities, slots, facilities, book" in r.err


def test_plain_erej_on_a_pipe_exits_at_once(tmp_path):
    """As a script runs it: stdin from /dev/null, stdout a pipe. It used to spin forever."""
    env = {**os.environ, "EREJ_DATA_DIR": str(tmp_path), "EREJ_LANG": "en"}
    env.pop("TEXTUAL_DRIVER", None)
    done = subprocess.run(
        [sys.executable, "-m", "erej_tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "needs a terminal" in done.stderr


def test_visit_numbers_not_row_ids_in_what_people_read(erej):
    number = booked_number(erej)
    services = erej("services").out
    assert f"umówiona wizyta {number}" in services and "#" not in services


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["contact", "--channels", "fax"],
            "--channels: niedozwolona wartość (dozwolone: 'sms' lub",
        ),
        (
            ["slots", "-s", "mammo", "--near", "Kraków", "--radius", "0"],
            "--radius: wartość za mała",
        ),
        (["slots", "-s", "mammo", "--near", "Kraków", "--radius", "900"], "najwięcej 500"),
    ],
)
def test_refused_options_are_named_in_polish_sentences(erej, argv, said):
    login(erej, "Anna Kowalska")
    r = erej(*argv)
    assert r.code == 2 and said in r.err, r
    assert "Input should" not in r.err and "greater than" not in r.err


def test_a_guardian_acts_for_her_child_with_for(erej, monkeypatch):
    login(erej, "Ewa Mazur")
    kids = {c["first_name"]: c["pesel"] for c in erej("children", "--json").json()}
    listed = erej("children")
    assert listed.code == 0 and "Zofia Mazur" in listed.out and "(8 lat)" in listed.out
    zofia = kids["Zofia"]
    who = erej("whoami", "--for", zofia)
    assert who.code == 0 and "konto dziecka – działa opiekun: Ewa Mazur" in who.out
    assert erej("--for", zofia, "whoami", "--json").json()["acting_guardian"] == "Ewa Mazur"
    slot = erej(
        "slots", "-s", "kardiologia", "-w", "14", "--referral", "2468", "--json", "--for", zofia
    ).json()["items"][0]["id"]
    booked = erej("book", str(slot), "--referral", "2468", "--for", zofia)
    assert booked.code == 0 and "SMS +48 608 901 234" in booked.out  # the mother's phone
    shown = erej("visits", "--json", "--for", zofia).json()
    assert shown[0]["history"][0]["actor"] == "Ewa Mazur"
    assert erej("visits", "--json").json() == []  # not on the mother's own account
    assert erej("contact", "--phone", "+48 600 000 000", "--for", zofia).code == 2
    # Wrong input and other people's children: plain words, exit codes, nothing done.
    bad = erej("visits", "--for", "12345678901")
    assert bad.code == 2 and "--for:" in bad.err
    stranger = erej("visits", "--for", pesel_of(erej, "Jan Nowak"))
    assert stranger.code == 1 and "Nie masz dostępu do konta dziecka" in stranger.err
    assert erej("login", "--pesel", zofia, "--for", zofia).code == 2
    app = erej("--for", zofia)  # the app opens a child's account with K instead
    assert app.code == 2 and "klawisz K" in app.err
    login(erej, "Anna Kowalska")
    assert erej("visits", "--for", zofia).code == 1
    assert "Nie masz kont dzieci" in erej("children").out


def as_the_facility(data_dir, act):
    """Run `act(demo)` on the same embedded data, as the facility (the demo controls)."""
    from datetime import datetime

    from erej_tui.backends import connect
    from erej_tui.config import Settings

    async def run():
        api = await connect(Settings(data_dir=data_dir, clock=datetime(2026, 12, 1, 8, 0)))
        try:
            return await act(api.demo)
        finally:
            await api.aclose()

    return asyncio.run(run())


def test_a_follow_up_visit_is_listed_and_moved_only_at_the_facility(erej, data_dir):
    from erej_tui.api.models import FollowUpRequest

    login(erej, "Piotr Lewandowski")
    pesel = pesel_of(erej, "Piotr Lewandowski")
    visit = as_the_facility(
        data_dir, lambda demo: demo.follow_up(FollowUpRequest(pesel=pesel, service="kardiologia"))
    )
    listed = erej("visits").out
    assert visit.number in listed and "umówiona, kontrolna" in listed
    slot = erej("slots", "-s", "kardiologia", "--limit", "1", "--json").json()["items"][0]["id"]
    moved = erej("reschedule", visit.number, str(slot), "--yes")
    assert moved.code == 1 and "tylko w placówce" in moved.err
    assert erej("visits", "--json").json()[0]["start"] == visit.start.isoformat()
    cancelled = erej("cancel", visit.number, "--yes", "--json")
    assert cancelled.code == 0 and cancelled.json()["status"] == "cancelled"
