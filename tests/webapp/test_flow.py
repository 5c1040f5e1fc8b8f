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
