"""The wizard's registries: one page class and partial per step kind, one field builder per question type."""
from dataclasses import dataclass

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment

from building_blocks import get_content
from plans.writing.sections import StepKind, steps
from webapp import create_app
from webapp.config import TestConfig
from webapp.plan_pages import forms, pages
from webapp.plan_pages.pages import PAGE_CLASSES, WizardPage, build_page, check_page_classes


def test_every_step_of_the_content_gets_the_page_class_of_its_kind(app):
    section = get_content().section("b1")
    with app.test_request_context():
        built = {s.kind: type(build_page(section, s, {})) for s in steps(section)}
    assert built == {kind: PAGE_CLASSES[kind] for kind in StepKind}
    assert len({cls.partial for cls in PAGE_CLASSES.values()}) == len(StepKind)


def test_start_up_refuses_a_step_kind_without_a_page_class(monkeypatch):
    monkeypatch.delitem(pages.PAGE_CLASSES, StepKind.LEVELS)
    with pytest.raises(RuntimeError, match="Step kinds without a wizard page class: levels"):
        create_app(TestConfig)


def test_start_up_refuses_a_page_class_whose_partial_is_missing(monkeypatch):
    monkeypatch.setattr(PAGE_CLASSES[StepKind.CHECKLIST], "partial", "plan_pages/steps/_bestaat_niet.html")
    with pytest.raises(RuntimeError, match="ChecklistPage renders with plan_pages/steps/_bestaat_niet.html"):
        create_app(TestConfig)


def test_start_up_refuses_a_question_type_without_a_field_builder(monkeypatch):
    monkeypatch.delitem(forms.FIELD_BUILDERS, "date")
    with pytest.raises(RuntimeError, match=r"without a field builder: \['date'\]"):
        create_app(TestConfig)
    monkeypatch.setitem(forms.FIELD_BUILDERS, "date", forms.FIELD_BUILDERS["short_text"])
    monkeypatch.setitem(forms.FIELD_BUILDERS, "kleur", forms.FIELD_BUILDERS["short_text"])
    with pytest.raises(RuntimeError, match=r"types the content does not have: \['kleur'\]"):
        forms.check_field_builders()


def test_a_new_kind_of_page_is_one_class_and_one_partial(app, monkeypatch):
    """As the budget pages of a later plan will be: registered, it passes the start-up check."""

    @dataclass
    class BudgetPage(WizardPage):
        kind = "budget"
        partial = "plan_pages/steps/_budget.html"

        @classmethod
        def build(cls, section, step, values, **posted):
            return cls(section, step, form=None)

        keys = property(lambda self: [])
        values = valid_values = dict

    templates = Environment(loader=ChoiceLoader([app.jinja_loader, DictLoader({BudgetPage.partial: "budget"})]))
    kinds = [*StepKind, "budget"]
    with pytest.raises(RuntimeError, match="without a wizard page class: budget"):
        check_page_classes(templates, kinds)
    monkeypatch.setitem(pages.PAGE_CLASSES, "budget", BudgetPage)
    check_page_classes(templates, kinds)
