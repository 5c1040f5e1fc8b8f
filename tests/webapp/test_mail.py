"""E-mail goes through an outbox: delivered by a job with retries and backoff, never twice, failures shown to
the administrator with a resend button. A real (local) SMTP server, aiosmtpd, receives it."""
import socket
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from plans.models import MailStatus, OutboxMessage
from tests.conftest import page, text_of
from webapp import mail
from webapp.jobs.queue import huey
from webapp.mail import send_mail


class Inbox:
    """Refuses the first `refusals` deliveries with a temporary error (451), then accepts."""

    def __init__(self, refusals: int = 0):
        self.refusals = refusals
        self.tries = 0
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.refusals:
            return "451 4.3.0 Even niet, probeer het later"
        self.messages.append(envelope.content.decode())
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def empty_schedule():
    huey.storage.flush_schedule()
    yield
    huey.storage.flush_schedule()


@pytest.fixture
def smtp(app, monkeypatch):
    def start(refusals=0):
        inbox = Inbox(refusals)
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        started.append(controller)
        _configure(app, monkeypatch, controller.port)
        return inbox

    started = []
    yield start
    for controller in started:
        controller.stop()


def _configure(app, monkeypatch, port):
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_USE_SSL": False, "MAIL_USERNAME": "", "MAIL_RETRY_SECONDS": 30}.items():
        monkeypatch.setitem(app.config, key, value)


def _send(app, db_session, subject="Regioplan ingediend: Test"):
    with app.test_request_context():
        message = send_mail("anna@example.nl", subject, "password_reset",
                            user=SimpleNamespace(display_name="Anna"), link="https://regioplan.test/x")
    db_session.commit()  # the delivery job is queued once the request commits (immediate mode: runs now)
    return message.id


def _run_due_retries() -> list:
    """Run the retries Huey has scheduled (immediate mode keeps them in its schedule), as the worker would."""
    later = datetime.utcnow() + timedelta(days=1)
    due = huey.read_schedule(later)
    for task in due:
        huey.execute(task, timestamp=later)
    return due


def _message(db_session, message_id) -> OutboxMessage:
    return db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id == message_id)
                             .execution_options(populate_existing=True))


def test_mail_is_delivered_by_a_job_and_kept_in_the_outbox(app, db_session, smtp):
    inbox = smtp()
    message_id = _send(app, db_session)
    assert len(inbox.messages) == 1
    assert "Subject: Regioplan ingediend: Test" in inbox.messages[0] and "https://regioplan.test/x" in inbox.messages[0]
    kept = _message(db_session, message_id)
    assert kept.status == MailStatus.SENT and kept.sent_at is not None and kept.attempts == 1


def test_a_server_that_refuses_twice_gets_the_message_once(app, db_session, smtp):
    inbox = smtp(refusals=2)
    message_id = _send(app, db_session)
    first = _message(db_session, message_id)
    assert (first.status, first.attempts, len(inbox.messages)) == (MailStatus.QUEUED, 1, 0)
    assert "451" in first.error
    [retry] = huey.scheduled()
    assert 25 <= (retry.eta - datetime.utcnow()).total_seconds() <= 31, "first retry after 30 s"
    assert len(_run_due_retries()) == 1
    [retry] = huey.scheduled()
    assert 55 <= (retry.eta - datetime.utcnow()).total_seconds() <= 61, "backoff: then after 60 s"
    _run_due_retries()
    assert _run_due_retries() == [], "no retry after it was sent"
    kept = _message(db_session, message_id)
    assert (kept.status, kept.attempts, inbox.tries, len(inbox.messages)) == (MailStatus.SENT, 3, 3, 1)

    mail.deliver_mail(message_id)  # the job run once more (a duplicate in the queue): nothing is sent
    assert len(inbox.messages) == 1


def test_a_failed_message_shows_its_error_to_the_administrator_who_resends_it(app, db_session, smtp, client,
                                                                              factories, monkeypatch):
    inbox = smtp(refusals=99)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    message_id = _send(app, db_session, subject="Uitnodiging voor Regioplan")
    _run_due_retries()
    assert _message(db_session, message_id).status == MailStatus.FAILED
    assert huey.scheduled() == [], "given up after MAIL_MAX_ATTEMPTS"
    admin = factories.user(is_admin=True)
    db_session.commit()
    client.post("/inloggen", data={"email": admin.email, "password": factories.PASSWORD})
    listing = client.get("/beheer/e-mail?status=failed")
    assert listing.status_code == 200
    text = text_of(listing)
    assert "Uitnodiging voor Regioplan" in text and "451" in text and "Mislukt" in text
    form = page(listing).find("form", action=lambda a: a and a.startswith(f"/beheer/e-mail/{message_id}/opnieuw"))
    assert form is not None and form.find("button").get_text(strip=True) == "Opnieuw versturen"
    inbox.refusals = 0
    response = client.post(f"/beheer/e-mail/{message_id}/opnieuw")
    assert response.status_code == 302
    assert _message(db_session, message_id).status == MailStatus.SENT and len(inbox.messages) == 1
    client.post(f"/beheer/e-mail/{message_id}/opnieuw")  # a second click on a sent message sends nothing
    assert len(inbox.messages) == 1


def test_unreachable_smtp_keeps_the_message_with_its_error(app, db_session, monkeypatch):
    _configure(app, monkeypatch, _free_port())  # nothing listens there
    message_id = _send(app, db_session, subject="Onderwerp")
    kept = _message(db_session, message_id)
    assert kept.sent_at is None and kept.error and kept.status == MailStatus.QUEUED


def test_without_smtp_mail_is_kept_and_logged_only(app, db_session):
    message_id = _send(app, db_session)
    assert _message(db_session, message_id).status == MailStatus.LOGGED
    assert huey.scheduled() == []


def test_without_smtp_every_message_with_its_links_is_printed_in_the_terminal(app, db_session):
    import logging

    from webapp.mail import logger

    assert not app.config.get("MAIL_SERVER")
    console = [h for h in logger.handlers if getattr(h, "regioplan_console", False)]
    assert console and logger.isEnabledFor(logging.INFO), "make run (no SMTP) prints mail in the terminal"
    stream = console[0].stream
    with app.test_request_context():
        import io
        console[0].setStream(io.StringIO())
        try:
            person = type("Person", (), {"display_name": "Anna"})()
            send_mail("nieuw@example.nl", "Uitnodiging", "invitation", user=person, invited_by=person,
                      organisation=None, link="http://127.0.0.1:5000/uitnodiging/abc123")
            printed = console[0].stream.getvalue()
        finally:
            console[0].setStream(stream)
    assert "nieuw@example.nl" in printed and "http://127.0.0.1:5000/uitnodiging/abc123" in printed
