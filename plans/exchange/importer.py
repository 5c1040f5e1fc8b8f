"""Recreate an exported plan with all its rows: a restore, not an edit (format: docs/plan-export.md).

Rows are inserted as they were exported, past the editing and workflow operations: those enforce
locks and write history of their own. Answers go in through Core, because the ORM would reset their
optimistic-lock `version` to 1 on INSERT. Flushes inside a savepoint, never commits: a refused file
leaves nothing behind.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa

from building_blocks import VERSIONS, get_content
from plans.accounts import people
from plans.db import db
from plans.exchange.board import import_board
from plans.exchange.jsonformat import FORMAT, FORMAT_VERSION, PLAN_LINK_KEYS, THREAD_KEY, ExchangeError, text_to_moment
from plans.models import (
    Answer,
    AnswerRevision,
    AuditEvent,
    Comment,
    CommentThread,
    Organisation,
    PageDraft,
    Plan,
    Region,
    RetiredAnswer,
    SectionDecision,
    Signature,
    SignedDocument,
    User,
)
from plans.vocabulary import AuditAction, PlanStatus, ReviewDecision, Vocabulary
from plans.writing.tables import TABLE_TYPES, table_problem

_MISSING = object()


class _Fields:
    """Typed access to one object of the file; a missing or mistyped field is refused by its path."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise ExchangeError(f"Ongeldige plan-export: ‘{path}’ moet een object zijn.")
        self.value, self.path = value, path

    def _get(self, key: str, kinds: tuple[type, ...], noun: str, optional: bool) -> Any:
        value = self.value.get(key, _MISSING)
        if value is _MISSING:
            raise ExchangeError(f"Ongeldige plan-export: ‘{self.path}.{key}’ ontbreekt.")
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            raise ExchangeError(f"Ongeldige plan-export: ‘{self.path}.{key}’ moet {noun} zijn.")
        return value

    def text(self, key: str, *, optional: bool = False) -> str | None:
        return self._get(key, (str,), "tekst", optional)

    def word(self, key: str, vocabulary: type[Vocabulary]) -> str:
        """A value of one of the domain's vocabularies: an unknown status or action is refused."""
        value = self.text(key)
        if value not in set(vocabulary):
            raise ExchangeError(f"Ongeldige plan-export: ‘{self.path}.{key}’ heeft een onbekende waarde ({value}).")
        return value

    def number(self, key: str) -> int:
        return self._get(key, (int,), "een geheel getal", False)

    def json(self, key: str) -> Any:
        if key not in self.value:
            raise ExchangeError(f"Ongeldige plan-export: ‘{self.path}.{key}’ ontbreekt.")
        return self.value[key]

    def moment(self, key: str, *, optional: bool = False) -> datetime | None:
        text = self._get(key, (str,), "een datum en tijd (ISO 8601)", optional)
        try:
            return None if text is None else text_to_moment(text)
        except ValueError as exc:
            raise ExchangeError(f"Ongeldige plan-export: ‘{self.path}.{key}’ is geen datum en tijd in "
                                f"ISO 8601 ({text}).") from exc

    def object(self, key: str, *, optional: bool = False) -> _Fields | None:
        value = self._get(key, (dict,), "een object", optional)
        return None if value is None else _Fields(value, f"{self.path}.{key}")

    def objects(self, key: str) -> list[_Fields]:
        items = self._get(key, (list,), "een lijst", False)
        return [_Fields(item, f"{self.path}.{key}[{n}]") for n, item in enumerate(items)]


@cache
def _table_keys(version: str) -> frozenset[str]:
    return frozenset(q.id for s in get_content(version).sections for q in s.questions if q.type in TABLE_TYPES)


def import_plan(data: dict[str, Any]) -> Plan:
    """Recreate the plan of an export (see `plans.exchange.jsonformat.from_json`) and return it; raises ExchangeError."""
    root = _Fields(data, "export")
    _check_format(root)
    try:
        with db.session.begin_nested():
            return _Import(root).run()
    except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
        raise ExchangeError(f"Het plan kon niet worden ingelezen: het bestand bevat gegevens die deze database "
                            f"weigert ({exc.orig}).") from exc


def _check_format(root: _Fields) -> None:
    if root.value.get("format") != FORMAT:
        raise ExchangeError(f"Dit bestand is geen plan-export van Regioplan: verwacht "
                            f"\"format\": \"{FORMAT}\".")
    version = root.value.get("format_version")
    if version != FORMAT_VERSION:
        raise ExchangeError(f"Dit bestand heeft formaatversie {version!r}; deze versie van Regioplan kan "
                            f"alleen formaatversie {FORMAT_VERSION} inlezen.")


class _Import:
    def __init__(self, root: _Fields) -> None:
        self.root = root
        self.names = {p.text("email"): p.text("name") for p in root.objects("people")}
        self.users: dict[str, User] = {}

    def person(self, fields: _Fields, key: str, *, optional: bool = False) -> int | None:
        """The id of the referenced person, found by e-mail or created without password or memberships."""
        email = fields.text(key, optional=optional)
        if email is None:
            return None
        if email not in self.names:
            raise ExchangeError(f"Ongeldige plan-export: ‘{fields.path}.{key}’ verwijst naar {email}, "
                                f"maar die persoon staat niet in ‘export.people’.")
        if email not in self.users:
            self.users[email] = (people.find_user_by_email(email)
                                 or people.create_user(email, self.names[email]))
        return self.users[email].id

    def run(self) -> Plan:
        document = self.signed_document()  # checked before anything is written
        plan = self.plan(self.organisation())
        self.answers(plan)
        self.insert(AnswerRevision, [
            dict(plan_id=plan.id, key=r.text("key"), version=r.number("version"),
                 old_value=self.answer_value(plan, r, "old_value"), new_value=self.answer_value(plan, r, "new_value"),
                 changed_at=r.moment("changed_at"),
                 changed_by_id=self.person(r, "changed_by", optional=True), via=r.text("via"))
            for r in self.root.objects("answer_history")])
        self.insert(PageDraft, [
            dict(plan_id=plan.id, section_id=d.text("section"), step_id=d.text("step"),
                 form_data=d.json("form_data"), saved_at=d.moment("saved_at"),
                 saved_by_id=self.person(d, "saved_by", optional=True))
            for d in self.root.objects("page_drafts")])
        # Files written before content versions could move have no retired answers.
        retired = self.root.objects("retired_answers") if "retired_answers" in self.root.value else []
        self.insert(RetiredAnswer, [
            dict(plan_id=plan.id, section_id=r.text("section"), key=r.text("key"), value=r.json("value"),
                 from_version=r.text("from_version"), reason=r.text("reason"), retired_at=r.moment("retired_at"),
                 retired_by_id=self.person(r, "retired_by", optional=True))
            for r in retired])
        self.insert(SectionDecision, [
            dict(plan_id=plan.id, section_id=d.text("section"), round=d.number("round"),
                 decision=d.word("decision", ReviewDecision), reason=d.text("reason", optional=True),
                 reviewer_id=self.person(d, "reviewer"), decided_at=d.moment("decided_at"))
            for d in self.root.objects("section_decisions")])
        threads = self.threads(plan)
        self.insert(Signature, [
            dict(plan_id=plan.id, user_id=self.person(s, "user"), name=s.text("name"), function=s.text("function"),
                 statement=s.text("statement"), signed_at=s.moment("signed_at"))
            for s in self.root.objects("signatures")])
        if document is not None:
            self.insert(SignedDocument, [dict(plan_id=plan.id, **document)])
        import_board(self, plan)
        self.audit_events(plan, threads)
        db.session.flush()
        return plan

    def insert(self, model, rows: list[dict[str, Any]]) -> None:
        if rows:
            db.session.execute(sa.insert(model.__table__), rows)

    def organisation(self) -> Organisation:
        fields = self.root.object("organisation")
        region_fields = fields.object("region")
        code, name = region_fields.text("code"), fields.text("name")
        region = db.session.scalar(sa.select(Region).where(Region.code == code))
        if region is None:
            raise ExchangeError(f"De regio met code {code} ({region_fields.text('name')}) bestaat niet in deze "
                                f"database. Laad de regio's met ‘flask --app wsgi regions load’ of voeg de regio "
                                f"toe op de beheerpagina's.")
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=fields.text("kind"), region=region,
                               required_signatures=fields.number("required_signatures"),
                               legal_form=fields.text("legal_form", optional=True)
                               if "legal_form" in fields.value else None,
                               editors_give_levels=fields.value.get("editors_give_levels") is True)
            db.session.add(org)
        elif org.region_id != region.id:
            raise ExchangeError(f"De organisatie ‘{name}’ bestaat hier al, maar in regio {org.region.name} en "
                                f"niet in {region.name}.")
        return org

    def plan(self, org: Organisation) -> Plan:
        p = self.root.object("plan")
        content_version, status = p.text("content_version"), p.text("status")
        if content_version not in VERSIONS:
            raise ExchangeError(f"Het plan is geschreven met inhoudsversie {content_version}, die deze versie "
                                f"van Regioplan niet kent (bekend: {', '.join(VERSIONS)}).")
        if status not in set(PlanStatus):
            raise ExchangeError(f"Onbekende status van het plan: {status}.")
        previous = self.previous_version(org, p.object("previous_version", optional=True))
        plan = Plan(
            organisation=org, title=p.text("title"), period_start=p.number("period_start"),
            period_end=p.number("period_end"), content_version=content_version, status=status,
            revision=p.number("revision"), review_round=p.number("review_round"),
            decisions_since=p.number("decisions_since"), version_number=p.number("version_number"),
            previous_id=previous and previous.id, signed_at=p.moment("signed_at", optional=True),
            created_at=p.moment("created_at"), updated_at=p.moment("updated_at"),
            created_by_id=self.person(p, "created_by", optional=True),
        )
        db.session.add(plan)
        db.session.flush()
        return plan

    def previous_version(self, org: Organisation, fields: _Fields | None) -> Plan | None:
        """The earlier version named in the file, when it is here and has no next version yet."""
        if fields is None or org.id is None:
            return None
        followed = sa.select(Plan.previous_id).where(Plan.previous_id.is_not(None))
        candidates = db.session.scalars(sa.select(Plan).where(
            Plan.organisation_id == org.id, Plan.title == fields.text("title"),
            Plan.version_number == fields.number("version_number"), Plan.id.not_in(followed))).all()
        return candidates[0] if len(candidates) == 1 else None

    def answers(self, plan: Plan) -> None:
        # Core, not the ORM: the ORM would set the optimistic-lock version to 1 on INSERT.
        self.insert(Answer, [
            dict(plan_id=plan.id, key=a.text("key"), section_id=a.text("section"),
                 value=self.answer_value(plan, a, "value"), version=a.number("version"),
                 updated_at=a.moment("updated_at"), updated_by_id=self.person(a, "updated_by", optional=True))
            for a in self.root.objects("answers")])

    def answer_value(self, plan: Plan, fields: _Fields, name: str) -> Any:
        """An answer's value (or a revision's old or new one); a table's value must be rows the pages can show,
        as the wizard would have saved them."""
        value, key = fields.json(name), fields.text("key")
        if key in _table_keys(plan.content_version) and (problem := table_problem(value)):
            raise ExchangeError(f"Ongeldige plan-export: ‘{fields.path}.{name}’ (antwoord ‘{key}’): {problem}.")
        return value

    def threads(self, plan: Plan) -> dict[str, int]:
        """Insert threads and comments in file order; returns the new id of each thread's reference."""
        ids: dict[str, int] = {}
        for t in self.root.objects("comment_threads"):
            result = db.session.execute(sa.insert(CommentThread.__table__).values(
                plan_id=plan.id, section_id=t.text("section"), created_by_id=self.person(t, "created_by"),
                created_at=t.moment("created_at"), resolved_at=t.moment("resolved_at", optional=True),
                resolved_by_id=self.person(t, "resolved_by", optional=True)))
            ids[t.text("ref")] = thread_id = result.inserted_primary_key[0]
            self.insert(Comment, [
                dict(thread_id=thread_id, author_id=self.person(c, "author"), body=c.text("body"),
                     created_at=c.moment("created_at"))
                for c in t.objects("comments")])
        return ids

    def signed_document(self) -> dict[str, Any] | None:
        fields = self.root.object("signed_document", optional=True)
        if fields is None:
            return None
        code, sha256 = fields.text("verification_code"), fields.text("sha256")
        try:
            pdf = base64.b64decode(fields.text("pdf"), validate=True)
        except binascii.Error as exc:
            raise ExchangeError("Ongeldige plan-export: de PDF van het ondertekende document is geen "
                                "geldige base64.") from exc
        if hashlib.sha256(pdf).hexdigest() != sha256:
            raise ExchangeError("De PDF van het ondertekende document past niet bij de SHA-256 in het bestand: "
                                "het bestand is beschadigd of aangepast.")
        if db.session.scalar(sa.select(SignedDocument.id).where(SignedDocument.verification_code == code)):
            raise ExchangeError(f"Er is al een ondertekend plan met verificatiecode {code}. Dit plan is "
                                f"waarschijnlijk al geïmporteerd; een verificatiecode mag maar één keer bestaan.")
        return dict(verification_code=code, sha256=sha256, pdf=pdf, created_at=fields.moment("created_at"))

    def audit_events(self, plan: Plan, threads: dict[str, int]) -> None:
        rows = []
        for e in self.root.objects("audit_events"):
            detail = e.json("detail")
            if isinstance(detail, dict) and detail.get(THREAD_KEY) is not None:
                if detail[THREAD_KEY] not in threads:
                    raise ExchangeError(f"Ongeldige plan-export: ‘{e.path}.detail.thread’ verwijst naar een "
                                        f"discussie die niet in het bestand staat.")
                detail = {**detail, THREAD_KEY: threads[detail[THREAD_KEY]]}
            rows.append(dict(plan_id=plan.id, actor_id=self.person(e, "actor", optional=True),
                             action=e.word("action", AuditAction), detail=detail, at=e.moment("at")))
        if plan.previous_id is not None:
            self.link_versions(plan, rows)
        self.insert(AuditEvent, rows)

    def link_versions(self, plan: Plan, rows: list[dict[str, Any]]) -> None:
        """Put back the plan ids the export left out, now that both versions are here."""
        previous = db.session.get(Plan, plan.previous_id)
        new_plan, previous_plan = PLAN_LINK_KEYS
        for row in rows:
            if row["action"] == AuditAction.CREATED_FROM and _names_version(row["detail"], previous.version_number):
                row["detail"] = {**row["detail"], previous_plan: previous.id}
        events = db.session.scalars(sa.select(AuditEvent).filter_by(plan_id=previous.id, action=AuditAction.NEW_VERSION))
        for event in events:
            if _names_version(event.detail, plan.version_number) and new_plan not in event.detail:
                event.detail = {**event.detail, new_plan: plan.id}


def _names_version(detail: Any, version_number: int) -> bool:
    return isinstance(detail, dict) and detail.get("version") == version_number
