"""The reference figures that belong to a plan: those of its organisation's zorgkantoorregio, newest peildatum first."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from plans.db import db
from plans.models import Plan, Region, RegionFigure, RegionFigureImport
from plans.regionfigures.vocabulary import FIGURES, PREFILLS
from plans.vocabulary import AreaKind


@dataclass(frozen=True)
class Reference:
    figure: RegionFigure

    @property
    def kind(self):
        return FIGURES[self.figure.figure]

    @property
    def value(self) -> int | Decimal:
        value = self.figure.value
        return int(value) if self.kind.whole else value.normalize()


def region_figures(region: Region) -> dict[tuple[str, int], Reference]:
    """The newest figure per (figure, forecast year) of a zorgkantoorregio."""
    rows = db.session.scalars(
        sa.select(RegionFigure)
        .where(RegionFigure.area_kind == AreaKind.ZORGKANTOORREGIO, RegionFigure.area_code == region.code)
        .order_by(RegionFigure.peildatum, RegionFigure.id))
    return {(f.figure, f.year): Reference(f) for f in rows}  # later peildata overwrite earlier ones


def plan_reference(plan: Plan) -> dict[tuple[str, int], Reference]:
    return region_figures(plan.organisation.region)


def prefills(plan: Plan, questions, values: dict[str, Any]) -> dict[str, Reference]:
    """Question id -> the reference figure that fills it, for the shown questions that have no answer yet."""
    wanted = {q.id: PREFILLS[q.id] for q in questions if q.id in PREFILLS and values.get(q.id) is None}
    if not wanted:  # most pages, and every answered one: no need to read the region's figures
        return {}
    figures = plan_reference(plan)
    return {qid: figures[(figure, 0)] for qid, figure in wanted.items() if (figure, 0) in figures}


def figures_version() -> int:
    """Changes whenever figures are loaded: caches of rendered documents key on it."""
    return db.session.scalar(sa.select(sa.func.max(RegionFigureImport.id))) or 0


@dataclass(frozen=True)
class KeyFigure:
    label: object
    own: int | float | None  # the plan's own answer
    reference: Reference | None
    percentage: bool = False


# (label, the plan's answer or a function of the answers, reference figure)
_OWN_AND_REFERENCE = (
    ("inwoners", lambda v: v.get("b1_inwoners")),
    ("praktijken", lambda v: v.get("b1_praktijken")),
    ("huisartsen_personen", lambda v: _total(v.get("b1_huisartsen"), "aantal")),
)


def key_figures(plan: Plan, values: dict[str, Any]) -> list[KeyFigure]:
    """The PDF's key figures: the plan's own value beside the reference value, then the other reference figures."""
    figures = plan_reference(plan)
    rows = [KeyFigure(FIGURES[key].label, own(values), figures.get((key, 0))) for key, own in _OWN_AND_REFERENCE]
    shown = {key for key, _ in _OWN_AND_REFERENCE}
    for (key, year), reference in sorted(figures.items()):
        if key not in shown:
            label = f"{FIGURES[key].label} {year}" if year else FIGURES[key].label
            rows.append(KeyFigure(label, None, reference, FIGURES[key].percentage))
    return rows


def _total(rows, column: str) -> int | None:
    numbers = [row.get(column) for row in rows or [] if isinstance(row.get(column), int | float)]
    return sum(numbers) if numbers else None
