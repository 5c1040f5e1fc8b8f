"""The vocabulary: every value has a Dutch label, and no status or action is spelled out anywhere else."""
from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import jinja2
import pytest

from plans.review.workflow import record
from plans.vocabulary import VOCABULARIES, AuditAction, PlanStatus, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
VALUES = frozenset(member.value for vocabulary in VOCABULARIES for member in vocabulary)
PYTHON_FOLDERS = ("plans", "webapp", "demo", "bench")
TEMPLATE_FOLDER = "templates"
VOCABULARY_MODULE = ROOT / "plans" / "vocabulary.py"
# A string that only looks like a value (a key in the demo files) says so on its line, with a reason.
MARKER = "# not-vocabulary:"


def _python_literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every plain string literal equal to a vocabulary value."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type != tokenize.STRING or MARKER in token.line:
            continue
        try:
            value = ast.literal_eval(token.string)
        except (SyntaxError, ValueError):
            continue  # an f-string: its parts are not bare literals
        if value in VALUES:
            found.append((token.start[0], value))
    return found


def _template_literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string literal inside a Jinja tag; HTML text and attributes are not values."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    source = path.read_text(encoding="utf-8")
    strings = [(line, ast.literal_eval(raw)) for line, kind, raw in environment.lex(source) if kind == "string"]
    return [(line, value) for line, value in strings if value in VALUES]


def _bare_literals() -> list[str]:
    problems = []
    for folder in PYTHON_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path != VOCABULARY_MODULE:
                problems += [f"{path.relative_to(ROOT)}:{line}: {value!r}" for line, value in _python_literals(path)]
    for path in sorted((ROOT / TEMPLATE_FOLDER).rglob("*")):
        if path.suffix in (".html", ".txt", ".xml", ".svg"):
            problems += [f"{path.relative_to(ROOT)}:{line}: {value!r}" for line, value in _template_literals(path)]
    return problems


def test_every_member_of_every_vocabulary_has_a_dutch_label(app):
    with app.test_request_context():
        for vocabulary in VOCABULARIES:
            for member in vocabulary:
                assert str(member.label).strip(), f"{vocabulary.__name__}.{member.name} has no label"


def test_every_vocabulary_is_listed():
    declared = {cls for cls in vars(__import__("plans.vocabulary", fromlist=["x"])).values()
                if isinstance(cls, type) and issubclass(cls, Vocabulary) and cls is not Vocabulary}
    assert declared == set(VOCABULARIES)


def test_a_value_without_a_label_cannot_be_declared():
    with pytest.raises(TypeError):
        Vocabulary("Broken", {"THING": "thing"})


def test_an_audit_action_must_come_from_the_vocabulary():
    with pytest.raises(TypeError):
        record(object(), None, "signd")  # a typo can no longer reach the log unlabelled


def test_stored_values_stay_the_same_strings():
    assert [str(s) for s in PlanStatus] == ["concept", "ingediend", "wijzigingen_gevraagd", "beoordeeld", "ondertekend"]
    assert AuditAction("plan_signed") is AuditAction.PLAN_SIGNED


def test_no_bare_status_or_action_strings_outside_the_vocabulary():
    problems = _bare_literals()
    assert not problems, "use the enum from plans.vocabulary instead of:\n" + "\n".join(problems)


def test_the_search_finds_bare_literals(tmp_path):
    """The guard itself: a literal status in code or in a template tag is found, prose and f-strings are not."""
    code = tmp_path / "view.py"
    code.write_text('status = "akkoord"\nlabel = f"{x}.klaar"\nflag = "klaar"  # not-vocabulary: a file key\n')
    template = tmp_path / "page.html"
    template.write_text('<p class="comment">{% if plan.status == "concept" %}klaar{% endif %}</p>\n')
    assert _python_literals(code) == [(1, "akkoord")]
    assert _template_literals(template) == [(1, "concept")]
