"""Children's accounts on the server: a guardian acts for her own children under 18 and
nobody else's; what she does is in the child's history under her name; the child's
messages go to the guardian who acts, or to every guardian when nobody does."""

from tests.support import assert_problem


async def children_of(client, headers) -> dict[str, str]:
    r = await client.get("/children", headers=headers)
    assert r.status_code == 200, r.text
    return {c["first_name"]: c["pesel"] for c in r.json()}


async def test_only_a_guardian_reaches_a_child_and_only_hers(client, demo):
    ewa = await demo.login("Ewa Mazur")
    kids = await children_of(client, ewa)
    assert set(kids) == {"Zofia", "Stanisław"}
    as_zofia = {**ewa, "X-Acting-For": kids["Zofia"]}
    me = (await client.get("/me", headers=as_zofia)).json()
    assert me["first_name"] == "Zofia" and me["acting_guardian"] == "Ewa Mazur"
    anna = await demo.login("Anna Kowalska")
    assert await children_of(client, anna) == {}
    for pesel in (kids["Zofia"], await demo.pesel("Jan Nowak"), "44051401359", "x" * 500):
        for path in ("/me", "/appointments", "/referrals", "/notifications"):
            r = await client.get(path, headers={**anna, "X-Acting-For": pesel})
            assert_problem(r, 404, "not-found")
    # A child has no login of her own: her account opens only through a guardian's.
    r = await client.post("/auth/login", json={"pesel": kids["Zofia"], "password": "demo"})
    assert_problem(r, 401, "invalid-credentials")
    # A child is nobody's guardian: acting "for" an adult from a child's account is not a thing.
    r = await client.get("/me", headers={**ewa, "X-Acting-For": await demo.pesel("Tomasz Mazur")})
    assert_problem(r, 404, "not-found")


async def test_access_ends_at_the_childs_eighteenth_birthday(app, client, demo):
    ewa = await demo.login("Ewa Mazur")
    stanislaw = (await children_of(client, ewa))["Stanisław"]
    with app.state.registry.db.tx() as c:  # the clock's 1 December 2026: 18 tomorrow
        c.execute("UPDATE patients SET birth_date = '2008-12-02' WHERE pesel = ?", (stanislaw,))
    assert set(await children_of(client, ewa)) == {"Zofia", "Stanisław"}
    await demo.advance("P1D")
    assert set(await children_of(client, ewa)) == {"Zofia"}
    assert_problem(
        await client.get("/me", headers={**ewa, "X-Acting-For": stanislaw}), 404, "not-found"
    )


async def test_the_acting_guardian_is_in_the_history_and_gets_the_messages(client, demo):
    ewa = await demo.login("Ewa Mazur")
    zofia = (await children_of(client, ewa))["Zofia"]
    as_zofia = {**ewa, "X-Acting-For": zofia}
    slots = await client.get(
        "/slots",
        params={"service": "kardiologia", "voivodeship": "14", "referral_code": "2468"},
        headers=as_zofia,
    )
    slot = slots.json()["items"][0]["id"]
    booked = await client.post(
        "/appointments", json={"slot_id": slot, "referral_code": "2468"}, headers=as_zofia
    )
    assert booked.status_code == 201, booked.text
    visit = booked.json()
    assert visit["history"][0]["actor"] == "Ewa Mazur"
    sent = (await client.get("/notifications", headers=as_zofia)).json()
    assert {n["recipient"] for n in sent} == {"+48 608 901 234", "ewa.mazur@example.pl"}
    assert all(n["body"].startswith("Dotyczy dziecka: Zofia Mazur.") for n in sent)
    # The mother's own account holds neither the visit nor its messages.
    assert (await client.get("/appointments", headers=ewa)).json() == []
    assert (await client.get("/notifications", headers=ewa)).json() == []
    # A reminder is nobody's act: it goes to both guardians (the father has a phone only).
    await demo.advance("P60D")
    reminders = [
        n
        for n in (await client.get("/notifications", headers=as_zofia)).json()
        if n["kind"].startswith("reminder")
    ]
    assert {"+48 609 012 345", "+48 608 901 234"} <= {n["recipient"] for n in reminders}
    history = (await client.get(f"/appointments/{visit['id']}", headers=as_zofia)).json()
    reminded = [e for e in history["history"] if e["kind"].startswith("reminder")]
    assert reminded and all(e["actor"] is None for e in reminded)


async def test_a_childs_contact_data_are_the_guardians_and_not_changed_there(client, demo):
    ewa = await demo.login("Ewa Mazur")
    zofia = (await children_of(client, ewa))["Zofia"]
    r = await client.patch(
        "/me/contact", json={"phone": "+48 600 000 000"}, headers={**ewa, "X-Acting-For": zofia}
    )
    assert_problem(r, 422, "validation-error")
    assert (await client.get("/me", headers=ewa)).json()["contact"]["phone"] == "+48 608 901 234"
