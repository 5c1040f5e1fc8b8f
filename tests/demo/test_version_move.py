"""Moving version 2 of the complete demo plan from 2026.1 to 2026.2 keeps every answer, counted one by one."""
import pytest
import sqlalchemy as sa

from building_blocks import get_content
from demo import seed as demo
from plans.models import Answer, AuditEvent, Organisation, Plan, RetiredAnswer, User
from plans.writing import content_migration, editing
from plans.writing.sections import is_empty, section_status

from .test_seed import _tiny_pdf


@pytest.fixture
def version_2(db_session, app, tmp_path, monkeypatch):
    """The demo as seeded, but with version 2 still on 2026.1 (the move is what the test does)."""
    from plans.documents import sealing

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(sealing.pdf, "render_plan_pdf", lambda plan, options=None, **kw: _tiny_pdf())
    monkeypatch.setattr(demo, "move_to_current_content", lambda plan, editor: None)
    demo.seed(verification_url=lambda code: f"https://regioplan.test/verificatie/{code}")
    return db_session.scalar(sa.select(Plan).join(Plan.organisation).where(
        Organisation.name == demo.NHN_ORG, Plan.version_number == 2))


def test_moving_demo_version_2_keeps_every_answer(db_session, version_2):
    plan = version_2
    assert plan.content_version == "2026.1"
    before = {k: v for k, v in editing.values_of(plan).items() if not is_empty(v)}
    done_before = sorted(k.split(".")[0] for k, v in before.items() if k.endswith(".klaar") and v == "ja")
    answers = {k: v for k, v in before.items() if not k.endswith(".klaar")}
    redacteur = db_session.scalar(sa.select(User).where(User.email == "redacteur@demo.regioplan.nl"))

    result = content_migration.move_plan(plan, redacteur, "2026.2")

    assert plan.content_version == "2026.2"
    retired = {r.key: r for r in db_session.scalars(sa.select(RetiredAnswer).filter_by(plan_id=plan.id))}
    after = editing.values_of(plan)
    # Every answer is accounted for: moved to a question of 2026.2 with its value, or kept aside.
    unaccounted = set(answers) - set(result.moved) - set(retired)
    assert not unaccounted, unaccounted
    for old, new in result.moved.items():
        if old not in retired:  # a multiple choice may keep part and set aside the rest
            assert after[new] == answers[old], old
    for key, row in retired.items():
        part = row.value
        assert part == answers[key] or (isinstance(part, list) and set(part) <= set(answers[key])), key
        assert row.reason and row.from_version == "2026.1"
    moved_keys = set(result.moved) - set(retired)
    assert len(answers) == len(set(result.moved) | set(retired)), "every answer counted once or more"
    assert len(retired) >= 10 and len(moved_keys) >= 150, (len(moved_keys), len(retired))
    # Known moves: a merge into a home question that has its own answer, a rename, a removal with its reason.
    assert "r1_mandaat_bestuur" in retired and after["b3_mandaat_vorm"] == answers["b3_mandaat_vorm"]
    assert result.moved["b6_mgz_themas"] == "b6_mgz_knelpunten"
    assert "OPEN" in retired["b2_coalitie"].reason
    assert "r2_huisartsen" in retired  # b1_huisartsen keeps its own counts; r2's table stays visible
    # Sections marked klaar open again, and every answer key of 2026.2 is a real question or item.
    assert sorted(result.reopened) == done_before
    content = get_content("2026.2")
    valid = {q.id for s in content.sections for q in s.questions} | \
            {i.id for s in content.sections for i in s.checklist}
    for key in after:
        base = key.split(".")[0]
        assert base in valid or base in {s.id for s in content.sections}, key
    statuses = {s.id: section_status(s, after, False) for s in content.sections}
    assert "klaar" not in statuses.values()
    event = db_session.scalar(sa.select(AuditEvent).filter_by(plan_id=plan.id, action="content_version_moved"))
    assert event.detail["retired"] == len(result.retired) and event.detail["version"] == "2026.2"


def test_history_follows_a_renamed_answer(db_session, version_2):
    redacteur = db_session.scalar(sa.select(User).where(User.email == "redacteur@demo.regioplan.nl"))
    content_migration.move_plan(version_2, redacteur, "2026.2")
    assert content_migration.earlier_keys(version_2, "b6_mgz_knelpunten") == ["b6_mgz_themas"]
    assert db_session.scalar(sa.select(Answer).filter_by(plan_id=version_2.id, key="b6_mgz_themas")) is None
    history = editing.history_of(version_2, "b6_mgz_knelpunten")
    assert {r.key for r in history} == {"b6_mgz_knelpunten", "b6_mgz_themas"}
    assert history[0].via == "migratie"


def test_signed_version_1_never_changes_content_version(db_session, version_2):
    first = version_2.previous
    redacteur = db_session.scalar(sa.select(User).where(User.email == "redacteur@demo.regioplan.nl"))
    with pytest.raises(content_migration.ContentVersionError, match="ondertekende versie"):
        content_migration.move_plan(first, redacteur, "2026.2")
    assert first.content_version == "2026.1"


def test_a_level_answered_again_after_the_move_is_saved_without_a_false_conflict(db_session, version_2):
    """A levels answer set aside by the move keeps its numbering: the board's later save is no colleague's change."""
    plan = version_2
    redacteur = db_session.scalar(sa.select(User).where(User.email == "redacteur@demo.regioplan.nl"))
    bestuurder = db_session.scalar(sa.select(User).where(User.email == "bestuur@demo.regioplan.nl"))
    content_migration.move_plan(plan, redacteur, "2026.2")
    key = "b3.niveau"
    assert db_session.scalar(sa.select(RetiredAnswer.id).filter_by(plan_id=plan.id, key=key))
    editing.save_values(plan, "b3", {key: {"current": 2, "target": 3}}, {key: 0}, redacteur)
    seen = editing.versions_of(plan, [key])[key]

    result = editing.save_values(plan, "b3", {key: {"current": 3, "target": 4}}, {key: seen}, bestuurder)

    assert result.saved == [key] and not result.conflicts
