"""Regions, organisations and who belongs to or looks after them."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plans.clock import utcnow
from plans.db import db

if TYPE_CHECKING:
    from plans.models.accounts import User


class OrganisationKind(enum.StrEnum):
    ZORGGROEP = "zorggroep"
    REGIO_ORGANISATIE = "regio-organisatie"
    HUISARTSENCOOPERATIE = "huisartsencooperatie"
    ANDERS = "anders"


class MemberRole(enum.StrEnum):
    """Roles a person holds inside an organisation."""

    BESTUURDER = "bestuurder"
    REDACTEUR = "redacteur"


class AssignmentRole(enum.StrEnum):
    """Roles a person holds towards regions or organisations from outside."""

    BEOORDELAAR = "beoordelaar"
    COACH = "coach"


class Region(db.Model):
    """A zorgkantoorregio: reference data, managed by administrators."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(10), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # New random values in every transaction that changes a plan or an organisation of the region, or the region
    # itself (plans/models/region_tokens.py): the coach overview keeps what it read while its regions' values stay.
    # The activity token changes with a plan's last activity alone (a saved answer), the plans token with the rest.
    plans_token: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(16), server_default="")
    activity_token: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(16),
                                                server_default="")

    organisations: Mapped[list[Organisation]] = relationship(back_populates="region")

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40), default=OrganisationKind.ZORGGROEP.value)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    # How many bestuurders must sign a plan before it is final.
    required_signatures: Mapped[int] = mapped_column(default=2, server_default="2")
    # Which bodies can adopt a plan (plans.review.adoption); None until a bestuurder sets it.
    legal_form: Mapped[str | None] = mapped_column(sa.String(30))
    # Whether redacteuren give their own maturity levels besides the bestuurders.
    editors_give_levels: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship(back_populates="organisations")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class OrganisationLogo(db.Model):
    """The logo a board uploaded for the cover of its regioplan (validated PNG or SVG, kept apart from the
    organisation so its bytes load only for a PDF)."""

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), primary_key=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(db.Model):
    """A person working for an organisation as bestuurder or redacteur."""

    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id", "role", name="uq_membership_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Assignment(db.Model):
    """A beoordelaar or coach looking after a whole region or a single organisation."""

    __table_args__ = (
        sa.CheckConstraint(
            "(region_id IS NULL) <> (organisation_id IS NULL)", name="one_scope"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="assignments")
    region: Mapped[Region | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def scope_name(self) -> str:
        return self.region.name if self.region else self.organisation.name
