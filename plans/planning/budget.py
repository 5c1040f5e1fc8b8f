"""The multi-year budget: costs and funding per opgave and year, in exact decimals (never floats).

Amounts are stored as the number fields read them (an int, or a float of at most 15 digits, which
`str()` gives back exactly); they are converted through their text and rounded to the cent.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from building_blocks.schema import Content
from plans.planning.chain import rows_of, table_with_meaning

COSTS, FUNDING = "begroting_kosten", "begroting_dekking"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_amount(value: Any) -> Decimal | None:
    """An amount in euros as an exact Decimal to the cent, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN) if amount.is_finite() else None


def total(amounts: Iterable[Any]) -> Decimal:
    """The exact sum of amounts; what is no number counts as nothing."""
    return sum((a for a in map(to_amount, amounts) if a is not None), ZERO)


@dataclass
class Year:
    year: int
    costs: Decimal = ZERO
    by_source: dict[str, Decimal] = field(default_factory=dict)
    by_certainty: dict[str, Decimal] = field(default_factory=dict)

    @property
    def funded(self) -> Decimal:
        return sum(self.by_source.values(), ZERO)

    @property
    def uncovered(self) -> Decimal:
        """The part of the costs no source pays for (never below nothing)."""
        return max(self.costs - self.funded, ZERO)

    @property
    def covered_share(self) -> Decimal | None:
        """Funded / costs as a percentage with one decimal, capped at 100; None without costs."""
        if self.costs == 0:
            return None
        share = min(self.funded / self.costs, Decimal(1)) * 100
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


@dataclass
class Budget:
    years: list[Year]
    by_opgave: dict[str, list[Year]]  # opgave code -> its years (the same year numbers as `years`)
    sources: list[tuple[str, str]]  # (value, label) of the funding sources that occur, in content order
    certainties: list[tuple[str, str]] = field(default_factory=list)  # (value, label): toegezegd, ...
    enabled: bool = True
    outside_period: list[int] = field(default_factory=list)  # years with amounts that the plan period lacks

    @property
    def costs(self) -> Decimal:
        return sum((y.costs for y in self.years), ZERO)

    @property
    def funded(self) -> Decimal:
        return sum((y.funded for y in self.years), ZERO)

    @property
    def uncovered(self) -> Decimal:
        return sum((y.uncovered for y in self.years), ZERO)

    def source_total(self, source: str) -> Decimal:
        return sum((y.by_source.get(source, ZERO) for y in self.years), ZERO)


def plan_years(start, end) -> list[int]:
    """The years of a plan period (dates or years), first to last."""
    first, last = getattr(start, "year", start), getattr(end, "year", end)
    return list(range(first, last + 1)) if isinstance(first, int) and isinstance(last, int) else []


def build_budget(content: Content, values: Mapping[str, Any], years: Iterable[int] = ()) -> Budget:
    """Costs, funding per source and certainty, and the uncovered part, per year and per opgave.

    :param years: the plan period's years, shown even without amounts; other years that occur are added.
    """
    costs_table, funding_table = table_with_meaning(content, COSTS), table_with_meaning(content, FUNDING)
    if costs_table is None or funding_table is None:
        return Budget([], {}, [], enabled=False)
    cost_rows, funding_rows = rows_of(values, costs_table), rows_of(values, funding_table)
    all_years = sorted(set(years) | {r["jaar"] for r in cost_rows + funding_rows if isinstance(r.get("jaar"), int)})
    totals = {y: Year(y) for y in all_years}
    per_opgave: dict[str, dict[int, Year]] = {}

    def cells(row) -> list[Year]:
        opgave = per_opgave.setdefault(str(row.get("opgave") or ""), {y: Year(y) for y in all_years})
        return [totals[row["jaar"]], opgave[row["jaar"]]]

    for row in cost_rows:
        if isinstance(row.get("jaar"), int) and (amount := to_amount(row.get("bedrag"))) is not None:
            for cell in cells(row):
                cell.costs += amount
    for row in funding_rows:
        if isinstance(row.get("jaar"), int) and (amount := to_amount(row.get("bedrag"))) is not None:
            for cell in cells(row):
                source, certainty = str(row.get("bron") or ""), str(row.get("zekerheid") or "")
                cell.by_source[source] = cell.by_source.get(source, ZERO) + amount
                cell.by_certainty[certainty] = cell.by_certainty.get(certainty, ZERO) + amount
    columns = {c.id: c for c in funding_table.columns}
    used = {s for y in totals.values() for s in y.by_source}
    sources = [(o.value, o.label) for o in columns["bron"].options if o.value in used]
    certainties = [(o.value, o.label) for o in columns["zekerheid"].options]
    period = set(years)
    outside = [y for y in all_years if period and y not in period]
    return Budget([totals[y] for y in all_years], {k: list(v.values()) for k, v in per_opgave.items()}, sources,
                  certainties, outside_period=outside)
