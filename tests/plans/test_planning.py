"""The chain opgave -> doel -> actie, its gaps, milestones and the multi-year budget (plans/planning/)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from building_blocks import get_content
from plans.documents import pdf
from plans.planning.budget import build_budget, plan_years, to_amount, total
from plans.planning.chain import build_chain, reference_choices
from plans.planning.milestones import MilestoneError, milestones_text, parse_milestones
from plans.writing import editing
from webapp.plan_pages.fields import parse_number

CONTENT = get_content("2026.2")
OPGAVEN = [{"code": "O1", "opgave": "Opvolging regelen"}, {"code": "O2", "opgave": "Minder patiëntenstops"}]
DOELEN = [{"code": "D1", "opgave": "O1", "indicator": "Praktijken zonder opvolger", "nulmeting": "9"},
          {"code": "D2", "opgave": "O1", "indicator": "Aios per jaar"},
          {"code": "D3", "opgave": "O9", "indicator": "Doel van een verwijderde opgave"}]


def chain_values(**extra):
    return {"b1_opgaven": OPGAVEN, "b1_doelen": DOELEN,
            "b4_acties": [{"actie": "Leergang praktijkhouderschap", "doelen": ["D1", "D2"]},
                          {"actie": "Flexpool uitbreiden"}],
            "r1_acties": [{"actie": "Register van nevenfuncties bijwerken", "doelen": ["D3"]}], **extra}


def test_the_chain_hangs_actions_under_every_doel_they_serve():
    chain = build_chain(CONTENT, chain_values())
    (o1, o2) = chain.opgaven
    assert [d.code for d in o1.doelen] == ["D1", "D2"]
    shared = o1.doelen[0].actions[0]
    assert shared is o1.doelen[1].actions[0] and shared.title == "Leergang praktijkhouderschap"
    assert o1.actions == [shared]  # counted once under its opgave, though it serves two doelen
    assert [d.code for d in chain.orphan_doelen] == ["D3"]


def test_gaps_are_actions_without_doel_and_opgaven_without_action():
    chain = build_chain(CONTENT, chain_values())
    # An action serving a doel whose opgave is gone is linked; that doel is the gap (orphan_doelen).
    assert [(a.section.id, a.number) for a in chain.unlinked_actions] == [("b4", 2)]
    assert [o.code for o in chain.opgaven_without_action] == ["O2"]
    actions, opgaven = chain.gaps_in(CONTENT.section("b4"))
    assert [a.number for a in actions] == [2] and opgaven == []
    assert [o.code for o in chain.gaps_in(CONTENT.section("b1"))[1]] == ["O2"]


def test_a_version_without_the_chain_has_no_chain_and_no_budget():
    old = get_content("2026.1")
    assert not build_chain(old, {"b1_acties": [{"actie": "Iets"}]}).enabled
    assert not build_budget(old, {}).enabled


def test_reference_choices_are_the_keyed_rows_once():
    rows = [*OPGAVEN, {"code": "O1", "opgave": "Dubbel"}, {"opgave": "Zonder code"}]
    assert reference_choices({"b1_opgaven": rows}, "b1_opgaven") == [
        ("O1", "O1: Opvolging regelen"), ("O2", "O2: Minder patiëntenstops")]
    assert reference_choices({"b3_partners": [{"naam": "GGD", "soort": "anders"}]}, "b3_partners") == [("GGD", "GGD")]


def test_milestones_are_read_per_line_and_written_back():
    parsed = parse_milestones("31-03-2027: werkplan vastgesteld\n\n2027-09-01 – eerste groep gestart")
    assert parsed == [{"datum": "2027-03-31", "oplevering": "werkplan vastgesteld"},
                      {"datum": "2027-09-01", "oplevering": "eerste groep gestart"}]
    assert milestones_text(parsed) == "31-03-2027: werkplan vastgesteld\n01-09-2027: eerste groep gestart"
    for bad, line in (("volgend jaar: iets", 1), ("31-03-2027: a\n32-01-2027: b", 2), ("31-03-2027", 1)):
        with pytest.raises(MilestoneError) as error:
            parse_milestones(bad)
        assert error.value.line == line


def budget_values():
    return {"r3_kosten": [{"opgave": "O1", "jaar": 2026, "bedrag": 1000.1},
                          {"opgave": "O1", "jaar": 2027, "bedrag": 500},
                          {"opgave": "O2", "jaar": 2026, "bedrag": 0.2}],
            "r3_dekking": [{"opgave": "O1", "jaar": 2026, "bron": "oi", "zekerheid": "toegezegd", "bedrag": 600.05},
                           {"opgave": "O1", "jaar": 2026, "bron": "gemeenten", "zekerheid": "verwacht", "bedrag": 0.1},
                           {"opgave": "O1", "jaar": 2027, "bron": "oi", "zekerheid": "aangevraagd", "bedrag": 700}]}


def test_budget_totals_and_uncovered_part_per_year():
    budget = build_budget(CONTENT, budget_values(), plan_years(2026, 2029))
    y2026, y2027, y2028, _ = budget.years
    assert (y2026.costs, y2026.funded, y2026.uncovered) == (Decimal("1000.30"), Decimal("600.15"), Decimal("400.15"))
    assert y2026.by_certainty == {"toegezegd": Decimal("600.05"), "verwacht": Decimal("0.10")}
    assert y2027.uncovered == 0 and y2027.covered_share == 100  # more funding than costs: nothing uncovered
    assert y2028.costs == 0 and y2028.covered_share is None
    assert [s for s, _ in budget.sources] == ["oi", "gemeenten"]
    assert budget.source_total("oi") == Decimal("1300.05")
    assert [y.costs for y in budget.by_opgave["O2"]] == [Decimal("0.20"), 0, 0, 0]


def test_budget_years_outside_the_plan_period_are_named():
    values = budget_values()
    values["r3_kosten"].append({"opgave": "O1", "jaar": 2031, "bedrag": 10})
    assert build_budget(CONTENT, values, plan_years(2026, 2029)).outside_period == [2031]
    assert build_budget(CONTENT, budget_values(), plan_years(2026, 2029)).outside_period == []
    assert build_budget(CONTENT, values).outside_period == [], "without a period nothing is outside it"


def test_amounts_that_are_no_number_count_as_nothing():
    assert to_amount(True) is None and to_amount("twaalf") is None and to_amount(float("nan")) is None
    assert total([1, None, "x", 2.5]) == Decimal("3.50")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**13 - 1), min_size=1, max_size=30))
def test_budget_totals_are_exact_to_the_cent(cents):
    """Amounts typed in Dutch notation, read by the number field (floats for fractions), add up exactly."""
    typed = [f"{c // 100:,}".replace(",", ".") + f",{c % 100:02d}" for c in cents]
    stored = [parse_number(text, whole=False) for text in typed]
    rows = [{"opgave": "O1", "jaar": 2026, "bedrag": amount} for amount in stored]
    budget = build_budget(CONTENT, {"r3_kosten": rows, "r3_dekking": rows[:1]})
    expected = Decimal(sum(cents)) / 100
    assert budget.years[0].costs == expected
    assert budget.years[0].uncovered == expected - Decimal(cents[0]) / 100


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Keten")
    return editing.create_plan(org, "Plan met keten", 2026, 2029, None, content_version="2026.2")


def test_the_pdf_shows_the_tree_the_budget_the_partners_and_the_gaps(plan):
    values = chain_values(**budget_values(), b3_partners=[
        {"naam": "Coöperatie VGZ", "soort": "verzekeraar_preferent", "afspraak": "getekend",
         "afspraak_datum": "2026-01-15", "toezegging": "Financiert <de> pilots"}])
    for section_id in ("b1", "b3", "b4", "r1", "r3"):
        editing.save_values(plan, section_id, {k: v for k, v in values.items() if k.startswith(section_id)},
                            None, None)
    html = pdf.render_html(plan, pdf.PdfOptions())
    summary = html[html.index('id="samenvatting"'):html.index('id="keten"')]
    assert "Ontbrekende schakels" in summary
    assert "Bouwsteen 4, actie 2: ‘Flexpool uitbreiden’ dient geen doel" in summary
    assert "Opgave O2: ‘Minder patiëntenstops’ heeft geen actie" in summary
    tree = html[html.index('id="keten"'):html.index('id="begroting"')]
    assert tree.count("Leergang praktijkhouderschap") == 2  # under both doelen it serves
    assert "Doel D1: Praktijken zonder opvolger" in tree
    budget = html[html.index('id="begroting"'):html.index('id="partners"')]
    assert "€\xa01.000,30" in budget and "€\xa0400,15" in budget and "Dekking: O&amp;I" in budget
    assert "buiten de planperiode" not in budget
    partners = html[html.index('id="partners"'):]
    editing.save_values(plan, "r3", {"r3_kosten": [*values["r3_kosten"], {"opgave": "O1", "jaar": 2031, "bedrag": 1}]},
                        None, None)
    later = pdf.render_html(plan, pdf.PdfOptions())
    assert "de begroting noemt 2031, buiten de planperiode" in later[later.index('id="begroting"'):]
    assert "Coöperatie VGZ" in partners and "Financiert &lt;de&gt; pilots" in partners and "Getekend" in partners
