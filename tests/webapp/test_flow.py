"""The flow through a plan as an editor, a reviewer and a coach expect it (issue 13)."""
import pytest

from building_blocks import get_content
from plans.writing import editing
from plans.writing.sections import done_key, levels_key
from tests.conftest import page, text_of

CONTENT = get_content()
B1 = CONTENT.section("b1")


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Flow")
    user = factories.member(org, "bestuurder", email="bestuurder@flow.nl")
    plan = editing.create_plan(org, "Regioplan Flow 2026–2029", 2026, 2029, user)
    plan.editor = user
    return plan


def section_link(client, plan, section):
    html = page(client.get(f"/plannen/{plan.id}"))
    return next(a["href"] for a in html.select("a.task-list__link") if section.title in a.get_text())


def test_an_unfinished_section_resumes_on_its_first_incomplete_page(client, auth, plan):
    auth.login(plan.editor)
    base = f"/plannen/{plan.id}/{B1.slug}"
    assert section_link(client, plan, B1) == f"{base}/{B1.pages[0].id}"
    first = {q.id: 100 for q in B1.pages[0].questions if q.type == "integer" and q.required}
    editing.save_values(plan, B1.id, first, None, plan.editor)
    # Page 1 holds only some answers: still the first page when a required one is missing there.
    missing = [q for q in B1.pages[0].questions if q.required and q.id not in first and q.show_if is None]
    expected = B1.pages[0].id if missing else B1.pages[1].id
    assert section_link(client, plan, B1) == f"{base}/{expected}"
    # Everything answered but the self-rating: resume there, not on the check page.
    values = {}
    for q in B1.questions:
        if q.required:
            values[q.id] = [{"x": "y"}] if q.type in ("table", "action_plan") else (
                q.options[0].value if q.options else 100 if q.type in ("integer", "year", "percentage", "euro") else "tekst")
    values.update({item.id: {"status": "ja"} for item in B1.checklist})
    editing.save_values(plan, B1.id, values, None, plan.editor)
    assert section_link(client, plan, B1) == f"{base}/volwassenheid"
    editing.save_values(plan, B1.id, {levels_key(B1): {"current": 2, "target": 3}}, None, plan.editor)
    assert section_link(client, plan, B1) == f"{base}/controleren"
    editing.save_values(plan, B1.id, {done_key(B1): "ja"}, None, plan.editor)
    assert section_link(client, plan, B1) == f"{base}/controleren"


def test_a_page_saved_with_errors_is_where_the_section_resumes(client, auth, plan):
    auth.login(plan.editor)
    client.post(f"/plannen/{plan.id}/{B1.slug}/{B1.pages[0].id}",
                data={"q_b1_inwoners": "veel", "q_b1_praktijken": "142", "action": "later"})
    assert section_link(client, plan, B1) == f"/plannen/{plan.id}/{B1.slug}/{B1.pages[0].id}"


def test_the_logboek_shows_creation_and_each_section_marked_klaar(client, auth, plan):
    auth.login(plan.editor)
    values = {}
    for q in B1.questions:
        if q.required:
            values[q.id] = [{"x": "y"}] if q.type in ("table", "action_plan") else (
                q.options[0].value if q.options else 100 if q.type in ("integer", "year", "percentage", "euro") else "tekst")
    values.update({item.id: {"status": "ja"} for item in B1.checklist})
    values[levels_key(B1)] = {"current": 2, "target": 3}
    editing.save_values(plan, B1.id, values, None, plan.editor)
    assert client.post(f"/plannen/{plan.id}/{B1.slug}/controleren", data={"done": "ja"}).status_code == 302
    log = text_of(client.get(f"/plannen/{plan.id}/logboek"))
    assert "Nog niets gebeurd" not in log
    assert "Plan aangemaakt: Regioplan Flow 2026–2029" in log
    assert f"Klaar gemeld: {B1.title}" in log


def test_every_audit_action_has_a_dutch_label(app):
    from plans.vocabulary import AuditAction
    from webapp.templating import audit_text

    detail = {"section": "b1", "reason": "Een reden", "name": "Anna", "function": "Voorzitter", "version": 2,
              "title": "Regioplan", "round": 1, "outcome": "beoordeeld", "thread": 1, "signatures": 2}
    with app.test_request_context():
        for action in AuditAction:
            event = type("Event", (), {"action": str(action), "detail": detail})()
            text = audit_text(event, CONTENT)
            assert text != str(action) and "_" not in text and "%(" not in text, action
    assert {"created", "section_completed"} <= {str(a) for a in AuditAction}


def test_a_printed_verification_code_can_be_typed_and_a_wrong_one_is_named(client, plan, db_session):
    from plans.models import SignedDocument

    db_session.add(SignedDocument(plan_id=plan.id, verification_code="ABCD-2345-EFGH", sha256="0" * 64, pdf=b"%PDF"))
    db_session.flush()
    assert "Verificatiecode" in text_of(client.get("/verificatie"))
    wrong = client.post("/verificatie", data={"code": "ABCD-2345-EFGX"})
    assert "Er is geen ondertekend regioplan met deze verificatiecode" in text_of(wrong)
    assert page(wrong).title.string.startswith("Fout:")
    right = client.post("/verificatie", data={"code": " abcd 2345 efgh "})
    assert right.headers["Location"] == "/verificatie/ABCD-2345-EFGH"


def test_a_second_concept_for_the_same_period_is_warned_about_and_not_given_the_same_title(client, auth, plan,
                                                                                           db_session):
    from plans.models import Plan
    from webapp.plan_pages.new_plan import default_period, default_title

    org = plan.organisation
    start, end = default_period()
    plan.title, plan.period_start, plan.period_end = default_title(org), start, end
    db_session.flush()
    auth.login(plan.editor)
    form = page(client.get(f"/organisaties/{org.id}/plannen/nieuw"))
    assert form.select_one("#title").get("value", "") == "", "an existing title is not offered again"
    assert form.find("a", string=plan.title)["href"] == f"/plannen/{plan.id}"
    data = {"title": "Nog een plan", "period_start": str(start), "period_end": str(end)}
    warned = client.post(f"/organisaties/{org.id}/plannen/nieuw", data=data)
    assert warned.status_code == 200
    assert f"Er is al een concept voor {plan.period}" in text_of(warned)
    assert db_session.query(Plan).filter_by(organisation_id=org.id).count() == 1
    anyway = client.post(f"/organisaties/{org.id}/plannen/nieuw", data={**data, "anyway": "y"})
    assert anyway.status_code == 302
    other_period = client.post(f"/organisaties/{org.id}/plannen/nieuw",
                               data={**data, "period_start": str(start + 4), "period_end": str(end + 4)})
    assert other_period.status_code == 302


def test_favicon_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_seed_line_says_where_the_regions_come_from():
    from webapp.cli import seed_summary

    line = seed_summary({"regions": 0, "organisations": 3, "accounts": 7, "plans": 4}, 31)
    assert "0 regio's" not in line and "31 zorgkantoorregio's stonden er al (uit de eerste migratie)" in line
    assert "31 van de 31 zorgkantoorregio's toegevoegd" in seed_summary(
        {"regions": 31, "organisations": 3, "accounts": 7, "plans": 4}, 31)


def test_a_year_says_what_is_wrong_and_is_never_written_as_a_number(client, auth, plan):
    auth.login(plan.editor)
    url = f"/organisaties/{plan.organisation.id}/plannen/nieuw"
    words = text_of(client.post(url, data={"title": "X", "period_start": "twintig", "period_end": "2029"}))
    assert "Vul een jaartal in met vier cijfers, zoals 2026" in words
    assert "Vul het eerste jaar in" not in words, "typed text is not treated as empty"
    early = text_of(client.post(url, data={"title": "X", "period_start": "1999", "period_end": "2029"}))
    assert "Vul een jaartal in tussen 2000 en 2100" in early and "2.000" not in early
    step = next(p for p in B1.pages if any(q.id == "b1_doelen" for q in p.questions))
    response = client.post(f"/plannen/{plan.id}/{B1.slug}/{step.id}",
                           data={"q_b1_doelen-0-code": "D1", "q_b1_doelen-0-streefjaar": "1800",
                                 "action": "later"})
    assert "tussen 1990 en 2100" in text_of(response) and "1.990" not in text_of(response)
