"""Password reset (issue "Bad input and races"): the request does the same work whether or not the account
exists, so its time tells nothing; the lookup, the token and the mail happen in a job."""
import sqlalchemy as sa
from sqlalchemy import event

from plans.db import db
from plans.models import OutboxMessage
from webapp.auth import reset


def _statements_during(client, email: str) -> list[str]:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.post("/wachtwoord-vergeten", data={"email": email})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200 and email in response.get_data(as_text=True)
    return statements


def test_the_request_does_the_same_for_an_account_and_for_none(app, client, factories, monkeypatch):
    user = factories.user("bestaat@example.nl")
    queued = []
    monkeypatch.setattr(reset, "password_reset", lambda email, base_url: queued.append((email, base_url)))
    with app.app_context():
        existing = _statements_during(client, user.email)
        missing = _statements_during(client, "bestaat-niet@example.nl")
    assert existing == missing, "the same queries (none about the account) either way"
    assert not any("user" in s.lower() and "email" in s.lower() for s in existing)
    assert queued == [(user.email, "http://localhost/"), ("bestaat-niet@example.nl", "http://localhost/")]


def test_the_job_mails_the_link_only_to_an_existing_account(app, client, factories, db_session):
    user = factories.user("bestaat2@example.nl")
    db_session.commit()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    client.post("/wachtwoord-vergeten", data={"email": "niemand2@example.nl"})
    kept = db_session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.recipient.in_([user.email, "niemand2@example.nl"]))).all()
    assert kept == [user.email]
    body = db_session.scalar(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == user.email))
    assert "http://localhost/wachtwoord-herstellen/" in body
