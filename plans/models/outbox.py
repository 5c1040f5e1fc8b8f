"""Every e-mail the app sends is kept, whether or not SMTP is configured, with its delivery state."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plans.clock import utcnow
from plans.db import db


class MailStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for (another) delivery attempt by the mail job
    SENDING = "sending"  # an attempt is under way; never started twice at once
    SENT = "sent"
    FAILED = "failed"  # every retry failed: the administrator sees the error and may resend
    LOGGED = "logged"  # no SMTP server configured: kept here and in the log only


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=MailStatus.QUEUED.value,
                                        server_default=MailStatus.SENT.value, index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_attempt_at: Mapped[datetime | None]
