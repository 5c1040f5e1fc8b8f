"""Moving a concept plan from content 2026.1 to 2026.2: mapped, merged, split, removed, refused."""
import pytest
import sqlalchemy as sa

from plans.models import AuditEvent, PlanStatus, RetiredAnswer
from plans.review import workflow
from plans.writing import content_migration, editing


@pytest.fixture
def old_plan(factories):
    org = factories.organisation("Zorggroep Migratie")
    user = factories.member(org, "redacteur", email="redacteur@migratie.nl")
    plan = editing.create_plan(org, "Regioplan Migratie", 2026, 2029, user, content_version="2026.1")
    plan.editor = user
    return plan


def save(plan, section_id, values):
    editing.save_values(plan, section_id, values, None, plan.editor)


def retired(db_session, plan) -> dict:
    return {r.key: r for r in db_session.scalars(sa.select(RetiredAnswer).filter_by(plan_id=plan.id))}


def test_kept_renamed_merged_split_and_removed(db_session, old_plan):
    save(old_plan, "b1", {"b1_inwoners": 312000, "b1_participatie": ["toertocht", "partners"], "b1.klaar": "ja",
                          "b1_c3": {"status": "ja", "evidence": "Schatting"}, "b1.niveau": {"current": 2, "target": 4}})
    save(old_plan, "b3", {"b3_aanspreekpunt": "nee", "b3_geschillen": "ja"})
    save(old_plan, "b4", {"b4_huisartsen_per_10000": "3,8 fte (regiobeeld.nl)", "b4_verwachte_stoppers": 25,
                          "b4_instrumenten": ["waarnemerspool", "tijdelijk_praktijkbeheer", "anders"],
                          "b4_instrumenten.anders": "Bustour"})
    save(old_plan, "b6", {"b6_mgz_themas": ["opschalen"]})
    save(old_plan, "r1", {"r1_een_aanspreekpunt": "ja", "r1_geschillenregeling": "nee"})

    result = content_migration.move_plan(old_plan, old_plan.editor, "2026.2")

    values = editing.values_of(old_plan)
    kept = retired(db_session, old_plan)
    assert old_plan.content_version == "2026.2"
    assert values["b1_inwoners"] == 312000                                   # kept
    assert values["b6_mgz_knelpunten"] == ["opschalen"] and "b6_mgz_themas" not in values  # renamed
    assert values["b1_uitstroom"] == 25                                      # merged into an empty home
    assert values["b3_aanspreekpunt"] == "nee" and "r1_een_aanspreekpunt" in kept   # home keeps its own answer
    assert values["r1_geschillenregeling"] == "nee" and kept["b3_geschillen"].value == "ja"
    assert "r2_participatievormen" not in values and kept["b1_participatie"].value == ["toertocht", "partners"]
    assert "personen" in kept["b4_huisartsen_per_10000"].reason              # split: the table's reason
    assert "cliëntgroepen" in kept["b1_c3"].reason                           # removed checklist item
    # A multiple choice keeps what still exists and sets the rest aside; its own "anders" text stays with it.
    assert values["b4_instrumenten"] == ["waarnemerspool", "anders"] and values["b4_instrumenten.anders"] == "Bustour"
    assert kept["b4_instrumenten"].value == ["tijdelijk_praktijkbeheer"]
    assert values["b1.niveau"] == {"current": 2, "target": 4}                 # b1's scale is kept
    assert values["b1.klaar"] == "nee" and result.reopened == ["b1"]
    answered = {"b1_inwoners", "b1_participatie", "b1_c3", "b1.niveau", "b3_aanspreekpunt", "b3_geschillen",
                "b4_huisartsen_per_10000", "b4_verwachte_stoppers", "b4_instrumenten", "b4_instrumenten.anders",
                "b6_mgz_themas", "r1_een_aanspreekpunt", "r1_geschillenregeling"}
    assert answered <= set(result.moved) | set(kept)
    event = db_session.scalar(sa.select(AuditEvent).filter_by(plan_id=old_plan.id, action="content_version_moved"))
    assert event.detail["from_version"] == "2026.1" and event.detail["moves"]["b6_mgz_themas"] == "b6_mgz_knelpunten"


def test_an_answer_that_no_longer_fits_is_kept(db_session, old_plan):
    save(old_plan, "b1", {"b1_regiobeeld_status": "geen"})  # "no regiobeeld" is no longer an answer
    content_migration.move_plan(old_plan, old_plan.editor, "2026.2")
    assert editing.values_of(old_plan).get("b1_regiobeeld_status") is None  # cleared in place: still asked
    row = retired(db_session, old_plan)["b1_regiobeeld_status"]
    assert row.value == "geen" and "past niet" in row.reason


def test_rescaled_levels_are_kept_aside(db_session, old_plan):
    save(old_plan, "r1", {"r1.niveau": {"current": 5, "target": 5}})
    content_migration.move_plan(old_plan, old_plan.editor, "2026.2")
    assert editing.values_of(old_plan).get("r1.niveau") is None  # cleared in place: still asked
    assert "Accountable" in retired(db_session, old_plan)["r1.niveau"].reason


def test_history_records_the_move(old_plan):
    save(old_plan, "b6", {"b6_mgz_themas": ["regelruimte"]})
    content_migration.move_plan(old_plan, old_plan.editor, "2026.2")
    revisions = editing.history_of(old_plan, "b6_mgz_knelpunten")
    assert [(r.key, r.via) for r in revisions][:2] == [("b6_mgz_knelpunten", "migratie"), ("b6_mgz_themas", "migratie")]
    assert revisions[-1].via == "form" and revisions[-1].new_value == ["regelruimte"]


@pytest.mark.parametrize("status", [PlanStatus.INGEDIEND, PlanStatus.BEOORDEELD, PlanStatus.ONDERTEKEND])
def test_only_a_concept_moves(old_plan, status):
    old_plan.status = status.value
    with pytest.raises(content_migration.ContentVersionError):
        content_migration.move_plan(old_plan, old_plan.editor, "2026.2")
    assert old_plan.content_version == "2026.1"


def test_an_unsaved_page_blocks_the_move(old_plan):
    editing.save_draft(old_plan, "b1", "regioprofiel", {"q_b1_inwoners": "veel"}, old_plan.editor)
    with pytest.raises(content_migration.ContentVersionError, match="eerst"):
        content_migration.move_plan(old_plan, old_plan.editor, "2026.2")


def test_a_plan_on_the_current_version_has_nowhere_to_go(factories):
    org = factories.organisation()
    plan = editing.create_plan(org, "Nieuw", 2026, 2029, factories.member(org))
    assert content_migration.next_version(plan) is None
    with pytest.raises(content_migration.ContentVersionError):
        content_migration.move_plan(plan, None, "2026.2")


def test_the_move_is_a_workflow_refusal_too(old_plan):
    assert issubclass(content_migration.ContentVersionError, workflow.WorkflowError)


def test_an_answer_that_keeps_its_key_is_updated_in_place_and_its_history_stays_in_order(old_plan):
    save(old_plan, "b4", {"b4_instrumenten": ["waarnemerspool", "tijdelijk_praktijkbeheer"]})
    save(old_plan, "b4", {"b4_instrumenten": ["waarnemerspool", "tijdelijk_praktijkbeheer", "regiomarketing"]})
    content_migration.move_plan(old_plan, old_plan.editor, "2026.2")
    history = editing.history(old_plan, "b4_instrumenten")
    assert [r.version for r in history] == [3, 2, 1]
    assert history[0].via == "migratie" and history[0].new_value == ["waarnemerspool", "regiomarketing"]
