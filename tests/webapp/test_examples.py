"""Every example the content gives ("Bijvoorbeeld: …") is accepted by the field it stands beside."""
import re

import pytest
from werkzeug.datastructures import MultiDict

from building_blocks import get_content
from webapp.forms.base import BaseForm
from webapp.forms.naming import field_name
from webapp.plan_pages.forms import FIELD_BUILDERS, make_page_form

VERSIONS = ("2026.1", "2026.2")
TYPED = {"short_text", "long_text", "integer", "decimal", "percentage", "euro", "date", "year"}
# What a number, date or year in a table's example looks like, per column type.
TOKENS = {"percentage": r"\d+(?:,\d+)?%", "date": r"\b\d{1,2}-\d{1,2}-\d{4}\b", "year": r"\b(?:19|20)\d\d\b",
          "integer": r"\b\d+\b", "euro": r"€ ?[\d.]+(?:,\d+)?", "decimal": r"\b\d+,\d+\b"}


def examples(kinds):
    return [pytest.param(version, q, id=f"{version}-{q.id}")
            for version in VERSIONS for s in get_content(version).sections for q in s.questions
            if q.example and q.type in kinds]


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize(("version", "question"), examples(TYPED))
def test_a_typed_example_is_accepted_by_its_field(request_context, version, question):
    form = make_page_form((question,))(formdata=MultiDict({field_name(question.id): question.example}),
                                      meta={"csrf": False})
    assert form.check(require_answers=True), form.error_list
    assert form.value_of(question) is not None


@pytest.mark.parametrize(("version", "question"), examples({"choice", "multi_choice"}))
def test_a_choice_example_names_options_a_person_can_tick(version, question):
    labels = [o.label.lower() for o in question.options]
    assert any(label in question.example.lower() for label in labels), question.example


@pytest.mark.parametrize(("version", "question"), examples({"table"}))
def test_the_figures_in_a_table_example_fit_their_columns(request_context, version, question):
    for column in question.columns:
        if column.type not in TOKENS:
            continue
        form_class = type("CellForm", (BaseForm,), {"cell": FIELD_BUILDERS[column.type](column, column.label, None, 1)})
        for token in re.findall(TOKENS[column.type], question.example):
            form = form_class(formdata=MultiDict({"cell": token}), meta={"csrf": False})
            assert form.validate(), (column.id, token, form.error_list)


def test_the_report_grade_is_a_decimal_with_a_dutch_comma(request_context):
    question = get_content().section("b5").question("b5_tevredenheid")
    form = make_page_form((question,))(formdata=MultiDict({field_name(question.id): "7,4"}), meta={"csrf": False})
    assert form.check(require_answers=True) and form.value_of(question) == 7.4
    again = make_page_form((question,))(data={field_name(question.id): 7.4}, meta={"csrf": False})
    assert again[field_name(question.id)]._value() == "7,4", "shown again with a comma"
