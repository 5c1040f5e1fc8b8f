"""One wizard page as a unit: which keys it edits, its form, and how its values are read back."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from building_blocks.schema import Section
from plans.writing.sections import Step, is_visible, levels_key, other_key
from webapp.plan_pages import forms


@dataclass
class WizardPage:
    section: Section
    step: Step
    form: Any
    shown: tuple = ()  # the questions shown on a question page

    @property
    def keys(self) -> list[str]:
        if self.step.kind == "checklist":
            return [item.id for item in self.section.checklist]
        if self.step.kind == "levels":
            return [levels_key(self.section)]
        keys = []
        for q in self.shown:
            keys.append(q.id)
            if q.other:
                keys.append(other_key(q))
        return keys

    def check(self, require_answers: bool) -> bool:
        if self.step.kind == "questions":
            return self.form.check(require_answers)
        valid = self.form.validate()
        if self.step.kind == "levels" and require_answers:
            for f in (self.form.current, self.form.target):
                if not f.data and not f.errors:
                    f.errors = [_l("Kies een niveau")]
                    valid = False
        return valid

    def values(self) -> dict[str, Any]:
        if self.step.kind == "checklist":
            return forms.checklist_values(self.form, self.section)
        if self.step.kind == "levels":
            current, target = self.form.current.data, self.form.target.data
            value = {"current": int(current) if current else None, "target": int(target) if target else None}
            return {levels_key(self.section): value if current or target else None}
        return self.form.values()

    def valid_values(self) -> dict[str, Any]:
        """Values of the fields without errors: what can be kept when a page has problems."""
        values = self.values()
        if self.step.kind == "checklist":
            return {k: v for k, v in values.items()
                    if not self.form[f"status_{k}"].errors and not self.form[f"evidence_{k}"].errors}
        if self.step.kind == "levels":
            return {} if self.form.errors else values
        bad = {f.name for f in self.form if f.errors or _has_row_errors(f)}
        return {k: v for k, v in values.items() if forms.field_name(k) not in bad}


def _has_row_errors(f) -> bool:
    return isinstance(f, forms.FieldList) and any(sub.errors for entry in f for sub in entry.form)


def build_page(section: Section, step: Step, values: dict[str, Any], *, formdata: MultiDict | None = None,
               shown_ids: list[str] | None = None, add_row: str | None = None) -> WizardPage:
    """The page with its form, filled from `formdata` (a post or a draft) or else from saved values."""
    if step.kind == "checklist":
        cls = forms.make_checklist_form(section)
        form = cls(formdata=formdata) if formdata is not None else cls(formdata=None, data=forms.checklist_initial(section, values))
        return WizardPage(section, step, form)
    if step.kind == "levels":
        cls = forms.make_levels_form(section)
        saved = values.get(levels_key(section)) or {}
        data = {"current": _str(saved.get("current")), "target": _str(saved.get("target"))}
        return WizardPage(section, step, cls(formdata=formdata) if formdata is not None else cls(formdata=None, data=data))
    if shown_ids is not None:
        shown = tuple(q for q in step.questions if q.id in shown_ids)
    else:
        shown = tuple(q for q in step.questions if is_visible(q, values))
    cls = forms.make_page_form(shown, forms.rows_needed(shown, values, formdata, add_row))
    if formdata is not None:
        form = cls(formdata=formdata)
    else:
        form = cls(formdata=None, data=forms.initial_data(shown, values))
    return WizardPage(section, step, form, shown)


def _str(value) -> str | None:
    return None if value is None else str(value)
