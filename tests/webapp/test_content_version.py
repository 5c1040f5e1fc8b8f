"""The web side of content versions: the move step, answers of the previous version, facts shown elsewhere."""
import pytest
import sqlalchemy as sa

from plans.models import AuditEvent, Plan, PlanStatus
from plans.writing import editing
from tests.conftest import page, text_of


@pytest.fixture
def old_plan(factories):
    org = factories.organisation("Zorggroep Oud")
    user = factories.member(org, "redacteur", email="redacteur@oud.nl")
    plan = editing.create_plan(org, "Regioplan Oud", 2026, 2029, user, content_version="2026.1")
    editing.save_values(plan, "b2", {"b2_coalitie": "ja", "b2_visie": "ja"}, None, user)
    editing.save_values(plan, "r1", {"r1_mandaat_bestuur": "binnen_kaders"}, None, user)
    plan.editor = user
    return plan


def test_task_list_offers_the_move_and_the_page_explains_it(client, auth, old_plan):
    auth.login(old_plan.editor)
    task_list = client.get(f"/plannen/{old_plan.id}")
    assert "Er is een nieuwe inhoudsversie (2026.2)" in text_of(task_list)
    link = page(task_list).find("a", string="Bekijk wat er verandert en zet het plan over")
    confirm = client.get(link["href"])
    text = text_of(confirm)
    assert "Naar inhoudsversie 2026.2" in text and "Dit plan staat op inhoudsversie 2026.1" in text
    assert "1 antwoord gaat mee" in text and "2 antwoorden worden bewaard" in text
    assert "OPEN" in text  # the reason for b2_coalitie, from the migration table


def test_moving_keeps_every_answer_and_shows_the_rest(client, auth, old_plan, db_session):
    auth.login(old_plan.editor)
    response = client.post(f"/plannen/{old_plan.id}/inhoudsversie")
    assert response.status_code == 302
    db_session.refresh(old_plan)
    assert old_plan.content_version == "2026.2"
    check = text_of(client.get(f"/plannen/{old_plan.id}/automatisering-en-informatisering/controleren"))
    assert "Antwoorden uit de vorige inhoudsversie" in check
    assert "Werkt de regio samen met andere huisartsenorganisaties in landelijke ICT-programma's?" in check
    log = text_of(client.get(f"/plannen/{old_plan.id}/logboek"))
    assert "Overgezet van inhoudsversie 2026.1 naar 2026.2" in log
    assert "Antwoorden uit de vorige inhoudsversie" in log and "Welk mandaat heeft het bestuur" in log
    log_block = page(client.get(f"/plannen/{old_plan.id}/logboek")).find(id="vorige-inhoudsversie-r1")
    assert "Randvoorwaarde 1" in log_block.get_text(), "the Logboek names the section of each kept answer"
    assert db_session.scalar(sa.select(AuditEvent.actor_id).filter_by(plan_id=old_plan.id,
                                                                       action="content_version_moved")) == old_plan.editor.id
    assert "Er is een nieuwe inhoudsversie" not in text_of(client.get(f"/plannen/{old_plan.id}"))


def test_all_answers_page_shows_the_kept_answers_under_their_sections(client, auth, old_plan, db_session):
    editing.save_values(old_plan, "b1", {"b1_clientgroepen": [{"groep": "gezond", "toelichting": "<b>vet</b>"}]},
                        None, old_plan.editor)
    auth.login(old_plan.editor)
    client.post(f"/plannen/{old_plan.id}/inhoudsversie")
    html = page(client.get(f"/plannen/{old_plan.id}/controleren"))
    for section_id, label in (("b1", "Hoe verdelen de inwoners en de huisartsencapaciteit zich"),
                              ("b2", "Werkt de regio samen met andere huisartsenorganisaties"),
                              ("r1", "Welk mandaat heeft het bestuur")):
        block = html.find(id=f"vorige-inhoudsversie-{section_id}")
        assert block is not None, section_id
        assert "Antwoorden uit de vorige inhoudsversie" in block.get_text()
        assert label in block.get_text(" ")
        assert block.find_parent("section")["aria-labelledby"] == section_id, "shown inside its own section"
    assert "<b>vet</b>" in html.find(id="vorige-inhoudsversie-b1").get_text(), "typed text stays text"
    assert html.find(id="vorige-inhoudsversie-b4") is None, "no empty block for a section without kept answers"


def test_a_signed_plan_is_refused(client, auth, old_plan, db_session):
    old_plan.status = PlanStatus.ONDERTEKEND.value
    db_session.flush()
    auth.login(old_plan.editor)
    assert "Er is een nieuwe inhoudsversie" not in text_of(client.get(f"/plannen/{old_plan.id}"))
    client.post(f"/plannen/{old_plan.id}/inhoudsversie")
    db_session.refresh(old_plan)
    assert old_plan.content_version == "2026.1"
    assert "Een ondertekende versie verandert nooit van inhoudsversie" in text_of(
        client.get(f"/plannen/{old_plan.id}/inhoudsversie"))


@pytest.mark.parametrize("role", ["beoordelaar", "outsider"])
def test_only_editors_may_move(client, auth, factories, old_plan, db_session, role):
    if role == "beoordelaar":
        user = factories.assigned("beoordelaar", region=old_plan.organisation.region)
    else:
        user = factories.member(factories.organisation("Andere zorggroep"), "bestuurder")
    auth.login(user)
    assert client.post(f"/plannen/{old_plan.id}/inhoudsversie").status_code in (403, 404)
    assert db_session.get(Plan, old_plan.id).content_version == "2026.1"


def test_the_confirmation_form_carries_a_csrf_token(client, auth, old_plan):
    auth.login(old_plan.editor)
    form = page(client.get(f"/plannen/{old_plan.id}/inhoudsversie")).select_one("form[method=post]")
    assert form.select_one("input[name=csrf_token]")


def test_a_page_shows_a_fact_asked_elsewhere_read_only_with_a_link(client, auth, factories):
    org = factories.organisation("Zorggroep Nieuw")
    user = factories.member(org, "bestuurder")
    plan = editing.create_plan(org, "Regioplan Nieuw", 2026, 2029, user)
    editing.save_values(plan, "b3", {"b3_aanspreekpunt": "nee"}, None, user)
    auth.login(user)
    step = client.get(f"/plannen/{plan.id}/governance-en-besluitvorming/inrichting")
    html = page(step)
    shown = html.select_one(".shown-elsewhere")
    assert "Is er in de regio één aanspreekpunt" in shown.get_text() and "Nee" in shown.get_text()
    assert "Gevraagd bij Bouwsteen 3" in shown.get_text()
    link = shown.find("a")
    assert link["href"].endswith("/gemandateerde-samenwerkingsafspraken/aanspreekpunt#b3_aanspreekpunt")
    assert html.select_one("input[name='q_b3_aanspreekpunt']") is None  # not a field on this page


def test_public_content_page_marks_own_proposals_and_shows_when_sources_were_checked(client):
    text = text_of(client.get("/bouwstenen/gemandateerde-samenwerkingsafspraken"))
    assert "voorstel van Regioplan" in text
    assert "laatst gecontroleerd 1 december 2026" in text
    assert "Bewijs: Er is geen statuut, besluit of volmacht met een mandaat." in text
