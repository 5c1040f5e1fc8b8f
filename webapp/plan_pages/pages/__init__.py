"""Wizard pages, one class and one template partial per kind of step, chosen from a registry.

A new kind of step is added by writing its page class (a `WizardPage`) with its partial and listing
the class in PAGE_CLASSES; start-up refuses a step kind of the domain without both.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, TemplateNotFound
from werkzeug.datastructures import MultiDict

from building_blocks.schema import Section
from plans.writing.sections import Step, StepKind
from webapp.plan_pages.pages.base import WizardPage
from webapp.plan_pages.pages.checklist import ChecklistPage
from webapp.plan_pages.pages.levels import LevelsPage
from webapp.plan_pages.pages.questions import QuestionPage

PAGE_CLASSES: dict[StepKind, type[WizardPage]] = {cls.kind: cls for cls in (QuestionPage, ChecklistPage, LevelsPage)}

__all__ = ["PAGE_CLASSES", "WizardPage", "build_page", "check_page_classes", "reads", "reads_when_posted",
           "show_page"]


def build_page(section: Section, step: Step, values: dict[str, Any], *, formdata: MultiDict | None = None,
               shown_ids: list[str] | None = None, add_row: str | None = None) -> WizardPage:
    """The page of `step` with its form, filled from `formdata` (a post or a draft) or else from saved values."""
    return PAGE_CLASSES[step.kind].build(section, step, values, formdata=formdata, shown_ids=shown_ids,
                                         add_row=add_row)


def show_page(section: Section, step: Step, values: dict[str, Any]) -> WizardPage:
    """The page of `step` as a GET without a draft shows it: the same markup as `build_page` from the values."""
    return PAGE_CLASSES[step.kind].show(section, step, values)


def reads(section: Section, step: Step) -> list[str] | None:
    """The saved answers the page of `step` needs to be shown (None: all)."""
    return PAGE_CLASSES[step.kind].reads(section, step)


def reads_when_posted(step: Step, shown_ids: list[str] | None) -> list[str] | None:
    """The saved answers the page of `step` needs when it is built from posted data (None: all)."""
    return PAGE_CLASSES[step.kind].reads_when_posted(step, shown_ids)


def check_page_classes(templates: Environment, kinds: Iterable[str] = StepKind) -> None:
    """At start-up (as Indico's `_check_field_definitions`): every step kind has a page class and its partial."""
    missing = [str(kind) for kind in kinds if kind not in PAGE_CLASSES]
    if missing:
        raise RuntimeError(f"Step kinds without a wizard page class: {', '.join(missing)}")
    for kind, cls in PAGE_CLASSES.items():
        if cls.kind != kind:
            raise RuntimeError(f"{cls.__name__} is registered for step kind {kind}, but is for {cls.kind}")
        try:
            templates.get_template(cls.partial)
        except TemplateNotFound as exc:
            raise RuntimeError(f"{cls.__name__} renders with {cls.partial}, which does not exist") from exc
