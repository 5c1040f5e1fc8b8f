"""Maturity of a plan per section: the checklist score on the section's scale beside the board's own rating."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from building_blocks.schema import ChecklistItem, Section
from plans.vocabulary import ChecklistStatus
from plans.writing.sections import levels_key

WEIGHTS = {ChecklistStatus.JA: 1.0, ChecklistStatus.DEELS: 0.5, ChecklistStatus.NEE: 0.0}  # NVT is left out
ATTENTION_GAP = 2  # levels between own rating and checklist that ask for a better underpinning


@dataclass(frozen=True)
class SectionMaturity:
    section: Section
    score: float | None  # 0..1 share of the checklist that is in place, None when nothing counts
    checklist_level: int | None  # the score on the section's scale
    current: int | None
    target: int | None
    answered: int
    unmet: tuple[ChecklistItem, ...]  # "nee", "deels" or not answered: candidates for next steps

    @property
    def levels(self) -> int:
        return len(self.section.levels)

    @property
    def needs_attention(self) -> bool:
        """The board's own level and the checklist differ by two levels or more."""
        if self.current is None or self.checklist_level is None:
            return False
        return abs(self.current - self.checklist_level) >= ATTENTION_GAP

    @property
    def percentage(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


def score_to_level(score: float, levels: int) -> int:
    """0 -> level 1, 1 -> the top level, evenly in between (halves round up)."""
    return 1 + math.floor(score * (levels - 1) + 0.5)


def section_maturity(section: Section, values: dict[str, Any]) -> SectionMaturity:
    counted, points, answered, unmet = 0, 0.0, 0, []
    for item in section.checklist:
        status = (values.get(item.id) or {}).get("status")
        if status:
            answered += 1
        if status in WEIGHTS:
            counted += 1
            points += WEIGHTS[status]
        if status not in (ChecklistStatus.JA, ChecklistStatus.NVT):
            unmet.append(item)
    score = points / counted if counted else None
    rating = values.get(levels_key(section)) or {}
    return SectionMaturity(
        section=section,
        score=score,
        checklist_level=None if score is None else score_to_level(score, len(section.levels)),
        current=rating.get("current"),
        target=rating.get("target"),
        answered=answered,
        unmet=tuple(unmet),
    )


def plan_maturity(content, values: dict[str, Any]) -> list[SectionMaturity]:
    return [section_maturity(section, values) for section in content.sections]
