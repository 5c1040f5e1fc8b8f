"""Answers that make a section klaar for real (required answers, checklist, levels).

The demo plan's answers, completed for the current content: a required question or checklist item the
demo data does not answer gets a plain valid answer.
"""
from __future__ import annotations

import copy
from functools import cache

import yaml

from building_blocks import get_content
from demo.seed import DEMO_PLANS, UPDATES, _section_values
from plans.writing.sections import missing_required, unanswered_checklist


@cache
def _complete_plan() -> dict:
    return yaml.safe_load((DEMO_PLANS / "nhn_complete.yaml").read_text(encoding="utf-8"))


@cache
def _updates() -> dict:
    """What the demo's version 2 answers on the current content (its opgaven and doelen, for example)."""
    name = UPDATES.get(get_content().version)
    return yaml.safe_load((DEMO_PLANS / name).read_text(encoding="utf-8"))["sections"] if name else {}


def _fits(question, value) -> bool:
    """A table answer of the older content fits when its rows use only the table's columns."""
    columns = {c.id for c in question.columns}
    return not columns or all(isinstance(row, dict) and row.keys() <= columns for row in value or [])


def _sample(item):
    kind = item.type
    if kind in ("table", "action_plan"):
        return [{c.id: _sample(c) for c in item.columns if c.required}]
    if kind in ("integer", "decimal", "percentage", "euro"):
        return max(getattr(item, "min", None) or 1, 1)
    if kind == "year":
        return 2026
    if kind == "date":
        return "2026-01-01"
    if kind == "multi_choice":
        return [item.options[0].value]
    if getattr(item, "options", None):
        return item.options[0].value
    return "Tekst"


def completed_values(section_id: str) -> dict:
    """Every value of a complete, klaar section (a fresh copy each time)."""
    section = get_content().section(section_id)
    values = copy.deepcopy(_section_values(section_id, _complete_plan()["sections"][section_id]))
    updates = (_updates().get(section_id) or {}).get("answers") or {}
    for question in section.questions:
        if question.id in updates and (question.id not in values and question.required
                                       or not _fits(question, values.get(question.id))):
            values[question.id] = copy.deepcopy(updates[question.id])
    for item in unanswered_checklist(section, values):
        values[item.id] = {"status": "ja", "evidence": None}
    for _ in range(5):  # an answer can make a follow-up question visible
        for question in missing_required(section, values):
            values[question.id] = _sample(question)
    return values
