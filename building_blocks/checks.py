"""Rules that span several objects: references, duplicates, ordering, the action plan position.

Each check returns a list of `(loc, message)`; `loc` is the path inside the file, e.g.
`("pages", 1, "questions", 3, "show_if", "question")`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .schema import (
    KEY_COLUMNS,
    OTHER_VALUE,
    PERCENT_RANGE,
    AnswerMove,
    Column,
    Content,
    Migration,
    Option,
    Question,
    Section,
    Source,
    Term,
)
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
    question_ids = {q.id for q in section.questions} | set(section.shown)
    for i, item in enumerate(section.checklist):
        loc: Loc = ("checklist", i)
        if not item.id.startswith(f"{section.id}_c"):
            problems.append((loc + ("id",), f"checklist id '{item.id}' must start with '{section.id}_c'"))
        for k, qid in enumerate(item.evidenced_by):
            if qid not in question_ids:
                problems.append((loc + ("evidenced_by", k), f"unknown question '{qid}' (evidenced_by must name "
                                                            f"questions of section {section.id} or ones it shows)"))
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


# --- Rules of strict versions (version.yaml `rules: strict`) --------------------------------------------


def check_section_strict(section: Section) -> list[Problem]:
    """Every question, checklist item and level cites a source or is this product's own proposal."""
    problems: list[Problem] = []
    for loc, q in _question_locs(section):
        if not q.sources and not q.own_proposal:
            problems.append((loc + ("sources",), f"question '{q.id}' cites no source; add 'sources' or mark it "
                                                 "'own_proposal: true'"))
    for i, item in enumerate(section.checklist):
        if not item.sources and not item.own_proposal:
            problems.append((("checklist", i, "sources"), f"checklist item '{item.id}' cites no source; add "
                                                           "'sources' or mark it 'own_proposal: true'"))
    for i, level in enumerate(section.levels):
        if not level.sources and not level.own_proposal:
            problems.append((("levels", i, "sources"), f"level {level.level} cites no source; add 'sources' or "
                                                        "mark it 'own_proposal: true'"))
        if level.evidence is None:
            problems.append((("levels", i, "evidence"), f"level {level.level} states no 'evidence' (what shows "
                                                         "that a region is at this level)"))
    return problems


def cited_sources(sections: Iterable[Section], glossary: Iterable[Term]) -> set[str]:
    used = {key for term in glossary for key in term.sources}
    for section in sections:
        used.update(section.sources)
        used.update(key for q in section.questions for key in q.sources)
        used.update(key for item in section.checklist for key in item.sources)
        used.update(key for level in section.levels for key in level.sources)
        used.update(key for gp in section.good_practices for key in gp.sources)
    return used


def check_sources_strict(sources: dict[str, Source], used: set[str]) -> list[Problem]:
    """Every source has a publisher, a year and a 'checked' date, and is cited somewhere."""
    problems: list[Problem] = []
    for key, source in sources.items():
        for attr, what in (("publisher", "publisher"), ("checked", "'checked' date (laatst gecontroleerd)")):
            if getattr(source, attr) is None:
                problems.append(((key,), f"source '{key}' has no {what}"))
        if source.year is None and not source.undated:
            problems.append(((key,), f"source '{key}' has no year (write 'undated: true' only for a page that "
                                     "shows no date)"))
        if source.year is not None and source.undated:
            problems.append(((key,), f"source '{key}' has a year and 'undated: true'; give one of the two"))
        if source.undated and not source.note:
            problems.append(((key,), f"source '{key}' is undated without a 'note' saying why no year could be "
                                     "found; search for the year, or write down where you looked"))
        if key not in used:
            problems.append(((key,), f"source '{key}' is not cited anywhere; cite it or remove it"))
    return problems


def check_shows(sections: tuple[Section, ...]) -> list[tuple[Section, Loc, str]]:
    """A page shows questions asked elsewhere in the version, never its own ones."""
    home = {q.id: s for s in sections for q in s.questions}
    problems: list[tuple[Section, Loc, str]] = []
    for section in sections:
        for i, page in enumerate(section.pages):
            own = {q.id for q in page.questions}
            for k, qid in enumerate(page.shows):
                loc: Loc = ("pages", i, "shows", k)
                if qid in own:
                    problems.append((section, loc, f"question '{qid}' is asked on this page; a page shows only "
                                                   "questions asked elsewhere"))
                elif qid not in home:
                    problems.append((section, loc, f"unknown question '{qid}' (shows must name a question of "
                                                   "this content version)"))
                elif home[qid].question(qid).type == "action_plan":
                    problems.append((section, loc, f"question '{qid}' is an action plan; it cannot be shown "
                                                   "elsewhere"))
    return problems


def check_references(sections: tuple[Section, ...]) -> list[tuple[Section, Loc, str]]:
    """A reference column names a table of the version that has a key column (`KEY_COLUMNS`)."""
    tables = {q.id: q for s in sections for q in s.questions if q.type == "table"}
    problems: list[tuple[Section, Loc, str]] = []
    for section in sections:
        for loc, q in _question_locs(section):
            for k, column in enumerate(q.columns):
                if column.refers_to is None:
                    continue
                where: Loc = loc + (("links",) if q.type == "action_plan" else ("columns", k, "refers_to"))
                target = tables.get(column.refers_to)
                if target is None:
                    problems.append((section, where, f"'{column.refers_to}' is not a table question of this "
                                                     "content version"))
                elif target.id == q.id:
                    problems.append((section, where, f"table '{q.id}' cannot refer to its own rows"))
                elif not any(c.id in KEY_COLUMNS and c.type == "short_text" and c.required for c in target.columns):
                    problems.append((section, where, f"table '{target.id}' needs a key its rows are chosen by: "
                                                     f"a required short_text column {' or '.join(KEY_COLUMNS)}"))
    # The two links of an action plan may name the same table: say it once.
    return list({(id(p[0]), p[1], p[2]): p for p in problems}.values())


# --- The migration table (migration.yaml) -----------------------------------------------------------


def check_migration(migration: Migration, old: Content, new: Content) -> list[Problem]:
    """Every id of the previous version that holds answers is mapped, to ids that exist, or dropped with a reason."""
    new_questions = {q.id: q for s in new.sections for q in s.questions}
    old_questions = {q.id: q for s in old.sections for q in s.questions}
    tables: dict[str, tuple[dict, set[str], str]] = {
        "questions": (old_questions, set(new_questions), "question"),
        "checklist": ({i.id: i for s in old.sections for i in s.checklist},
                      {i.id for s in new.sections for i in s.checklist}, "checklist item"),
        "levels": ({s.id: s for s in old.sections}, {s.id for s in new.sections}, "section"),
    }
    problems: list[Problem] = []
    for table, (old_ids, new_ids, what) in tables.items():
        moves: dict[str, AnswerMove] = getattr(migration, table)
        for old_id in old_ids:
            if old_id not in moves:
                problems.append(((table,), f"{old.version} {what} '{old_id}' is not mapped (give kind kept, "
                                           "renamed, merged, split, or removed with a reason)"))
        for old_id, move in moves.items():
            loc: Loc = (table, old_id)
            if old_id not in old_ids:
                problems.append((loc, f"unknown {old.version} {what} '{old_id}'"))
                continue
            targets = (old_id,) if move.kind == "kept" else move.to
            for k, target in enumerate(targets):
                if target not in new_ids:
                    where = loc if move.kind == "kept" else loc + ("to", k)
                    problems.append((where, f"{move.kind}: {new.version} has no {what} '{target}'"))
                elif table == "questions" and move.kind in ("kept", "renamed", "merged"):
                    before, after = old_questions[old_id].type, new_questions[target].type
                    if before != after:
                        problems.append((loc, f"{move.kind}: '{old_id}' ({before}) cannot move to '{target}' "
                                              f"({after}); use split or removed for a changed type"))
    return problems
