"""Operations on the answers of a plan: save with conflict detection, drafts and history.

Nothing typed is overwritten blindly: every save names the version each field was based on, and a
field a colleague changed since then comes back as a conflict instead of being saved.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from building_blocks import CURRENT_VERSION
from plans.clock import utcnow
from plans.db import db
from plans.models import Answer, AnswerRevision, Organisation, PageDraft, Plan, User
from plans.review.workflow import ensure_editable, record
from plans.vocabulary import AuditAction, PlanStatus, SectionDone
from plans.writing.answers import (  # noqa: F401  (part of this module's interface)
    answers_of,
    completed_sections,
    draft_steps,
    page_reads,
    sections_with_drafts,
    values_of,
    versions_of,
)
from plans.writing.content_migration import earlier_keys
from plans.writing.sections import done_key, is_empty


@dataclass(frozen=True)
class Conflict:
    key: str
    mine: Any
    theirs: Any
    version: int
    changed_by: User | None
    changed_at: datetime


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def create_plan(organisation: Organisation, title: str, period_start: int, period_end: int, user: User,
                content_version: str | None = None) -> Plan:
    """A new concept plan on the current content version (or an older one, for demo data and imports)."""
    plan = Plan(
        organisation=organisation,
        title=title,
        period_start=period_start,
        period_end=period_end,
        content_version=content_version or CURRENT_VERSION,
        created_by=user,
    )
    db.session.add(plan)
    db.session.flush()
    record(plan, user, AuditAction.CREATED, title=title)
    db.session.flush()
    return plan


def concepts_of(organisation: Organisation) -> list[Plan]:
    """The organisation's plans still in concept, so a new plan does not silently duplicate one."""
    return list(db.session.scalars(
        sa.select(Plan).where(Plan.organisation_id == organisation.id, Plan.status == PlanStatus.CONCEPT)
        .order_by(Plan.period_start, Plan.id)))


def mark_section(plan: Plan, section, done: str, user: User) -> SaveResult:
    """The editors say whether a section is klaar ("ja") or not yet; every "klaar" is in the Logboek,
    also when it was klaar before (after a change request that is how the kring sees it is revised)."""
    result = save_values(plan, section.id, {done_key(section): done}, None, user)
    if done == SectionDone.DONE:
        record(plan, user, AuditAction.SECTION_COMPLETED, section=section.id)
        db.session.flush()
    return result


def plans_of(organisation_ids) -> list[Plan]:
    return list(
        db.session.scalars(
            sa.select(Plan).where(Plan.organisation_id.in_(organisation_ids)).order_by(Plan.created_at.desc())
        )
    )


def save_values(
    plan: Plan,
    section_id: str,
    values: dict[str, Any],
    base_versions: dict[str, int] | None,
    user: User | None,
    *,
    via: str = "form",
) -> SaveResult:
    """Store changed values; a field changed by someone else after its base version is a conflict.

    `base_versions` maps a key to the version the user saw (0: no answer yet); None skips the check
    (seed and import).
    """
    ensure_editable(plan, section_id)
    result = SaveResult()
    answers = answers_of(plan, list(values))
    for key, given in values.items():
        new = None if is_empty(given) else given
        current = answers.get(key)
        if current is not None and current.value == new or current is None and new is None:
            continue
        base = None if base_versions is None else base_versions.get(key, 0)
        if current is not None and base is not None and _changed_by_others_since(plan, key, base, user):
            result.conflicts.append(_conflict(current, new))
            continue
        if not _write(plan, section_id, key, current, new, user, via):
            # A concurrent save won the race. If it was this user's own (a background save of the
            # same field), build on it; a colleague's change is a conflict.
            current = _reload(plan, key)
            if (base is not None and _changed_by_others_since(plan, key, base, user)) or \
                    not _write(plan, section_id, key, current, new, user, via):
                result.conflicts.append(_conflict(current, new))
                continue
        result.saved.append(key)
    if result.saved:
        # In the database, not in Python: concurrent saves each raise it (a lost increment would let a
        # stale concept PDF, cached per revision, be served).
        plan.revision = Plan.revision + 1
        plan.updated_at = utcnow()
        db.session.flush()
    return result


def _write(plan, section_id, key, current, new, user, via) -> bool:
    """Insert or update one answer inside a savepoint; False when a concurrent save won the race."""
    try:
        with db.session.begin_nested():
            old = None if current is None else current.value
            if current is None:
                current = Answer(plan=plan, section_id=section_id, key=key, value=new)
                db.session.add(current)
            else:
                current.value = new
            current.updated_at = utcnow()
            current.updated_by_id = user.id if user else None
            db.session.flush()
            db.session.add(
                AnswerRevision(plan_id=plan.id, key=key, version=current.version, old_value=old, new_value=new,
                               changed_by_id=current.updated_by_id, via=via)
            )
            db.session.flush()
    except (IntegrityError, StaleDataError):
        return False
    return True


def _reload(plan: Plan, key: str) -> Answer:
    answer = db.session.scalar(sa.select(Answer).filter_by(plan_id=plan.id, key=key))
    db.session.refresh(answer)
    return answer


def _changed_by_others_since(plan: Plan, key: str, base: int, user: User | None) -> bool:
    query = sa.select(AnswerRevision.id).where(
        AnswerRevision.plan_id == plan.id, AnswerRevision.key == key, AnswerRevision.version > base
    )
    if user is not None:
        query = query.where(sa.or_(AnswerRevision.changed_by_id.is_(None), AnswerRevision.changed_by_id != user.id))
    return db.session.scalar(query.limit(1)) is not None


def _conflict(current: Answer, mine: Any) -> Conflict:
    return Conflict(current.key, mine, current.value, current.version, current.updated_by, current.updated_at)


def history(plan: Plan, key: str) -> list[AnswerRevision]:
    return list(
        db.session.scalars(
            sa.select(AnswerRevision).filter_by(plan_id=plan.id, key=key).order_by(AnswerRevision.version.desc())
        )
    )


def history_of(plan: Plan, key: str) -> list[AnswerRevision]:
    """Every change of an answer, newest first, also under the ids it had in earlier content versions."""
    keys = [key, *earlier_keys(plan, key)]
    return list(
        db.session.scalars(
            sa.select(AnswerRevision).where(AnswerRevision.plan_id == plan.id, AnswerRevision.key.in_(keys))
            .order_by(AnswerRevision.changed_at.desc(), AnswerRevision.id.desc())
        )
    )


def save_draft(plan: Plan, section_id: str, step_id: str, form_data: dict, user: User) -> None:
    draft = draft_of(plan, section_id, step_id) or PageDraft(plan_id=plan.id, section_id=section_id, step_id=step_id)
    draft.form_data, draft.saved_at, draft.saved_by_id = form_data, utcnow(), user.id
    db.session.add(draft)
    db.session.flush()


def draft_of(plan: Plan, section_id: str, step_id: str) -> PageDraft | None:
    return db.session.scalar(sa.select(PageDraft).filter_by(plan_id=plan.id, section_id=section_id, step_id=step_id))


@cache
def _delete_draft() -> sa.Delete:
    """A Core DELETE built once (its cache key with it): the ORM's bulk delete spent as long again matching
    the session's objects against its criteria."""
    draft = PageDraft.__table__.c
    return sa.delete(PageDraft.__table__).where(draft.plan_id == sa.bindparam("plan_id"),
                                                draft.section_id == sa.bindparam("section_id"),
                                                draft.step_id == sa.bindparam("step_id"))


def clear_draft(plan: Plan, section_id: str, step_id: str) -> None:
    """One DELETE, not a SELECT of the draft and then its DELETE (a clean save rarely has a draft to clear).

    A draft object loaded in this session before is expunged, so nothing writes it back."""
    for draft in [o for o in db.session.identity_map.values() if isinstance(o, PageDraft)]:
        if (draft.plan_id, draft.section_id, draft.step_id) == (plan.id, section_id, step_id):
            db.session.expunge(draft)
    db.session.execute(_delete_draft(), {"plan_id": plan.id, "section_id": section_id, "step_id": step_id})


def add_suggested_action(plan: Plan, section, item, user: User, base_version: int) -> SaveResult:
    """Append an unmet checklist item to the section's action plan as a planned action."""
    key = next(q.id for q in section.questions if q.type == "action_plan")
    rows = list(values_of(plan).get(key) or [])
    rows.append({"actie": item.statement, "eigenaar": "Nog te bepalen", "status": "gepland"})
    return save_values(plan, section.id, {key: rows}, {key: base_version}, user)
