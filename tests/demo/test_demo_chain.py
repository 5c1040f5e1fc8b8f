"""Version 2 of the Noord-Holland Noord demo plan is a complete example of the chain, budget and partners."""
from __future__ import annotations

from decimal import Decimal

import pytest

from building_blocks import get_content
from building_blocks.schema import REFERENCE_TYPES
from building_blocks.yamlfile import read_yaml
from plans.planning.budget import build_budget
from plans.planning.chain import build_chain, row_key
from tests.demo.test_demo_plan_data import DEMO_DIR, HALF_PLAN, UPDATES_PLAN


def _values(filename: str) -> dict:
    data = read_yaml(DEMO_DIR / filename).data
    return {k: v for section in data["sections"].values() for k, v in (section.get("answers") or {}).items()}


@pytest.fixture(scope="module")
def content():
    return get_content("2026.2")


@pytest.mark.parametrize("filename", [UPDATES_PLAN, HALF_PLAN])
def test_every_reference_names_a_row_of_its_table(content, filename):
    values = _values(filename)
    for section in content.sections:
        for q in section.questions:
            for column in (c for c in q.columns if c.type in REFERENCE_TYPES):
                keys = {row_key(r) for r in values.get(column.refers_to) or []}
                for number, row in enumerate(values.get(q.id) or [], 1):
                    chosen = row.get(column.id, [])
                    for key in chosen if isinstance(chosen, list) else [chosen]:
                        assert key in keys, f"{q.id} row {number}: {column.id} {key!r} is not in {column.refers_to}"


def test_the_demo_chain_links_every_opgave_and_shows_its_gaps(content):
    chain = build_chain(content, _values(UPDATES_PLAN))
    assert [o.code for o in chain.opgaven] == ["O1", "O2", "O3", "O4", "O5"]
    assert len(chain.doelen) == 9
    assert not chain.opgaven_without_action and not chain.orphan_doelen
    # Governance work serves no doel of the plan: the demo shows what a gap looks like.
    assert [(a.section.id, a.number) for a in chain.unlinked_actions] == [("b1", 3), ("r1", 1), ("r1", 2)]
    assert len(chain.actions) == 41


def test_the_demo_budget_covers_the_plan_years_with_several_sources(content):
    budget = build_budget(content, _values(UPDATES_PLAN), range(2026, 2030))
    assert [y.year for y in budget.years] == [2026, 2027, 2028, 2029]
    assert budget.years[0].costs == Decimal("870000.00")
    assert all(0 < y.funded < y.costs for y in budget.years)
    assert len(budget.sources) >= 5
    assert budget.years[0].funded % 1 == Decimal("0.50")  # one amount with cents, added exactly
