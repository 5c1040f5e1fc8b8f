"""Forms generated from the content: one field per question, never hand-written per section."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from building_blocks import OTHER_VALUE
from building_blocks.schema import DEFAULT_MAX_LENGTH, Column, ColumnType, Question, QuestionType
from plans.vocabulary import SectionDone
from plans.writing.sections import other_key
from webapp.forms.base import BaseForm, choices, link_target, messages
from webapp.forms.naming import field_name
from webapp.forms.validators import Length, Required
from webapp.plan_pages import chain_fields, posted
from webapp.plan_pages.fields import DateField, MultiCheckboxField, NumberField
from webapp.plan_pages.form_classes import FormClasses

TABLE_TYPES = {"table", "action_plan"}
WHOLE_NUMBER_TYPES = {"integer", "year"}


class Between:
    def __init__(self, low, high, *, year: bool = False):
        self.low, self.high, self.year = low, high, year

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        if self.low is not None and value < self.low or self.high is not None and value > self.high:
            message = (_l("Vul een jaartal in tussen %(low)s en %(high)s") if self.year
                       else _l("Vul een getal in tussen %(low)s en %(high)s"))
            raise ValidationError(message % {"low": _fmt(self.low, self.year), "high": _fmt(self.high, self.year)})


def _fmt(value, year: bool = False) -> str:
    """1.250.000 for amounts; a year is written as a year: 1990, never 1.990."""
    if value is None:
        return "…"
    return str(value) if year else f"{value:,}".replace(",", ".")


YEAR_MESSAGE = _l("Vul een jaartal in met vier cijfers, zoals 2026")


class OneOf:
    """The value(s) must be among the options; stale or forged values get a clear message."""

    def __init__(self, values):
        self.values = set(values)

    def __call__(self, form, field):
        data = field.data if isinstance(field.data, list) else [field.data]
        if any(v not in self.values for v in data if v not in (None, "")):
            raise ValidationError(_l("Kies een van de mogelijkheden"))


def _bounds(item) -> tuple:
    low, high = getattr(item, "min", None), getattr(item, "max", None)
    if item.type == "percentage":
        low = 0 if low is None else low
        high = 100 if high is None else high
    if item.type == "year":
        low = 1990 if low is None else low
        high = 2100 if high is None else high
    if item.type == "euro" and low is None:
        low = 0
    return low, high


# One field builder per question type of the content (checked at start-up against the schema).
# A builder takes the question or table column, its label and hint, and the number of table rows.

def _text_field(item: Question | Column, label, description, rows: int):
    max_length = getattr(item, "max_length", None) or DEFAULT_MAX_LENGTH[item.type]
    cls = StringField if item.type == "short_text" else TextAreaField
    return cls(label=label, description=description,
               validators=[Length(max=max_length, thing=_l("Het antwoord"))])


def _number_field(item: Question | Column, label, description, rows: int):
    year = item.type == "year"
    return NumberField(label=label, description=description, whole=item.type in WHOLE_NUMBER_TYPES,
                       message=YEAR_MESSAGE if year else None, validators=[Between(*_bounds(item), year=year)])


def _date_field(item: Question | Column, label, description, rows: int):
    return DateField(label=label, description=description)


def choice_pairs(item: Question | Column) -> list[tuple[str, Any]]:
    """The (value, label) options of a choice field: a table cell's select starts empty; a question may
    end with "Anders, namelijk". The page form and a page shown without it (`shown_form`) both use them."""
    options = [(o.value, o.label) for o in item.options]
    if isinstance(item, Column):
        return [("", ""), *options]
    return options + ([(OTHER_VALUE, _l("Anders, namelijk"))] if getattr(item, "other", False) else [])


def _choice_field(item: Question | Column, label, description, rows: int):
    """Radio buttons for a question; a select in a table cell, where radios take too much room."""
    options = [(o.value, o.label) for o in item.options]
    if isinstance(item, Column):
        return SelectField(label=label, description=description, choices=choices(choice_pairs(item)),
                           validate_choice=False, validators=[OneOf(v for v, _ in options)])
    pairs = choice_pairs(item)
    return RadioField(label=label, description=description, choices=choices(pairs),
                      validate_choice=False, validators=[OneOf([v for v, _ in pairs])])


def _multi_choice_field(item: Question | Column, label, description, rows: int):
    pairs = choice_pairs(item)
    return MultiCheckboxField(label=label, description=description, choices=choices(pairs),
                              validators=[OneOf([v for v, _ in pairs])])


def _table_field(item: Question | Column, label, description, rows: int):
    return FieldList(FormField(_row_form(item.columns)), label=label, description=description, min_entries=rows)


FIELD_BUILDERS: dict[str, Callable[..., Any]] = {
    "short_text": _text_field,
    "long_text": _text_field,
    "integer": _number_field,
    "decimal": _number_field,
    "year": _number_field,
    "percentage": _number_field,
    "euro": _number_field,
    "date": _date_field,
    "yes_no": _choice_field,
    "choice": _choice_field,
    "multi_choice": _multi_choice_field,
    "table": _table_field,
    "action_plan": _table_field,
    **chain_fields.BUILDERS,
}


def check_field_builders() -> None:
    """At start-up: every question and column type the content may use has exactly one field builder."""
    allowed = set(get_args(QuestionType)) | set(get_args(ColumnType))
    missing, unknown = allowed - set(FIELD_BUILDERS), set(FIELD_BUILDERS) - allowed
    if missing or unknown:
        raise RuntimeError(f"Question types without a field builder: {sorted(missing)}; "
                           f"field builders for types the content does not have: {sorted(unknown)}")


def _row_form(columns: tuple[Column, ...]) -> type[Form]:
    attrs = {c.id: FIELD_BUILDERS[c.type](c, c.label, None, 1) for c in columns}
    return type("RowForm", (Form,), attrs)


def question_field(question: Question, rows: int = 1):
    return FIELD_BUILDERS[question.type](question, question.label, question.hint, rows)


class PageForm(BaseForm):
    """A question page; `questions` are the ones shown, in order."""

    questions: tuple[Question, ...] = ()

    def row_name(self, question: Question, number: int) -> str:
        """The name of a table row, the same in its legend and in every message about it: "Actie 3" (question_html
        writes the legend from the same texts, looked up once per locale)."""
        return _l("Actie %(n)d", n=number) if question.type == "action_plan" else _l("Rij %(n)d", n=number)

    def field_messages(self):
        """As BaseForm, with a table cell named by its row and column ("Actie 3, Eind")."""
        by_field = {field_name(q.id): q for q in self.questions}
        other_of = {field_name(other_key(q)): q for q in self.questions if q.other}
        for f in self:
            question = by_field.get(f.name)
            if question is None or question.type not in TABLE_TYPES:
                found = messages(f.errors)
                if found:
                    # The text of "Anders, namelijk" is named by its question as well.
                    name = f"{other_of[f.name].label} – {f.label.text}" if f.name in other_of else f.label.text
                    yield from ((link_target(f), name, m) for m in found)
                continue
            first_cell = f"{f.id}-0-{question.columns[0].id}"
            yield from ((first_cell, f.label.text, m) for m in messages(f.errors))
            for number, entry in enumerate(f, 1):
                row = None  # named only for a row with messages: the page and its title ask on every request
                for sub in entry.form:
                    found = messages(sub.errors)
                    if found and row is None:
                        row = str(self.row_name(question, number))
                    for m in found:
                        # A message that already names its row ("De einddatum van actie 3 …") needs no prefix.
                        yield sub.id, "" if row.lower() in str(m).lower() else f"{row}, {sub.label.text}", m

    def check(self, require_answers: bool) -> bool:
        """Validate formats, then (when asked) required answers and table rows."""
        valid = self.validate()
        for q in self.questions:
            f = self[field_name(q.id)]
            if q.other:  # first: text at "Anders, namelijk" may tick "Anders", which answers a required question
                valid &= self._check_other(q, f)
            if q.type in TABLE_TYPES:
                valid &= _check_rows(self, q, f)
                if require_answers and q.required and not self.value_of(q):
                    f.errors = [*_str_errors(f), _l("Vul minstens één rij in")]
                    valid = False
            elif require_answers and q.required and self.value_of(q) in (None, "", []) and not f.errors:
                f.errors = [_l("Kies een antwoord") if q.options else _l("Vul een antwoord in")]
                valid = False
        return valid

    def _check_other(self, question: Question, f) -> bool:
        """Text typed at "Anders, namelijk" is never dropped: "Anders" is ticked for it, or the page says why not."""
        other = self[field_name(other_key(question))]
        text = (other.data or "").strip()
        chosen = _as_list(f.data)
        if OTHER_VALUE in chosen:
            if not text:
                other.errors = [_l("Vul in wat u bedoelt met ‘anders’")]
                return False
            return True
        if not text or f.errors:
            return True
        if question.type == "multi_choice":
            f.data = [*(f.data or []), OTHER_VALUE]
        elif f.data in (None, ""):
            f.data = OTHER_VALUE
        else:  # a radio with another choice: ticking "Anders" would undo that choice
            other.errors = [_l("U koos ‘%(choice)s’ en vulde ook ‘Anders, namelijk’ in. Kies ‘Anders, namelijk’ "
                               "of maak dit veld leeg.", choice=_option_label(question, f.data))]
            return False
        return True

    def value_of(self, question: Question) -> Any:
        f = self[field_name(question.id)]
        if question.type in TABLE_TYPES:
            return [row for row in (_clean_row(e.form.data) for e in f) if row]
        if question.type == "multi_choice":
            return list(f.data or [])
        data = f.data
        return data.strip() or None if isinstance(data, str) else data

    def values(self) -> dict[str, Any]:
        result = {}
        for q in self.questions:
            result[q.id] = self.value_of(q)
            if q.other:
                text = (self[field_name(other_key(q))].data or "").strip()
                result[other_key(q)] = text if OTHER_VALUE in _as_list(result[q.id]) else (text or None)
        return result


def _option_label(question: Question, value) -> str:
    return next((str(o.label) for o in question.options if o.value == value), str(value))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _str_errors(f) -> list:
    return messages(f.errors)


def _clean_row(data: dict) -> dict:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    cleaned = {k: v for k, v in cleaned.items() if v not in (None, "", [])}
    return cleaned


def _check_rows(form: PageForm, question: Question, f: FieldList) -> bool:
    valid = posted.check_row_count(f)
    for number, entry in enumerate(f, 1):
        row = _clean_row(entry.form.data)
        if not row:
            continue
        def name(number=number) -> str:  # "actie 3", as the row's legend says; looked up only for a message
            return str(form.row_name(question, number)).lower()

        for column in question.columns:
            sub = entry.form[column.id]
            if column.required and column.id not in row and not sub.errors:
                sub.errors = [_l("Vul ‘%(column)s’ in bij %(row)s", column=column.label, row=name())]
                valid = False
        start, end = row.get("start"), row.get("eind")
        if start and end and end < start and not entry.form["eind"].errors:
            entry.form["eind"].errors = [_l("De einddatum van %(row)s ligt vóór de startdatum", row=name())]
            valid = False
    return valid


PAGE_FORMS = FormClasses()


def make_page_form(questions: tuple[Question, ...], rows: dict[str, int] | None = None) -> type[PageForm]:
    """The form class of a page showing `questions` with these table row counts, built once."""
    return PAGE_FORMS.get(questions, tuple(sorted((rows or {}).items())), lambda: _page_form(questions, rows))


def _page_form(questions: tuple[Question, ...], rows: dict[str, int] | None) -> type[PageForm]:
    attrs: dict[str, Any] = {"questions": questions}
    for q in questions:
        attrs[field_name(q.id)] = question_field(q, (rows or {}).get(q.id, 1))
        if q.other:
            attrs[field_name(other_key(q))] = StringField(_l("Anders, namelijk"),
                                                          validators=[Length(max=200, thing=_l("Het antwoord"))])
    return type("QuestionPageForm", (PageForm,), attrs)


def initial_data(questions: tuple[Question, ...], values: dict[str, Any]) -> dict[str, Any]:
    data = {}
    for q in questions:
        value = values.get(q.id)
        data[field_name(q.id)] = value if value is not None else ([] if q.type in TABLE_TYPES else None)
        if q.other:
            data[field_name(other_key(q))] = values.get(other_key(q))
    return data


def rows_needed(questions, values: dict[str, Any], formdata: MultiDict | None, add_to: str | None) -> dict[str, int]:
    """Rows per table: what is saved or posted, one empty row to add to, one more when asked."""
    rows = {}
    for q in questions:
        if q.type not in TABLE_TYPES:
            continue
        count = posted_rows(formdata, field_name(q.id)) if formdata is not None else len(values.get(q.id) or []) + 1
        rows[q.id] = max(count, 1) + (1 if add_to == q.id and count < posted.MAX_TABLE_ROWS else 0)
    return rows


def posted_rows(formdata: MultiDict, name: str) -> int:
    pattern = re.compile(rf"{re.escape(name)}-(\d+)-")
    indexes = {int(m.group(1)) for key in formdata for m in [pattern.match(key)] if m}
    return max(indexes) + 1 if indexes else 0


def without_row(formdata: MultiDict, name: str, index: int) -> MultiDict:
    """The posted data with one table row removed and the rows after it renumbered."""
    result = MultiDict()
    pattern = re.compile(rf"^{re.escape(name)}-(\d+)-(.*)$")
    for key, value in formdata.items(multi=True):
        match = pattern.match(key)
        if not match:
            result.add(key, value)
            continue
        row = int(match.group(1))
        if row == index:
            continue
        result.add(f"{name}-{row - 1 if row > index else row}-{match.group(2)}", value)
    return result


class CompleteSectionForm(BaseForm):
    done = RadioField(_l("Is dit onderdeel klaar?"),
                      choices=choices(SectionDone.pairs()), validate_choice=False,
                      validators=[Required(_l("of dit onderdeel klaar is"), verb="choose"), OneOf(SectionDone)])
