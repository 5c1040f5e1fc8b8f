"""The export -> import -> export round trip gives the same bytes for generated plans, not only the demo plan."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from building_blocks import get_content
from plans.db import db
from plans.exchange.export import export_plan
from plans.exchange.importer import import_plan
from plans.exchange.jsonformat import from_json, to_json
from plans.writing import editing
from tests.conftest import make_test_app, rolled_back
from tests.factories import Factories

CONTENT = get_content()
QUESTIONS = [(section.id, q) for section in CONTENT.sections for q in section.questions]
# Any text a person may type, without the NUL byte PostgreSQL cannot store and without surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40)
DATES = st.dates(date(2000, 1, 1), date(2040, 12, 31)).map(date.isoformat)


def column_value(column):
    if column.type == "date":
        return DATES
    if column.options:
        return st.sampled_from([o.value for o in column.options])
    return TEXT


def answer(question):
    kind = question.type
    if kind in ("short_text", "long_text"):
        return TEXT
    if kind in ("integer", "euro"):
        return st.integers(0, 10**9)
    if kind == "percentage":
        return st.integers(0, 100)
    if kind == "decimal":  # a report grade such as 7,4
        return st.integers(10, 100).map(lambda tenths: tenths / 10)
    if kind == "year":
        return st.integers(1990, 2100)
    if kind == "date":
        return DATES
    if kind in ("yes_no", "choice"):
        return st.sampled_from(sorted(question.option_values()))
    if kind == "multi_choice":
        return st.lists(st.sampled_from(sorted(question.option_values())), min_size=1, unique=True)
    row = st.fixed_dictionaries({c.id: column_value(c) for c in question.columns})
    return st.lists(row, min_size=1, max_size=3)


PLANS = st.lists(st.sampled_from(QUESTIONS), max_size=12, unique_by=lambda sq: sq[1].id).flatmap(
    lambda chosen: st.tuples(*[answer(q).map(lambda v, sq=(sid, q): (sq, v)) for sid, q in chosen]))


@pytest.fixture(scope="module")
def exchange_app():
    """A second, empty database (regions only) that every generated plan is imported into."""
    app = make_test_app("exchange-properties")
    yield app
    with app.app_context():
        db.engine.dispose()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(PLANS, st.lists(st.integers(0, 2), min_size=1, max_size=3))
def test_generated_plan_round_trips_byte_for_byte(app, exchange_app, answers, editors):
    with rolled_back(app) as session:
        factories = Factories(session)
        org = factories.organisation("Zorggroep Gegenereerd")
        people = [factories.member(org, "redacteur", email=f"editor{i}@gegenereerd.test") for i in range(3)]
        plan = editing.create_plan(org, "Regioplan gegenereerd", 2026, 2029, people[0])
        for n, ((section_id, question), value) in enumerate(answers):
            editing.save_values(plan, section_id, {question.id: value}, None, people[editors[n % len(editors)]])
        exported = to_json(export_plan(plan))
    with rolled_back(exchange_app):
        again = to_json(export_plan(import_plan(from_json(exported))))
    assert again == exported
