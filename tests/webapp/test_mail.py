"""E-mail goes through a real (local) SMTP server when one is configured, and is always kept."""
import socket

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from plans.models import OutboxMessage
from webapp.mail import send_mail


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_mail_is_delivered_by_smtp_and_kept_in_the_outbox(app, db_session, smtp_server, monkeypatch):
    port, inbox = smtp_server
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_USE_SSL": False, "MAIL_USERNAME": ""}.items():
        monkeypatch.setitem(app.config, key, value)
    with app.test_request_context():
        from types import SimpleNamespace

        user = SimpleNamespace(display_name="Anna", email="anna@example.nl")
        message = send_mail("anna@example.nl", "Regioplan ingediend: Test", "password_reset", user=user,
                            link="https://regioplan.test/x")
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["Subject"] == "Regioplan ingediend: Test" and received["To"] == "anna@example.nl"
    assert "https://regioplan.test/x" in received.get_payload()
    kept = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id == message.id))
    assert kept.sent_at is not None and kept.error is None


def test_unreachable_smtp_keeps_the_message_with_its_error(app, db_session, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    with app.test_request_context():
        from types import SimpleNamespace

        message = send_mail("x@example.nl", "Onderwerp", "password_reset",
                            user=SimpleNamespace(display_name="X"), link="https://regioplan.test/y")
    assert message.sent_at is None and message.error


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
