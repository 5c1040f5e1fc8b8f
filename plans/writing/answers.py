"""Reading the answers of plans: values, versions, drafts and completion (queries only)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from building_blocks import get_content
from plans.db import db
from plans.models import Answer, CommentThread, PageDraft, Plan
from plans.writing.sections import is_complete


@cache
def _answers_statement(all_keys: bool) -> sa.Select:
    """Built once, so its cache key is too (a page save runs it on every request)."""
    query = sa.select(Answer).where(Answer.plan_id == sa.bindparam("plan_id"))
    return query if all_keys else query.where(Answer.key.in_(sa.bindparam("keys", expanding=True)))


def answers_of(plan: Plan, keys: list[str] | None = None) -> dict[str, Answer]:
    """The plan's answers by key; only those of `keys` when given (a page save needs only its own)."""
    params = {"plan_id": plan.id} if keys is None else {"plan_id": plan.id, "keys": list(keys)}
    return {a.key: a for a in db.session.scalars(_answers_statement(keys is None), params)}

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


@dataclass(frozen=True)
class PageReads:
    """What a wizard page shows besides the plan: its answers with their versions, the draft saved with errors
    (its form data), the ids of the section's open threads."""

    values: dict[str, Any]
    versions: dict[str, int]
    draft: dict | None
    open_thread_ids: list[int]


_ANSWER, _DRAFT, _THREAD = 0, 1, 2


@cache
def _page_reads_statement(all_keys: bool) -> sa.Select:
    """One Core statement, built once (its cache key is memoized on it): the answers, the draft, the open threads.

    Three selects in one UNION ALL of (kind, key, value, number): an answer's key, value and version; the draft's
    form data (a JSON column, as an answer's value); an open thread's id."""
    answer, draft, thread = Answer.__table__.c, PageDraft.__table__.c, CommentThread.__table__.c
    answers = sa.select(sa.literal_column(str(_ANSWER)).label("kind"), answer.key, answer.value,
                        answer.version.label("number")).where(answer.plan_id == sa.bindparam("plan_id"))
    if not all_keys:
        answers = answers.where(answer.key.in_(sa.bindparam("keys", expanding=True)))
    drafts = sa.select(sa.literal_column(str(_DRAFT)), sa.cast(sa.null(), answer.key.type), draft.form_data,
                       sa.cast(sa.null(), answer.version.type)).where(
        draft.plan_id == sa.bindparam("plan_id"), draft.section_id == sa.bindparam("section_id"),
        draft.step_id == sa.bindparam("step_id"))
    threads = sa.select(sa.literal_column(str(_THREAD)), sa.cast(sa.null(), answer.key.type),
                        sa.cast(sa.null(), answer.value.type), thread.id).where(
        thread.plan_id == sa.bindparam("plan_id"), thread.section_id == sa.bindparam("section_id"),
        thread.resolved_at.is_(None))
    return sa.union_all(answers, drafts, threads)


def page_reads(plan: Plan, keys: list[str] | None, section_id: str, step_id: str) -> PageReads:
    """Everything `PageReads` holds in one query (only the answers of `keys` when given)."""
    params = {"plan_id": plan.id, "section_id": section_id, "step_id": step_id}
    if keys is not None:
        params["keys"] = list(keys)
    values, versions, draft, threads = {}, {}, None, []
    for kind, key, value, number in db.session.execute(_page_reads_statement(keys is None), params):
        if kind == _ANSWER:
            values[key], versions[key] = value, number
        elif kind == _DRAFT:
            draft = value
        else:
            threads.append(number)
    return PageReads(values, versions, draft, sorted(threads))

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
