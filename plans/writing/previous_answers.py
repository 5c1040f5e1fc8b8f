"""Answers kept from an earlier content version (RetiredAnswer), ready to show on the check pages, in the
Logboek and in the PDF: each with the label of the question it answered in its own version."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from building_blocks import get_content
from plans.models import Plan
from plans.writing import content_migration


@dataclass(frozen=True)
class PreviousAnswer:
    """One answer kept from an earlier content version."""

    section_id: str
    label: str
    kind: str                # question | other | checklist | levels
    item: Any                # the old question or checklist item; the old section for levels
    value: Any
    reason: str
    from_version: str
    retired_at: datetime


def previous_answers(plan: Plan, section_id: str | None = None) -> list[PreviousAnswer]:
    shown = []
    for row in content_migration.retired_answers(plan, section_id):
        item, kind = content_migration.old_question(row.from_version, row.key)
        if kind == "levels":
            item = get_content(row.from_version).section(row.key.split(".")[0])
            label = _("Huidig niveau en doelniveau")
        elif kind == "checklist":
            label = item.statement
        elif item is not None:
            label = item.label if kind == "question" else _("%(label)s: anders, namelijk", label=item.label)
        else:
            label = row.key
        shown.append(PreviousAnswer(row.section_id, label, kind, item, row.value, row.reason, row.from_version,
                                    row.retired_at))
    return shown


@dataclass(frozen=True)
class PreviousSection:
    """The kept answers of one section, under the section's label and title in the plan's content version
    (or in the version the answers came from, when the section is no longer there)."""

    section_id: str
    heading: str
    answers: list[PreviousAnswer]


def previous_by_section(plan: Plan) -> list[PreviousSection]:
    """The kept answers per section, in the order of the plan's content; sections it lacks come last."""
    answers = previous_answers(plan)
    if not answers:
        return []
    current = get_content(plan.content_version)
    order = {s.id: i for i, s in enumerate(current.sections)}
    groups: dict[str, list[PreviousAnswer]] = {}
    for answer in answers:
        groups.setdefault(answer.section_id, []).append(answer)
    shown = []
    for section_id, group in sorted(groups.items(), key=lambda g: (order.get(g[0], len(order)), g[0])):
        section = _section(current, section_id) or _section(get_content(group[0].from_version), section_id)
        heading = f"{section.label}: {section.title}" if section is not None else section_id
        shown.append(PreviousSection(section_id, heading, group))
    return shown


def _section(content, section_id: str):
    return next((s for s in content.sections if s.id == section_id), None)
