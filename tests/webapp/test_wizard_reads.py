"""A question page reads only the answers it needs (QuestionPage.reads); it must show what it showed with all of
them, on every question page of every content version, with every section answered."""
from __future__ import annotations

import re

import pytest

from building_blocks import VERSIONS, get_content
from plans.writing import editing
from plans.writing.sections import StepKind, steps
from tests.webapp.test_question_html import _values
from webapp.plan_pages import views


def _without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_page_shows_the_same_with_only_the_answers_it_reads(client, auth, factories, monkeypatch, version):
    content = get_content(version)
    org = factories.organisation("Zorggroep Lezen")
    user = factories.member(org, "bestuurder", email="bestuurder@lezen.nl")
    plan = editing.create_plan(org, "Regioplan Lezen", 2026, 2029, user, content_version=version)
    for section in content.sections:
        editing.save_values(plan, section.id, _values(section, "Antwoord"), None, user)
    auth.login(user)
    pages = [(s, st) for s in content.sections for st in steps(s) if st.kind == StepKind.QUESTIONS]
    for section, step in pages:
        url = f"/plannen/{plan.id}/{section.slug}/{step.id}"
        partial = client.get(url)
        assert partial.status_code == 200
        with monkeypatch.context() as patch:
            patch.setattr(views, "reads", lambda section, step: None)
            everything = client.get(url)
        assert _without_token(partial.get_data(as_text=True)) == _without_token(everything.get_data(as_text=True)), url


def test_some_content_version_shows_facts_from_elsewhere():
    assert any(p.shows for v in VERSIONS for s in get_content(v).sections for p in s.pages)
