"""How a plan was formally adopted, and the afstemming with zorgverzekeraars and gemeenten."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plans.clock import utcnow
from plans.db import db

if TYPE_CHECKING:
    from plans.models.accounts import User


class PlanAdoption(db.Model):
    """The formal adoption: which body, on which date, and where the minutes are."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), unique=True)
    body: Mapped[str] = mapped_column(sa.String(30))  # alv | ledenraad | raad_van_toezicht | bestuur
    adopted_on: Mapped[date]
    minutes_reference: Mapped[str] = mapped_column(sa.String(300))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    recorded_by: Mapped[User | None] = relationship()


class PlanConsultation(db.Model):
    """One afstemming with a zorgverzekeraar or gemeente: with whom, when, and how it ended."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    party_kind: Mapped[str] = mapped_column(sa.String(20))  # zorgverzekeraar | gemeente
    party_name: Mapped[str] = mapped_column(sa.String(200))
    consulted_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(sa.String(30))
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    recorded_by: Mapped[User | None] = relationship()
