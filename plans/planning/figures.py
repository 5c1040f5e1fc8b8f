"""The chain in a few numbers, for the coach's compare page and CSV."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from building_blocks.schema import Content
from plans.planning.budget import COSTS, FUNDING, build_budget, plan_years
from plans.planning.chain import DOELEN, OPGAVEN, PARTNERS, build_chain, rows_of, table_with_meaning

MEANINGS = (OPGAVEN, DOELEN, PARTNERS, COSTS, FUNDING)
SIGNED = "getekend"


@dataclass(frozen=True)
class PlanningFigures:
    opgaven: int
    doelen: int
    doelen_with_baseline: int  # doelen with a nulmeting
    actions_incomplete: int  # actions without owner or without end date
    covered: list[tuple[int, Decimal | None]]  # per plan year: the share of the costs funded, None without costs
    partners: int
    partners_signed: int


def planning_figures(content: Content, values: Mapping[str, Any], period: tuple[int, int]) -> PlanningFigures | None:
    """None on a content version without the chain."""
    chain = build_chain(content, values)
    if not chain.enabled:
        return None
    budget = build_budget(content, values, plan_years(*period))
    partners = rows_of(values, table_with_meaning(content, PARTNERS))
    return PlanningFigures(
        opgaven=len(chain.opgaven),
        doelen=len(chain.doelen),
        doelen_with_baseline=sum(1 for d in chain.doelen if d.row.get("nulmeting")),
        actions_incomplete=sum(1 for a in chain.actions if not a.row.get("eigenaar") or not a.row.get("eind")),
        covered=[(y.year, y.covered_share) for y in budget.years],
        partners=len(partners),
        partners_signed=sum(1 for p in partners if p.get("afspraak") == SIGNED),
    )


def question_ids(content: Content) -> list[str]:
    """The answers the figures read besides the action plans."""
    return [q.id for s in content.sections for q in s.questions if q.meaning in MEANINGS]
