"""How a section of the content is walked through: its steps, visible questions and status."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from building_blocks import get_content
from building_blocks.schema import Question, Section
from plans.vocabulary import SectionDone, SectionStatus

CHECKLIST_STEP = "checklist"
LEVELS_STEP = "volwassenheid"


def other_key(question: Question) -> str:
    """Where the free text of "Anders, namelijk" is kept."""
    return f"{question.id}.anders"


def levels_key(section: Section) -> str:
    return f"{section.id}.niveau"


def done_key(section: Section) -> str:
    return f"{section.id}.klaar"


class StepKind(enum.StrEnum):
    """The kinds of wizard page a section has; the web layer has one page class per kind."""

    QUESTIONS = "questions"
    CHECKLIST = "checklist"
    LEVELS = "levels"


@dataclass(frozen=True)
class Step:
    """One page of the wizard: a content page, the checklist or the self-rating."""

    id: str
    title: str
    number: int
    kind: StepKind
    questions: tuple[Question, ...] = ()


def steps(section: Section) -> tuple[Step, ...]:
    pages = [Step(p.id, p.title, i, StepKind.QUESTIONS, p.questions) for i, p in enumerate(section.pages, 1)]
    n = len(pages)
    return (
        *pages,
        Step(CHECKLIST_STEP, "Checklist", n + 1, StepKind.CHECKLIST),
        Step(LEVELS_STEP, "Volwassenheid", n + 2, StepKind.LEVELS),
    )


def step(section: Section, step_id: str) -> Step | None:
    return next((s for s in steps(section) if s.id == step_id), None)


def next_step(section: Section, current: Step) -> Step | None:
    all_steps = steps(section)
    return all_steps[current.number] if current.number < len(all_steps) else None


def _has_answer(section: Section, current: Step, values: dict[str, Any]) -> bool:
    if current.kind == "checklist":
        return any((values.get(item.id) or {}).get("status") for item in section.checklist)
    if current.kind == "levels":
        return bool((values.get(levels_key(section)) or {}).get("current"))
    return any(not is_empty(values.get(q.id)) for q in current.questions if is_visible(q, values))


def _is_incomplete(section: Section, current: Step, values: dict[str, Any]) -> bool:
    if current.kind == "checklist":
        return bool(unanswered_checklist(section, values))
    if current.kind == "levels":
        return not _has_answer(section, current, values)
    return any(q.required and is_visible(q, values) and is_empty(values.get(q.id)) for q in current.questions)


def resume_step(section: Section, values: dict[str, Any], draft_step_ids=frozenset()) -> Step | None:
    """Where an editor goes on: the first step saved with errors, missing a required answer, or not yet reached
    (after the last step with an answer). None when every step is complete: then the check page."""
    all_steps = steps(section)
    reached = max((i for i, s in enumerate(all_steps) if _has_answer(section, s, values)), default=-1)
    return next((s for i, s in enumerate(all_steps)
                 if s.id in draft_step_ids or i > reached or _is_incomplete(section, s, values)), None)


def content_for(plan) -> Any:
    return get_content(plan.content_version)


def is_visible(question: Question, values: dict[str, Any]) -> bool:
    return question.show_if is None or question.show_if.holds(values.get(question.show_if.question))


def is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def missing_required(section: Section, values: dict[str, Any]) -> list[Question]:
    """Required, visible questions that have no answer."""
    return [q for q in section.questions if q.required and is_visible(q, values) and is_empty(values.get(q.id))]


def unanswered_checklist(section: Section, values: dict[str, Any]) -> list:
    return [item for item in section.checklist if not (values.get(item.id) or {}).get("status")]


def section_keys(section: Section) -> set[str]:
    keys = {levels_key(section), done_key(section)}
    for q in section.questions:
        keys.add(q.id)
        if q.other:
            keys.add(other_key(q))
    keys.update(item.id for item in section.checklist)
    return keys


def is_complete(section: Section, values: dict[str, Any]) -> bool:
    """Klaar only while it is marked klaar AND its required answers, checklist and current level are there:
    clearing a required answer later un-klaars the section (and so the plan cannot be submitted)."""
    return (values.get(done_key(section)) == SectionDone.DONE and not missing_required(section, values)
            and not unanswered_checklist(section, values)
            and bool((values.get(levels_key(section)) or {}).get("current")))


def section_status(section: Section, values: dict[str, Any], has_draft: bool) -> SectionStatus:
    if has_draft:
        return SectionStatus.PROBLEM
    if is_complete(section, values):
        return SectionStatus.COMPLETE
    if any(not is_empty(values.get(key)) for key in section_keys(section)):
        return SectionStatus.IN_PROGRESS
    return SectionStatus.NOT_STARTED
