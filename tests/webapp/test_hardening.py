"""Issue 14, the smaller findings: CSRF, login limits, mail headers, download names, file modes, proxies."""
import os
import stat

import pytest

from building_blocks import get_content
from plans.accounts import people
from plans.models import Organisation, Region
from plans.writing import editing
from tests.conftest import make_test_app, page
from tests.factories import Factories
from webapp.extensions import db, limiter

B1 = get_content().section("b1")


def _csrf_world(app, suffix):
    with app.app_context():
        region = db.session.scalar(db.select(Region).limit(1))
        org = Organisation(name=f"Zorggroep CSRF {suffix}", region=region)
        db.session.add(org)
        editor = people.create_user(f"editor-{suffix}@example.nl", "E", password=Factories.PASSWORD)
        people.add_membership(editor, org, "bestuurder")
        coach = people.create_user(f"coach-{suffix}@example.nl", "C", password=Factories.PASSWORD)
        outsider = people.create_user(f"outsider-{suffix}@example.nl", "O", password=Factories.PASSWORD)
        from plans.models import Assignment
        db.session.add(Assignment(user=coach, role="coach", region=region))
        plan = editing.create_plan(org, "Plan", 2026, 2029, editor)
        db.session.commit()
        return plan.id, coach.email, outsider.email


def _login(client, email):
    token = page(client.get("/inloggen")).select_one("input[name=csrf_token]")["value"]
    response = client.post("/inloggen", data={"email": email, "password": Factories.PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return token


@pytest.mark.parametrize("who", ["coach", "outsider"])
def test_a_non_editors_post_without_token_is_refused_not_500(csrf_app, who):
    limiter.reset()
    plan_id, coach, outsider = _csrf_world(csrf_app, who)
    client = csrf_app.test_client()
    _login(client, coach if who == "coach" else outsider)
    for url in (f"/plannen/{plan_id}/{B1.slug}/{B1.pages[0].id}", f"/plannen/{plan_id}/autosave"):
        response = client.post(url, data={"q_b1_uitstroom": "5", "key": "b1_visie", "value": "x", "base": "0"})
        assert response.status_code in (400, 403, 404), (url, response.status_code)


def test_the_csrf_token_changes_at_login(csrf_app):
    limiter.reset()
    _csrf_world(csrf_app, "rotate")
    client = csrf_app.test_client()
    before = _login(client, "editor-rotate@example.nl")
    after = page(client.get("/account")).select_one("input[name=csrf_token]")["value"]
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    from itsdangerous import URLSafeTimedSerializer
    serializer = URLSafeTimedSerializer(csrf_app.secret_key, salt="wtf-csrf-token")
    assert serializer.loads(before) != raw, "the raw token of the anonymous session must not survive the login"
    assert serializer.loads(after) == raw
    # The token from before the login no longer works.
    response = client.post("/uitloggen", data={"csrf_token": before})
    assert response.status_code == 400


def test_one_account_is_throttled_whichever_addresses_try_it(client, factories):
    user = factories.user("doelwit@example.nl")
    limiter.reset()
    statuses = []
    for n in range(11):
        other = client.application.test_client()
        response = other.post("/inloggen", data={"email": "  DOELWIT@example.nl ", "password": f"fout {n}"},
                              environ_base={"REMOTE_ADDR": f"10.0.{n}.1"})
        statuses.append(response.status_code)
    assert statuses == [200] * 10 + [429]
    # The right password is refused too while the account is throttled; another account is not affected.
    fresh = client.application.test_client()
    assert fresh.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD},
                      environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 429
    other = factories.user()
    assert fresh.post("/inloggen", data={"email": other.email, "password": Factories.PASSWORD},
                      environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 302


@pytest.mark.parametrize("name", ["Sanne\r\nKlik hier: https://kwaad.example", "Sanne\nVisser", "Sanne\x0bVisser",
                                  "Sanne\u2028Visser"])
def test_a_name_with_line_breaks_cannot_add_lines_to_a_mail(client, auth, factories, db_session, name):
    import sqlalchemy as sa

    from plans.models import OutboxMessage

    org = factories.organisation()
    auth.login(factories.member(org, "bestuurder"))
    response = client.post(f"/organisaties/{org.id}/uitnodigen",
                           data={"name": name, "email": "sanne@example.nl", "role": "redacteur"})
    assert response.status_code == 200
    assert "Gebruik geen regeleinden of andere besturingstekens" in response.get_data(as_text=True)
    assert db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "sanne@example.nl")) is None


@pytest.fixture
def dutch_plan(factories, app, tmp_path, monkeypatch):
    from plans.documents import pdf as pdf_module

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(pdf_module, "render_plan_pdf", lambda plan, options=None, **kw: b"%PDF-1.7 test")
    org = factories.organisation("Zorggroep Ĳsselland")
    editor = factories.member(org, "bestuurder")
    plan = editing.create_plan(org, '=HYPERLINK("https://kwaad.example","Ĳssel")', 2026, 2029, editor)
    return plan, editor, factories.assigned("coach", region=org.region)


def test_downloads_name_their_file_for_every_client(client, auth, dutch_plan):
    from urllib.parse import unquote

    plan, editor, coach = dutch_plan
    auth.login(coach)
    # PDF and ZIP are made by a job (immediate in the tests): ask, then fetch what the progress page links to.
    assert client.get(f"/plannen/{plan.id}/regioplan.pdf").status_code == 302
    zip_progress = client.get(f"/overzicht/regioplannen.zip?plan={plan.id}").location
    responses = {
        "pdf": client.get(f"/plannen/{plan.id}/regioplan.pdf"),
        "zip": client.get(zip_progress.rstrip("/") + "/regioplannen.zip"),
        "csv": client.get("/overzicht/volwassenheid.csv"),
    }
    for kind, response in responses.items():
        assert response.status_code == 200, kind
        header = response.headers["Content-Disposition"]
        header.encode("latin-1")  # what the server must be able to send
        fallback = header.split('filename="', 1)[1].split('"', 1)[0]
        assert fallback.isascii() and fallback.endswith(f".{kind}"), header
        assert unquote(header.split("filename*=UTF-8''", 1)[1]).endswith(f".{kind}")
    pdf_header = responses["pdf"].headers["Content-Disposition"]
    assert "Ĳsselland" in unquote(pdf_header.split("filename*=UTF-8''", 1)[1])
    assert 'filename="Zorggroep-IJsselland' in pdf_header


def test_the_maturity_csv_neutralises_formulas(client, auth, dutch_plan):
    plan, _editor, coach = dutch_plan
    auth.login(coach)
    lines = client.get("/overzicht/volwassenheid.csv").get_data(as_text=True).splitlines()
    rows = [line for line in lines if "HYPERLINK" in line]
    assert rows and all(";\"'=HYPERLINK(" in row or ";'=HYPERLINK(" in row for row in rows), rows[:1]


@pytest.mark.parametrize("text, expected", [("=1+1", "'=1+1"), ("+31", "'+31"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                            ("\tx", "'\tx"), ("\rx", "'\rx"), ("gewoon", "gewoon"), (-2, "-2"),
                                            (None, "")])
def test_csv_cells(text, expected):
    from webapp.csv_export import safe_cell

    assert safe_cell(text) == expected


@pytest.mark.parametrize("hops, expected", [(1, "203.0.113.9"), (2, "198.51.100.7")])
def test_behind_proxies_only_their_forwarded_addresses_count(hops, expected):
    """A client's own X-Forwarded-For entry (spoofed, first) is never the address that is throttled."""
    from flask import request

    app = make_test_app(f"proxy{hops}", PROXY_FIX=True, PROXY_FIX_HOPS=hops)
    app.add_url_rule("/_adres", "address", lambda: (request.remote_addr, 200, {"Content-Type": "text/plain"}))
    # spoofed by the client, then what the outer and the inner proxy each appended
    forwarded = "6.6.6.6, 198.51.100.7, 203.0.113.9"
    response = app.test_client().get("/_adres", headers={"X-Forwarded-For": forwarded})
    assert response.get_data(as_text=True) == expected


def test_proxy_hops_from_the_environment(monkeypatch, tmp_path):
    from webapp.config import Config

    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    assert Config().PROXY_FIX_HOPS == 1
    monkeypatch.setenv("PROXY_FIX_HOPS", "2")
    assert Config().PROXY_FIX_HOPS == 2


def test_database_and_instance_files_are_private(tmp_path, monkeypatch):
    """create_app tightens what an older version left 0644/0755, and what it creates later is private."""
    from webapp import create_app
    from webapp.config import TestConfig

    database = tmp_path / "data" / "regioplan.sqlite"
    instance = tmp_path / "instance"
    (instance / "pdf-cache").mkdir(parents=True, mode=0o755)
    (instance / "pdf-cache" / "plan-1-x.pdf").write_bytes(b"%PDF")
    (instance / "pdf-cache" / "plan-1-x.pdf").chmod(0o644)
    instance.chmod(0o755)
    monkeypatch.setattr("webapp.INSTANCE", instance)
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
    previous = os.umask(0o022)
    try:
        app = create_app(config)
        with app.app_context():
            db.create_all()
            db.engine.dispose()
        seal = instance / "seal"
        seal.mkdir()
        created = instance / "pdf-cache" / "plan-2-y.pdf"
        created.write_bytes(b"%PDF")
    finally:
        os.umask(previous)
    mode = lambda path: stat.S_IMODE(path.stat().st_mode)  # noqa: E731
    assert app.instance_path == str(instance)
    assert mode(database) == 0o600
    assert mode(instance) == 0o700 and mode(instance / "pdf-cache") == 0o700 and mode(seal) == 0o700
    assert mode(instance / "pdf-cache" / "plan-1-x.pdf") == 0o600 and mode(created) == 0o600
