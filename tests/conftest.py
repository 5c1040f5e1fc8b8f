"""Fixtures in the style of flaskr and Indico: one app per session, one rolled-back transaction per test."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup

# Jobs run at once in the process that queues them (Huey's immediate mode), before webapp is imported;
# tests of the real worker start it in a process of its own with a queue file.
os.environ["QUEUE_URL"] = "memory://"
os.environ.setdefault("PDF_RENDER_NICENESS", "0")
from flask.testing import FlaskClient

from bench import scratch_dir
from plans.accounts.regions import ensure_regions
from plans.db import db
from tests import databases
from tests.factories import Factories
from tests.pages import ClientRequest, check_html
from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import limiter


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (fresh `g` and session), as in production, and every HTML
    page any test receives passes `tests.pages.check_html` (lang, title, unique ids, aria-describedby).

    Without the context, requests would reuse the test's app context and Flask-Login's cached user in `g`.
    A streamed response (the CSV) is read whole inside that context, as a server reads it before the next
    request, unless a test asks for `buffered=False` and reads it itself.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400 and not response.is_streamed:
            check_html(BeautifulSoup(response.get_data(as_text=True), "html.parser"))
        return response


def make_test_app(suffix: str = "unit", **overrides):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = databases.database_url(suffix)
    config.WTF_CSRF_ENABLED = False
    for key, value in overrides.items():
        setattr(config, key, value)
    app = create_app(config)
    app.instance_path = str(scratch_dir("regioplan-instance-"))  # seal, PDF cache: never the repo's
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        ensure_regions()
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def app():
    app = make_test_app()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def csrf_app():
    """An app that checks CSRF tokens, as production does (the default test app does not)."""
    app = make_test_app("csrf", WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@contextmanager
def rolled_back(app):
    """An app context whose writes are rolled back at the end, commits included.

    Views still call commit(): with join_transaction_mode="create_savepoint" that only releases a
    savepoint inside one outer transaction, so nothing outlives the block.
    """
    with app.app_context():
        engine = db.engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        db.engines[None] = connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield db.session
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            db.engines[None] = engine


@pytest.fixture
def db_session(app):
    """Every test runs inside one outer transaction that is rolled back afterwards."""
    with rolled_back(app) as session:
        yield session


@pytest.fixture
def factories(db_session) -> Factories:
    return Factories(db_session)


@pytest.fixture
def client(app, db_session):
    limiter.reset()
    return app.test_client()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = Factories.PASSWORD):
        response = self.client.post("/inloggen", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return response

    def logout(self):
        return self.client.post("/uitloggen")


@pytest.fixture
def client_request(client) -> ClientRequest:
    """get_page / post_page: status checked and page parsed and checked on every call."""
    return ClientRequest(client)


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", page(response).get_text(" ")).strip()
