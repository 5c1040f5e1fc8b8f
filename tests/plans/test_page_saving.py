"""Saving a wizard page in the domain, with plain data and no web layer."""
import pytest

from building_blocks import get_content
from plans.db import db
from plans.writing import editing
from plans.writing.saving import PageSubmission, save_page
from plans.writing.sections import step

B2 = get_content().section("b2")
PAGE = step(B2, "visie-en-organisatie")  # b2_visie (yes_no) opens b2_visie_datum when answered "ja"


@pytest.fixture
def setup(factories):
    org = factories.organisation("Zorggroep Opslaan")
    user = factories.member(org, "redacteur")
    return editing.create_plan(org, "Plan", 2026, 2029, user), user


SHOWN = ["b2_visie", "b2_ict_rollen", "b2_budget"]


def submission(**changes) -> PageSubmission:
    plain = dict(section=B2, step=PAGE, keys=["b2_visie", "b2_budget"], valid=True, valid_values={},
                 draft={"b2_budget": ["veel"]}, base_versions={}, keep_theirs=(), shown=SHOWN)
    return PageSubmission(**{**plain, **changes})


def test_valid_fields_are_saved_and_the_rest_is_parked_as_a_draft(setup):
    plan, user = setup
    outcome = save_page(plan, submission(valid=False, valid_values={"b2_visie": "nee"}), user)
    assert outcome.errors and not outcome.new_questions
    assert editing.values_of(plan)["b2_visie"] == "nee"
    draft = editing.draft_of(plan, "b2", PAGE.id)
    assert draft.form_data == {"b2_budget": ["veel"]}
    assert outcome.versions == {"b2_visie": 1, "b2_budget": 0}

    clean = save_page(plan, submission(valid_values={"b2_visie": "nee", "b2_budget": 1000}), user)
    assert not clean.errors and editing.draft_of(plan, "b2", PAGE.id) is None
    assert draft not in db.session, "the draft cleared by one DELETE is no longer an object of the session"
    assert clean.versions == {}  # it goes on to the next page, which reads its own


def test_an_answer_that_opens_a_follow_up_question_says_so(setup):
    plan, user = setup
    outcome = save_page(plan, submission(valid_values={"b2_visie": "ja"}), user)
    assert outcome.new_questions == ["b2_visie_datum"]
    again = save_page(plan, submission(valid_values={"b2_visie": "ja"}, shown=[*SHOWN, "b2_visie_datum"]), user)
    assert again.new_questions == []


def test_a_field_kept_as_the_colleagues_version_is_not_saved(setup, factories):
    plan, user = setup
    colleague = factories.member(plan.organisation, "redacteur")
    editing.save_values(plan, "b2", {"b2_budget": 500}, {"b2_budget": 0}, colleague)
    mine = submission(valid_values={"b2_budget": 900}, base_versions={"b2_budget": 0})
    conflicted = save_page(plan, mine, user)
    assert [c.key for c in conflicted.conflicts] == ["b2_budget"]
    assert conflicted.versions["b2_budget"] == 1  # shown again, based on the colleague's version
    kept = save_page(plan, submission(valid_values={"b2_budget": 900}, base_versions={"b2_budget": 0},
                                      keep_theirs={"b2_budget"}), user)
    assert not kept.conflicts and editing.values_of(plan)["b2_budget"] == 500
