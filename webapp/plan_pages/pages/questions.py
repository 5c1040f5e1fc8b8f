"""A content page: the questions of the page that are visible, one field each."""
from __future__ import annotations

from typing import Any

from building_blocks import OTHER_VALUE
from building_blocks.schema import REFERENCE_TYPES
from plans.writing.sections import StepKind, is_visible, other_key
from webapp.plan_pages import chain_fields, forms
from webapp.plan_pages.pages.base import WizardPage, filled_form
from webapp.plan_pages.shown_form import shown_form


class QuestionPage(WizardPage):
    kind = StepKind.QUESTIONS
    partial = "plan_pages/steps/_questions.html"

    @classmethod
    def build(cls, section, step, values, *, formdata=None, shown_ids=None, add_row=None) -> QuestionPage:
        # A posted page keeps the questions it was shown with, so an answer that hides one loses nothing.
        if shown_ids is not None:
            shown = tuple(q for q in step.questions if q.id in shown_ids)
        else:
            shown = cls.visible(step, values)
        form_class = forms.make_page_form(shown, forms.rows_needed(shown, values, formdata, add_row))
        form = filled_form(form_class, formdata, forms.initial_data(shown, values))
        chain_fields.fill_reference_choices(form, shown, values)
        return cls(section, step, form, shown)

    @classmethod
    def show(cls, section, step, values) -> QuestionPage:
        """Shown from the saved values without a WTForms form (`shown_form`): nothing is posted, nothing to check."""
        shown = cls.visible(step, values)
        return cls(section, step, shown_form(shown, values), shown)

    @staticmethod
    def visible(step, values) -> tuple:
        return tuple(q for q in step.questions if is_visible(q, values))

    @classmethod
    def reads(cls, section, step) -> list[str] | None:
        """Its questions' answers, the answers their conditions read, the tables its reference cells choose from
        and the facts it shows from elsewhere: not the rest of the plan (tests/webapp/test_wizard_reads.py)."""
        keys = set()
        for q in step.questions:
            keys.add(q.id)
            if q.other:
                keys.add(other_key(q))
            if q.show_if is not None:
                keys.add(q.show_if.question)
            keys.update(c.refers_to for c in q.columns if c.type in REFERENCE_TYPES)
        for page in section.pages:
            if page.id == step.id:
                keys.update(k for qid in page.shows for k in (qid, f"{qid}.{OTHER_VALUE}"))
        return sorted(keys)

    @classmethod
    def reads_when_posted(cls, step, shown_ids) -> list[str] | None:
        """Posted with the questions it showed, a page reads only the tables its reference cells choose from."""
        if shown_ids is None:  # which questions are visible depends on the answers their conditions read
            return None
        return sorted({c.refers_to for q in step.questions if q.id in shown_ids for c in q.columns
                       if c.type in REFERENCE_TYPES})

    @property
    def keys(self) -> list[str]:
        keys = []
        for q in self.shown:
            keys.append(q.id)
            if q.other:
                keys.append(other_key(q))
        return keys

    def check(self, require_answers: bool) -> bool:
        return self.form.check(require_answers)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def valid_values(self) -> dict[str, Any]:
        bad = {f.name for f in self.form if f.errors or _has_row_errors(f)}
        return {k: v for k, v in self.values().items() if forms.field_name(k) not in bad}


def _has_row_errors(f) -> bool:
    return isinstance(f, forms.FieldList) and any(sub.errors for entry in f for sub in entry.form)
