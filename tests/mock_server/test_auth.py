"""Sessions and the patient's own data."""

import pytest

from tests.support import ADMIN, MOCK, assert_problem


async def test_login_returns_a_token_expiry_and_the_patient(client, demo):
    pesel = await demo.pesel("Anna Kowalska")
    r = await client.post("/auth/login", json={"pesel": pesel, "password": "demo"})
    assert r.status_code == 200
    body = r.json()
    assert body["token"] and body["token_type"] == "bearer" and body["expires_at"]
    assert body["patient"]["first_name"] == "Anna"
    me = await client.get("/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["pesel"] == pesel


async def test_wrong_password_and_unknown_patient_look_the_same(client, demo):
    pesel = await demo.pesel("Anna Kowalska")
    wrong = await client.post("/auth/login", json={"pesel": pesel, "password": "nope"})
    unknown = await client.post("/auth/login", json={"pesel": "44051401359", "password": "x"})
    assert (
        assert_problem(wrong, 401, "invalid-credentials")["detail"]
        == (assert_problem(unknown, 401, "invalid-credentials")["detail"])
    )


async def test_an_invalid_pesel_is_refused_before_any_lookup(client):
    r = await client.post("/auth/login", json={"pesel": "44051401358", "password": "demo"})
    body = assert_problem(r, 422, "invalid-pesel")
    assert body["reason"] == "checksum"
    assert "kontrolna" in body["detail"]


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
async def test_requests_without_a_valid_token_are_unauthorised(client, header):
    headers = {"Authorization": header} if header else {}
    assert_problem(await client.get("/me", headers=headers), 401, "unauthorized")


async def test_logout_revokes_the_token(client, demo):
    h = await demo.login("Anna Kowalska")
    assert (await client.post("/auth/logout", headers=h)).status_code == 204
    assert_problem(await client.get("/me", headers=h), 401, "session-expired")


async def test_tokens_expire_in_real_time(make_app, db_path):
    import httpx

    from tests.support import API, Demo

    now = [1_000_000.0]
    app = make_app(wall=lambda: now[0])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=API) as c:
        h = await Demo(c).login("Anna Kowalska")
        assert (await c.get("/me", headers=h)).status_code == 200
        now[0] += 12 * 3600 + 1
        assert_problem(await c.get("/me", headers=h), 401, "session-expired")


async def test_sessions_outlive_a_restart_and_end_as_before(make_app, monkeypatch):
    import httpx

    from mock_server.registry import sessions
    from tests.support import API, Demo

    now = [1_000_000.0]

    def served():
        app = make_app(wall=lambda: now[0])
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=API)

    monkeypatch.setattr(sessions, "SESSIONS_KEPT", 2)
    async with served() as c:
        demo = Demo(c)
        anna, jan, helena, piotr = [
            await demo.login(name)
            for name in ("Anna Kowalska", "Jan Nowak", "Helena Wójcik", "Piotr Lewandowski")
        ]
        assert (await c.get("/me", headers=anna)).json()["first_name"] == "Anna"
        assert (await c.post("/auth/logout", headers=jan)).status_code == 204
    async with served() as c:  # the server restarted
        assert (await c.get("/me", headers=anna)).json()["first_name"] == "Anna"
        assert_problem(await c.get("/me", headers=jan), 401, "session-expired")
        assert (await c.post("/auth/logout", headers=helena)).status_code == 204
        assert_problem(await c.get("/me", headers=helena), 401, "session-expired")
        now[0] += 12 * 3600 + 1
        assert_problem(await c.get("/me", headers=piotr), 401, "session-expired")


async def test_a_demo_reset_ends_every_session(client, demo):
    h = await demo.login("Anna Kowalska")
    assert (await client.post(f"{MOCK}/reset", headers=ADMIN)).status_code == 204
    assert_problem(await client.get("/me", headers=h), 401, "unauthorized")


async def test_contact_data_is_validated_and_normalised(client, demo):
    h = await demo.login("Anna Kowalska")
    r = await client.patch(
        "/me/contact", headers=h, json={"phone": "601-999-888", "email": "anna@nowy.pl"}
    )
    assert r.status_code == 200
    assert r.json()["contact"]["phone"] == "+48 601 999 888"
    assert r.json()["contact"]["email"] == "anna@nowy.pl"

    bad_phone = await client.patch("/me/contact", headers=h, json={"phone": "12345"})
    assert "komórkowy" in assert_problem(bad_phone, 422, "validation-error")["detail"]
    bad_mail = await client.patch("/me/contact", headers=h, json={"email": "anna@"})
    assert_problem(bad_mail, 422, "validation-error")
    # Nothing changed by the refused requests.
    assert (await client.get("/me", headers=h)).json()["contact"]["phone"] == "+48 601 999 888"


async def test_a_channel_needs_its_contact_data(client, demo):
    h = await demo.login("Helena Wójcik")  # has a phone, no e-mail
    r = await client.patch("/me/contact", headers=h, json={"channels": ["email"]})
    assert "e-mail" in assert_problem(r, 422, "validation-error")["detail"]
    r = await client.patch("/me/contact", headers=h, json={"channels": ["sms"]})
    assert r.json()["contact"]["channels"] == ["sms"]
