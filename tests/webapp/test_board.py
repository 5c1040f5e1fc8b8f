"""The board's pages: vaststelling en afstemming, niveaus per bestuurder, and the board's settings."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from building_blocks import get_content
from plans.models import AuditEvent, MaturityView, PlanStatus
from plans.review import adoption, workflow
from plans.writing import consensus, editing
from tests.factories import Factories

CONTENT = get_content()
B1 = CONTENT.section("b1")


@pytest.fixture
def board(factories):
    org = factories.organisation("Zorggroep Bestuur")
    plan = editing.create_plan(org, "Regioplan Bestuur", 2026, 2029, None)
    return {"org": org, "plan": plan,
            "anna": factories.member(org, "bestuurder", name="Anna Bestuur"),
            "piet": factories.member(org, "bestuurder", name="Piet Bestuur"),
            "rita": factories.member(org, "redacteur", name="Rita Redactie"),
            "coach": factories.assigned("coach", region=org.region, name="Cora Coach")}


def as_(client, user):
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 302


ADOPTION = {"body": "alv", "adopted_on": "12-03-2026", "minutes_reference": "Notulen ALV 12 maart 2026, punt 4"}


def test_an_editor_records_the_adoption_and_the_afstemming(client_request, client, board, db_session):
    plan = board["plan"]
    as_(client, board["rita"])
    task_list = client_request.get_page(f"/plannen/{plan.id}")
    assert task_list.select_one(f"a[href='/plannen/{plan.id}/vaststelling']")
    assert "nog niet vastgelegd" in task_list.text
    client_request.post_page(f"/plannen/{plan.id}/vaststelling", ADOPTION)
    client_request.post_page(f"/plannen/{plan.id}/vaststelling/afstemming", {
        "party_kind": "zorgverzekeraar", "party_name": "Zorgverzekeraar Noord", "consulted_on": "2026-02-01",
        "outcome": "akkoord_met_opmerkingen", "note": "Begroting 2027 nog bespreken."})
    text = client_request.get_page(f"/plannen/{plan.id}/vaststelling").text
    assert "Algemene ledenvergadering (ALV)" in text and "12 maart 2026" in text and "Notulen ALV" in text
    assert "Zorgverzekeraar Noord" in text and "Akkoord met opmerkingen" in text and "Rita Redactie" in text
    actions = set(db_session.scalars(sa.select(AuditEvent.action).filter_by(plan_id=plan.id)))
    assert {"adoption_recorded", "consultation_added"} <= actions
    assert "Vaststelling vastgelegd: Algemene ledenvergadering (ALV)" in client_request.get_page(
        f"/plannen/{plan.id}/logboek").text

    [consultation] = adoption.consultations_of(plan)
    client_request.post_page(f"/plannen/{plan.id}/vaststelling/afstemming/{consultation.id}/verwijderen")
    assert adoption.consultations_of(plan) == []


def test_a_bad_adoption_is_refused_with_dutch_messages_and_keeps_what_was_typed(client_request, client, board,
                                                                               db_session):
    plan = board["plan"]
    board["org"].legal_form = "stichting"
    db_session.flush()
    as_(client, board["anna"])
    page = client_request.post_page(f"/plannen/{plan.id}/vaststelling",
                                    {**ADOPTION, "adopted_on": "31-02-2026"}, status=400)
    assert "Vul een geldige datum in" in page.text and "Kies een van de mogelijkheden" in page.text
    assert page.select_one("#minutes_reference")["value"] == ADOPTION["minutes_reference"]
    assert [i["value"] for i in page.select("input[name=body]")] == ["raad_van_toezicht", "bestuur"]
    future = client_request.post_page(f"/plannen/{plan.id}/vaststelling",
                                      {**ADOPTION, "body": "bestuur", "adopted_on": "01-01-2999"}, status=400)
    assert "ligt in de toekomst" in future.text and adoption.adoption_of(plan) is None


def test_readers_see_the_adoption_but_change_nothing(client_request, client, board):
    plan = board["plan"]
    as_(client, board["coach"])
    page = client_request.get_page(f"/plannen/{plan.id}/vaststelling")
    assert page.select("main form[method=post]") == [] and page.select_one("#minutes_reference") is None
    assert client.post(f"/plannen/{plan.id}/vaststelling", data=ADOPTION).status_code == 403


def test_the_sign_page_points_to_the_missing_adoption(client_request, client, board, db_session):
    plan = board["plan"]
    for section in CONTENT.sections:
        editing.save_values(plan, section.id, {f"{section.id}.klaar": "ja"}, None, None)
    plan.status = PlanStatus.BEOORDEELD
    db_session.flush()
    as_(client, board["anna"])
    assert "Vaststelling vastleggen" in client_request.get_page(f"/plannen/{plan.id}").text
    assert "Zonder die vastlegging kan het bestuur niet ondertekenen" in client_request.get_page(
        f"/plannen/{plan.id}/ondertekenen").text
    refused = client.post(f"/plannen/{plan.id}/ondertekenen", data={
        "password": Factories.PASSWORD, "name": "Anna", "function": "Voorzitter", "confirm": "y"})
    assert "Leg eerst vast hoe het plan formeel is vastgesteld" in refused.get_data(as_text=True)
    assert workflow.signatures_of(plan) == []


def test_board_members_give_their_own_levels_and_see_the_spread(client_request, client, board):
    plan = board["plan"]
    as_(client, board["anna"])
    client_request.post_page(f"/plannen/{plan.id}/niveaus", {"current_b1": "1", "target_b1": "3"})
    as_(client, board["piet"])
    page = client_request.get_page(f"/plannen/{plan.id}/niveaus")
    assert page.select_one("#current_b1").select_one("option[selected]")["value"] == ""
    client_request.post_page(f"/plannen/{plan.id}/niveaus", {"current_b1": "3", "target_b1": "4"})
    row = client_request.get_page(f"/plannen/{plan.id}/niveaus").select_one("tr#b1").get_text(" ")
    assert "Bespreken in het bestuur" in row and "1–3" in row and "3–4" in row
    half = client_request.post_page(f"/plannen/{plan.id}/niveaus", {"current_b2": "2"}, status=200)
    assert "Kies ook het andere niveau" in half.text and half.html.title.string.startswith("Fout:")


def test_redacteuren_give_levels_only_when_the_board_allows_it(client_request, client, board, db_session):
    plan, org = board["plan"], board["org"]
    as_(client, board["rita"])
    assert client_request.get_page(f"/plannen/{plan.id}/niveaus").select_one("#current_b1") is None
    assert client.post(f"/plannen/{plan.id}/niveaus", data={"current_b1": "2", "target_b1": "3"}).status_code == 403
    as_(client, board["anna"])
    organisation = client_request.get_page(f"/organisaties/{org.id}")
    assert organisation.select_one("#editors_give_levels") is not None
    client_request.post_page(f"/organisaties/{org.id}/bestuur", {"legal_form": "cooperatie",
                                                                  "editors_give_levels": "y"})
    db_session.expire_all()
    assert org.legal_form == "cooperatie" and org.editors_give_levels
    as_(client, board["rita"])
    client_request.post_page(f"/plannen/{plan.id}/niveaus", {"current_b1": "2", "target_b1": "3"})
    assert db_session.scalar(sa.select(MaturityView.current).filter_by(plan_id=plan.id)) == 2
    assert client.post(f"/organisaties/{org.id}/bestuur", data={"legal_form": "bv"}).status_code == 403


def test_the_board_settles_the_level_with_a_motivation(client_request, client, board):
    plan = board["plan"]
    consensus.give_view(plan, board["anna"], "b1", 1, 3)
    consensus.give_view(plan, board["piet"], "b1", 3, 4)
    as_(client, board["anna"])
    url = f"/plannen/{plan.id}/niveaus/{B1.slug}"
    page = client_request.get_page(url)
    assert "Anna Bestuur" in page.text and "Bespreken in het bestuur" in page.text
    empty = client_request.post_page(url, {"current": "2", "target": "4", "base": "0"}, status=200)
    assert "Vul een motivering in" in empty.text
    client_request.post_page(url, {"current": "2", "target": "4", "motivation": "Besproken; we starten op 2.",
                                   "base": "0"})
    assert editing.values_of(plan)["b1.niveau"] == {"current": 2, "target": 4}
    assert "Vastgesteld door het bestuur" in client_request.get_page(f"/plannen/{plan.id}/niveaus").text
    as_(client, board["piet"])  # saw the page before Anna settled it
    stale = client_request.post_page(url, {"current": "3", "target": "4", "motivation": "Toch 3.", "base": "0"},
                                     status=200)
    assert "intussen gewijzigd" in stale.text
    as_(client, board["rita"])
    assert client.post(url, data={"current": "3", "target": "4", "motivation": "x", "base": "1"}).status_code == 403


def test_nobody_outside_the_organisation_sees_or_changes_the_boards_pages(client, board, factories):
    plan = board["plan"]
    as_(client, factories.member(factories.organisation(region="Zeeland"), "bestuurder"))
    for url in (f"/plannen/{plan.id}/vaststelling", f"/plannen/{plan.id}/niveaus",
                f"/plannen/{plan.id}/niveaus/{B1.slug}"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={}).status_code == 404, url
    assert client.post(f"/plannen/{plan.id}/vaststelling/afstemming", data={}).status_code == 404
