"""Review by the kring, comments, signatures, the sealed document and the audit trail of a plan."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plans.clock import utcnow
from plans.db import db

if TYPE_CHECKING:
    from plans.models.accounts import User


class SectionDecision(db.Model):
    """A beoordelaar's decision on one section in one review round. Never updated or deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    round: Mapped[int]
    decision: Mapped[str] = mapped_column(sa.String(20))  # akkoord | wijzigingen
    reason: Mapped[str | None] = mapped_column(sa.Text)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship()


class CommentThread(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    comments: Mapped[list[Comment]] = relationship(back_populates="thread", order_by="Comment.id")


class Comment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("comment_thread.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    thread: Mapped[CommentThread] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()


class Signature(db.Model):
    __table_args__ = (sa.UniqueConstraint("plan_id", "user_id", name="uq_signature_plan_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    function: Mapped[str] = mapped_column(sa.String(200))
    statement: Mapped[str] = mapped_column(sa.Text)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class SignedDocument(db.Model):
    """The sealed PDF of a signed plan: rendered once, served as stored, checkable by its SHA-256."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), unique=True)
    verification_code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(db.Model):
    """Who did what to a plan, when: submissions, decisions, comments, signatures, revisions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[Any] = mapped_column(sa.JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
