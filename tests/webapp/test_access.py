"""Guard rails: every page needs a login, and nobody reads or changes what is outside their scope."""
import re

import pytest

from tests.factories import Factories

PUBLIC_ENDPOINTS = {"static", "main.favicon", "review.verify", "review.verify_code", "content_pages.index",
                    "content_pages.section", "content_pages.glossary", "auth.login", "auth.request_reset",
                    "auth.reset_password", "auth.accept_invitation", "health.health"}


def _example_url(rule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "1" if "id" in m.group(1) else "x", rule.rule)


def test_every_non_public_route_requires_login(app, client):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC_ENDPOINTS]
    assert len(rules) > 15
    for rule in rules:
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(_example_url(rule), method=method)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/inloggen"), rule.rule


@pytest.fixture
def world(factories):
    """Two organisations in two regions, and one person for every role around the first."""
    home = factories.organisation("Thuisorganisatie", region="Noord-Holland Noord")
    away = factories.organisation("Andere organisatie", region="Zeeland")
    away_member = factories.member(away, "bestuurder")
    return {
        "home": home,
        "away": away,
        "away_member": away_member,
        "bestuurder": factories.member(home, "bestuurder"),
        "redacteur": factories.member(home, "redacteur"),
        "beoordelaar": factories.assigned("beoordelaar", region=home.region),
        "coach": factories.assigned("coach", region=home.region),
        "org_coach": factories.assigned("coach", organisation=home),
        "admin": factories.admin(),
        "nobody": factories.user(),
    }


def _routes_of(org, away_member_membership_id):
    return [
        ("GET", f"/organisaties/{org.id}"),
        ("GET", f"/organisaties/{org.id}/uitnodigen"),
        ("POST", f"/organisaties/{org.id}/uitnodigen"),
        ("POST", f"/organisaties/{org.id}/leden/{away_member_membership_id}/verwijderen"),
    ]


@pytest.mark.parametrize("role", ["bestuurder", "redacteur", "beoordelaar", "coach", "org_coach", "nobody"])
def test_nobody_reaches_an_organisation_outside_their_scope(client, world, role):
    """Every organisation route answers 403 or 404 and never shows the other organisation's data."""
    away = world["away"]
    membership_id = world["away_member"].memberships[0].id
    client.post("/inloggen", data={"email": world[role].email, "password": Factories.PASSWORD})
    for method, url in _routes_of(away, membership_id):
        response = client.open(url, method=method, data={"name": "X", "email": "x@example.nl", "role": "redacteur"})
        assert response.status_code in (403, 404), (role, method, url)
        body = response.get_data(as_text=True)
        assert away.name not in body and world["away_member"].email not in body


@pytest.mark.parametrize(
    "role, can_view, can_invite",
    [
        ("bestuurder", True, True),
        ("redacteur", True, False),
        ("beoordelaar", True, False),
        ("coach", True, False),
        ("org_coach", True, False),
        ("nobody", False, False),
    ],
)
def test_roles_inside_their_scope(client, world, role, can_view, can_invite):
    home = world["home"]
    client.post("/inloggen", data={"email": world[role].email, "password": Factories.PASSWORD})
    view = client.get(f"/organisaties/{home.id}")
    assert view.status_code == (200 if can_view else 404)
    invite = client.get(f"/organisaties/{home.id}/uitnodigen")
    assert invite.status_code == (200 if can_invite else (403 if can_view else 404))


@pytest.mark.parametrize("role", ["bestuurder", "redacteur", "beoordelaar", "coach", "nobody"])
def test_only_administrators_reach_the_admin_pages(app, client, world, role):
    client.post("/inloggen", data={"email": world[role].email, "password": Factories.PASSWORD})
    admin_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")]
    for rule in admin_rules:
        method = "GET" if "GET" in rule.methods else "POST"
        assert client.open(_example_url(rule), method=method).status_code == 403, rule.rule


def test_start_page_lists_only_own_scope(client, world):
    client.post("/inloggen", data={"email": world["coach"].email, "password": Factories.PASSWORD})
    body = client.get("/").get_data(as_text=True)
    assert "Thuisorganisatie" in body and "Andere organisatie" not in body
