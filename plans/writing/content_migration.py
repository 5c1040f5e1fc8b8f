"""Moving a concept plan to a newer content version, by the migration table of that version.

Every answer either moves to its place in the new version (with a revision `via="migratie"`) or is kept as
a `RetiredAnswer`, shown in "Antwoorden uit de vorige inhoudsversie": nothing is deleted. A signed plan,
or one under review, never changes content version. Operations flush, never commit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from building_blocks import OTHER_VALUE, VERSIONS, get_content
from building_blocks.schema import ChecklistItem, Content, Question
from plans.clock import utcnow
from plans.db import db
from plans.models import Answer, AnswerRevision, AuditEvent, Plan, RetiredAnswer, User
from plans.review.workflow import WorkflowError, record
from plans.vocabulary import AuditAction, PlanStatus, SectionDone
from plans.writing.answers import answers_of, sections_with_drafts
from plans.writing.sections import done_key, is_empty, levels_key, other_key

VIA = "migratie"
AUDIT_ACTION = AuditAction.CONTENT_VERSION_MOVED
# Kept answers move first, so a home question keeps its own answer when others merge into it.
KIND_ORDER = {"kept": 0, "renamed": 1, "merged": 2, "split": 3, "removed": 4}


class ContentVersionError(WorkflowError):
    """A refused move; the message is shown to the user."""


@dataclass(frozen=True)
class Retired:
    section_id: str
    key: str
    value: Any
    reason: str


@dataclass
class MovePlan:
    """What moving a plan would do: computed without changing anything (the confirmation page shows it)."""

    from_version: str
    to_version: str
    moved: dict[str, str] = field(default_factory=dict)        # old key -> new key
    values: dict[str, tuple[str, Any]] = field(default_factory=dict)  # new key -> (section id, value)
    retired: list[Retired] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)          # ids of sections marked done that open again


def next_version(plan: Plan) -> str | None:
    """The newest registered version whose migration table starts at the plan's version, if any."""
    for version in reversed(VERSIONS):
        migration = get_content(version).migration
        if migration is not None and migration.from_version == plan.content_version:
            return version
    return None


def refusal(plan: Plan, target: str | None) -> str | None:
    """Why the plan cannot move now (a Dutch sentence), or None."""
    if plan.status == PlanStatus.ONDERTEKEND:
        return str(_l("Een ondertekende versie verandert nooit van inhoudsversie. Start een nieuwe versie en "
                      "zet die over."))
    if plan.status != PlanStatus.CONCEPT:
        return str(_l("Alleen een plan in concept kan naar een nieuwe inhoudsversie. Trek het plan eerst in of "
                      "wacht op de beoordeling."))
    if target is None or target not in VERSIONS or get_content(target).migration is None \
            or get_content(target).migration.from_version != plan.content_version:
        return str(_l("Er is geen nieuwe inhoudsversie waarnaar dit plan kan worden overgezet."))
    if sections_with_drafts(plan):
        return str(_l("Een pagina van dit plan is opgeslagen met fouten. Verbeter en bewaar die pagina eerst, "
                      "zodat er niets verloren gaat."))
    return None


def plan_move(plan: Plan, target: str) -> MovePlan:  # noqa: PLR0912, PLR0915 - one walk over the migration table
    """Where every answer of `plan` goes in `target`; changes nothing."""
    old, new = get_content(plan.content_version), get_content(target)
    migration = new.migration
    assert migration is not None
    result = MovePlan(plan.content_version, target)
    answers = {key: a.value for key, a in answers_of(plan).items() if not is_empty(a.value)}
    old_questions = {q.id: (s.id, q) for s in old.sections for q in s.questions}
    old_items = {i.id: s.id for s in old.sections for i in s.checklist}
    new_questions = {q.id: (s.id, q) for s in new.sections for q in s.questions}
    new_items = {i.id: (s.id, i) for s in new.sections for i in s.checklist}
    section_ids = {s.id for s in old.sections}
    done_keys = {done_key(s): s.id for s in old.sections}
    level_keys = {levels_key(s): s.id for s in old.sections}

    def retire(section_id: str, key: str, value: Any, reason: str) -> None:
        result.retired.append(Retired(section_id, key, value, reason))

    def question_order(qid: str) -> int:
        move = migration.questions.get(qid)
        return KIND_ORDER[move.kind] if move else len(KIND_ORDER)

    for qid in sorted((k for k in answers if k in old_questions), key=question_order):
        section_id, question = old_questions[qid]
        move = migration.questions.get(qid)
        value, other = answers[qid], answers.get(f"{qid}.{OTHER_VALUE}")
        if move is None:
            retire(section_id, qid, value, str(_l("Deze vraag staat niet in de migratietabel.")))
            continue
        if move.kind in ("split", "removed"):
            retire(section_id, qid, value, _reason(move, new, _l("Deze vraag is verdeeld over: %(targets)s.")))
            continue
        target_id = qid if move.kind == "kept" else move.to[0]
        target_section, target = new_questions[target_id]
        if target_id in result.values:
            retire(section_id, qid, value, _reason(move, new, _l("Samengevoegd met ‘%(label)s’, die al een "
                                                                  "antwoord had."), target))
            continue
        fitting, rest = fit(target, value)
        if fitting is None:
            retire(section_id, qid, value, str(_l("Dit antwoord past niet bij de vraag ‘%(label)s’ in de nieuwe "
                                                  "inhoudsversie.", label=target.label)))
            continue
        result.moved[qid] = target_id
        result.values[target_id] = (target_section, fitting)
        if rest is not None:
            retire(section_id, qid, rest,
                   str(_l("Deze keuzes bestaan niet meer bij ‘%(label)s’.", label=target.label)))
        if other is not None:
            if target.other and OTHER_VALUE in (fitting if isinstance(fitting, list) else [fitting]):
                result.moved[f"{qid}.{OTHER_VALUE}"] = f"{target_id}.{OTHER_VALUE}"
                result.values[f"{target_id}.{OTHER_VALUE}"] = (target_section, other)
            else:
                retire(section_id, f"{qid}.{OTHER_VALUE}", other,
                       str(_l("‘Anders, namelijk’ bestaat niet meer bij ‘%(label)s’.", label=target.label)))

    for item_id in (k for k in answers if k in old_items):
        move = migration.checklist.get(item_id)
        value = answers[item_id]
        if move is None or move.kind in ("split", "removed"):
            retire(old_items[item_id], item_id, value,
                   _reason(move, new, _l("Dit punt staat niet meer op de checklist.")))
            continue
        target_id = item_id if move.kind == "kept" else move.to[0]
        target_section, item = new_items[target_id]
        if target_id in result.values:
            retire(old_items[item_id], item_id, value,
                   _reason(move, new, _l("Samengevoegd met ‘%(label)s’, dat al een antwoord had."), item))
            continue
        result.moved[item_id] = target_id
        result.values[target_id] = (target_section, value)

    for key, value in answers.items():
        section_id, _dot, suffix = key.partition(".")
        if key in result.moved or key in old_questions or key in old_items or \
                (suffix == OTHER_VALUE and section_id in old_questions):
            continue
        if key in done_keys:
            if value == SectionDone.DONE:
                result.reopened.append(section_id)
            continue
        if key in level_keys:
            move = migration.levels.get(section_id)
            levels = len(new.section(section_id).levels) if move and move.kind == "kept" else 0
            if move is not None and move.kind == "kept" and _levels_fit(value, levels):
                result.moved[key] = key
                result.values[key] = (section_id, value)
            else:
                retire(section_id, key, value,
                       _reason(move, new, _l("De schaal van dit onderdeel is veranderd; kies het niveau opnieuw.")))
            continue
        retire(section_id if section_id in section_ids else old.sections[0].id, key, value,
               str(_l("Dit antwoord hoort bij geen vraag van de vorige inhoudsversie.")))
    return result


def move_plan(plan: Plan, user: User, target: str) -> MovePlan:
    """Move a concept plan to `target`; returns what moved and what was kept aside. Refuses with a message."""
    reason = refusal(plan, target)
    if reason is not None:
        raise ContentVersionError(reason)
    planned = plan_move(plan, target)
    answers = answers_of(plan)
    old = get_content(planned.from_version)
    done_keys = {done_key(s): s for s in old.sections}
    now, user_id = utcnow(), user.id if user else None

    def revise(key: str, answer: Answer | None, old: Any, new: Any) -> None:
        db.session.add(AnswerRevision(plan_id=plan.id, key=key, version=answer.version if answer else 0,
                                      old_value=old, new_value=new, changed_at=now, changed_by_id=user_id, via=VIA))

    def update(answer: Answer, value: Any) -> None:
        old_value = answer.value
        answer.value, answer.updated_at, answer.updated_by_id = value, now, user_id
        db.session.flush()  # raises the answer's version, which its revision records
        revise(answer.key, answer, old_value, value)

    # An old answer whose key has no place in the new version leaves the plan (its last value stays in the
    # history, and in RetiredAnswer when it did not move); a key that stays is updated in place.
    # A key the new version still asks (a levels answer on a changed scale) is cleared in place, so that a
    # later answer continues its version numbering and nobody's save looks like a colleague's conflict.
    still_asked = _answer_keys(get_content(target))
    for key, answer in answers.items():
        if key in planned.values or key in done_keys or is_empty(answer.value):
            continue
        if key in still_asked:
            update(answer, None)
            continue
        db.session.add(AnswerRevision(plan_id=plan.id, key=key, version=answer.version + 1, old_value=answer.value,
                                      new_value=None, changed_at=now, changed_by_id=user_id, via=VIA))
        db.session.delete(answer)
    db.session.flush()
    for key, (section_id, value) in planned.values.items():
        existing = answers.get(key)
        if existing is not None:
            if existing.value != value:
                update(existing, value)
            continue
        answer = Answer(plan=plan, section_id=section_id, key=key, value=value, updated_at=now, updated_by_id=user_id)
        db.session.add(answer)
        db.session.flush()
        revise(key, answer, None, value)
    for key, section in done_keys.items():
        if section.id in planned.reopened:
            update(answers[key], SectionDone.LATER.value)
    for r in planned.retired:
        db.session.add(RetiredAnswer(plan_id=plan.id, section_id=r.section_id, key=r.key, value=r.value,
                                     from_version=planned.from_version, reason=r.reason, retired_at=now,
                                     retired_by_id=user_id))
    plan.content_version = target
    plan.revision += 1
    plan.updated_at = now
    record(plan, user, AUDIT_ACTION, version=target, from_version=planned.from_version,
           moved=len(planned.moved), retired=len(planned.retired), reopened=len(planned.reopened),
           moves={old: new for old, new in planned.moved.items() if old != new})
    db.session.flush()
    return planned


def _answer_keys(content: Content) -> set[str]:
    """Every key under which a plan on `content` can hold an answer."""
    keys = set()
    for section in content.sections:
        keys |= {levels_key(section), done_key(section), *(c.id for c in section.checklist)}
        keys |= {q.id for q in section.questions} | {other_key(q) for q in section.questions if q.other}
    return keys


def retired_answers(plan: Plan, section_id: str | None = None) -> list[RetiredAnswer]:
    query = sa.select(RetiredAnswer).filter_by(plan_id=plan.id).order_by(RetiredAnswer.id)
    if section_id is not None:
        query = query.filter_by(section_id=section_id)
    return list(db.session.scalars(query))


def earlier_keys(plan: Plan, key: str) -> list[str]:
    """The keys an answer had in earlier content versions of this plan, newest first (for its history)."""
    keys, current = [], key
    events = db.session.scalars(sa.select(AuditEvent).filter_by(plan_id=plan.id, action=AUDIT_ACTION)
                                .order_by(AuditEvent.id.desc()))
    for event in events:
        for old, new in (event.detail or {}).get("moves", {}).items():
            if new == current:
                keys.append(old)
                current = old
                break
    return keys


def old_question(version: str, key: str) -> tuple[Question | ChecklistItem | None, str]:
    """The question or checklist item a retired key belonged to, and what kind it is."""
    content = get_content(version)
    qid = key.removesuffix(f".{OTHER_VALUE}")
    try:
        return content.find_question(qid)[1], "other" if qid != key else "question"
    except KeyError:
        pass
    try:
        return content.find_checklist_item(key)[1], "checklist"
    except KeyError:
        return None, "levels" if key.endswith(".niveau") else "other"


# Fitting a value to its new question ------------------------------------------------------------

def fit(question: Question, value: Any) -> tuple[Any, Any]:
    """(the part of `value` the new question accepts, or None; the rest that it does not, or None)."""
    if question.type == "multi_choice":
        if not isinstance(value, list):
            return None, None
        allowed = question.option_values()
        good, bad = [v for v in value if v in allowed], [v for v in value if v not in allowed]
        if not good:
            return None, None
        return good, (bad or None)
    return (value, None) if _fits(question, value) else (None, None)


def _fits(question: Question, value: Any) -> bool:
    kind = question.type
    if kind in ("short_text", "long_text"):
        return isinstance(value, str)
    if kind in ("integer", "year"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("decimal", "percentage", "euro"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "date":
        return _is_date(value)
    if kind in ("yes_no", "choice"):
        return value in question.option_values() or (kind == "yes_no" and isinstance(value, bool))
    if kind in ("table", "action_plan"):
        return isinstance(value, list) and all(_row_fits(question, row) for row in value)
    return False


def _row_fits(question: Question, row: Any) -> bool:
    if not isinstance(row, dict):
        return False
    columns = {c.id: c for c in question.columns}
    for key, cell in row.items():
        column = columns.get(key)
        if column is None:
            return False
        if column.type in ("choice", "yes_no") and cell not in {o.value for o in column.options} \
                and not isinstance(cell, bool) and cell is not None:
            return False
    return True


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _levels_fit(value: Any, levels: int) -> bool:
    if not isinstance(value, dict):
        return False
    return all(str(v).isdigit() and 1 <= int(v) <= levels for v in value.values() if v not in (None, ""))


def _reason(move, new: Content, fallback, target=None) -> str:
    """The reason the migration table gives, else the fallback sentence (with the targets' labels)."""
    if move is not None and move.reason and move.kind in ("split", "removed"):
        return move.reason
    labels = []
    for tid in getattr(move, "to", ()) or ():
        try:
            labels.append(new.find_question(tid)[1].label)
        except KeyError:
            try:
                labels.append(new.find_checklist_item(tid)[1].statement)
            except KeyError:
                labels.append(tid)
    label = getattr(target, "label", None) or getattr(target, "statement", "")
    return str(fallback % {"targets": "; ".join(f"‘{t}’" for t in labels), "label": label})
