"""Every transition of the plan's state machine, allowed and refused."""
import pytest

from building_blocks import get_content
from plans.models import PlanStatus as S
from plans.review import workflow
from plans.review.workflow import PlanLocked, ReviewState, WorkflowError
from plans.writing import editing
from tests.completed import completed_values
from tests.factories import adopt

CONTENT = get_content()
SECTIONS = [s.id for s in CONTENT.sections]
ALL_STATES = list(S)


@pytest.fixture
def people(factories):
    org = factories.organisation("Zorggroep Workflow")
    return {
        "org": org,
        "bestuurder": factories.member(org, "bestuurder"),
        "bestuurder2": factories.member(org, "bestuurder"),
        "beoordelaar": factories.assigned("beoordelaar", region=org.region),
    }


def complete_plan(org, user=None):
    plan = editing.create_plan(org, "Plan", 2026, 2029, user)
    for section in CONTENT.sections:
        editing.save_values(plan, section.id, completed_values(section.id), None, None)
    return plan


def in_state(people, state):
    plan = complete_plan(people["org"])
    if state == S.CONCEPT:
        return plan
    workflow.submit(plan, people["bestuurder"])
    if state == S.INGEDIEND:
        return plan
    decision = "wijzigingen" if state == S.WIJZIGINGEN else "akkoord"
    for sid in SECTIONS:
        workflow.decide(plan, sid, decision if sid == "b1" else "akkoord", "Graag uitwerken", people["beoordelaar"])
    if state == S.WIJZIGINGEN:
        return plan
    adopt(plan, people["bestuurder"])
    if state == S.BEOORDEELD:
        return plan
    for who in ("bestuurder", "bestuurder2"):
        workflow.sign(plan, people[who], password="correct horse battery", name="Naam", function="Voorzitter",
                      confirmed=True)
    return plan


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_fixture_reaches_every_state(people, state):
    assert in_state(people, state).status == state


@pytest.mark.parametrize("state", ALL_STATES)
def test_submit(people, state):
    plan = in_state(people, state)
    if state in (S.CONCEPT, S.WIJZIGINGEN):
        workflow.submit(plan, people["bestuurder"])
        assert plan.status == S.INGEDIEND
    else:
        with pytest.raises(WorkflowError, match="kan nu niet worden ingediend"):
            workflow.submit(plan, people["bestuurder"])


def test_submit_refused_while_a_section_is_not_klaar(people):
    plan = editing.create_plan(people["org"], "Plan", 2026, 2029, None)
    with pytest.raises(WorkflowError, match="Eerst moeten alle onderdelen klaar zijn"):
        workflow.submit(plan, people["bestuurder"])
    assert plan.status == S.CONCEPT


@pytest.mark.parametrize("state", ALL_STATES)
def test_withdraw(people, state):
    plan = in_state(people, state)
    if state == S.INGEDIEND:
        workflow.withdraw(plan, people["bestuurder"])
        assert plan.status == S.CONCEPT
    else:
        with pytest.raises(WorkflowError, match="Alleen een ingediend plan kan worden ingetrokken"):
            workflow.withdraw(plan, people["bestuurder"])


@pytest.mark.parametrize("state", ALL_STATES)
def test_decide(people, state):
    plan = in_state(people, state)
    if state == S.INGEDIEND:
        workflow.decide(plan, "b1", "akkoord", None, people["beoordelaar"])
        assert workflow.review_states(plan)["b1"] == ReviewState.APPROVED
    else:
        with pytest.raises(WorkflowError, match="Alleen een ingediend plan kan worden beoordeeld"):
            workflow.decide(plan, "b2", "akkoord", None, people["beoordelaar"])


def test_changes_need_a_reason_and_a_section_is_decided_once(people):
    plan = in_state(people, S.INGEDIEND)
    with pytest.raises(WorkflowError, match="Geef een reden"):
        workflow.decide(plan, "b1", "wijzigingen", "  ", people["beoordelaar"])
    workflow.decide(plan, "b1", "akkoord", None, people["beoordelaar"])
    with pytest.raises(WorkflowError, match="al besloten"):
        workflow.decide(plan, "b1", "wijzigingen", "toch niet", people["beoordelaar"])


def test_changes_requested_then_resubmitted_keeps_approved_sections(people):
    plan = in_state(people, S.WIJZIGINGEN)
    assert workflow.editable_sections(plan) == {"b1"}
    with pytest.raises(PlanLocked):
        editing.save_values(plan, "b2", {"b2_budget": 1}, None, None)
    editing.save_values(plan, "b1", {"b1_inwoners": 1000}, None, None)
    workflow.submit(plan, people["bestuurder"])
    states = workflow.review_states(plan)
    assert states["b1"] == ReviewState.TO_REVIEW
    assert all(states[sid] == ReviewState.APPROVED for sid in SECTIONS if sid != "b1")
    workflow.decide(plan, "b1", "akkoord", None, people["beoordelaar"])
    assert plan.status == S.BEOORDEELD


def test_withdrawn_plan_is_reviewed_afresh(people):
    plan = in_state(people, S.INGEDIEND)
    workflow.decide(plan, "b1", "akkoord", None, people["beoordelaar"])
    workflow.withdraw(plan, people["bestuurder"])
    workflow.submit(plan, people["bestuurder"])
    assert set(workflow.review_states(plan).values()) == {ReviewState.TO_REVIEW}


@pytest.mark.parametrize("state", ALL_STATES)
def test_sign(people, state):
    plan = in_state(people, state)
    kwargs = dict(password="correct horse battery", name="Anna", function="Voorzitter", confirmed=True)
    if state == S.BEOORDEELD:
        outcome = workflow.sign(plan, people["bestuurder"], **kwargs)
        assert not outcome.final and plan.status == S.BEOORDEELD
        outcome = workflow.sign(plan, people["bestuurder2"], **kwargs)
        assert outcome.final and plan.status == S.ONDERTEKEND and plan.signed_at
    else:
        with pytest.raises(WorkflowError, match="Alleen een plan dat de kring heeft goedgekeurd"):
            workflow.sign(plan, people["bestuurder"], **kwargs)


def test_signing_is_refused_until_the_adoption_is_recorded(people):
    plan = complete_plan(people["org"])
    workflow.submit(plan, people["bestuurder"])
    for sid in SECTIONS:
        workflow.decide(plan, sid, "akkoord", None, people["beoordelaar"])
    kwargs = dict(password="correct horse battery", name="Anna", function="Voorzitter", confirmed=True)
    with pytest.raises(WorkflowError, match="Leg eerst vast hoe het plan formeel is vastgesteld"):
        workflow.sign(plan, people["bestuurder"], **kwargs)
    assert workflow.signatures_of(plan) == []
    adopt(plan, people["bestuurder"])
    assert workflow.sign(plan, people["bestuurder"], **kwargs).signature


def test_signing_needs_password_confirmation_and_one_signature_per_person(people):
    plan = in_state(people, S.BEOORDEELD)
    base = dict(name="Anna", function="Voorzitter", confirmed=True)
    with pytest.raises(WorkflowError, match="Het wachtwoord klopt niet"):
        workflow.sign(plan, people["bestuurder"], password="fout", **base)
    with pytest.raises(WorkflowError, match="Bevestig de verklaring"):
        workflow.sign(plan, people["bestuurder"], password="correct horse battery", name="A", function="B",
                      confirmed=False)
    workflow.sign(plan, people["bestuurder"], password="correct horse battery", **base)
    with pytest.raises(WorkflowError, match="al ondertekend"):
        workflow.sign(plan, people["bestuurder"], password="correct horse battery", **base)


def test_organisation_sets_the_number_of_signatures(people):
    people["org"].required_signatures = 1
    plan = in_state(people, S.BEOORDEELD)
    outcome = workflow.sign(plan, people["bestuurder"], password="correct horse battery", name="A",
                            function="B", confirmed=True)
    assert outcome.final


@pytest.mark.parametrize("state", [S.INGEDIEND, S.BEOORDEELD, S.ONDERTEKEND])
def test_no_section_changes_while_under_review_approved_or_signed(people, state):
    plan = in_state(people, state)
    for sid in SECTIONS:
        with pytest.raises(PlanLocked):
            editing.save_values(plan, sid, {f"{sid}.klaar": "nee"}, None, None)


def test_every_step_is_in_the_audit_trail(people, db_session):
    import sqlalchemy as sa

    from plans.models import AuditEvent

    plan = in_state(people, S.ONDERTEKEND)
    actions = list(db_session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.plan_id == plan.id).order_by(AuditEvent.id)))
    assert actions[:2] == ["created", "submitted"]  # issue 13: the creation is in the Logboek too
    assert "changes_requested" not in actions and actions.count("approved_section") == len(SECTIONS)
    assert actions[-3:] == ["signed", "signed", "plan_signed"]
