"""Milestones of an action, typed one per line: a date, then what is delivered ("31-03-2027: rapport")."""
from __future__ import annotations

import re
from datetime import date, datetime

_LINE = re.compile(r"\s*(\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2})\s*[:–—-]?\s*(.*)")


class MilestoneError(ValueError):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def parse_milestones(text: str) -> list[dict[str, str]]:
    """[{datum: ISO date, oplevering: text}] per non-empty line; MilestoneError names the first bad line."""
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        when = _date(match.group(1)) if match else None
        if when is None or not match.group(2).strip():
            raise MilestoneError(number)
        result.append({"datum": when.isoformat(), "oplevering": match.group(2).strip()})
    return result


def milestones_text(milestones) -> str:
    """The lines an editor typed, back from the stored milestones."""
    lines = []
    for item in milestones or []:
        if isinstance(item, dict):
            try:
                shown = date.fromisoformat(item.get("datum", "")).strftime("%d-%m-%Y")
            except (TypeError, ValueError):
                shown = str(item.get("datum", ""))
            lines.append(f"{shown}: {item.get('oplevering', '')}")
    return "\n".join(lines)


def _date(text: str) -> date | None:
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
