"""Reading the answers of plans: values, versions, drafts and completion (queries only)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from building_blocks import get_content
from plans.db import db
from plans.models import Answer, PageDraft, Plan
from plans.writing.sections import is_complete


def answers_of(plan: Plan, keys: list[str] | None = None) -> dict[str, Answer]:
    """The plan's answers by key; only those of `keys` when given (a page save needs only its own)."""
    query = sa.select(Answer).where(Answer.plan_id == plan.id)
    if keys is not None:
        query = query.where(Answer.key.in_(keys))
    return {a.key: a for a in db.session.scalars(query)}

def versions_of(plan: Plan, keys: list[str]) -> dict[str, int]:
    """The current version of each of `keys` that has an answer."""
    rows = db.session.execute(
        sa.select(Answer.key, Answer.version).where(Answer.plan_id == plan.id, Answer.key.in_(keys))
    )
    return dict(rows.all())

def values_of(plan: Plan, keys: list[str] | None = None) -> dict[str, Any]:
    """The plan's values by key; only those of `keys` when given."""
    if keys is not None and not keys:
        return {}
    query = sa.select(Answer.key, Answer.value).where(Answer.plan_id == plan.id)
    if keys is not None:
        query = query.where(Answer.key.in_(keys))
    return {key: value for key, value in db.session.execute(query)}

def values_and_versions(plan: Plan, keys: list[str] | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """The plan's values and their answers' versions (only of `keys` when given), in one query: a page shows both."""
    query = sa.select(Answer.key, Answer.value, Answer.version).where(Answer.plan_id == plan.id)
    if keys is not None:
        query = query.where(Answer.key.in_(keys))
    values, versions = {}, {}
    for key, value, version in db.session.execute(query):
        values[key], versions[key] = value, version
    return values, versions

def sections_with_drafts(plan: Plan) -> set[str]:
    return set(db.session.scalars(sa.select(PageDraft.section_id).where(PageDraft.plan_id == plan.id)))

def draft_steps(plan: Plan) -> dict[str, set[str]]:
    """The steps saved with errors, per section."""
    rows = db.session.execute(sa.select(PageDraft.section_id, PageDraft.step_id).where(PageDraft.plan_id == plan.id))
    found: dict[str, set[str]] = {}
    for section_id, step_id in rows:
        found.setdefault(section_id, set()).add(step_id)
    return found

def completed_sections(plan_ids: list[int]) -> dict[int, int]:
    """Number of sections klaar per plan (marked klaar and still complete), in two queries."""
    values: dict[int, dict[str, Any]] = {plan_id: {} for plan_id in plan_ids}
    rows = db.session.execute(sa.select(Answer.plan_id, Answer.key, Answer.value).where(Answer.plan_id.in_(plan_ids)))
    for plan_id, key, value in rows:
        values[plan_id][key] = value
    versions = db.session.execute(sa.select(Plan.id, Plan.content_version).where(Plan.id.in_(plan_ids)))
    return {plan_id: sum(is_complete(s, values[plan_id]) for s in get_content(version).sections)
            for plan_id, version in versions}
