"""E-mail through a real outbox: every message is stored (and logged) in the request, and delivered by a
job with retries and backoff. A message is claimed under its row lock before it is sent, so it is never
sent twice; a message that kept failing shows its error to the administrator, who may send it again.
"""
from __future__ import annotations

import logging
import smtplib
import sys
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import Flask, current_app, render_template

from plans.clock import utcnow
from plans.models import MailStatus, OutboxMessage
from webapp.extensions import db
from webapp.jobs.queue import huey
from webapp.jobs.runner import after_commit, job_app

# A delivery attempt that started this long ago and never finished was cut off mid-send (worker killed):
# whether the server accepted it is unknown, so it is not sent again by itself.
SENDING_CUT_OFF = timedelta(minutes=15)

# Every message goes here; without SMTP (make run) it is printed in the terminal, links and all.
logger = logging.getLogger("regioplan.mail")


def init_app(app: Flask) -> None:
    if not app.config.get("MAIL_SERVER") and not any(getattr(h, "regioplan_console", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.regioplan_console = True
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def send_mail(recipient: str, subject: str, template: str, **context) -> OutboxMessage:
    """Render `templates/mail/<template>.txt`, keep it in the outbox, deliver it once the request commits."""
    body = render_template(f"mail/{template}.txt", **context)
    smtp = bool(current_app.config.get("MAIL_SERVER"))
    message = OutboxMessage(recipient=recipient, subject=subject, body=body,
                            status=MailStatus.QUEUED.value if smtp else MailStatus.LOGGED.value)
    db.session.add(message)
    db.session.flush()
    if smtp:
        logger.info("Mail aan %s: %s", recipient, subject)
        _queue(message)
    else:
        logger.info("--- E-mail (geen SMTP ingesteld, alleen in de outbox) aan %s: %s\n%s\n---", recipient, subject, body)
    return message


def _queue(message: OutboxMessage, delay: float = 0) -> None:
    if delay:
        after_commit(lambda message_id: deliver_mail.schedule((message_id,), delay=delay), message.id)
    else:
        after_commit(deliver_mail, message.id)


def resend(message: OutboxMessage) -> bool:
    """The administrator sends a failed message again (one more round of attempts)."""
    if message.status != MailStatus.FAILED:
        return False
    message.status, message.attempts = MailStatus.QUEUED.value, 0
    _queue(message)
    return True


def _locked(message_id: int) -> OutboxMessage | None:
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()
                             .execution_options(populate_existing=True))


@huey.task()
def deliver_mail(message_id: int) -> None:
    """The mail job: one delivery attempt in the worker's app."""
    with job_app().app_context():
        try:
            deliver(message_id)
        finally:
            db.session.remove()


def deliver(message_id: int) -> None:
    """One delivery attempt (the mail job). Commits; schedules the next attempt with backoff on failure."""
    config = current_app.config
    message = _locked(message_id)
    if message is None or message.status != MailStatus.QUEUED:
        db.session.commit()
        return  # sent, given up, or another worker is sending it right now
    message.status = MailStatus.SENDING.value
    message.attempts += 1
    message.last_attempt_at = utcnow()
    email = _email(message)
    db.session.commit()
    try:
        _smtp_send(email)
    except (OSError, smtplib.SMTPException) as exc:
        message = _locked(message_id)
        message.error = f"Poging {message.attempts}: {exc}"[:2000]
        if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
            message.status = MailStatus.FAILED.value
            current_app.logger.error("Mail %s aan %s definitief niet verstuurd: %s", message_id, message.recipient, exc)
        else:
            message.status = MailStatus.QUEUED.value
            delay = config["MAIL_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
            current_app.logger.warning("Mail %s aan %s niet verstuurd (%s); nieuwe poging over %.0f s",
                                       message_id, message.recipient, exc, delay)
            _queue(message, delay)
    else:
        message = _locked(message_id)
        message.status, message.sent_at = MailStatus.SENT.value, utcnow()
    db.session.commit()


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


def _smtp_send(email: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def sweep() -> None:
    """Cut-off attempts become failures for the administrator; queued messages whose job was lost are queued again."""
    now = utcnow()
    stuck = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.status == MailStatus.SENDING, OutboxMessage.last_attempt_at < now - SENDING_CUT_OFF))
    for message in stuck:
        message.status = MailStatus.FAILED.value
        message.error = "De verzending werd onderbroken; onbekend of het bericht is aangekomen. Controleer en verstuur opnieuw."
    waiting = current_app.config["MAIL_RETRY_SECONDS"] * 2 ** current_app.config["MAIL_MAX_ATTEMPTS"]
    lost = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.status == MailStatus.QUEUED,
        sa.func.coalesce(OutboxMessage.last_attempt_at, OutboxMessage.created_at) < now - timedelta(seconds=waiting)))
    for message in lost:
        _queue(message)
    db.session.commit()
