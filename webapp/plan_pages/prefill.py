"""Region-profile questions without an answer are prefilled from the reference figures (still editable)."""
from __future__ import annotations

from plans.regionfigures.reference import Reference, prefills
from plans.writing.sections import StepKind
from webapp.forms.naming import field_name


def prefill_page(plan, page, values) -> dict[str, Reference]:
    """Put reference figures into the empty fields of a freshly built question page; returns what was filled."""
    if page.step.kind != StepKind.QUESTIONS:
        return {}
    filled = prefills(plan, page.shown, values)
    for question_id, reference in filled.items():
        page.form[field_name(question_id)].data = reference.value
    return filled
