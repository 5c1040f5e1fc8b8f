"""Rules that leaked (issue 14): klaar only while complete, closed discussions on a signed plan."""
import pytest
import sqlalchemy as sa

from building_blocks import get_content
from plans.models import AuditEvent, CommentThread
from plans.review import comments, workflow
from plans.review.workflow import PlanLocked, WorkflowError
from plans.workspace import overview
from plans.writing import editing
from plans.writing.sections import SectionStatus, section_status
from tests.completed import completed_values
from tests.conftest import text_of
from tests.factories import Factories, adopt

CONTENT = get_content()
B1 = CONTENT.section("b1")
PROFILE = B1.pages[0]


@pytest.fixture
def complete(factories):
    org = factories.organisation("Zorggroep Klaar")
    board = factories.member(org, "bestuurder")
    plan = editing.create_plan(org, "Regioplan Klaar", 2026, 2029, board)
    for section in CONTENT.sections:
        editing.save_values(plan, section.id, completed_values(section.id), None, None)
    return plan, board, factories


def test_clearing_a_required_answer_un_klaars_the_section(client, auth, complete):
    plan, board, _factories = complete
    assert section_status(B1, editing.values_of(plan), False) == SectionStatus.COMPLETE
    auth.login(board)
    # The page as the browser posts it: every answer as it was (with its version), the required one cleared.
    keys = [q.id for q in PROFILE.questions]
    versions = editing.versions_of(plan, keys)
    data = {f"base__{key}": str(version) for key, version in versions.items()}
    values = editing.values_of(plan)
    for q in PROFILE.questions:
        if q.type == "table":
            data.update({f"q_{q.id}-{i}-{col}": str(v) for i, row in enumerate(values.get(q.id) or [])
                         for col, v in row.items()})
        elif values.get(q.id) is not None:
            data[f"q_{q.id}"] = str(values[q.id])
    data.update({"q_b1_inwoners": "", "action": "later"})
    response = client.post(f"/plannen/{plan.id}/{B1.slug}/{PROFILE.id}", data=data)
    assert response.status_code == 302
    assert editing.values_of(plan).get("b1_inwoners") is None
    assert section_status(B1, editing.values_of(plan), False) == SectionStatus.IN_PROGRESS
    assert "8 van 9 onderdelen klaar" in text_of(client.get(f"/plannen/{plan.id}"))
    # The start page and the coach's overview count the same way.
    assert editing.completed_sections([plan.id]) == {plan.id: 8}
    assert overview.summaries([plan])[0].done == 8
    with pytest.raises(WorkflowError, match="Nog niet klaar: .*Opstellen regioplan"):
        workflow.submit(plan, board)


@pytest.mark.parametrize("missing", ["checklist", "levels"])
def test_klaar_needs_the_checklist_and_the_level(complete, missing):
    plan, _board, _factories = complete
    values = editing.values_of(plan)
    if missing == "checklist":
        values[B1.checklist[0].id] = None
    else:
        values["b1.niveau"] = {"current": None, "target": 3}
    assert section_status(B1, values, False) == SectionStatus.IN_PROGRESS


def test_a_discussion_on_a_signed_plan_cannot_be_closed(client, complete, db_session):
    plan, board, factories = complete
    reviewer = factories.assigned("beoordelaar", region=plan.organisation.region)
    thread = comments.start_thread(plan, "b1", reviewer, "Graag aanvullen.")
    workflow.submit(plan, board)
    for section in CONTENT.sections:
        workflow.decide(plan, section.id, "akkoord", None, reviewer)
    second = factories.member(plan.organisation, "bestuurder")
    adopt(plan, board)
    for who in (board, second):
        workflow.sign(plan, who, password=Factories.PASSWORD, name="N", function="F", confirmed=True)
    events = db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.plan_id == plan.id))
    with pytest.raises(PlanLocked):
        comments.resolve(plan, thread, reviewer)
    # Through the web route too: refused with a message, nothing recorded.
    client.post("/inloggen", data={"email": reviewer.email, "password": Factories.PASSWORD})
    response = client.post(f"/plannen/{plan.id}/opmerkingen/{thread.id}/afsluiten")
    assert response.status_code in (302, 409)
    db_session.expire_all()
    assert db_session.get(CommentThread, thread.id).resolved_at is None
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.plan_id == plan.id)) == events
