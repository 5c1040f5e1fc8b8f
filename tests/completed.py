"""Answers that make a section klaar for real (required answers, checklist, levels): the demo plan's."""
from __future__ import annotations

import copy
from functools import cache

import yaml

from demo.seed import DEMO_PLANS, _section_values


@cache
def _complete_plan() -> dict:
    return yaml.safe_load((DEMO_PLANS / "nhn_complete.yaml").read_text(encoding="utf-8"))


def completed_values(section_id: str) -> dict:
    """Every value of a complete, klaar section (a fresh copy each time)."""
    return copy.deepcopy(_section_values(section_id, _complete_plan()["sections"][section_id]))
