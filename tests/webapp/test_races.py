"""Races between real database connections (issue "Bad input and races"): two bestuurders signing at the same
moment, concurrent saves raising the revision, and a busy SQLite database. Each test commits for real in a
database of its own, with one connection per thread (or a second process)."""
from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from plans.db import db
from plans.documents import pdf as pdf_module
from plans.models import Job, Plan, PlanStatus, Signature, SignedDocument
from plans.review import workflow
from plans.writing import editing
from tests import databases
from tests.conftest import make_test_app, text_of
from tests.factories import Factories, adopt

SIGN_FORM = {"name": "Bestuurder", "function": "Voorzitter", "confirm": "y", "password": Factories.PASSWORD}


@pytest.fixture(scope="module")
def race_app():
    app = make_test_app("races")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def tiny_render(monkeypatch, race_app, tmp_path):
    monkeypatch.setattr(race_app, "instance_path", str(tmp_path))
    monkeypatch.setattr(pdf_module, "render_html", lambda plan, options=None: (
        f"<html lang='nl'><body><p>{plan.title}</p><p>{'Ondertekend' if options.signoff else 'Concept'}</p></body></html>"))


def _approved_plan(app, required: int):
    """A plan approved by the kring, with two bestuurders; committed."""
    with app.app_context():
        factories = Factories(db.session)
        org = factories.organisation()
        org.required_signatures = required
        plan = editing.create_plan(org, "Regioplan Race", 2026, 2029, None)
        plan.status = PlanStatus.BEOORDEELD.value
        signers = [factories.member(org, "bestuurder") for _ in range(2)]
        adopt(plan, signers[0])
        db.session.commit()
        return plan.id, [(u.id, u.email) for u in signers]


def _soft_barrier(monkeypatch, parties: int = 2, timeout: float = 2.0):
    """Make each signer wait for the other right after counting the signatures that include its own.

    Without a lock both count at the same time and each sees only its own signature; with the plan's row
    lock the second signer cannot get there while the first waits, so the wait times out and the first
    goes on.
    """
    barrier = threading.Barrier(parties, timeout=timeout)
    original = workflow.signatures_of
    waited = set()

    def counting(plan):
        rows = original(plan)
        me = getattr(threading.current_thread(), "signer_id", None)
        if me is not None and me not in waited and any(s.user_id == me for s in rows):
            waited.add(me)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return rows

    monkeypatch.setattr(workflow, "signatures_of", counting)


def _sign_at_once(app, plan_id, signers):
    clients = []
    for _user_id, email in signers:
        client = app.test_client()
        assert client.post("/inloggen", data={"email": email, "password": Factories.PASSWORD}).status_code == 302
        clients.append(client)
    responses = {}

    def sign(client, user_id):
        threading.current_thread().signer_id = user_id
        responses[user_id] = client.post(f"/plannen/{plan_id}/ondertekenen", data=SIGN_FORM)

    threads = [threading.Thread(target=sign, args=(c, u)) for c, (u, _e) in zip(clients, signers, strict=False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


def _outcome(app, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        signatures = db.session.scalar(sa.select(sa.func.count()).select_from(Signature).where(Signature.plan_id == plan_id))
        documents = db.session.scalar(sa.select(sa.func.count()).select_from(SignedDocument)
                                      .where(SignedDocument.plan_id == plan_id))
        jobs = db.session.scalars(sa.select(Job.status).where(Job.plan_id == plan_id)).all()
        return plan.status, signatures, documents, jobs


def test_two_final_signatures_at_once_give_one_signed_version(race_app, tiny_render, monkeypatch):
    plan_id, signers = _approved_plan(race_app, required=2)
    _soft_barrier(monkeypatch)
    responses = _sign_at_once(race_app, plan_id, signers)
    assert sorted(r.status_code for r in responses.values()) == [302, 302]
    assert _outcome(race_app, plan_id) == (PlanStatus.ONDERTEKEND, 2, 1, ["done"])


def test_a_signature_after_the_last_one_is_refused_without_a_500(race_app, tiny_render, monkeypatch):
    plan_id, signers = _approved_plan(race_app, required=1)
    _soft_barrier(monkeypatch)
    responses = _sign_at_once(race_app, plan_id, signers)
    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    refused = next(r for r in responses.values() if r.status_code == 200)
    assert "dit plan is ondertekend" in text_of(refused)
    assert _outcome(race_app, plan_id) == (PlanStatus.ONDERTEKEND, 1, 1, ["done"])


@pytest.mark.skipif(not databases.is_postgres(), reason="SQLite runs one writer at a time (BEGIN IMMEDIATE)")
def test_concurrent_saves_each_raise_the_revision(race_app):
    plan_id, signers = _approved_plan(race_app, required=2)
    with race_app.app_context():
        plan = db.session.get(Plan, plan_id)
        plan.status = PlanStatus.CONCEPT.value
        start = plan.revision
        db.session.commit()
    barrier = threading.Barrier(2, timeout=10)
    errors = []

    def save(field, value):
        try:
            with race_app.app_context():
                plan = db.session.get(Plan, plan_id)
                assert plan.revision == start  # both read the same revision before either saves
                barrier.wait()
                editing.save_values(plan, "b1", {field: value}, None, None)
                db.session.commit()
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=save, args=args) for args in (("b1_inwoners", 1000), ("b1_visie", "Samen"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with race_app.app_context():
        assert db.session.get(Plan, plan_id).revision == start + 2


@pytest.mark.skipif(not databases.is_postgres(), reason="SQLite runs one writer at a time (BEGIN IMMEDIATE)")
def test_concurrent_writers_in_one_region_each_show_on_the_next_overview(race_app):
    """Two plans of one region saved at the same moment: the second writer's token waits for the first's row lock
    and is a value of its own, so an overview kept between the two commits is not taken for the one after both."""
    from plans.models import Assignment, Region

    with race_app.app_context():
        factories = Factories(db.session)
        region = db.session.scalar(sa.select(Region).where(Region.name == "Zeeland"))
        plans = [editing.create_plan(factories.organisation(region=region), f"Regioplan {n}", 2026, 2029, None).id
                 for n in ("Een", "Twee")]
        coach = factories.user()
        db.session.add(Assignment(user=coach, role="coach", region=region))
        db.session.commit()
        email = coach.email
    client = race_app.test_client()
    client.post("/inloggen", data={"email": email, "password": Factories.PASSWORD})

    def titles():
        html = client.get("/overzicht/?sorteer=activiteit").get_data(as_text=True)
        return [hint.split(",")[0] for hint in re.findall(r'<span class="hint">([^<]*)</span>', html)]

    assert titles() == ["Regioplan Twee", "Regioplan Een"]  # the newest first
    flushed = {plan_id: threading.Event() for plan_id in plans}
    commit = {plan_id: threading.Event() for plan_id in plans}
    errors = []

    def save(plan_id):
        try:
            with race_app.app_context():
                editing.save_values(db.session.get(Plan, plan_id), "b1", {"b1_visie": f"Visie {plan_id}"}, None, None)
                flushed[plan_id].set()  # its region's token written, the row lock held until the test lets it commit
                assert commit[plan_id].wait(10)
                db.session.commit()
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)
            flushed[plan_id].set()

    first, second = (threading.Thread(target=save, args=(plan_id,)) for plan_id in (plans[1], plans[0]))
    first.start()
    assert flushed[plans[1]].wait(10)
    second.start()  # its token waits for the first's row lock: whatever it read of the region, it read before
    _until_one_waits_for_a_lock(race_app)
    commit[plans[1]].set()
    first.join(30)
    assert flushed[plans[0]].wait(10)
    assert titles() == ["Regioplan Twee", "Regioplan Een"]  # the first's save, kept under the first's token
    commit[plans[0]].set()
    second.join(30)
    assert errors == []
    assert titles() == ["Regioplan Een", "Regioplan Twee"]  # the second's save, under a token of its own


def _until_one_waits_for_a_lock(app) -> None:
    """Return once another connection of the test's database waits for a lock (PostgreSQL's pg_stat_activity)."""
    with app.app_context(), db.engine.connect() as conn:
        for _ in range(100_000):
            if conn.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND wait_event_type = 'Lock'")):
                return
            conn.rollback()  # a fresh snapshot of the activity
    raise AssertionError("the second writer never waited for the first's lock")


HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


@pytest.mark.skipif(databases.is_postgres(), reason="the SQLite write lock")
def test_a_busy_sqlite_database_answers_probeer_het_zo_opnieuw():
    """Another process holds the write lock longer than the busy timeout: a Dutch 503, never a 500."""
    app = make_test_app("busy", SQLITE_BUSY_TIMEOUT_MS=100)
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        client = app.test_client()
        response = client.post("/inloggen", data={"email": "niemand@example.nl", "password": "x" * 12})
        assert response.status_code == 503
        assert "probeer het zo opnieuw" in text_of(response).lower()
    finally:
        holder.communicate("\n", timeout=10)
    assert client.post("/inloggen", data={"email": "niemand@example.nl", "password": "x" * 12}).status_code == 200
