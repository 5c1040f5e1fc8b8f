"""Fields of the chain: a table cell choosing rows of another table of the plan, and milestones.

Their options are the plan's own rows (its opgaven, doelen, partners), so they are set on each built form
from the saved answers (`fill_reference_choices`) and checked against them when the page is validated.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, SelectField, TextAreaField
from wtforms.validators import ValidationError

from building_blocks.schema import REFERENCE_TYPES, Question
from plans.planning.chain import reference_choices
from plans.planning.milestones import MilestoneError, milestones_text, parse_milestones
from webapp.forms.base import choices
from webapp.forms.naming import field_name
from webapp.plan_pages.fields import MultiCheckboxField

MAX_MILESTONES_TEXT = 4000


class ChosenFrom:
    """Every chosen key is still a row of the referenced table (a removed opgave or doel gets a message)."""

    def __call__(self, form, field):
        allowed = {choice.value for choice in field.choices or []}
        data = field.data if isinstance(field.data, list) else [field.data]
        missing = [v for v in data if v not in (None, "") and v not in allowed]
        if missing:
            raise ValidationError(_l("‘%(key)s’ staat niet (meer) in de tabel; kies een van de mogelijkheden",
                                     key=missing[0]))


class MilestonesField(TextAreaField):
    """One milestone per line, "31-03-2027: wat er wordt opgeleverd"; stored as a list of date and text."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and len(valuelist[0]) > MAX_MILESTONES_TEXT:
            raise ValueError(_l("De mijlpalen mogen hoogstens %(max)d tekens hebben", max=MAX_MILESTONES_TEXT))
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_milestones(valuelist[0])
            except MilestoneError as error:
                raise ValueError(_l("Schrijf mijlpaal %(n)d als een datum en dan wat er wordt opgeleverd, zoals "
                                    "31-03-2027: werkplan vastgesteld", n=error.line)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return milestones_text(self.data)


def reference_field(item, label, description, rows: int):
    return SelectField(label=label, description=description, choices=choices([("", "")]), validate_choice=False,
                       validators=[ChosenFrom()])


def references_field(item, label, description, rows: int):
    return MultiCheckboxField(label=label, description=description, choices=[], validators=[ChosenFrom()])


def milestones_field(item, label, description, rows: int):
    return MilestonesField(label=label, description=description)


BUILDERS = {"reference": reference_field, "references": references_field, "milestones": milestones_field}


def fill_reference_choices(form, questions: tuple[Question, ...], values) -> None:
    """Give every reference cell of the page's tables the rows of its table as options."""
    for q in questions:
        columns = [c for c in q.columns if c.type in REFERENCE_TYPES]
        table = form[field_name(q.id)] if columns else None
        if not isinstance(table, FieldList):
            continue
        for column in columns:
            options = reference_choices(values, column.refers_to)
            for entry in table:
                entry.form[column.id].choices = choices(([("", "")] if column.type == "reference" else []) + options)
