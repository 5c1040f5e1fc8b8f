"""Several editors, access to plans, and forms that outlive their CSRF token."""
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from building_blocks import get_content
from plans.writing import editing
from tests.conftest import page, text_of
from tests.factories import Factories
from webapp.extensions import db

B1 = get_content().section("b1")
LONG = next(q for q in B1.questions if q.type == "long_text")
STEP = next(p for p in B1.pages if LONG in p.questions)


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Samen")
    plan = editing.create_plan(org, "Regioplan Samen", 2026, 2029, None)
    plan.anna = factories.member(org, "bestuurder", email="anna@samen.nl", name="Anna")
    plan.pieter = factories.member(org, "bestuurder", email="pieter@samen.nl", name="Pieter")
    return plan


def _client_for(app, user):
    client = app.test_client()
    assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 302
    return client


def test_two_editors_saving_the_same_page_from_the_same_base_see_a_conflict(app, plan):
    anna, pieter = _client_for(app, plan.anna), _client_for(app, plan.pieter)
    step_url = f"/plannen/{plan.id}/{B1.slug}/{STEP.id}"
    field = f"q_{LONG.id}"
    # Both open the page while the answer does not exist yet (version 0).
    base = page(anna.get(step_url)).select_one(f"input[name=base__{LONG.id}]")["value"]
    assert base == page(pieter.get(step_url)).select_one(f"input[name=base__{LONG.id}]")["value"] == "0"

    anna.post(step_url, data={field: "Tekst van Anna.", f"base__{LONG.id}": base, "action": "later"})
    response = pieter.post(step_url, data={field: "Tekst van Pieter.", f"base__{LONG.id}": base, "action": "later"})

    assert response.status_code == 200
    text = text_of(response)
    assert "Anna heeft dit veld gewijzigd terwijl u bezig was" in text
    assert "Tekst van Anna." in text, "the colleague's text is shown"
    assert page(response).select_one(f"#{field}").text.strip() == "Tekst van Pieter.", "Pieter's text is kept"
    assert editing.values_of(plan)[LONG.id] == "Tekst van Anna.", "nothing was overwritten"

    # Pieter merges both texts and saves against the version he has now seen.
    new_base = page(response).select_one(f"input[name=base__{LONG.id}]")["value"]
    merged = "Tekst van Anna. Tekst van Pieter."
    pieter.post(step_url, data={field: merged, f"base__{LONG.id}": new_base, f"resolve__{LONG.id}": "mine",
                                "action": "later"})
    assert editing.values_of(plan)[LONG.id] == merged
    assert [r.new_value for r in reversed(editing.history(plan, LONG.id))] == ["Tekst van Anna.", merged]


def test_keeping_the_colleagues_version(app, plan):
    anna, pieter = _client_for(app, plan.anna), _client_for(app, plan.pieter)
    step_url = f"/plannen/{plan.id}/{B1.slug}/{STEP.id}"
    field = f"q_{LONG.id}"
    anna.post(step_url, data={field: "Anna.", f"base__{LONG.id}": "0", "action": "later"})
    pieter.post(step_url, data={field: "Pieter.", f"base__{LONG.id}": "0", "action": "later"})
    response = pieter.post(step_url, data={field: "Pieter.", f"base__{LONG.id}": "1", f"resolve__{LONG.id}": "theirs",
                                           "action": "later"})
    assert response.status_code == 302
    assert editing.values_of(plan)[LONG.id] == "Anna."


def test_autosave_never_overwrites_a_colleague(app, plan):
    anna, pieter = _client_for(app, plan.anna), _client_for(app, plan.pieter)
    autosave = f"/plannen/{plan.id}/autosave"
    assert anna.post(autosave, data={"key": LONG.id, "value": "Anna typt.", "base": "0"}).status_code == 200
    assert anna.post(autosave, data={"key": LONG.id, "value": "Anna typt door.", "base": "0"}).status_code == 200, \
        "one's own earlier autosave is no conflict"
    response = pieter.post(autosave, data={"key": LONG.id, "value": "Pieter typt.", "base": "0"})
    assert response.status_code == 409
    assert editing.values_of(plan)[LONG.id] == "Anna typt door."


@pytest.mark.parametrize("role", ["beoordelaar", "coach"])
def test_reviewers_and_coaches_read_but_never_edit(client, factories, plan, role):
    reader = factories.assigned(role, region=plan.organisation.region)
    client.post("/inloggen", data={"email": reader.email, "password": Factories.PASSWORD})
    assert client.get(f"/plannen/{plan.id}").status_code == 200
    assert client.get(f"/plannen/{plan.id}/{B1.slug}/controleren").status_code == 200
    assert client.get(f"/plannen/{plan.id}/controleren").status_code == 200
    assert "Wijzigen" not in text_of(client.get(f"/plannen/{plan.id}/controleren"))
    _assert_cannot_change(client, plan, expected=403)


def test_members_of_another_organisation_find_nothing(client, factories, plan):
    other = factories.member(factories.organisation("Elders", region="Zeeland"), "bestuurder")
    client.post("/inloggen", data={"email": other.email, "password": Factories.PASSWORD})
    for url in (f"/plannen/{plan.id}", f"/plannen/{plan.id}/controleren", f"/plannen/{plan.id}/geschiedenis/b1_inwoners",
                f"/organisaties/{plan.organisation_id}/plannen/nieuw"):
        assert client.get(url).status_code == 404, url
    _assert_cannot_change(client, plan, expected=404)


def _assert_cannot_change(client, plan, expected):
    attempts = [
        (f"/plannen/{plan.id}/{B1.slug}/{B1.pages[0].id}", {"q_b1_inwoners": "1", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/checklist", {f"status_{B1.checklist[0].id}": "ja", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/volwassenheid", {"current": "1", "target": "2", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/controleren", {"done": "nee"}),
        (f"/plannen/{plan.id}/autosave", {"key": LONG.id, "value": "x", "base": "0"}),
        (f"/organisaties/{plan.organisation_id}/plannen/nieuw", {"title": "X", "period_start": "2026", "period_end": "2029"}),
    ]
    for url, data in attempts:
        assert client.post(url, data=data).status_code == expected, url
    assert editing.values_of(plan) == {}


class _TwoHoursAgo(TimestampSigner):
    """Signs as if the page had been opened two hours ago."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 7200


def _token_signed_hours_ago(app, client) -> str:
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=_TwoHoursAgo).dumps(raw)


def test_expired_csrf_token_reshows_the_page_with_everything_typed(csrf_app):
    from plans.accounts import people
    from plans.models import Organisation, Region

    app = csrf_app
    with app.app_context():
        region = db.session.scalar(db.select(Region).limit(1))
        org = Organisation(name="Zorggroep Verlopen", region=region)
        db.session.add(org)
        user = people.create_user("verlopen@example.nl", "V", password=Factories.PASSWORD)
        people.add_membership(user, org, "bestuurder")
        plan = editing.create_plan(org, "Plan", 2026, 2029, user)
        db.session.commit()
        plan_id = plan.id
    client = app.test_client()
    token = page(client.get("/inloggen")).select_one("input[name=csrf_token]")["value"]
    client.post("/inloggen", data={"email": "verlopen@example.nl", "password": Factories.PASSWORD, "csrf_token": token})
    step_url = f"/plannen/{plan_id}/{B1.slug}/{STEP.id}"
    client.get(step_url)
    old_token = _token_signed_hours_ago(app, client)  # the page stood open for two hours
    typed = "Een lange tekst die niet verloren mag gaan."
    response = client.post(step_url, data={f"q_{LONG.id}": typed, "csrf_token": old_token, "action": "continue"})
    assert response.status_code == 200
    html = page(response)
    assert html.select_one(f"#q_{LONG.id}").text.strip() == typed
    assert "Deze pagina stond lang open" in text_of(response)
    fresh = html.select_one("input[name=csrf_token]")["value"]
    response = client.post(step_url, data={f"q_{LONG.id}": typed, "csrf_token": fresh, "action": "later"})
    assert response.status_code == 302
    with app.app_context():
        assert editing.values_of(db.session.get(editing.Plan, plan_id))[LONG.id] == typed


@pytest.mark.parametrize("racer, conflict", [("anna", False), ("pieter", True)])
def test_a_save_that_loses_a_race(plan, monkeypatch, racer, conflict):
    """Anna's page save loses the race against a background save: her own is built on, a colleague's is not."""
    editing.save_values(plan, "b1", {LONG.id: "Begin."}, None, plan.anna)
    real_write = editing._write
    raced = []

    def losing_write(plan_, section_id, key, current, new, user, via):
        if not raced:
            raced.append(True)
            real_write(plan_, section_id, key, current, "Tussendoor.", getattr(plan, racer), "autosave")
            return False
        return real_write(plan_, section_id, key, current, new, user, via)

    monkeypatch.setattr(editing, "_write", losing_write)
    result = editing.save_values(plan, "b1", {LONG.id: "Anna's tekst."}, {LONG.id: 1}, plan.anna)
    assert bool(result.conflicts) is conflict
    assert editing.values_of(plan)[LONG.id] == ("Tussendoor." if conflict else "Anna's tekst.")
