"""Sending e-mail: always kept in the outbox table and the log, delivered by SMTP when configured."""
from __future__ import annotations

import logging
import smtplib
import sys
from email.message import EmailMessage

from flask import Flask, current_app, render_template

from plans.clock import utcnow
from plans.models import OutboxMessage
from webapp.extensions import db

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
    """Render `templates/mail/<template>.txt` and send it (or keep it in the outbox)."""
    body = render_template(f"mail/{template}.txt", **context)
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    if current_app.config.get("MAIL_SERVER"):
        logger.info("Mail aan %s: %s", recipient, subject)
        _deliver(message)
    else:
        logger.info("--- E-mail (geen SMTP ingesteld, alleen in de outbox) aan %s: %s\n%s\n---", recipient, subject, body)
    db.session.flush()
    return message


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(email)
        message.sent_at = utcnow()
    except (OSError, smtplib.SMTPException) as exc:
        # The message stays in the outbox with its error; the user's action still succeeds.
        message.error = str(exc)
        current_app.logger.warning("Mail aan %s niet verstuurd: %s", message.recipient, exc)
