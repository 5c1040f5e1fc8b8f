"""A question page shown from its saved answers, without building a WTForms form.

A GET that reopens no draft has nothing posted and no errors: its fields only show values. Binding a WTForms
form for that (a `Form` per table row, every field processed and filtered) was a sixth of the request. This
module gives the field HTML (`question_html`) the few things it reads from a field: id, name, data, `_value()`,
`choices`, `coerce`, empty `errors`, and a table's entries. Each value is processed as the WTForms field
would process it from `data=` (coerced, top-level strings stripped, numbers and dates formatted, the table's
empty row to add to), so the markup is the same: `tests/webapp/test_question_html.py` renders every question
page of every content version both ways. A post, a draft, errors and conflicts keep using the WTForms form.
Nothing here is kept between requests.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from building_blocks.schema import Column, Question
from plans.planning.chain import reference_choices
from plans.planning.milestones import milestones_text
from plans.writing.sections import other_key
from webapp.forms.base import choices
from webapp.forms.naming import field_name
from webapp.plan_pages.fields import format_number
from webapp.plan_pages.forms import TABLE_TYPES, WHOLE_NUMBER_TYPES, PageForm, choice_pairs

ONE_CHOICE = {"yes_no", "choice", "reference"}  # RadioField or SelectField: data coerced to str
SEVERAL_CHOICES = {"multi_choice", "references"}  # checkboxes: data a list of str
NUMBER_TYPES = {"integer", "decimal", "year", "percentage", "euro"}


def _text(value) -> str:
    return str(value) if value is not None else ""


def _whole(value) -> str:
    return str(value) if value is not None else ""


def _decimal(value) -> str:
    return format_number(value, whole=False) if value is not None else ""


def _date(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _formatter(kind: str) -> Callable[[Any], str]:
    """What the field's `_value()` shows for its data (WTForms: nothing posted, so no raw data)."""
    if kind in NUMBER_TYPES:
        return _whole if kind in WHOLE_NUMBER_TYPES else _decimal
    if kind == "date":
        return _date
    if kind == "milestones":
        return milestones_text
    return _text


def _processed(kind: str, value, strip: bool):
    """The field's data after WTForms' `process(formdata=None, data=value)`."""
    if kind in ONE_CHOICE:
        data = str(value) if value is not None else None
    elif kind in SEVERAL_CHOICES:
        try:
            data = [str(v) for v in value]
        except TypeError:
            data = None
    else:
        data = value
    if strip and isinstance(data, str):  # BaseForm strips every field outside a table (its `_strip` filter)
        data = data.strip()
    return data


class ShownField:
    """One field as `question_html` reads it; `data` may be set afterwards (a prefilled figure)."""

    __slots__ = ("id", "name", "data", "choices", "_format")
    errors = ()
    coerce = str

    def __init__(self, name: str, data, kind: str, field_choices=()):
        self.id = self.name = name
        self.data = data
        self.choices = field_choices
        self._format = _formatter(kind)

    def _value(self) -> str:
        return self._format(self.data)


class ShownRow:
    __slots__ = ("form",)

    def __init__(self, cells: dict[str, ShownField]):
        self.form = cells


class ShownTable:
    """A table question: its saved rows and one empty row to add to, as the FieldList had them."""

    __slots__ = ("id", "name", "entries")
    errors = ()

    def __init__(self, name: str, entries: list[ShownRow]):
        self.id = self.name = name
        self.entries = entries

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


class ShownForm:
    """The fields of a shown page by name, as the page form's `form[name]`; no errors, nothing to summarise."""

    error_list = ()
    row_name = PageForm.row_name

    def __init__(self, questions: tuple[Question, ...], fields: dict[str, Any]):
        self.questions = questions
        self._fields = fields

    def __getitem__(self, name: str):
        return self._fields[name]

    def __contains__(self, name: str) -> bool:
        return name in self._fields

    def __iter__(self):
        return iter(self._fields.values())


def _static_choices(item: Question | Column):
    return choices(choice_pairs(item)) if item.type in ("yes_no", "choice", "multi_choice") else ()


def _table(q: Question, value, values: dict[str, Any]) -> ShownTable:
    name = field_name(q.id)
    column_choices = {}
    for c in q.columns:
        if c.type == "reference":
            column_choices[c.id] = choices([("", ""), *reference_choices(values, c.refers_to)])
        elif c.type == "references":
            column_choices[c.id] = choices(reference_choices(values, c.refers_to))
        else:
            column_choices[c.id] = _static_choices(c)
    rows = list(value) if value else []
    entries = []
    for index in range(max(len(rows), len(value or []) + 1, 1)):
        row = rows[index] if index < len(rows) else None
        given = row if isinstance(row, dict) else {}
        prefix = f"{name}-{index}-"
        entries.append(ShownRow({c.id: ShownField(prefix + c.id, _processed(c.type, given.get(c.id), strip=False),
                                                  c.type, column_choices[c.id]) for c in q.columns}))
    return ShownTable(name, entries)


def shown_form(questions: tuple[Question, ...], values: dict[str, Any]) -> ShownForm:
    """The fields of `questions` filled from the saved `values`, as `forms.initial_data` fills the page form."""
    fields: dict[str, Any] = {}
    for q in questions:
        name = field_name(q.id)
        value = values.get(q.id)
        if q.type in TABLE_TYPES:
            fields[name] = _table(q, value, values)
        else:
            fields[name] = ShownField(name, _processed(q.type, value, strip=True), q.type, _static_choices(q))
        if q.other:
            other = field_name(other_key(q))
            fields[other] = ShownField(other, _processed("short_text", values.get(other_key(q)), strip=True),
                                       "short_text")
    return ShownForm(questions, fields)
