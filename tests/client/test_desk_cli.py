"""`erej desk …` end to end on the embedded backend: the desk's own login, its schedule, a
phone booking the patient then sees, attendance, cancellations with the person's yes,
publishing slots, and the plain messages and exit codes of what goes wrong."""

from __future__ import annotations

import sqlite3

from erej_tui.embedded import DB_NAME
from tests.client.test_cli import login, pesel_of


def desk_login(erej, facility_id: int = 103) -> None:
    r = erej("desk", "login", "--login", f"rej{facility_id}", "--password-stdin", stdin="demo\n")
    assert r.code == 0 and "Zalogowano:" in r.out, r


def first_free(erej, service: str = "hpv") -> tuple[str, int]:
    """(day, slot id) of the first free slot of the desk's facility in the next weeks."""
    for ahead in range(1, 30):
        day = erej("desk", "schedule", "--day", f"+{ahead}", "-s", service, "--json").json()
        free = [s["slot_id"] for s in day["slots"] if s["state"] == "free"]
        if free:
            return day["day"], free[0]
    raise AssertionError("no free slot in 30 days")


def test_the_desk_needs_its_own_login(erej):
    login(erej, "Anna Kowalska")  # a patient's session is no desk's
    r = erej("desk", "schedule")
    assert r.code == 4 and "erej desk login" in r.err
    bad = erej("desk", "login", "--login", "rej103", "--password-stdin", stdin="zle\n")
    assert bad.code == 1 and "Błędny login lub hasło" in bad.err
    desk_login(erej)
    assert erej("whoami").code == 0  # the patient's session is still hers
    accounts = erej("desk", "accounts", "--json").json()
    assert len(accounts) == 16 and all(a["password"] == "demo" for a in accounts)


def test_a_phone_booking_cancelled_by_the_desk(erej):
    desk_login(erej)
    anna = pesel_of(erej, "Anna Kowalska")
    day, slot = first_free(erej)
    booked = erej("desk", "book", "--pesel", anna, str(slot), "--phone", "--json").json()
    assert booked["source"] == "desk" and booked["booked_via"] == "phone"
    number = booked["number"]
    schedule = erej("desk", "schedule", "--day", day, "-s", "hpv")
    assert number in schedule.out and "Anna Kowalska" in schedule.out
    assert "telefonicznie" in schedule.out
    refused = erej("desk", "cancel", number, "--reason", "choroba lekarza")  # no terminal
    assert refused.code == 2 and "--yes" in refused.err
    done = erej("desk", "cancel", number, "--reason", "choroba lekarza", "--yes")
    assert done.code == 0 and number in done.out
    login(erej, "Anna Kowalska")
    said = erej("notifications", "--json").json()[0]["body"]
    assert "Powód: choroba lekarza." in said
    shown = erej("show", number)
    assert "Rejestracja placówki:" in shown.out and "odwołana przez placówkę" in shown.out


def test_another_facilitys_visit_is_not_found(erej):
    desk_login(erej)
    anna = pesel_of(erej, "Anna Kowalska")
    _, slot = first_free(erej)
    number = erej("desk", "book", "--pesel", anna, str(slot), "--json").json()["number"]
    desk_login(erej, 104)
    r = erej("desk", "cancel", number, "--reason", "pomyłka", "--yes")
    assert r.code == 1 and f"W tej placówce nie ma wizyty nr {number}" in r.err
    assert number not in erej("desk", "patient", anna).out


def test_out_of_turn_only_with_the_right_and_plain_errors(erej):
    desk_login(erej)
    anna, maria = pesel_of(erej, "Anna Kowalska"), pesel_of(erej, "Maria Kamińska")
    r = erej("desk", "book", "--pesel", anna, "--out-of-turn", "-s", "hpv")
    assert r.code == 1 and "Poza kolejnością" in r.err
    visit = erej("desk", "book", "--pesel", maria, "--out-of-turn", "-s", "hpv", "--json").json()
    assert visit["source"] == "desk" and "poza kolejnością" in visit["history"][0]["detail"]
    assert erej("desk", "book", "--pesel", "12345678901", "1").code == 2
    assert erej("desk", "publish", "-s", "hpv", "--from", "+3", "--times", "rano").code == 2
    assert erej("desk", "schedule", "--day", "jutro").code == 2


def test_publish_and_follow_up(erej):
    desk_login(erej)
    r = erej(
        "desk", "publish", "-s", "hpv", "--from", "+20", "--to", "+22", "--times", "16:00,16:15"
    )
    assert r.code == 0 and "Opublikowano terminów: 6" in r.out  # Mon 21 to Wed 23 Dec
    anna = pesel_of(erej, "Anna Kowalska")
    follow = erej(
        "desk",
        "follow-up",
        "--pesel",
        anna,
        "-s",
        "hpv",
        "--day",
        "+30",
        "--time",
        "10:00",
        "--json",
    ).json()  # Thursday, 31 December
    assert follow["follow_up"] is True and follow["start"].startswith("2026-12-31T10:00")
    holiday = erej(
        "desk", "follow-up", "--pesel", anna, "-s", "cytologia", "--day", "+23", "--time", "10:00"
    )  # 24 December, a public holiday since 2025
    assert holiday.code == 2 and "dzień wolny od pracy" in holiday.err


def test_a_booking_held_elsewhere_stops_a_follow_up_without_its_number(erej):
    anna = pesel_of(erej, "Anna Kowalska")
    desk_login(erej, 104)
    _, slot = first_free(erej)
    number = erej("desk", "book", "--pesel", anna, str(slot), "--json").json()["number"]
    desk_login(erej)
    r = erej("desk", "follow-up", "--pesel", anna, "-s", "hpv", "--day", "+30", "--time", "10:00")
    assert r.code == 1 and "Pacjent ma już wizytę" in r.err and number not in r.err
    reversed_ = erej(
        "desk", "publish", "-s", "hpv", "--from", "+20", "--to", "+10", "--times", "16:00"
    )
    assert reversed_.code == 2 and "wcześniejsza niż początkowa" in reversed_.err


def test_an_ended_desk_session_asks_to_log_in_again_and_leaves_the_patients(erej, data_dir):
    login(erej, "Anna Kowalska")
    desk_login(erej)
    db = sqlite3.connect(data_dir / DB_NAME)
    with db:
        db.execute("UPDATE staff_sessions SET revoked = 1")
    db.close()
    r = erej("desk", "schedule")
    assert r.code == 4 and "erej desk login" in r.err and "Traceback" not in r.err
    assert erej("desk", "schedule").code == 4  # the stale desk session is gone
    assert erej("whoami").code == 0  # her own session stays
    bad = erej("desk", "contact", pesel_of(erej, "Anna Kowalska"), "--phone", "123")
    assert bad.code == 4  # checked after the session: not logged in as the desk
