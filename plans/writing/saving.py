"""Saving one wizard page: keep what is valid, park the rest as a draft, never overwrite a colleague.

The web layer reads the form and passes plain data; the decisions are made here.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from building_blocks.schema import Section
from plans.models import Plan, User
from plans.writing import editing
from plans.writing.sections import Step, is_visible


@dataclass(frozen=True)
class PageSubmission:
    """What was posted on one page, already read by the form."""

    section: Section
    step: Step
    keys: list[str]  # every key the page edits
    valid: bool  # the page passed all its checks
    valid_values: dict[str, Any]  # the values of the fields without errors
    draft: dict[str, Any]  # everything posted, kept while the page has errors
    base_versions: dict[str, int]  # the version of each field the user saw
    keep_theirs: Collection[str] = ()  # keys where the user keeps a colleague's version
    shown: Collection[str] = ()  # ids of the questions that were on the page


@dataclass
class PageOutcome:
    errors: bool
    conflicts: list[editing.Conflict] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)  # read only when the page is shown again (not clean)
    new_questions: list[str] = field(default_factory=list)  # follow-up questions the answers opened


def versions_for(plan: Plan, keys: list[str]) -> dict[str, int]:
    """The version of every key on a page; 0 for a key without an answer yet."""
    return {**dict.fromkeys(keys, 0), **editing.versions_of(plan, keys)}


def save_page(plan: Plan, submission: PageSubmission, user: User) -> PageOutcome:
    """Save the valid fields even when others have errors.

    A page with errors is kept whole as a draft (the section shows "Er is een probleem") until it is
    saved without errors; a clean save without conflicts clears the draft. A field kept as the
    colleague's version is not saved.
    """
    s = submission
    values = {k: v for k, v in s.valid_values.items() if k not in s.keep_theirs}
    result = editing.save_values(plan, s.section.id, values, s.base_versions, user)
    clean = s.valid and not result.conflicts
    if clean:
        editing.clear_draft(plan, s.section.id, s.step.id)
    elif not s.valid:
        editing.save_draft(plan, s.section.id, s.step.id, s.draft, user)
    # A clean save goes on to the next page: only a page shown again needs its fields' versions.
    outcome = PageOutcome(errors=not s.valid, conflicts=result.conflicts,
                          versions={} if clean else versions_for(plan, s.keys))
    if clean and s.step.questions:
        outcome.new_questions = _opened_questions(plan, s.step, s.shown)
    return outcome


def _opened_questions(plan: Plan, step: Step, shown: Collection[str]) -> list[str]:
    """Questions of the step that were hidden when the page was shown and are visible now."""
    hidden = [q for q in step.questions if q.id not in shown]
    # Only the answers their conditions read: a save need not read the whole plan again.
    keys = sorted({q.show_if.question for q in hidden if q.show_if is not None})
    saved = editing.values_of(plan, keys) if keys else {}
    return [q.id for q in hidden if is_visible(q, saved)]
