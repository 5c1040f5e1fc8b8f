"""The wizard: pages generated from content, validation that keeps input, save and resume, history."""
import pytest
import sqlalchemy as sa

from building_blocks import get_content
from plans.models import AnswerRevision, PageDraft, Plan
from plans.writing import editing
from tests.conftest import page, text_of

CONTENT = get_content()
B1 = CONTENT.section("b1")


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Wizard")
    user = factories.member(org, "bestuurder", email="bestuurder@wizard.nl")
    plan = editing.create_plan(org, "Regioplan Test 2026–2029", 2026, 2029, user)
    plan.editor = user
    return plan


def url(plan, section=B1, step=None):
    return f"/plannen/{plan.id}/{section.slug}/{step or section.pages[0].id}"


def test_board_member_starts_a_plan_with_the_region_prefilled(client, auth, factories, db_session):
    org = factories.organisation("Zorggroep Start", region="Twente")
    auth.login(factories.member(org, "redacteur"))
    form_page = client.get(f"/organisaties/{org.id}/plannen/nieuw")
    assert "Twente" in text_of(form_page)
    assert page(form_page).select_one("#title")["value"].startswith("Regioplan Twente")
    response = client.post(f"/organisaties/{org.id}/plannen/nieuw",
                           data={"title": "Regioplan Twente 2026–2029", "period_start": "2026", "period_end": "2029"})
    assert response.status_code == 302
    plan = db_session.scalar(sa.select(Plan).where(Plan.organisation_id == org.id))
    assert plan.content_version == CONTENT.version
    task_list = client.get(response.headers["Location"])
    assert "0 van 9 onderdelen klaar" in text_of(task_list)
    assert text_of(task_list).count("Niet gestart") == 9


def test_period_end_before_start_is_refused(client, auth, factories):
    org = factories.organisation()
    auth.login(factories.member(org, "bestuurder"))
    response = client.post(f"/organisaties/{org.id}/plannen/nieuw",
                           data={"title": "X", "period_start": "2029", "period_end": "2026"})
    assert "Het laatste jaar kan niet vóór het eerste jaar liggen" in text_of(response)


def test_question_page_is_generated_from_content_with_step_count(client, auth, plan):
    auth.login(plan.editor)
    response = client.get(url(plan))
    html = page(response)
    total = len(B1.pages) + 2
    assert html.title.string.startswith(f"Stap 1 van {total}")
    assert f"Stap 1 van {total}" in html.select_one(".caption").text
    for q in B1.pages[0].questions:
        if q.show_if is None:
            assert html.find(id=q.id), q.id
    assert html.find("button", string="Opslaan en doorgaan")
    assert html.find("button", string="Opslaan en later verder")


def test_invalid_number_keeps_typed_text_and_links_error(client, auth, plan, db_session):
    auth.login(plan.editor)
    response = client.post(url(plan), data={"q_b1_inwoners": "veel", "q_b1_praktijken": "142", "action": "continue"})
    html = page(response)
    assert html.title.string.startswith("Fout: Stap 1")
    assert html.select_one("#q_b1_inwoners")["value"] == "veel"
    assert html.select_one(".error-summary a")["href"] == "#q_b1_inwoners"
    assert "Vul een heel getal in" in text_of(response)
    # The valid field is saved; the page is kept as a draft and the section shows the problem.
    assert editing.values_of(plan)["b1_praktijken"] == 142
    assert db_session.scalar(sa.select(PageDraft).filter_by(plan_id=plan.id))
    assert "Er is een probleem" in text_of(client.get(f"/plannen/{plan.id}"))
    again = page(client.get(url(plan)))
    assert again.select_one("#q_b1_inwoners")["value"] == "veel", "the draft brings back what was typed"


def test_dutch_number_formats_are_understood(client, auth, plan):
    auth.login(plan.editor)
    client.post(url(plan), data={"q_b1_inwoners": "648.000", "q_b1_praktijken": "142", "action": "later"})
    assert editing.values_of(plan)["b1_inwoners"] == 648000


def test_required_question_missing_on_continue(client, auth, plan):
    auth.login(plan.editor)
    response = client.post(url(plan), data={"action": "continue"})
    assert "Vul een antwoord in" in text_of(response)
    later = client.post(url(plan), data={"action": "later"})
    assert later.status_code == 302, "saving for later does not demand every answer"


def test_continue_goes_to_next_step_and_later_to_task_list(client, auth, plan):
    auth.login(plan.editor)
    data = _valid_first_page()
    response = client.post(url(plan), data={**data, "action": "continue"})
    assert response.headers["Location"].endswith(url(plan, step=B1.pages[1].id))
    response = client.post(url(plan, step=B1.pages[1].id), data={"action": "later"})
    assert response.headers["Location"] == f"/plannen/{plan.id}"


def _valid_first_page():
    data = {}
    for q in B1.pages[0].questions:
        if q.type in ("integer", "year"):
            data[f"q_{q.id}"] = "100"
        elif q.type == "table":
            for column in q.columns:
                if column.options:
                    data[f"q_{q.id}-0-{column.id}"] = column.options[0].value
                elif column.type in ("integer", "percentage", "euro", "year"):
                    data[f"q_{q.id}-0-{column.id}"] = "10"
                else:
                    data[f"q_{q.id}-0-{column.id}"] = "tekst"
    return data


def test_table_rows_are_added_and_removed_without_javascript(client, auth, plan):
    auth.login(plan.editor)
    acties = url(plan, step="acties")
    response = client.post(acties, data={"q_b1_acties-0-actie": "Regiobeeld actualiseren",
                                         "action": "add_row:b1_acties"})
    html = page(response)
    assert html.select_one("#q_b1_acties-0-actie").text.strip() == "Regiobeeld actualiseren"
    assert html.select_one("#q_b1_acties-1-actie") is not None
    response = client.post(acties, data={"q_b1_acties-0-actie": "Eerste", "q_b1_acties-1-actie": "Tweede",
                                         "action": "remove_row:b1_acties:0"})
    html = page(response)
    assert html.select_one("#q_b1_acties-0-actie").text.strip() == "Tweede"
    assert editing.values_of(plan) == {}, "adding or removing a row does not save yet"


def test_action_rows_are_validated_and_saved(client, auth, plan):
    auth.login(plan.editor)
    acties = url(plan, step="acties")
    response = client.post(acties, data={"q_b1_acties-0-actie": "Regiobeeld actualiseren",
                                         "q_b1_acties-0-start": "2026-05-01", "q_b1_acties-0-eind": "2026-01-01",
                                         "action": "continue"})
    html = page(response)
    assert html.title.string.startswith("Fout: ")
    assert html.select_one("#q_b1_acties-0-eigenaar-error").text.endswith("Vul ‘Eigenaar’ in bij actie 1")
    assert html.select_one("#q_b1_acties-0-eind-error").text.endswith("De einddatum van actie 1 ligt vóór de startdatum")
    summary = [a.text for a in html.select(".error-summary a")]
    assert summary == ["Vul ‘Eigenaar’ in bij actie 1", "De einddatum van actie 1 ligt vóór de startdatum"], \
        "the summary lists row errors too"
    assert html.select(".table-row__legend")[0].text == "Actie 1", "the same words as the row's legend"
    assert "rij 1" not in text_of(response)
    bad_date = page(client.post(acties, data={"q_b1_acties-0-actie": "X", "q_b1_acties-0-eigenaar": "Bestuur",
                                              "q_b1_acties-0-start": "31-02-2026", "action": "continue"}))
    assert [a.text for a in bad_date.select(".error-summary a")] == [
        "Actie 1, Start: vul een geldige datum in, zoals 31-12-2026"], "a cell's own message is named by row and column"
    client.post(acties, data={"q_b1_acties-0-actie": "Regiobeeld actualiseren", "q_b1_acties-0-eigenaar": "Bestuur",
                              "q_b1_acties-0-start": "01-02-2026", "q_b1_acties-0-eind": "2026-12-31",
                              "q_b1_acties-0-status": "lopend", "q_b1_acties-1-actie": "",
                              "action": "continue"})
    assert editing.values_of(plan)["b1_acties"] == [
        {"actie": "Regiobeeld actualiseren", "eigenaar": "Bestuur", "start": "2026-02-01", "eind": "2026-12-31",
         "status": "lopend"}]


def _conditional():
    """A question with show_if whose controlling question sits on the same page."""
    for section in CONTENT.sections:
        for p in section.pages:
            ids = [q.id for q in p.questions]
            for q in p.questions:
                if q.show_if and q.show_if.question in ids:
                    return section, p, q
    raise AssertionError("no same-page condition in the content")


def test_conditional_question_appears_after_its_answer_without_javascript(client, auth, plan):
    section, p, conditional = _conditional()
    controller = section.question(conditional.show_if.question)
    auth.login(plan.editor)
    step_url = url(plan, section, p.id)
    assert page(client.get(step_url)).find(id=conditional.id) is None
    value = sorted(conditional.show_if.values)[0]
    field = f"q_{controller.id}"
    response = client.post(step_url, data={field: value, "action": "later"})
    assert response.headers["Location"].startswith(step_url), "the page comes back with the follow-up question"
    assert response.headers["Location"].endswith(f"#{conditional.id}")
    assert page(client.get(step_url)).find(id=conditional.id) is not None


def test_check_answers_shows_every_answer_with_change_links(client, auth, plan):
    auth.login(plan.editor)
    client.post(url(plan), data={"q_b1_inwoners": "648000", "action": "later"})
    response = client.get(f"/plannen/{plan.id}/{B1.slug}/controleren")
    text = text_of(response)
    assert "648.000" in text
    assert "Niet ingevuld" in text
    change = page(response).find("a", href=lambda h: h and h.endswith("#b1_inwoners"))
    assert "terug=controleren" in change["href"]
    back = client.post(change["href"].split("#")[0],
                       data={**_valid_first_page(), "q_b1_inwoners": "650000", "action": "continue"})
    assert back.headers["Location"] == f"/plannen/{plan.id}/{B1.slug}/controleren"


def test_section_is_klaar_only_when_complete(client, auth, plan):
    auth.login(plan.editor)
    check = f"/plannen/{plan.id}/{B1.slug}/controleren"
    response = client.post(check, data={"done": "ja"})
    assert "Beantwoord alle punten van de checklist" in text_of(response)
    response = client.post(check, data={"done": "nee"})
    assert response.status_code == 302
    assert "Bezig" in text_of(client.get(f"/plannen/{plan.id}"))


def test_checklist_and_levels_are_saved(client, auth, plan):
    auth.login(plan.editor)
    data = {f"status_{item.id}": "ja" for item in B1.checklist}
    data[f"evidence_{B1.checklist[0].id}"] = "Regiobeeld 2025"
    response = client.post(url(plan, step="checklist"), data={**data, "action": "continue"})
    assert response.headers["Location"].endswith("/volwassenheid")
    assert editing.values_of(plan)[B1.checklist[0].id] == {"status": "ja", "evidence": "Regiobeeld 2025"}
    response = client.post(url(plan, step="volwassenheid"), data={"current": "4", "target": "2", "action": "continue"})
    assert "Het doelniveau kan niet lager zijn dan het huidige niveau" in text_of(response)
    client.post(url(plan, step="volwassenheid"), data={"current": "2", "target": "4", "action": "continue"})
    assert editing.values_of(plan)["b1.niveau"] == {"current": 2, "target": 4}


def test_every_change_is_kept_in_the_history(client, auth, plan, db_session):
    auth.login(plan.editor)
    client.post(url(plan), data={"q_b1_inwoners": "100", "action": "later"})
    client.post(url(plan), data={"q_b1_inwoners": "200", "base__b1_inwoners": "1", "action": "later"})
    revisions = db_session.scalars(sa.select(AnswerRevision).filter_by(plan_id=plan.id, key="b1_inwoners")
                                   .order_by(AnswerRevision.version)).all()
    assert [(r.old_value, r.new_value) for r in revisions] == [(None, 100), (100, 200)]
    text = text_of(client.get(f"/plannen/{plan.id}/geschiedenis/b1_inwoners"))
    assert "Test Persoon" in text and "100" in text and "200" in text


def test_autosave_of_long_text(client, auth, plan):
    auth.login(plan.editor)
    question = next(q for q in B1.questions if q.type == "long_text")
    response = client.post(f"/plannen/{plan.id}/autosave", data={"key": question.id, "value": "Eerste zin.", "base": "0"})
    assert response.status_code == 200 and response.json["version"] == 1
    assert editing.values_of(plan)[question.id] == "Eerste zin."
    refused = client.post(f"/plannen/{plan.id}/autosave", data={"key": "b1_inwoners", "value": "1", "base": "0"})
    assert refused.status_code == 400


def test_multiple_choice_is_a_group_of_checkboxes_that_keeps_its_choices(client, auth, plan):
    question = next(q for q in B1.questions if q.type == "multi_choice" and q.show_if is None)
    page_id = next(p.id for p in B1.pages if question in p.questions)
    auth.login(plan.editor)
    html = page(client.get(url(plan, step=page_id)))
    boxes = html.select(f"#{question.id} input[type=checkbox][name=q_{question.id}]")
    assert len(boxes) == len(question.options) + (1 if question.other else 0)
    assert not html.select(f"#{question.id} option")
    chosen = [question.options[0].value, question.options[-1].value]
    client.post(url(plan, step=page_id), data={f"q_{question.id}": chosen, "action": "later"})
    assert editing.values_of(plan).get(question.id) == chosen
    checked = page(client.get(url(plan, step=page_id))).select(f"#{question.id} input[type=checkbox][checked]")
    assert [c["value"] for c in checked] == chosen


def test_text_at_anders_ticks_anders_or_says_why_not(client, auth, plan):
    """Text typed at "Anders, namelijk" without ticking "Anders" is never silently dropped."""
    auth.login(plan.editor)
    b2, b3 = CONTENT.section("b2"), CONTENT.section("b3")
    rollen = url(plan, b2, "visie-en-organisatie")
    client.post(rollen, data={"q_b2_ict_rollen": "ict-strateeg", "q_b2_ict_rollen__anders": "Privacy officer",
                              "action": "later"})
    values = editing.values_of(plan)
    assert values["b2_ict_rollen"] == ["ict-strateeg", "anders"], "a checkbox: Anders is ticked for the text"
    assert values["b2_ict_rollen.anders"] == "Privacy officer"
    mandaat = url(plan, b3, "mandaat")
    chosen = page(client.post(mandaat, data={"q_b3_mandaat_vorm__anders": "Per thema een volmacht",
                                             "action": "continue"}))
    assert editing.values_of(plan)["b3_mandaat_vorm"] == "anders", "a radio left open: Anders is chosen"
    assert not chosen.select('.error-summary a[href^="#q_b3_mandaat_vorm"]'), "and that answers the required question"
    conflict = page(client.post(mandaat, data={"q_b3_mandaat_vorm": "geen",
                                               "q_b3_mandaat_vorm__anders": "Per thema een volmacht",
                                               "action": "later"}))
    inline = conflict.select_one("#q_b3_mandaat_vorm__anders-error").text
    assert "Kies ‘Anders, namelijk’ of maak dit veld leeg" in inline
    assert conflict.select_one("#q_b3_mandaat_vorm__anders")["value"] == "Per thema een volmacht", "nothing typed is lost"
    assert conflict.select_one('.error-summary a[href="#q_b3_mandaat_vorm__anders"]')
