"""Versions of a plan: a new version of a signed plan, and a question-by-question comparison."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.db import db
from plans.models import AnswerRevision, Plan, User
from plans.review.workflow import WorkflowError, lock_plan, record
from plans.vocabulary import AuditAction, PlanStatus
from plans.writing import editing
from plans.writing.sections import content_for


def lineage(plan: Plan) -> list[Plan]:
    """Every version of this plan's line, oldest first."""
    root = plan
    while root.previous is not None:
        root = root.previous
    versions, current = [root], root
    while True:
        following = db.session.scalar(sa.select(Plan).where(Plan.previous_id == current.id))
        if following is None:
            return versions
        versions.append(following)
        current = following


def start_new_version(plan: Plan, user: User) -> Plan:
    """A concept copy of a signed plan; the signed version stays as it was."""
    plan = lock_plan(plan.id)  # two clicks at once start one new version
    if plan.status != PlanStatus.ONDERTEKEND:
        raise WorkflowError(_l("Alleen van een ondertekend plan kan een nieuwe versie worden gestart."))
    if db.session.scalar(sa.select(Plan.id).where(Plan.previous_id == plan.id)) is not None:
        raise WorkflowError(_l("Van deze versie bestaat al een nieuwe versie."))
    new = editing.create_plan(plan.organisation, plan.title, plan.period_start, plan.period_end, user)
    new.previous_id, new.version_number, new.content_version = plan.id, plan.version_number + 1, plan.content_version
    db.session.flush()
    values = editing.values_of(plan)
    by_section: dict[str, dict[str, Any]] = {}
    for answer in editing.answers_of(plan).values():
        by_section.setdefault(answer.section_id, {})[answer.key] = values[answer.key]
    for section_id, section_values in by_section.items():
        section_values.pop(f"{section_id}.klaar", None)  # a new version is not klaar until the board says so
        editing.save_values(new, section_id, section_values, None, user, via="revision")
    record(plan, user, AuditAction.NEW_VERSION, version=new.version_number, new_plan=new.id)
    record(new, user, AuditAction.CREATED_FROM, version=plan.version_number, previous_plan=plan.id)
    db.session.flush()
    return new


@dataclass(frozen=True)
class Difference:
    section: Any
    question: Any
    old: Any
    new: Any
    changed_by: list[str]


def compare(older: Plan, newer: Plan) -> list[Difference]:
    """Questions whose answer differs between two versions, with who changed them in the newer one."""
    content = content_for(newer)
    old_values, new_values = editing.values_of(older), editing.values_of(newer)
    authors = _authors(newer)
    differences = []
    for section in content.sections:
        for question in section.questions:
            old, new = old_values.get(question.id), new_values.get(question.id)
            if old != new:
                differences.append(Difference(section, question, old, new, authors.get(question.id, [])))
    return differences


def _authors(plan: Plan) -> dict[str, list[str]]:
    rows = db.session.execute(
        sa.select(AnswerRevision.key, User.name).join(User, User.id == AnswerRevision.changed_by_id)
        .where(AnswerRevision.plan_id == plan.id, AnswerRevision.via != "revision").distinct())
    authors: dict[str, list[str]] = {}
    for key, name in rows:
        authors.setdefault(key, []).append(name)
    return authors


def changes_since(plan: Plan, section, since) -> list[Difference]:
    """The section's questions whose answer changed after `since` (a change request): what the kring re-reviews."""
    keys = {q.id: q for q in section.questions}
    rows = db.session.execute(
        sa.select(AnswerRevision.key, AnswerRevision.old_value, User.name)
        .outerjoin(User, User.id == AnswerRevision.changed_by_id)
        .where(AnswerRevision.plan_id == plan.id, AnswerRevision.key.in_(keys), AnswerRevision.changed_at > since)
        .order_by(AnswerRevision.id)
    ).all()
    first_old: dict[str, Any] = {}
    authors: dict[str, list[str]] = {}
    for key, old, name in rows:
        first_old.setdefault(key, old)
        if name and name not in authors.setdefault(key, []):
            authors[key].append(name)
    values = editing.values_of(plan)
    return [Difference(section, keys[key], old, values.get(key), authors.get(key, []))
            for key, old in first_old.items() if old != values.get(key)]
