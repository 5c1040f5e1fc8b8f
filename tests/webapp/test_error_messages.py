"""Errors on every generated wizard page, as the GOV.UK and NL Design System validation pattern asks:
each message inline next to its field and in the summary (naming the field), each summary link and each
aria-describedby id present, "Fout: " in the title, and no English anywhere, also when a draft is reopened."""
import re

import pytest

from building_blocks import get_content
from plans.accounts import people
from plans.models import Organisation, Region
from plans.writing import editing
from plans.writing.sections import StepKind, other_key, steps
from tests.conftest import page
from tests.factories import Factories
from webapp.extensions import db, limiter
from webapp.forms.naming import field_name

VERSIONS = ("2026.1", "2026.2")
ENGLISH = re.compile(r"CSRF|This field|Not a valid|Invalid|is required|must be|Field must", re.IGNORECASE)
# Input that no field of the type can read or accept; None for a type that takes any text.
BAD = {"integer": "ongeveer 300 duizend", "year": "twintig", "percentage": "veel", "euro": "een ton",
       "decimal": "zeven", "date": "31-02-2026", "yes_no": "vervalst", "choice": "vervalst",
       "multi_choice": "vervalst"}


def _bad_text(length: int) -> str:
    return "x" * (length + 1)


def bad_input(section, step) -> dict:
    """A post of `step` with every field given input it must refuse."""
    data = {"action": "continue"}
    if step.kind == StepKind.CHECKLIST:
        return {**data, **{f"status_{item.id}": "vervalst" for item in section.checklist},
                f"evidence_{section.checklist[0].id}": _bad_text(2000)}
    if step.kind == StepKind.LEVELS:
        return {**data, "current": "x", "target": "²"}
    data["shown"] = [q.id for q in step.questions]
    for q in step.questions:
        name = field_name(q.id)
        if q.type in ("table", "action_plan"):
            for column in q.columns:
                data[f"{name}-0-{column.id}"] = BAD.get(column.type) or _bad_text(q.max_length or 20000)
        else:
            data[name] = BAD.get(q.type) or _bad_text(q.max_length)
        if q.other:
            data[field_name(other_key(q))] = _bad_text(200)
    return data


def inline_message(html, target: str):
    """The inline error of the field a summary link goes to (a radio group's first option, a table's first cell)."""
    for candidate in (target, re.sub(r"-0$", "", target), re.sub(r"-0-[a-z0-9_]+$", "", target)):
        found = html.find(id=f"{candidate}-error")
        if found:
            return re.sub(r"\s+", " ", found.get_text(" ")).strip().removeprefix("Fout:").strip()
    return None


def assert_errors_shown_twice(html, where: str) -> None:
    assert html.title.string.startswith("Fout: "), where
    summary = html.select(".error-summary a")
    assert summary, f"{where}: bad input gives an error summary"
    for link in summary:
        target = link["href"].removeprefix("#")
        assert html.find(id=target), f"{where}: the summary links to #{target}, which does not exist"
        inline = inline_message(html, target)
        assert inline, f"{where}: '{link.text}' has no inline message next to #{target}"
        text = link.text.strip()
        assert any(text.lower().endswith(part.lower()) for part in [inline, *inline.split(". ")]) or \
            inline.lower() in text.lower(), f"{where}: summary '{text}' and inline '{inline}' differ"
    for error in html.select(".field-error"):
        assert error.get("id", "").endswith("-error"), f"{where}: an inline error without id"
    assert len(summary) >= len(html.select(".field-error")), f"{where}: an inline error missing from the summary"
    assert not ENGLISH.search(html.get_text(" ")), f"{where}: English text {ENGLISH.search(html.get_text(' '))}"


@pytest.fixture
def editor_plan(factories, request):
    org = factories.organisation("Zorggroep Fouten")
    user = factories.member(org, "bestuurder", email="fouten@example.nl")
    plan = editing.create_plan(org, "Regioplan Fouten", 2026, 2029, user)
    plan.content_version = request.param
    db.session.flush()
    return plan, user


@pytest.mark.parametrize("editor_plan", VERSIONS, indirect=True, ids=VERSIONS)
def test_every_page_shows_each_error_inline_and_in_the_summary(client_request, auth, editor_plan):
    plan, user = editor_plan
    auth.login(user)
    content = get_content(plan.content_version)
    checked = 0
    for section in content.sections:
        for step in steps(section):
            url = f"/plannen/{plan.id}/{section.slug}/{step.id}"
            # post_page checks every aria-describedby id and every duplicate id on the way.
            posted = client_request.post_page(url, bad_input(section, step), status=200)
            assert_errors_shown_twice(posted.html, url)
            reopened = client_request.get_page(url)  # the page was kept as a draft with its errors
            assert_errors_shown_twice(reopened.html, f"{url} (draft)")
            checked += 1
    assert checked == sum(len(steps(s)) for s in content.sections)


def test_a_reopened_draft_shows_no_csrf_message_when_tokens_are_checked(csrf_app):
    limiter.reset()
    with csrf_app.app_context():
        org = Organisation(name="Zorggroep Concept", region=db.session.scalar(db.select(Region).limit(1)))
        db.session.add(org)
        editor = people.create_user("concept@example.nl", "E", password=Factories.PASSWORD)
        people.add_membership(editor, org, "bestuurder")
        plan = editing.create_plan(org, "Plan", 2026, 2029, editor)
        db.session.commit()
        section = get_content().section("b1")
        url = f"/plannen/{plan.id}/{section.slug}/{section.pages[0].id}"
    client = csrf_app.test_client()
    token = page(client.get("/inloggen")).select_one("input[name=csrf_token]")["value"]
    client.post("/inloggen", data={"email": "concept@example.nl", "password": Factories.PASSWORD, "csrf_token": token})
    token = page(client.get(url)).select_one("input[name=csrf_token]")["value"]
    saved = client.post(url, data={"q_b1_inwoners": "ongeveer 300 duizend", "action": "later", "csrf_token": token})
    assert saved.status_code == 200
    reopened = page(client.get(url))
    summary = [a.text for a in reopened.select(".error-summary a")]
    assert summary == ["Hoeveel inwoners telt het werkgebied van uw organisatie? Vul een heel getal in, zoals 1250"]
    assert "CSRF" not in reopened.get_text() and not reopened.select('a[href="#csrf_token"]')


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Jaartallen")
    user = factories.member(org, "bestuurder", email="jaartallen@example.nl")
    plan = editing.create_plan(org, "Regioplan Jaartallen", 2026, 2029, user)
    plan.editor = user
    return plan


def test_years_in_messages_are_written_as_years_and_amounts_with_points(client_request, auth, plan):
    auth.login(plan.editor)
    b2, b1 = get_content().section("b2"), get_content().section("b1")
    his = client_request.post_page(f"/plannen/{plan.id}/{b2.slug}/basis-op-orde", {
        "q_b2_his-0-his": "HIS A", "q_b2_his-0-praktijken": "84", "q_b2_his-0-contract_tot": "1980",
        "action": "later"}, status=200)
    assert his.select_one("#q_b2_his-0-contract_tot-error").text.endswith("Vul een jaartal in tussen 1990 en 2100")
    big = client_request.post_page(f"/plannen/{plan.id}/{b1.slug}/{b1.pages[0].id}",
                                   {"q_b1_inwoners": "6000000", "action": "later"}, status=200)
    assert big.select_one("#q_b1_inwoners-error").text.endswith("Vul een getal in tussen 0 en 5.000.000")


def test_a_year_in_words_says_what_is_wrong_not_that_it_is_empty(client_request, auth, plan):
    auth.login(plan.editor)
    response = client_request.post_page(f"/organisaties/{plan.organisation.id}/plannen/nieuw",
                                        {"title": "Regioplan", "period_start": "twintig", "period_end": "2029"},
                                        status=200)
    assert response.select_one("#period_start-error").text.endswith("Vul een jaartal in met vier cijfers, zoals 2026")
    assert [a.text for a in response.select(".error-summary a")] == [
        "Eerste jaar: vul een jaartal in met vier cijfers, zoals 2026"]
    assert "Vul het eerste jaar in" not in response.text


def test_wtforms_messages_are_dutch_from_a_catalogue_read_once(app, monkeypatch):
    """Flask-WTF read WTForms' catalogue from disk for every request that built a form; BaseForm keeps one."""
    from babel import support
    from wtforms import IntegerField

    from webapp.forms.base import BaseForm

    class NumberForm(BaseForm):
        n = IntegerField("Aantal")

    NumberForm(meta={"csrf": False})  # the catalogue may be read once, by the first form of the process
    loads = []
    original = support.Translations.load
    monkeypatch.setattr(support.Translations, "load", lambda *a, **k: loads.append(a) or original(*a, **k))
    for _ in range(2):
        with app.test_request_context(method="POST", data={"n": "veel"}):
            form = NumberForm(meta={"csrf": False})
            assert not form.validate()
            assert form.n.errors == ["Ongeldig getal."]
    assert loads == []
