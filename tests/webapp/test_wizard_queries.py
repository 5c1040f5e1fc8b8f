"""A question page costs a fixed number of queries, however many answers and how much history the plan has."""
import pytest

from bench.queries import counting_queries
from bench.wizard import browser_form
from building_blocks import get_content
from plans.db import db
from plans.writing import editing
from webapp.forms.naming import field_name
from webapp.plan_pages.forms import make_page_form
from webapp.plan_pages.pages.checklist import make_checklist_form
from webapp.plan_pages.pages.levels import make_levels_form

CONTENT = get_content()
B1 = CONTENT.section("b1")
PAGE = "visie-en-prioriteiten"
# The test's outer transaction adds a SAVEPOINT and its release or rollback to each request.
# user with memberships and assignments, plan with organisation, answers with their versions, draft, threads (the region's
# figures only when a shown question has no answer and a figure to prefill it: none on this page)
GET_QUERIES = 2 + 5
# the access check (user with memberships and assignments, plan), then the page's own answers, the colleague
# check, the write (savepoint, answer, revision),
# the plan's revision and draft (the fields' versions only when the page is shown again; the plan's other
# answers only for the tables a reference cell of the page chooses from, and for follow-up questions only when
# the page hid a question: neither here), and the new overview token of the plan's region (plans/workspace/changes.py)
POST_QUERIES = 2 + 11


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Tellen")
    user = factories.member(org, "bestuurder", email="bestuurder@tellen.nl")
    plan = editing.create_plan(org, "Regioplan Tellen 2026–2029", 2026, 2029, user)
    plan.editor = user
    return plan


def _grow(plan, times: int) -> None:
    """Answers in every section and a long history of the page's own answers."""
    for section in CONTENT.sections:
        editing.mark_section(plan, section, "nee", plan.editor)
    for n in range(times):
        editing.save_values(plan, "b1", {"b1_visie": f"Visie, versie {n}",
                                         "b1_opgaven": [{"code": f"O{i}", "opgave": f"Opgave {i}"} for i in range(n % 5 + 1)]},
                            None, plan.editor)
    db.session.commit()


def _counted(fn):
    with counting_queries(db.engine) as count:
        response = fn()
    return response, count[0]


def test_question_page_get_and_post_cost_fixed_queries(client, auth, plan):
    auth.login(plan.editor)
    url = f"/plannen/{plan.id}/{B1.slug}/{PAGE}"
    counts = []
    for n, grow_by in enumerate((1, 40)):
        _grow(plan, grow_by)
        get, get_count = _counted(lambda: client.get(url))
        assert get.status_code == 200
        form = browser_form(get.get_data(as_text=True))
        form[field_name("b1_visie")] = f"Een nieuwe visie {n}"
        post, post_count = _counted(lambda form=form: client.post(url, data=form))
        assert post.status_code == 302, post.get_data(as_text=True)[:500]
        counts.append((get_count, post_count))
    assert editing.values_of(plan)["b1_visie"] == "Een nieuwe visie 1"
    assert counts == [(GET_QUERIES, POST_QUERIES)] * 2


def test_form_classes_are_built_once_per_page_shape():
    questions = next(p for p in B1.pages if p.id == PAGE).questions
    assert make_page_form(questions, {"b1_opgaven": 2}) is make_page_form(questions, {"b1_opgaven": 2})
    assert make_page_form(questions, {"b1_opgaven": 2}) is not make_page_form(questions, {"b1_opgaven": 3})
    assert make_checklist_form(B1) is make_checklist_form(B1)
    assert make_levels_form(B1) is make_levels_form(B1)
    assert make_levels_form(B1) is not make_levels_form(CONTENT.section("b2"))
