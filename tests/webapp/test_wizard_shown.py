"""A question page GET without a draft is rendered from the saved answers, without a WTForms form
(`QuestionPage.show`, `shown_form`); the whole page must be what the page built with a form showed, on every
question page of every content version: answered, unanswered with prefilled reference figures, with
conditions both ways, with odd saved values and with a draft."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from building_blocks import VERSIONS, get_content
from plans.regionfigures.importer import import_figures
from plans.writing import editing
from plans.writing.sections import StepKind, steps
from tests.webapp.test_question_html import _first_options, _odd, _values
from webapp.plan_pages import views
from webapp.plan_pages.pages import build_page
from webapp.plan_pages.shown_form import ShownForm

FIGURES = Path(__file__).parents[1] / "plans" / "fixtures" / "region_figures_good.csv"


def _without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)


def _question_pages(content):
    return [(s, st) for s in content.sections for st in steps(s) if st.kind == StepKind.QUESTIONS]


def _both_ways(client, monkeypatch, url: str) -> tuple[str, str]:
    shown = client.get(url)
    assert shown.status_code == 200, url
    with monkeypatch.context() as patch:
        patch.setattr(views, "show_page", build_page)  # the page as it was built before: with a form
        built = client.get(url)
    return _without_token(shown.get_data(as_text=True)), _without_token(built.get_data(as_text=True))


@pytest.mark.parametrize("version", VERSIONS)
def test_a_page_shown_without_a_form_is_the_page_built_with_one(client, auth, factories, monkeypatch, version):
    content = get_content(version)
    import_figures(FIGURES.read_bytes(), "good.csv")  # an unanswered region profile is prefilled
    org = factories.organisation("Zorggroep Tonen")
    user = factories.member(org, "bestuurder", email="bestuurder@tonen.nl")
    plans = [editing.create_plan(org, f"Regioplan {n}", 2026, 2029, user, content_version=version)
             for n in range(4)]
    for section in content.sections:
        editing.save_values(plans[1], section.id, _values(section, "Antwoord"), None, user)
        editing.save_values(plans[2], section.id, _first_options(section, "Eerste"), None, user)
        editing.save_values(plans[3], section.id, _odd(section, not_a_row=False), None, user)
    auth.login(user)
    prefilled = 0
    for plan in plans:
        for section, step in _question_pages(content):
            shown, built = _both_ways(client, monkeypatch, f"/plannen/{plan.id}/{section.slug}/{step.id}")
            assert shown == built, (plan.title, section.id, step.id)
            prefilled += 'id="referentiecijfers"' in shown
    assert prefilled, "some page showed prefilled reference figures"


def test_a_draft_page_is_built_with_its_form_and_shows_what_was_typed(client, auth, factories, monkeypatch):
    content = get_content()
    org = factories.organisation("Zorggroep Concept")
    user = factories.member(org, "bestuurder", email="bestuurder@concept.nl")
    plan = editing.create_plan(org, "Regioplan Concept", 2026, 2029, user)
    section, step = next((s, st) for s, st in _question_pages(content)
                         if any(q.type == "integer" for q in st.questions))
    question = next(q for q in step.questions if q.type == "integer")
    typed = {"shown": [q.id for q in step.questions], f"q_{question.id}": ["veel"]}
    editing.save_draft(plan, section.id, step.id, typed, user)
    auth.login(user)
    seen = []
    with monkeypatch.context() as patch:
        patch.setattr(views, "show_page", lambda *args: seen.append(args) or pytest.fail("a draft is not shown"))
        html = client.get(f"/plannen/{plan.id}/{section.slug}/{step.id}").get_data(as_text=True)
    assert not seen and 'value="veel"' in html and "field-error" in html


def test_a_shown_page_has_no_form_object(app):
    section, step = _question_pages(get_content())[0]
    page = views.show_page(section, step, {})
    assert isinstance(page.form, ShownForm) and not page.form.error_list
