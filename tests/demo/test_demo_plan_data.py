"""The demo plans in demo/plans/ must fit the current content, so they can never drift from it.

Every section, question and checklist id must exist, every answer must have the shape of its question
type, conditional questions are only answered when their condition holds, and sections the board marked
`klaar` answer all their required questions.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from building_blocks import OTHER_VALUE, Column, Question, Section, get_content
from building_blocks.yamlfile import read_yaml

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo" / "plans"
COMPLETE_PLAN = "nhn_complete.yaml"
HALF_PLAN = "zeeland_half.yaml"

PLAN_KEYS = {"title", "period_start", "period_end", "sections"}
OPTIONAL_PLAN_KEYS = {"content_version"}  # default: the current version
UPDATES_PLAN = "nhn_version2_2026_2.yaml"  # what version 2 adds after moving to 2026.2 (demo/seed.py)
SECTION_KEYS = {"klaar", "answers", "checklist", "levels"}
CHECKLIST_STATUSES = {"ja", "deels", "nee", "nvt"}
LEVEL_KEYS = {"current", "target"}
OTHER_SUFFIX = f".{OTHER_VALUE}"
OTHER_MAX_LENGTH = 200
TEXT_MAX_LENGTH = {"short_text": 200, "long_text": 20000}
YEAR_RANGE = (1900, 2100)
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ACTION_FIELDS = ("actie", "eigenaar", "start", "eind", "status")
MIN_ACTIONS = 30

Where = Callable[[tuple], str]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _value_problem(kind: str, value: Any, *, options: frozenset[str] = frozenset(),
                   minimum: float | None = None, maximum: float | None = None,
                   max_length: int | None = None) -> str | None:
    """What is wrong with one scalar answer or table cell of type `kind`, or None."""
    if value is None:
        return "empty value: leave the key out instead"
    if kind in TEXT_MAX_LENGTH:
        if not isinstance(value, str) or not value.strip():
            return "expected non-empty text"
        limit = max_length or TEXT_MAX_LENGTH[kind]
        return f"text is {len(value)} characters, more than {limit}" if len(value) > limit else None
    if kind == "date":
        return None if _parse_date(value) else f"expected a quoted date 'YYYY-MM-DD', got {value!r}"
    if kind == "reference":
        return None if isinstance(value, str) and value.strip() else "expected the key of a row, such as O1"
    if kind == "references":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            return "expected a non-empty list of row keys, such as [D1, D2]"
        return "a key is listed twice" if len(set(value)) != len(value) else None
    if kind == "milestones":
        if not isinstance(value, list) or not value or not all(
                isinstance(m, dict) and m.keys() == {"datum", "oplevering"} and _parse_date(m["datum"])
                and isinstance(m["oplevering"], str) and m["oplevering"].strip() for m in value):
            return "expected a list of {datum: 'YYYY-MM-DD', oplevering: text}"
        return None
    if kind in ("yes_no", "choice"):
        if not isinstance(value, str) or value not in options:
            return f"{value!r} is not one of {sorted(options)}"
        return None
    if kind in ("integer", "year"):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"expected a whole number, got {value!r}"
    elif kind in ("decimal", "percentage", "euro"):
        if not _is_number(value):
            return f"expected a number, got {value!r}"
    else:
        return f"unknown type '{kind}'"
    if kind == "percentage":
        minimum = 0 if minimum is None else minimum
        maximum = 100 if maximum is None else maximum
    if kind == "year":
        minimum = YEAR_RANGE[0] if minimum is None else minimum
        maximum = YEAR_RANGE[1] if maximum is None else maximum
    if minimum is not None and value < minimum:
        return f"{value} is below the minimum {minimum}"
    if maximum is not None and value > maximum:
        return f"{value} is above the maximum {maximum}"
    return None


def _column_problem(column: Column, value: Any) -> str | None:
    options = frozenset(o.value for o in column.options)
    return _value_problem(column.type, value, options=options)


def _rows_problems(question: Question, rows: Any, loc: tuple, where: Where) -> list[str]:
    if not isinstance(rows, list) or not rows:
        return [f"{where(loc)}: expected a non-empty list of rows"]
    problems = []
    if question.min_rows is not None and len(rows) < question.min_rows:
        problems.append(f"{where(loc)}: {len(rows)} rows, fewer than min_rows {question.min_rows}")
    if question.max_rows is not None and len(rows) > question.max_rows:
        problems.append(f"{where(loc)}: {len(rows)} rows, more than max_rows {question.max_rows}")
    columns = {c.id: c for c in question.columns}
    for i, row in enumerate(rows):
        row_loc = loc + (i,)
        if not isinstance(row, dict):
            problems.append(f"{where(row_loc)}: a row must be a mapping of column id to value")
            continue
        for key in row.keys() - columns.keys():
            problems.append(f"{where(row_loc + (key,))}: unknown column '{key}' (columns: {sorted(columns)})")
        for cid, column in columns.items():
            if cid not in row:
                if column.required:
                    problems.append(f"{where(row_loc)}: required column '{cid}' is missing")
                continue
            problem = _column_problem(column, row[cid])
            if problem:
                problems.append(f"{where(row_loc + (cid,))}: {problem}")
        if question.type == "action_plan":
            start, end = _parse_date(row.get("start")), _parse_date(row.get("eind"))
            if start and end and end < start:
                problems.append(f"{where(row_loc)}: eind {row['eind']} lies before start {row['start']}")
    return problems


def _answer_problems(question: Question, value: Any, loc: tuple, where: Where) -> list[str]:
    if question.type in ("table", "action_plan"):
        return _rows_problems(question, value, loc, where)
    options = question.option_values()
    if question.type == "multi_choice":
        if not isinstance(value, list) or not value:
            return [f"{where(loc)}: expected a non-empty list of option values"]
        problems = [f"{where(loc)}: {v!r} is not one of {sorted(options)}"
                    for v in value if not isinstance(v, str) or v not in options]
        if len(set(map(str, value))) != len(value):
            problems.append(f"{where(loc)}: a value is listed twice")
        return problems
    problem = _value_problem(question.type, value, options=options, minimum=question.min,
                             maximum=question.max, max_length=question.max_length)
    return [f"{where(loc)}: {problem}"] if problem else []


def _selected(value: Any) -> set[str]:
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return {value} if isinstance(value, str) else set()


def _answers_problems(section: Section, answers: Any, klaar: bool, loc: tuple, where: Where) -> list[str]:
    if not isinstance(answers, dict):
        return [f"{where(loc)}: answers must be a mapping of question id to value"]
    questions = {q.id: q for q in section.questions}
    problems = []
    for key, value in answers.items():
        qid, other = (key[: -len(OTHER_SUFFIX)], True) if key.endswith(OTHER_SUFFIX) else (key, False)
        question = questions.get(qid)
        if question is None:
            problems.append(f"{where(loc + (key,))}: '{qid}' is not a question of section {section.id}")
            continue
        if other:
            if not question.other:
                problems.append(f"{where(loc + (key,))}: question {qid} has no 'Anders, namelijk'")
            elif OTHER_VALUE not in _selected(answers.get(qid)):
                problems.append(f"{where(loc + (key,))}: only allowed when {qid} includes '{OTHER_VALUE}'")
            problem = _value_problem("short_text", value, max_length=OTHER_MAX_LENGTH)
            if problem:
                problems.append(f"{where(loc + (key,))}: {problem}")
            continue
        problems += _answer_problems(question, value, loc + (key,), where)
        if question.show_if and not question.show_if.holds(answers.get(question.show_if.question)):
            problems.append(
                f"{where(loc + (key,))}: answered although its condition does not hold "
                f"({question.show_if.question} in {sorted(question.show_if.values)})"
            )
        if question.other and OTHER_VALUE in _selected(value) and qid + OTHER_SUFFIX not in answers:
            problems.append(f"{where(loc + (key,))}: '{OTHER_VALUE}' chosen without '{qid}{OTHER_SUFFIX}'")
    if klaar:
        for question in section.questions:
            visible = question.show_if is None or question.show_if.holds(answers.get(question.show_if.question))
            if question.required and visible and question.id not in answers:
                problems.append(f"{where(loc)}: section is klaar but required question {question.id} is unanswered")
    return problems


def _checklist_problems(section: Section, checklist: Any, loc: tuple, where: Where) -> list[str]:
    if not isinstance(checklist, dict):
        return [f"{where(loc)}: checklist must be a mapping of item id to {{status, evidence}}"]
    items = {item.id for item in section.checklist}
    problems = []
    for item_id, answer in checklist.items():
        item_loc = loc + (item_id,)
        if item_id not in items:
            problems.append(f"{where(item_loc)}: '{item_id}' is not a checklist item of section {section.id}")
        if not isinstance(answer, dict):
            problems.append(f"{where(item_loc)}: expected {{status: ..., evidence: ...}}")
            continue
        for key in answer.keys() - {"status", "evidence"}:
            problems.append(f"{where(item_loc + (key,))}: unknown key '{key}'")
        if answer.get("status") not in CHECKLIST_STATUSES:
            problems.append(f"{where(item_loc)}: status {answer.get('status')!r} is not one of "
                            f"{sorted(CHECKLIST_STATUSES)}")
        if "evidence" in answer:
            problem = _value_problem("long_text", answer["evidence"])
            if problem:
                problems.append(f"{where(item_loc + ('evidence',))}: {problem}")
    return problems


def _levels_problems(section: Section, levels: Any, loc: tuple, where: Where) -> list[str]:
    if not isinstance(levels, dict):
        return [f"{where(loc)}: levels must be a mapping {{current, target}}"]
    problems = [f"{where(loc + (key,))}: unknown key '{key}'" for key in levels.keys() - LEVEL_KEYS]
    scale = range(1, len(section.levels) + 1)
    for key in LEVEL_KEYS & levels.keys():
        value = levels[key]
        if isinstance(value, bool) or not isinstance(value, int) or value not in scale:
            problems.append(f"{where(loc + (key,))}: {value!r} is not a level of {section.id} (1..{len(scale)})")
    current, target = levels.get("current"), levels.get("target")
    if isinstance(current, int) and isinstance(target, int) and target < current:
        problems.append(f"{where(loc)}: target {target} is below current {current}")
    return problems


def _section_problems(section: Section, data: Any, loc: tuple, where: Where) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where(loc)}: a section must be a mapping with {sorted(SECTION_KEYS)}"]
    problems = [f"{where(loc + (key,))}: unknown key '{key}'" for key in data.keys() - SECTION_KEYS]
    klaar = data.get("klaar", False)
    if not isinstance(klaar, bool):
        problems.append(f"{where(loc + ('klaar',))}: klaar must be true or false")
    problems += _answers_problems(section, data.get("answers", {}), klaar is True, loc + ("answers",), where)
    if "checklist" in data:
        problems += _checklist_problems(section, data["checklist"], loc + ("checklist",), where)
    if "levels" in data:
        problems += _levels_problems(section, data["levels"], loc + ("levels",), where)
    return problems


def plan_problems(plan: Any, where: Where = lambda loc: ".".join(map(str, loc)) or "plan") -> list[str]:
    """Every way `plan` (the parsed YAML of a demo plan) does not fit the current content."""
    if not isinstance(plan, dict):
        return ["plan: expected a mapping"]
    problems = [f"{where((key,))}: unknown key '{key}'" for key in plan.keys() - PLAN_KEYS - OPTIONAL_PLAN_KEYS]
    problems += [f"plan: missing key '{key}'" for key in sorted(PLAN_KEYS - plan.keys())]
    if _value_problem("short_text", plan.get("title")):
        problems.append(f"{where(('title',))}: expected a title")
    start, end = plan.get("period_start"), plan.get("period_end")
    for key, value in (("period_start", start), ("period_end", end)):
        if _value_problem("year", value):
            problems.append(f"{where((key,))}: {_value_problem('year', value)}")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        problems.append(f"{where(('period_end',))}: period ends before it starts")
    sections = plan.get("sections")
    if not isinstance(sections, dict):
        return problems + [f"{where(('sections',))}: expected a mapping of section id to section"]
    known = {s.id: s for s in plan_content(plan).sections}
    for sid, data in sections.items():
        if sid not in known:
            problems.append(f"{where(('sections', sid))}: unknown section '{sid}' (sections: {sorted(known)})")
            continue
        problems += _section_problems(known[sid], data, ("sections", sid), where)
    return problems


def plan_content(plan: Mapping):
    """The content version a demo plan is written on."""
    return get_content(plan.get("content_version"))


def load_plan(name: str) -> tuple[dict, Where]:
    """The parsed demo plan and a function that turns a key path into `file:line: path`."""
    yaml_file = read_yaml(DEMO_DIR / name)

    def where(loc: tuple) -> str:
        return f"{name}:{yaml_file.line_of(loc)}: {'.'.join(map(str, loc))}"

    return yaml_file.data, where


def action_rows(plan: Mapping) -> list[dict]:
    return [
        row
        for sid, data in plan["sections"].items()
        for row in (data.get("answers") or {}).get(f"{sid}_acties", [])
    ]


@pytest.mark.parametrize("name", [COMPLETE_PLAN, HALF_PLAN])
def test_demo_plan_fits_the_content(name):
    plan, where = load_plan(name)
    problems = plan_problems(plan, where)
    assert not problems, "\n".join(problems)


def test_demo_plans_use_the_versions_the_issue_asks():
    assert load_plan(COMPLETE_PLAN)[0]["content_version"] == "2026.1"  # signed version 1 stays on 2026.1
    assert plan_content(load_plan(HALF_PLAN)[0]).version == "2026.2"


def test_version_2_updates_fit_2026_2():
    """The answers version 2 adds after its move (no klaar: the moved answers fill the rest)."""
    updates, where = load_plan(UPDATES_PLAN)
    known = {s.id: s for s in get_content("2026.2").sections}
    problems = []
    for sid, data in updates["sections"].items():
        if sid not in known:
            problems.append(f"{where(('sections', sid))}: unknown section '{sid}'")
            continue
        problems += _section_problems(known[sid], {**data, "klaar": False}, ("sections", sid), where)
    assert not problems, "\n".join(problems)


def test_complete_plan_is_klaar_in_every_section_with_every_checklist_item():
    plan, _ = load_plan(COMPLETE_PLAN)
    content = plan_content(plan)
    assert list(plan["sections"]) == [s.id for s in content.sections]
    for section in content.sections:
        data = plan["sections"][section.id]
        assert data["klaar"] is True, section.id
        assert set(data["checklist"]) == {item.id for item in section.checklist}, section.id
        assert {"current", "target"} <= set(data["levels"]), section.id


def test_complete_plan_has_a_full_action_plan():
    plan, _ = load_plan(COMPLETE_PLAN)
    rows = action_rows(plan)
    assert len(rows) >= MIN_ACTIONS
    for row in rows:
        missing = [f for f in ACTION_FIELDS if not row.get(f)]
        assert not missing, f"{row.get('actie', row)}: missing {missing}"
        assert _parse_date(row["eind"]) >= _parse_date(row["start"]), row["actie"]


def test_half_plan_is_half_done():
    plan, _ = load_plan(HALF_PLAN)
    sections = plan["sections"]
    assert sections["b1"]["klaar"] is True and sections["b2"]["klaar"] is True
    assert sections["b3"]["klaar"] is False and sections["b3"]["answers"]
    assert len(sections) < len(plan_content(plan).sections)


def _minimal_plan() -> dict:
    answers = {
        "b1_inwoners": 1000, "b1_praktijken": 1, "b1_huisartsen": [{"type": "praktijkhouder", "aantal": 1}],
        "b1_regiobeeld_status": "geen", "b1_visie": "Een visie.", "b1_opgaven": [{"opgave": "Opvolging"}],
        "b1_planstatus": "in-ontwikkeling",
    }
    return {"content_version": "2026.1", "title": "Test", "period_start": 2026, "period_end": 2029,
            "sections": {"b1": {"klaar": True, "answers": answers}}}


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda p: p["sections"].update(b9={}), "unknown section 'b9'"),
        (lambda p: p["sections"]["b1"]["answers"].update(b1_bestaat_niet=1), "not a question of section b1"),
        (lambda p: p["sections"]["b1"]["answers"].update(b1_inwoners="veel"), "expected a whole number"),
        (lambda p: p["sections"]["b1"]["answers"].update(b1_planstatus="klaar"), "is not one of"),
        (lambda p: p["sections"]["b1"]["answers"].update(b1_openbaar="ja"), "condition does not hold"),
        (lambda p: p["sections"]["b1"]["answers"].pop("b1_visie"), "required question b1_visie"),
        (lambda p: p["sections"]["b1"]["answers"].update(b1_participatie=["anders"]),
         "without 'b1_participatie.anders'"),
        (lambda p: p["sections"]["b1"]["answers"].update({"b1_monitoring.anders": "x"}), "has no 'Anders, namelijk'"),
        (lambda p: p["sections"]["b1"]["answers"]["b1_huisartsen"][0].pop("aantal"), "required column 'aantal'"),
        (lambda p: p["sections"]["b1"]["answers"].update(
            b1_acties=[{"actie": "A", "eigenaar": "B", "start": "2027-01-01", "eind": "2026-01-01"}]),
         "lies before start"),
        (lambda p: p["sections"]["b1"]["answers"].update(
            b1_acties=[{"actie": "A", "eigenaar": "B", "start": dt.date(2026, 1, 1)}]), "quoted date"),
        (lambda p: p["sections"]["b1"].update(checklist={"b2_c1": {"status": "ja"}}), "not a checklist item"),
        (lambda p: p["sections"]["b1"].update(checklist={"b1_c1": {"status": "misschien"}}), "status 'misschien'"),
        (lambda p: p["sections"]["b1"].update(levels={"current": 6}), "is not a level of b1"),
    ],
)
def test_the_check_catches_drift(change, expected):
    plan = _minimal_plan()
    assert plan_problems(plan) == []
    change(plan)
    assert any(expected in problem for problem in plan_problems(plan)), plan_problems(plan)
