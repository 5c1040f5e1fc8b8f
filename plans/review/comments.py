"""Discussion per section between beoordelaars and editors, in threads that can be resolved."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from plans.clock import utcnow
from plans.db import db
from plans.models import Comment, CommentThread, Plan, User
from plans.review.workflow import PlanLocked, WorkflowError, record
from plans.vocabulary import AuditAction, PlanStatus

MAX_LENGTH = 5000


def _check(plan: Plan, body: str) -> str:
    if plan.status == PlanStatus.ONDERTEKEND:
        raise PlanLocked(_l("Dit plan is ondertekend; er kunnen geen opmerkingen meer bij."))
    body = (body or "").strip()
    if not body:
        raise WorkflowError(_l("Schrijf een opmerking."))
    if len(body) > MAX_LENGTH:
        raise WorkflowError(_l("Een opmerking mag hoogstens %(n)d tekens hebben.", n=MAX_LENGTH))
    return body


def start_thread(plan: Plan, section_id: str, user: User, body: str) -> CommentThread:
    body = _check(plan, body)
    thread = CommentThread(plan_id=plan.id, section_id=section_id, created_by_id=user.id)
    db.session.add(thread)
    db.session.flush()
    db.session.add(Comment(thread_id=thread.id, author_id=user.id, body=body))
    record(plan, user, AuditAction.COMMENT, section=section_id, thread=thread.id)
    db.session.flush()
    return thread


def reply(plan: Plan, thread: CommentThread, user: User, body: str) -> Comment:
    body = _check(plan, body)
    if thread.resolved_at is not None:
        raise WorkflowError(_l("Deze discussie is afgesloten."))
    comment = Comment(thread_id=thread.id, author_id=user.id, body=body)
    db.session.add(comment)
    record(plan, user, AuditAction.COMMENT, section=thread.section_id, thread=thread.id)
    db.session.flush()
    return comment


def resolve(plan: Plan, thread: CommentThread, user: User) -> None:
    if plan.status == PlanStatus.ONDERTEKEND:  # the audit trail of a signed plan ends at its signature
        raise PlanLocked(_l("Dit plan is ondertekend; de discussies blijven zoals ze waren."))
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by_id = utcnow(), user.id
        record(plan, user, AuditAction.COMMENT_RESOLVED, section=thread.section_id, thread=thread.id)
        db.session.flush()


def threads_of(plan: Plan, section_id: str | None = None, *, open_only: bool = False) -> list[CommentThread]:
    """The plan's threads with their comments and authors, open ones first; only the open ones when asked
    (a wizard page names those, and need not load every comment of a long-settled discussion)."""
    query = (sa.select(CommentThread).where(CommentThread.plan_id == plan.id)
             .options(selectinload(CommentThread.comments).selectinload(Comment.author))
             .order_by(CommentThread.resolved_at.is_not(None), CommentThread.id))
    if section_id is not None:
        query = query.where(CommentThread.section_id == section_id)
    if open_only:
        query = query.where(CommentThread.resolved_at.is_(None))
    return list(db.session.scalars(query))


def threads_by_id(plan: Plan, ids: list[int]) -> list[CommentThread]:
    """The plan's threads of `ids` with their comments and authors, in order of id (none: no query)."""
    if not ids:
        return []
    query = (sa.select(CommentThread).where(CommentThread.plan_id == plan.id, CommentThread.id.in_(ids))
             .options(selectinload(CommentThread.comments).selectinload(Comment.author))
             .order_by(CommentThread.id))
    return list(db.session.scalars(query))


def open_counts(plan: Plan) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(CommentThread.section_id, sa.func.count(CommentThread.id))
        .where(CommentThread.plan_id == plan.id, CommentThread.resolved_at.is_(None))
        .group_by(CommentThread.section_id))
    return dict(rows.all())
