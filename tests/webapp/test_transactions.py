"""SQLite's write lock is taken only by transactions that may write: readers run beside a writer (WAL)."""
from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from plans.db import db, reads_only
from plans.writing import editing
from tests import databases
from tests.conftest import make_test_app, text_of
from tests.factories import Factories
from tests.webapp.test_races import HOLD_LOCK

pytestmark = pytest.mark.skipif(databases.is_postgres(), reason="the SQLite write lock")


@pytest.fixture(scope="module")
def lock_app():
    app = make_test_app("locks", SQLITE_BUSY_TIMEOUT_MS=100)
    with app.app_context():
        factories = Factories(db.session)
        org = factories.organisation()
        user = factories.member(org, "bestuurder", email="slot@example.nl")
        plan = editing.create_plan(org, "Regioplan Slot", 2026, 2029, user)
        db.session.commit()
        app.plan_id = plan.id
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(lock_app):
    client = lock_app.test_client()
    assert client.post("/inloggen", data={"email": "slot@example.nl", "password": Factories.PASSWORD}).status_code == 302
    return client


def _begins(app, fn) -> set[str]:
    """How the transactions that `fn` opens begin."""
    statements = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return {s for s in statements if s.startswith("BEGIN")}


def test_only_transactions_that_may_write_begin_immediate(lock_app, client):
    plan = lock_app.plan_id
    assert _begins(lock_app, lambda: client.get(f"/plannen/{plan}")) == {"BEGIN DEFERRED"}
    assert _begins(lock_app, lambda: client.post(f"/plannen/{plan}/opstellen-regioplan/controleren",
                                                 data={"done": "nee"})) == {"BEGIN IMMEDIATE"}
    # A GET that queues a render job is marked `writes`: it takes the lock up front.
    assert _begins(lock_app, lambda: client.get(f"/plannen/{plan}/regioplan.pdf")) == {"BEGIN IMMEDIATE"}
    with lock_app.app_context():  # outside a request (jobs, commands) everything may write
        assert _begins(lock_app, lambda: db.session.execute(sa.select(1))) == {"BEGIN IMMEDIATE"}
        db.session.rollback()
        with reads_only():
            assert _begins(lock_app, lambda: db.session.execute(sa.select(1))) == {"BEGIN DEFERRED"}
        db.session.rollback()


def test_a_get_reads_while_another_connection_holds_the_write_lock(lock_app, client):
    path = make_url(lock_app.config["SQLALCHEMY_DATABASE_URI"]).database
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        task_list = client.get(f"/plannen/{lock_app.plan_id}")
        assert task_list.status_code == 200
        assert "Regioplan Slot" in text_of(task_list)
        # A writer still waits for the lock (here longer than the busy timeout): no update can be lost.
        save = client.post(f"/plannen/{lock_app.plan_id}/opstellen-regioplan/controleren", data={"done": "nee"})
        assert save.status_code == 503
    finally:
        holder.communicate("\n", timeout=10)


def test_a_write_in_a_reading_transaction_is_logged(lock_app, caplog):
    """The warning that finds a GET view that writes but is not marked `writes` (the fuzz run shows none)."""
    with lock_app.app_context(), reads_only():
        db.session.execute(sa.text("UPDATE plan SET title = title WHERE id = :id"), {"id": lock_app.plan_id})
        db.session.rollback()
    assert "write in a transaction begun as read-only" in caplog.text
