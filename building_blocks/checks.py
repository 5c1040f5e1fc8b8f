"""Rules that span several objects: references, duplicates, ordering, the action plan position.

Each check returns a list of `(loc, message)`; `loc` is the path inside the file, e.g.
`("pages", 1, "questions", 3, "show_if", "question")`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .schema import OTHER_VALUE, PERCENT_RANGE, Column, Option, Question, Section, Term
from .yamlfile import Loc

Problem = tuple[Loc, str]


def check_section(section: Section, source_keys: frozenset[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    problems += _unknown_sources(("sources",), section.sources, source_keys)
    problems += _duplicates(((("pages", i, "id"), p.id) for i, p in enumerate(section.pages)), "page id")
    problems += _questions(section, source_keys)
    problems += _action_plan(section)
    problems += _checklist(section, source_keys)
    problems += _levels(section)
    for i, practice in enumerate(section.good_practices):
        problems += _unknown_sources(("good_practices", i, "sources"), practice.sources, source_keys)
    return problems


def check_glossary(terms: tuple[Term, ...], source_keys: frozenset[str] | None) -> list[Problem]:
    problems = _duplicates((((i, "term"), t.term.casefold()) for i, t in enumerate(terms)), "term")
    for i, term in enumerate(terms):
        problems += _unknown_sources((i, "sources"), term.sources, source_keys)
    return problems


def _question_locs(section: Section) -> Iterator[tuple[Loc, Question]]:
    for i, page in enumerate(section.pages):
        for j, question in enumerate(page.questions):
            yield ("pages", i, "questions", j), question


def _questions(section: Section, source_keys: frozenset[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    earlier: dict[str, Question] = {}
    later = {q.id for q in section.questions}
    for loc, q in _question_locs(section):
        later.discard(q.id)
        if not q.id.startswith(f"{section.id}_"):
            problems.append((loc + ("id",), f"question id '{q.id}' must start with '{section.id}_'"))
        problems += _question_fields(loc, q)
        problems += _unknown_sources(loc + ("sources",), q.sources, source_keys)
        if q.show_if is not None:
            problems += _condition(loc + ("show_if",), q, earlier, later)
        earlier.setdefault(q.id, q)
    return problems


def _question_fields(loc: Loc, q: Question) -> list[Problem]:
    problems: list[Problem] = []
    if q.type in ("choice", "multi_choice"):
        if not q.options:
            problems.append((loc + ("options",), f"type '{q.type}' needs at least one option"))
        problems += _options(loc + ("options",), q.options)
        if q.other and any(o.value == OTHER_VALUE for o in q.options):
            problems.append((loc + ("other",), f"'other: true' adds the value '{OTHER_VALUE}' itself; "
                                               f"remove the option '{OTHER_VALUE}'"))
    if q.type == "table":
        if not q.columns:
            problems.append((loc + ("columns",), "type 'table' needs at least one column"))
        problems += _columns(loc + ("columns",), q.columns)
        problems += _min_max(loc, q.min_rows, q.max_rows, "min_rows", "max_rows")
    problems += _min_max(loc, q.min, q.max, "min", "max")
    if q.type == "percentage":
        for key in ("min", "max"):
            value = getattr(q, key)
            if value is not None and not PERCENT_RANGE[0] <= value <= PERCENT_RANGE[1]:
                problems.append((loc + (key,), f"a percentage {key} must lie between 0 and 100, found {value}"))
    return problems


def _min_max(loc: Loc, low: float | None, high: float | None, low_key: str, high_key: str) -> list[Problem]:
    if low is not None and high is not None and low > high:
        return [(loc + (low_key,), f"{low_key} ({low}) is greater than {high_key} ({high})")]
    return []


def _options(loc: Loc, options: tuple[Option, ...]) -> list[Problem]:
    return _duplicates(((loc + (k, "value"), o.value) for k, o in enumerate(options)), "option value")


def _columns(loc: Loc, columns: tuple[Column, ...]) -> list[Problem]:
    problems = _duplicates(((loc + (k, "id"), c.id) for k, c in enumerate(columns)), "column id")
    for k, column in enumerate(columns):
        if column.type == "choice" and not column.options:
            problems.append((loc + (k, "options"), "column type 'choice' needs at least one option"))
        problems += _options(loc + (k, "options"), column.options)
    return problems


def _condition(loc: Loc, q: Question, earlier: dict[str, Question], later: set[str]) -> list[Problem]:
    cond = q.show_if
    assert cond is not None
    target = earlier.get(cond.question)
    if cond.question == q.id:
        return [(loc + ("question",), f"question '{q.id}' cannot depend on itself")]
    if target is None and cond.question in later:
        return [(loc + ("question",), f"question '{cond.question}' comes later; show_if must point to an "
                                      "earlier question of the same section")]
    if target is None:
        return [(loc + ("question",), f"unknown question '{cond.question}' (show_if must point to an "
                                      "earlier question of the same section)")]
    if not target.has_options:
        return [(loc + ("question",), f"question '{cond.question}' has type '{target.type}', which has no "
                                      "options; show_if needs a yes_no, choice or multi_choice question")]
    allowed = target.option_values()
    if not allowed:
        return []  # reported as a question without options
    values = [("equals", cond.equals)] if cond.any_of is None else [
        (("any_of", k), v) for k, v in enumerate(cond.any_of)]
    problems: list[Problem] = []
    for key, value in values:
        if value not in allowed:
            key_loc = key if isinstance(key, tuple) else (key,)
            problems.append((loc + key_loc, f"'{value}' is not an option of question '{cond.question}' "
                                            f"(options: {', '.join(sorted(allowed))})"))
    return problems


def _action_plan(section: Section) -> list[Problem]:
    located = list(_question_locs(section))
    plans = [(loc, q) for loc, q in located if q.type == "action_plan"]
    if not plans:
        return [(("pages",), "section has no question of type 'action_plan'; it must be the last question")]
    last_loc, last = located[-1]
    problems: list[Problem] = []
    if last.type != "action_plan":
        problems.append((last_loc + ("type",), f"the last question of a section must have type 'action_plan', "
                                               f"found '{last.type}' (question '{last.id}'); move "
                                               f"'{plans[-1][1].id}' to the end"))
    problems += [(loc + ("type",), f"only one action_plan per section, as its last question (question '{q.id}')")
                 for loc, q in plans[:-1]]
    return problems


def _checklist(section: Section, source_keys: frozenset[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    question_ids = {q.id for q in section.questions}
    for i, item in enumerate(section.checklist):
        loc: Loc = ("checklist", i)
        if not item.id.startswith(f"{section.id}_c"):
            problems.append((loc + ("id",), f"checklist id '{item.id}' must start with '{section.id}_c'"))
        for k, qid in enumerate(item.evidenced_by):
            if qid not in question_ids:
                problems.append((loc + ("evidenced_by", k), f"unknown question '{qid}' (evidenced_by must name "
                                                            f"questions of section {section.id})"))
        problems += _unknown_sources(loc + ("sources",), item.sources, source_keys)
    return problems


def _levels(section: Section) -> list[Problem]:
    problems: list[Problem] = []
    for i, level in enumerate(section.levels):
        if level.level != i + 1:
            problems.append((("levels", i, "level"), f"levels must be numbered 1..{len(section.levels)} in order; "
                                                     f"expected {i + 1}, found {level.level}"))
    return problems


def _unknown_sources(loc: Loc, keys: Iterable[str], source_keys: frozenset[str] | None) -> list[Problem]:
    if source_keys is None:  # sources.yaml itself is broken; that error is enough
        return []
    return [(loc + (k,), f"unknown source '{key}' (not in sources.yaml)")
            for k, key in enumerate(keys) if key not in source_keys]


def _duplicates(items: Iterable[tuple[Loc, str]], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems: list[Problem] = []
    for loc, value in items:
        if value in seen:
            problems.append((loc, f"duplicate {what} '{value}'"))
        seen.add(value)
    return problems
