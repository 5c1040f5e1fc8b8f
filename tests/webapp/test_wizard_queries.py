"""A question page costs a fixed number of queries, however many answers and how much history the plan has."""
import pytest

from bench.queries import counting_queries
from bench.wizard import browser_form
from building_blocks import get_content
from plans.db import db
from plans.review import comments
from plans.writing import editing
from webapp.forms.naming import field_name
from webapp.plan_pages.forms import make_page_form
from webapp.plan_pages.pages.checklist import make_checklist_form
from webapp.plan_pages.pages.levels import make_levels_form

CONTENT = get_content()
B1 = CONTENT.section("b1")
PAGE = "visie-en-prioriteiten"
# The test's outer transaction adds a SAVEPOINT and its release or rollback to each request.
# user with memberships and assignments, plan with organisation, then one query for the answers with their versions,
# the draft and the open threads' ids (the threads themselves only when there are open ones; the region's figures
# only when a shown question has no answer and a figure to prefill it: neither on this page)
GET_QUERIES = 2 + 3
# the access check (user with memberships and assignments, plan), then the page's own answers, the colleague
# check, the write (savepoint, answer, revision),
# the plan's revision and draft (the fields' versions only when the page is shown again; the plan's other
# answers only for the tables a reference cell of the page chooses from, and for follow-up questions only when
# the page hid a question: neither here), and the new overview token of the plan's region (plans/models/region_tokens.py)
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


def test_one_query_reads_the_answers_the_draft_and_the_open_threads(db_session, factories, plan):
    """`page_reads`: only the page's answers, the draft of this page, the open threads of this section."""
    reviewer = factories.user(email="beoordelaar@tellen.nl")
    editing.save_values(plan, "b1", {"b1_visie": "Visie", "b1_inwoners": 1000}, None, plan.editor)
    editing.save_values(plan, "b2", {"b2_visie": "Elders"}, None, plan.editor)
    editing.save_draft(plan, "b1", PAGE, {"shown": ["b1_visie"], "q_b1_visie": ["Getypt"]}, plan.editor)
    editing.save_draft(plan, "b1", "regioprofiel", {"q_b1_inwoners": ["andere pagina"]}, plan.editor)
    first = comments.start_thread(plan, "b1", reviewer, "Open")
    resolved = comments.start_thread(plan, "b1", reviewer, "Afgesloten")
    comments.resolve(plan, resolved, reviewer)
    comments.start_thread(plan, "b2", reviewer, "Ander onderdeel")
    second = comments.start_thread(plan, "b1", reviewer, "Nog een")
    with counting_queries(db.engine) as count:
        reads = editing.page_reads(plan, ["b1_visie", "b2_visie", "b1_missie"], "b1", PAGE)
    assert count[0] == 1
    assert reads.values == {"b1_visie": "Visie", "b2_visie": "Elders"} and reads.versions == {"b1_visie": 1, "b2_visie": 1}
    assert reads.draft == {"shown": ["b1_visie"], "q_b1_visie": ["Getypt"]}
    assert reads.open_thread_ids == [first.id, second.id]
    everything = editing.page_reads(plan, None, "b2", "elders")
    assert everything.values["b1_inwoners"] == 1000 and everything.draft is None
    assert everything.open_thread_ids == [t.id for t in comments.threads_of(plan, "b2", open_only=True)]
    assert [t.id for t in comments.threads_by_id(plan, reads.open_thread_ids)] == [first.id, second.id]


def test_a_page_with_a_draft_and_open_threads_shows_them(client, auth, factories, plan):
    reviewer = factories.user(email="lezer@tellen.nl")
    comments.start_thread(plan, "b1", reviewer, "Graag de visie scherper")
    editing.save_draft(plan, "b1", PAGE, {"shown": ["b1_visie"], "q_b1_visie": ["Half getypt"]}, plan.editor)
    db.session.commit()
    auth.login(plan.editor)
    url = f"/plannen/{plan.id}/{B1.slug}/{PAGE}"  # read before counting: the commit expired the plan
    page, count = _counted(lambda: client.get(url))
    html = page.get_data(as_text=True)
    assert "1 open opmerking bij dit onderdeel" in html and "Graag de visie scherper" in html
    assert "Half getypt" in html and "eerder opgeslagen met fouten" in html
    assert count == GET_QUERIES + 3  # the open thread, its comments, their authors
