"""Work done off the request by the job queue: what was asked, how far it is, and its result."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plans.clock import utcnow
from plans.db import db


class JobKind(enum.StrEnum):
    CONCEPT_PDF = "concept_pdf"
    SIGNED_PDF = "signed_pdf"
    ZIP = "zip"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    """One piece of work; `key` makes asking twice for the same result find the same job."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default=JobStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    # A running job whose lease ran out lost its worker (killed, machine gone): it is queued again.
    lease_until: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    result_path: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
