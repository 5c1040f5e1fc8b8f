"""Consensus on maturity: own levels per person, the spread that asks for a talk, the settled level on the radar."""
from __future__ import annotations

import pytest

from building_blocks import get_content
from plans.accounts.policy import Permission, can
from plans.documents import pdf
from plans.documents.radar import CENTRE, CENTRE_X, RADIUS, maturity_radar
from plans.models import PlanStatus
from plans.review.workflow import PlanLocked
from plans.writing import consensus, editing
from plans.writing.consensus import ConsensusError
from plans.writing.maturity import plan_maturity

CONTENT = get_content()


@pytest.fixture
def board(factories):
    org = factories.organisation("Zorggroep Consensus")
    plan = editing.create_plan(org, "Plan", 2026, 2029, None)
    return plan, factories.member(org, "bestuurder", name="Anna"), factories.member(org, "bestuurder", name="Piet"), \
        factories.member(org, "redacteur", name="Sanne")


def spread_of(plan, section_id):
    return next(s for s in consensus.plan_spread(plan) if s.section.id == section_id)


def test_views_that_differ_two_levels_are_flagged_for_the_board(board):
    plan, anna, piet, _ = board
    consensus.give_view(plan, anna, "b1", 1, 3)
    consensus.give_view(plan, piet, "b1", 2, 4)
    b1 = spread_of(plan, "b1")
    assert (b1.current_range, b1.target_range) == ((1, 2), (3, 4)) and not b1.to_discuss
    consensus.give_view(plan, piet, "b1", 3, 4)
    b1 = spread_of(plan, "b1")
    assert b1.current_range == (1, 3) and b1.to_discuss
    assert len(b1.views) == 2, "a second view of the same person replaces the first"
    assert spread_of(plan, "b2").views == [] and not spread_of(plan, "b2").to_discuss


def test_a_view_is_cleared_with_both_levels_empty_and_must_be_complete_and_ordered(board):
    plan, anna, *_ = board
    consensus.give_view(plan, anna, "b1", 2, 3)
    assert consensus.give_view(plan, anna, "b1", 2, 3) is False, "unchanged: nothing recorded"
    assert consensus.give_view(plan, anna, "b1", None, None) is True
    assert consensus.views_of(plan) == []
    with pytest.raises(ConsensusError, match="zowel het huidige niveau als het doelniveau"):
        consensus.give_view(plan, anna, "b1", 2, None)
    with pytest.raises(ConsensusError, match="kan het doelniveau niet lager"):
        consensus.give_view(plan, anna, "b1", 4, 2)
    with pytest.raises(ConsensusError, match="van de schaal"):
        consensus.give_view(plan, anna, "b1", 2, 9)


def test_redacteuren_give_levels_only_when_the_board_allows_it(board):
    plan, anna, _, sanne = board
    assert can(anna, Permission.GIVE_LEVELS, plan) and not can(sanne, Permission.GIVE_LEVELS, plan)
    plan.organisation.editors_give_levels = True
    assert can(sanne, Permission.GIVE_LEVELS, plan)
    assert can(anna, Permission.SETTLE_LEVELS, plan) and not can(sanne, Permission.SETTLE_LEVELS, plan)


def test_the_settled_level_becomes_the_plans_level_on_the_radar(board):
    plan, anna, piet, _ = board
    consensus.give_view(plan, anna, "b1", 1, 3)
    consensus.give_view(plan, piet, "b1", 3, 4)
    consensus.settle(plan, anna, "b1", current=2, target=4, motivation="Besproken op 3 maart.", base_version=0)
    values = editing.values_of(plan)
    assert values["b1.niveau"] == {"current": 2, "target": 4}
    maturity = plan_maturity(CONTENT, values)
    radar = maturity_radar(CONTENT, maturity)
    current = dict((name, points) for name, _, points in radar.series)["Huidig"]
    expected = f"{CENTRE_X:.1f},{CENTRE - RADIUS * 2 / 5:.1f}"
    assert current.split()[0] == expected, "level 2 of 5 on the first axis: 2/5 of the radius above the centre"
    b1 = spread_of(plan, "b1")
    assert b1.settlement.motivation == "Besproken op 3 maart." and not b1.settled_since_changed
    editing.save_values(plan, "b1", {"b1.niveau": {"current": 3, "target": 4}}, None, anna)
    assert spread_of(plan, "b1").settled_since_changed


def test_settling_needs_a_motivation_and_the_version_the_board_saw(board):
    plan, anna, piet, _ = board
    with pytest.raises(ConsensusError, match="korte motivering"):
        consensus.settle(plan, anna, "b1", current=2, target=3, motivation=" ", base_version=0)
    editing.save_values(plan, "b1", {"b1.niveau": {"current": 1, "target": 2}}, None, piet)
    with pytest.raises(ConsensusError, match="intussen gewijzigd"):
        consensus.settle(plan, anna, "b1", current=2, target=3, motivation="Akkoord.", base_version=0)
    assert editing.values_of(plan)["b1.niveau"] == {"current": 1, "target": 2}, "the colleague's levels stay"


def test_settling_is_refused_where_the_section_may_not_change(board):
    plan, anna, *_ = board
    plan.status = PlanStatus.INGEDIEND
    with pytest.raises(PlanLocked):
        consensus.settle(plan, anna, "b1", current=2, target=3, motivation="Akkoord.", base_version=0)
    plan.status = PlanStatus.ONDERTEKEND
    with pytest.raises(ConsensusError, match="ondertekend"):
        consensus.give_view(plan, anna, "b1", 2, 3)


def test_the_pdf_shows_the_spread_as_a_small_table(board):
    plan, anna, piet, _ = board
    assert 'class="spread"' not in pdf.render_html(plan, pdf.PdfOptions())
    consensus.give_view(plan, anna, "b1", 1, 3)
    consensus.give_view(plan, piet, "b1", 3, 5)
    consensus.give_view(plan, anna, "b2", 2, 3)
    consensus.settle(plan, anna, "b2", current=2, target=3, motivation="Eensgezind.", base_version=0)
    html = pdf.render_html(plan, pdf.PdfOptions())
    table = html[html.index('class="spread"'):html.index("</table>", html.index('class="spread"'))]
    assert "<td>B1</td><td>2</td>" in table and "1–3" in table and "3–5" in table
    assert "bespreken in het bestuur" in table and "2 → 3" in table
    assert "Eensgezind." in html
