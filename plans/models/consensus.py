"""Each board member's own view of a section's maturity, and the level the board settled on."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plans.clock import utcnow
from plans.db import db

if TYPE_CHECKING:
    from plans.models.accounts import User


class MaturityView(db.Model):
    __table_args__ = (sa.UniqueConstraint("plan_id", "section_id", "user_id", name="uq_maturity_view_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    current: Mapped[int]
    target: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class MaturitySettlement(db.Model):
    """The board's settled level of one section with its motivation (the level itself is the plan's answer)."""

    __table_args__ = (sa.UniqueConstraint("plan_id", "section_id", name="uq_maturity_settlement_section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    section_id: Mapped[str] = mapped_column(sa.String(20))
    current: Mapped[int]
    target: Mapped[int]
    motivation: Mapped[str] = mapped_column(sa.Text)
    settled_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))

    settled_by: Mapped[User] = relationship()
