"""Export one plan with everything that belongs to it (format: docs/plan-export.md).

Row ids never leave the database: people are referenced by e-mail, comment threads by a reference
that only means something inside the file. Lists are sorted in Python (not by the database's
collation), by time, then natural key, then insertion order, so every database gives the same bytes.
"""
from __future__ import annotations

import base64
from typing import Any

import sqlalchemy as sa

from plans.db import db
from plans.exchange.board import export_board
from plans.exchange.jsonformat import FORMAT, FORMAT_VERSION, PLAN_LINK_KEYS, THREAD_KEY
from plans.exchange.jsonformat import moment_to_text as iso
from plans.models import (
    Answer,
    AnswerRevision,
    AuditEvent,
    CommentThread,
    Organisation,
    PageDraft,
    Plan,
    RetiredAnswer,
    SectionDecision,
    Signature,
    SignedDocument,
    User,
)


class _People:
    """Everyone referenced in the file, listed once with their name."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def email(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        user = db.session.get(User, user_id)
        self.seen[user.email] = user.name
        return user.email

    def listing(self) -> list[dict[str, str]]:
        return [{"email": email, "name": self.seen[email]} for email in sorted(self.seen)]


def _rows(model, plan: Plan, *order) -> list:
    rows = db.session.scalars(sa.select(model).where(model.plan_id == plan.id))
    return sorted(rows, key=lambda row: (*(getattr(row, name) for name in order), row.id))


def export_plan(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict; write it with `plans.exchange.jsonformat.to_json`."""
    people = _People()
    threads, refs = _threads(plan, people)
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "organisation": _organisation(plan.organisation),
        "plan": _plan(plan, people),
        "answers": [
            {"key": a.key, "section": a.section_id, "value": a.value, "version": a.version,
             "updated_at": iso(a.updated_at), "updated_by": people.email(a.updated_by_id)}
            for a in _rows(Answer, plan, "key")
        ],
        "answer_history": [
            {"key": r.key, "version": r.version, "old_value": r.old_value, "new_value": r.new_value,
             "changed_at": iso(r.changed_at), "changed_by": people.email(r.changed_by_id), "via": r.via}
            for r in _rows(AnswerRevision, plan, "changed_at", "key", "version")
        ],
        "page_drafts": [
            {"section": d.section_id, "step": d.step_id, "form_data": d.form_data, "saved_at": iso(d.saved_at),
             "saved_by": people.email(d.saved_by_id)}
            for d in _rows(PageDraft, plan, "section_id", "step_id")
        ],
        "retired_answers": [
            {"section": r.section_id, "key": r.key, "value": r.value, "from_version": r.from_version,
             "reason": r.reason, "retired_at": iso(r.retired_at), "retired_by": people.email(r.retired_by_id)}
            for r in _rows(RetiredAnswer, plan, "retired_at", "section_id", "key")
        ],
        "section_decisions": [
            {"section": d.section_id, "round": d.round, "decision": d.decision, "reason": d.reason,
             "reviewer": people.email(d.reviewer_id), "decided_at": iso(d.decided_at)}
            for d in _rows(SectionDecision, plan, "decided_at", "round", "section_id")
        ],
        "comment_threads": threads,
        "signatures": [
            {"user": people.email(s.user_id), "name": s.name, "function": s.function, "statement": s.statement,
             "signed_at": iso(s.signed_at)}
            for s in _rows(Signature, plan, "signed_at", "name")
        ],
        "signed_document": _signed_document(plan),
        "audit_events": [
            {"actor": people.email(e.actor_id), "action": e.action, "detail": _detail(e.detail, refs),
             "at": iso(e.at)}
            for e in _rows(AuditEvent, plan, "at", "action")
        ],
    }
    data.update(export_board(plan, people))
    data["people"] = people.listing()  # last: every section above has registered its people
    return data


def _organisation(org: Organisation) -> dict[str, Any]:
    return {"name": org.name, "kind": org.kind, "required_signatures": org.required_signatures,
            "legal_form": org.legal_form, "editors_give_levels": org.editors_give_levels,
            "region": {"code": org.region.code, "name": org.region.name}}


def _plan(plan: Plan, people: _People) -> dict[str, Any]:
    previous = plan.previous
    return {
        "title": plan.title, "period_start": plan.period_start, "period_end": plan.period_end,
        "content_version": plan.content_version, "status": plan.status, "revision": plan.revision,
        "review_round": plan.review_round, "decisions_since": plan.decisions_since,
        "version_number": plan.version_number, "created_at": iso(plan.created_at),
        "updated_at": iso(plan.updated_at), "signed_at": iso(plan.signed_at),
        "created_by": people.email(plan.created_by_id),
        # Informational: the import re-links it only when that version is already in the database.
        "previous_version": previous and {"title": previous.title, "version_number": previous.version_number},
    }


def _threads(plan: Plan, people: _People) -> tuple[list[dict[str, Any]], dict[int, str]]:
    threads = _rows(CommentThread, plan, "created_at", "section_id")
    refs = {thread.id: f"thread-{number}" for number, thread in enumerate(threads, start=1)}
    return [
        {"ref": refs[t.id], "section": t.section_id, "created_by": people.email(t.created_by_id),
         "created_at": iso(t.created_at), "resolved_at": iso(t.resolved_at),
         "resolved_by": people.email(t.resolved_by_id),
         "comments": [
             {"author": people.email(c.author_id), "body": c.body, "created_at": iso(c.created_at)}
             for c in sorted(t.comments, key=lambda c: (c.created_at, c.id))
         ]}
        for t in threads
    ], refs


def _signed_document(plan: Plan) -> dict[str, Any] | None:
    document = db.session.scalar(sa.select(SignedDocument).where(SignedDocument.plan_id == plan.id))
    if document is None:
        return None
    return {"verification_code": document.verification_code, "sha256": document.sha256,
            "pdf": base64.b64encode(document.pdf).decode("ascii"), "created_at": iso(document.created_at)}


def _detail(detail: Any, refs: dict[int, str]) -> Any:
    if not isinstance(detail, dict):
        return detail
    detail = {key: value for key, value in detail.items() if key not in PLAN_LINK_KEYS}
    if THREAD_KEY in detail:
        detail[THREAD_KEY] = refs.get(detail[THREAD_KEY])
    return detail
