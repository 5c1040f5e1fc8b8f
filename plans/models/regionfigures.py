"""Reference figures per zorgkantoorregio and gemeente, each with its source and peildatum."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plans.clock import utcnow
from plans.db import db


class RegionFigureImport(db.Model):
    """One import of a figures file that changed something: what was loaded and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    added: Mapped[int]
    changed: Mapped[int]
    unchanged: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegionFigure(db.Model):
    """One figure of one area; the natural key is area, figure, forecast year and peildatum."""

    __table_args__ = (
        sa.UniqueConstraint("area_kind", "area_code", "figure", "year", "peildatum", name="uq_region_figure_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_kind: Mapped[str] = mapped_column(sa.String(20))  # zorgkantoorregio | gemeente
    area_code: Mapped[str] = mapped_column(sa.String(10), index=True)
    area_name: Mapped[str] = mapped_column(sa.String(120))
    figure: Mapped[str] = mapped_column(sa.String(40))
    # The year a prognosis is about; 0 for a figure that describes the peildatum itself (a NULL would
    # make the unique key ignore duplicates on PostgreSQL).
    year: Mapped[int] = mapped_column(default=0, server_default="0")
    value: Mapped[Decimal] = mapped_column(sa.Numeric(14, 4))
    source: Mapped[str] = mapped_column(sa.String(300))
    peildatum: Mapped[date]
    import_id: Mapped[int] = mapped_column(sa.ForeignKey("region_figure_import.id"), index=True)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
