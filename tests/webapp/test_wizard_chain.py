"""The chain in the wizard: doelen choose their opgave, actions their doelen and partners, without JavaScript;
the check pages name the gaps."""
from __future__ import annotations

import pytest

from building_blocks import get_content
from plans.writing import editing

CONTENT = get_content("2026.2")
B1, B4 = CONTENT.section("b1"), CONTENT.section("b4")
OPGAVEN = [{"code": "O1", "opgave": "Opvolging regelen"}, {"code": "O2", "opgave": "Minder patiëntenstops"}]


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Keten")
    user = factories.member(org, "bestuurder", email="bestuurder@keten.nl")
    plan = editing.create_plan(org, "Regioplan Keten", 2026, 2029, user, content_version="2026.2")
    plan.editor = user
    editing.save_values(plan, "b1", {"b1_opgaven": OPGAVEN}, None, user)
    return plan


def url(plan, section, step):
    return f"/plannen/{plan.id}/{section.slug}/{step}"


def test_a_doel_chooses_its_opgave_from_the_plans_opgaven(client_request, auth, plan):
    auth.login(plan.editor)
    page = client_request.get_page(url(plan, B1, "doelen"))
    options = [(o["value"], o.text) for o in page.select("#q_b1_doelen-0-opgave option")]
    assert options == [("", ""), ("O1", "O1: Opvolging regelen"), ("O2", "O2: Minder patiëntenstops")]
    client_request.post_page(url(plan, B1, "doelen"), {
        "q_b1_doelen-0-code": "D1", "q_b1_doelen-0-opgave": "O1", "q_b1_doelen-0-indicator": "Praktijken zonder opvolger",
        "q_b1_doelen-0-nulmeting": "9", "q_b1_doelen-0-nulmeting_datum": "01-01-2026", "action": "continue"})
    assert editing.values_of(plan)["b1_doelen"] == [{"code": "D1", "opgave": "O1", "indicator": "Praktijken zonder opvolger",
                                                     "nulmeting": "9", "nulmeting_datum": "2026-01-01"}]


def test_an_opgave_that_is_not_in_the_plan_is_refused_with_everything_kept(client_request, auth, plan):
    auth.login(plan.editor)
    page = client_request.post_page(url(plan, B1, "doelen"), {
        "q_b1_doelen-0-code": "D1", "q_b1_doelen-0-opgave": "O7", "q_b1_doelen-0-indicator": "Iets",
        "action": "continue"}, status=200)
    assert "‘O7’ staat niet (meer) in de tabel" in page.text
    assert page.select_one("#q_b1_doelen-0-indicator")["value"] == "Iets"
    assert "b1_doelen" not in editing.values_of(plan)


def test_an_action_serves_doelen_and_names_partners_with_milestones(client_request, auth, plan):
    editing.save_values(plan, "b1", {"b1_doelen": [{"code": "D1", "opgave": "O1", "indicator": "A"},
                                                   {"code": "D2", "opgave": "O1", "indicator": "B"}]}, None, plan.editor)
    editing.save_values(plan, "b3", {"b3_partners": [{"naam": "ROS", "soort": "ros"}]}, None, plan.editor)
    auth.login(plan.editor)
    page = client_request.get_page(url(plan, B4, "acties"))
    boxes = page.select('input[type=checkbox][name="q_b4_acties-0-doelen"]')
    assert [b["value"] for b in boxes] == ["D1", "D2"]
    assert page.select_one('label[for="q_b4_acties-0-doelen-0"]').text == "D1: A"  # its indicator, not its opgave
    assert page.select_one('input[name="q_b4_acties-0-partnerlijst"]')["value"] == "ROS"
    client_request.post_page(url(plan, B4, "acties"), {
        "q_b4_acties-0-actie": "Leergang", "q_b4_acties-0-eigenaar": "Programmaleider",
        "q_b4_acties-0-doelen": ["D1", "D2"], "q_b4_acties-0-partnerlijst": "ROS",
        "q_b4_acties-0-mijlpalen": "01-09-2026: eerste groep\n01-09-2027: tweede groep",
        "q_b4_acties-0-budget": "12.500,50", "q_b4_acties-0-financiering": "iza", "action": "continue"})
    (action,) = editing.values_of(plan)["b4_acties"]
    assert action["doelen"] == ["D1", "D2"] and action["partnerlijst"] == ["ROS"] and action["budget"] == 12500.5
    assert action["mijlpalen"] == [{"datum": "2026-09-01", "oplevering": "eerste groep"},
                                   {"datum": "2027-09-01", "oplevering": "tweede groep"}]
    again = client_request.get_page(url(plan, B4, "acties"))
    assert again.select_one("#q_b4_acties-0-mijlpalen").text.strip() == "01-09-2026: eerste groep\n01-09-2027: tweede groep"


def test_a_milestone_without_date_is_refused_with_its_line_number(client_request, auth, plan):
    auth.login(plan.editor)
    page = client_request.post_page(url(plan, B4, "acties"), {
        "q_b4_acties-0-actie": "Leergang", "q_b4_acties-0-eigenaar": "P",
        "q_b4_acties-0-mijlpalen": "01-09-2026: eerste groep\nvolgend jaar: tweede", "action": "continue"}, status=200)
    assert "Schrijf mijlpaal 2 als een datum" in page.text
    assert "volgend jaar: tweede" in page.select_one("#q_b4_acties-0-mijlpalen").text


def test_check_pages_show_an_action_without_doel_and_an_opgave_without_action(client_request, auth, plan):
    editing.save_values(plan, "b1", {"b1_doelen": [{"code": "D1", "opgave": "O1", "indicator": "A"}]}, None, plan.editor)
    editing.save_values(plan, "b4", {"b4_acties": [{"actie": "Leergang", "eigenaar": "P", "doelen": ["D1"]},
                                                   {"actie": "Flexpool", "eigenaar": "P"}]}, None, plan.editor)
    auth.login(plan.editor)
    b4 = client_request.get_page(f"/plannen/{plan.id}/{B4.slug}/controleren")
    gaps = b4.select_one("#ontbrekende-schakels").get_text(" ")
    assert "Bouwsteen 4, actie 2: ‘Flexpool’ dient geen doel" in gaps and "Leergang" not in gaps
    assert b4.select_one("#ontbrekende-schakels a")["href"] == url(plan, B4, "acties")
    b1 = client_request.get_page(f"/plannen/{plan.id}/{B1.slug}/controleren")
    assert "Opgave O2: ‘Minder patiëntenstops’ heeft geen actie" in b1.select_one("#ontbrekende-schakels").text
    whole = client_request.get_page(f"/plannen/{plan.id}/controleren")
    assert "Flexpool" in whole.select_one("#ontbrekende-schakels").text


def test_the_check_page_names_a_budget_year_outside_the_plan_period(client_request, auth, plan):
    r3 = CONTENT.section("r3")
    editing.save_values(plan, "r3", {"r3_kosten": [{"opgave": "O1", "jaar": 2026, "bedrag": 100},
                                                   {"opgave": "O1", "jaar": 2031, "bedrag": 50}]}, None, plan.editor)
    auth.login(plan.editor)
    check = client_request.get_page(f"/plannen/{plan.id}/{r3.slug}/controleren")
    gaps = check.select_one("#ontbrekende-schakels").text
    assert "De begroting noemt 2031, dat buiten de planperiode 2026–2029 valt" in gaps and "2026," not in gaps
    assert check.select_one("#ontbrekende-schakels a")["href"].startswith(f"/plannen/{plan.id}/{r3.slug}/")
    assert "2031" in client_request.get_page(f"/plannen/{plan.id}/controleren").select_one("#ontbrekende-schakels").text


def test_a_plan_on_2026_1_shows_no_chain(client_request, auth, factories):
    org = factories.organisation("Zorggroep Oud")
    user = factories.member(org, "bestuurder")
    plan = editing.create_plan(org, "Oud plan", 2026, 2029, user, content_version="2026.1")
    editing.save_values(plan, "b4", {"b4_acties": [{"actie": "Flexpool", "eigenaar": "P"}]}, None, user)
    auth.login(user)
    page = client_request.get_page(f"/plannen/{plan.id}/{get_content('2026.1').section('b4').slug}/controleren")
    assert page.select_one("#ontbrekende-schakels") is None
    assert not page.select('input[name="q_b4_acties-0-doelen"]')
