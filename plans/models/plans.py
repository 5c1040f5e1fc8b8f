"""A regioplan, its answers and the full history of every change."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plans.clock import utcnow
from plans.db import db
from plans.vocabulary import PlanStatus

if TYPE_CHECKING:
    from plans.models.accounts import User
    from plans.models.organisations import Organisation


class Plan(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    period_start: Mapped[int]
    period_end: Mapped[int]
    # The content a plan was written against; later content versions never change an old plan.
    content_version: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default=PlanStatus.CONCEPT.value)
    # Raised on every saved change: caches (such as a rendered PDF) key on it.
    revision: Mapped[int] = mapped_column(default=0)
    # Review rounds: each submission starts one; decisions count from `decisions_since` on, so a
    # withdrawn plan is reviewed afresh while a resubmission keeps the sections already approved.
    review_round: Mapped[int] = mapped_column(default=0, server_default="0")
    decisions_since: Mapped[int] = mapped_column(default=1, server_default="1")
    # Versions: a new version of a signed plan is a concept copy that points to its predecessor.
    version_number: Mapped[int] = mapped_column(default=1, server_default="1")
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id"))
    signed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    previous: Mapped[Plan | None] = relationship(remote_side="Plan.id")
    created_by: Mapped[User | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="plan", cascade="all, delete-orphan")

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class Answer(db.Model):
    """The current value of one field of a plan: a question, a checklist item, levels or 'klaar'.

    `version` is SQLAlchemy's optimistic lock: an UPDATE based on a stale version fails instead of
    silently overwriting a colleague's text.
    """

    __table_args__ = (sa.UniqueConstraint("plan_id", "key", name="uq_answer_plan_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    key: Mapped[str] = mapped_column(sa.String(120))
    value: Mapped[Any] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    plan: Mapped[Plan] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class AnswerRevision(db.Model):
    """One change of one answer: who, when, the old and the new value. Never updated or deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    version: Mapped[int]
    old_value: Mapped[Any | None] = mapped_column(sa.JSON)
    new_value: Mapped[Any | None] = mapped_column(sa.JSON)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    via: Mapped[str] = mapped_column(sa.String(20), default="form")  # form | autosave | seed | import

    changed_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_answer_revision_plan_key", "plan_id", "key", "version"),)


class RetiredAnswer(db.Model):
    """An answer with no place in the plan's current content version: kept and shown, never deleted.

    Written when a plan moves to a new content version (plans/writing/content_migration.py); `key` and
    `value` are as they were in `from_version`, `section_id` is the section it is shown under.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    key: Mapped[str] = mapped_column(sa.String(120))
    value: Mapped[Any] = mapped_column(sa.JSON)
    from_version: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text)
    retired_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    retired_by: Mapped[User | None] = relationship()


class PageDraft(db.Model):
    """What was typed on a page that was saved with errors, kept until the page is saved cleanly."""

    __table_args__ = (sa.UniqueConstraint("plan_id", "section_id", "step_id", name="uq_page_draft_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    step_id: Mapped[str] = mapped_column(sa.String(60))
    form_data: Mapped[Any] = mapped_column(sa.JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
