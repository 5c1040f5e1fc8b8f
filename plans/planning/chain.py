"""The chain opgave -> doel -> actie, and its gaps: an action serving no doel, an opgave without action."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from building_blocks.schema import KEY_COLUMNS, Content, Question, Section

OPGAVEN, DOELEN, PARTNERS = "opgaven", "doelen", "partners"
# The column that describes a row in a select list, after its key (a doel names its opgave too: indicator first).
_DESCRIPTION_COLUMNS = ("indicator", "opgave")


def table_with_meaning(content: Content, meaning: str) -> Question | None:
    """The table question that asks this fact in the version, if it has one."""
    return next((q for s in content.sections for q in s.questions if q.meaning == meaning), None)


def rows_of(values: Mapping[str, Any], question: Question | None) -> list[dict]:
    if question is None:
        return []
    return [row for row in values.get(question.id) or [] if isinstance(row, dict)]


def row_key(row: Mapping[str, Any]) -> str | None:
    """What a reference to this row stores: its code, or else its name."""
    for column in KEY_COLUMNS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def reference_choices(values: Mapping[str, Any], table_id: str) -> list[tuple[str, str]]:
    """(key, label) of every row of table `table_id` that has a key, for a reference column's options."""
    result = []
    for row in values.get(table_id) or []:
        key = row_key(row) if isinstance(row, dict) else None
        if key is None or any(key == k for k, _ in result):
            continue
        description = next((row[c] for c in _DESCRIPTION_COLUMNS if isinstance(row.get(c), str) and row[c]), None)
        result.append((key, f"{key}: {description}" if description else key))
    return result


@dataclass(frozen=True)
class Action:
    section: Section
    number: int  # 1-based, as the wizard and the PDF number a section's actions
    row: dict

    @property
    def doelen(self) -> list[str]:
        return [v for v in self.row.get("doelen") or [] if isinstance(v, str)]

    @property
    def title(self) -> str:
        return str(self.row.get("actie") or "")


@dataclass
class Doel:
    code: str
    row: dict
    actions: list[Action] = field(default_factory=list)


@dataclass
class Opgave:
    code: str
    row: dict
    doelen: list[Doel] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        """Every action serving one of its doelen, once (an action may serve several)."""
        seen: dict[tuple[str, int], Action] = {}
        for doel in self.doelen:
            for action in doel.actions:
                seen.setdefault((action.section.id, action.number), action)
        return list(seen.values())


@dataclass
class Chain:
    opgaven: list[Opgave]
    actions: list[Action]
    orphan_doelen: list[Doel]  # a doel whose opgave is not (any longer) in the table of opgaven
    unlinked_actions: list[Action]  # an action serving no doel of the table
    enabled: bool = True  # false on a content version without the tables of the chain

    @property
    def opgaven_without_action(self) -> list[Opgave]:
        return [o for o in self.opgaven if not o.actions]

    @property
    def doelen(self) -> list[Doel]:
        return [d for o in self.opgaven for d in o.doelen] + self.orphan_doelen

    @property
    def has_gaps(self) -> bool:
        return bool(self.unlinked_actions or self.opgaven_without_action or self.orphan_doelen)

    def gaps_in(self, section: Section) -> tuple[list[Action], list[Opgave]]:
        """The gaps a section's check page shows: its unlinked actions, and (where the opgaven are asked)
        the opgaven without action."""
        opgaven_here = any(q.meaning in (OPGAVEN, DOELEN) for q in section.questions)
        return ([a for a in self.unlinked_actions if a.section.id == section.id],
                self.opgaven_without_action if opgaven_here else [])


def actions_of(content: Content, values: Mapping[str, Any]) -> list[Action]:
    return [Action(section, number, row)
            for section in content.sections for q in section.questions if q.type == "action_plan"
            for number, row in enumerate(rows_of(values, q), 1)]


def build_chain(content: Content, values: Mapping[str, Any]) -> Chain:
    """The plan's opgaven with their doelen and the actions under each, and what is not linked."""
    opgaven_table, doelen_table = table_with_meaning(content, OPGAVEN), table_with_meaning(content, DOELEN)
    actions = actions_of(content, values)
    if opgaven_table is None or doelen_table is None:
        return Chain([], actions, [], [], enabled=False)
    opgaven: dict[str, Opgave] = {}
    for row in rows_of(values, opgaven_table):
        if (key := row_key(row)) is not None:
            opgaven.setdefault(key, Opgave(key, row))
    doelen: dict[str, Doel] = {}
    orphans = []
    for row in rows_of(values, doelen_table):
        if (key := row_key(row)) is None or key in doelen:
            continue
        doel = doelen[key] = Doel(key, row)
        opgave = opgaven.get(row.get("opgave"))
        (opgave.doelen if opgave else orphans).append(doel)
    unlinked = []
    for action in actions:
        served = [doelen[code] for code in action.doelen if code in doelen]
        for doel in served:
            doel.actions.append(action)
        if not served:
            unlinked.append(action)
    return Chain(list(opgaven.values()), actions, orphans, unlinked)
