"""The checklist of a section: per item a status (ja, deels, nee, nvt) and optional evidence."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField

from plans.vocabulary import ChecklistStatus
from plans.writing.sections import StepKind
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Length
from webapp.plan_pages.form_classes import FormClasses
from webapp.plan_pages.forms import OneOf
from webapp.plan_pages.pages.base import WizardPage, filled_form


class ChecklistPage(WizardPage):
    kind = StepKind.CHECKLIST
    partial = "plan_pages/steps/_checklist.html"

    @classmethod
    def build(cls, section, step, values, *, formdata=None, shown_ids=None, add_row=None) -> ChecklistPage:
        return cls(section, step, filled_form(make_checklist_form(section), formdata, _initial(section, values)))

    @property
    def keys(self) -> list[str]:
        return [item.id for item in self.section.checklist]

    def values(self) -> dict[str, Any]:
        values = {}
        for item in self.section.checklist:
            status = self.form[f"status_{item.id}"].data or None
            evidence = (self.form[f"evidence_{item.id}"].data or "").strip() or None
            values[item.id] = {"status": status, "evidence": evidence} if status or evidence else None
        return values

    def valid_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items()
                if not self.form[f"status_{k}"].errors and not self.form[f"evidence_{k}"].errors}


CHECKLIST_FORMS = FormClasses()


def make_checklist_form(section) -> type[BaseForm]:
    """The section's checklist form class, built once per content version."""
    return CHECKLIST_FORMS.get(section, "checklist", lambda: _checklist_form(section))


def _checklist_form(section) -> type[BaseForm]:
    attrs = {}
    for item in section.checklist:
        attrs[f"status_{item.id}"] = RadioField(
            item.statement, choices=choices(ChecklistStatus.pairs()), validate_choice=False,
            validators=[OneOf(ChecklistStatus)], description=item.evidence)
        attrs[f"evidence_{item.id}"] = TextAreaField(_l("Toelichting of bewijs"),
                                                     validators=[Length(max=2000, thing=_l("De toelichting"))])
    return type("ChecklistForm", (BaseForm,), attrs)


def _initial(section, values: dict[str, Any]) -> dict[str, Any]:
    data = {}
    for item in section.checklist:
        answer = values.get(item.id) or {}
        data[f"status_{item.id}"] = answer.get("status")
        data[f"evidence_{item.id}"] = answer.get("evidence")
    return data
