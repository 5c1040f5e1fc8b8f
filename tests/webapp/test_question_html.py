"""The question fields written in Python (webapp/plan_pages/question_html.py) are the markup the Jinja macros and
WTForms widgets wrote before, for every question and column type of every content version, filled, empty and with
errors; user text is escaped, and nothing of one request is kept for the next."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from building_blocks import OTHER_VALUE, VERSIONS, get_content
from building_blocks.schema import REFERENCE_TYPES
from plans.writing.sections import StepKind, steps
from webapp.forms.naming import field_name
from webapp.plan_pages import question_html
from webapp.plan_pages.pages.questions import QuestionPage

# The questions macro as it was before the fields moved to Python: the oracle of the markup.
BEFORE = (Path(__file__).with_name("questions_macro_before.html")).read_text(encoding="utf-8")
HOSTILE = '<script>alert("x")</script> & \'co\''
PLAN = SimpleNamespace(id=7)


def _pages():
    for version in VERSIONS:
        for section in get_content(version).sections:
            for step in steps(section):
                if step.kind == StepKind.QUESTIONS:
                    yield pytest.param(section, step, id=f"{version}-{section.id}-{step.id}")


def _sample(item, text: str):
    if item.type in ("short_text", "long_text"):
        return f"{text} {item.id}"
    if item.type in ("integer", "year"):
        return 2026
    if item.type in ("decimal", "percentage"):
        return 12.5
    if item.type == "euro":
        return 1250
    if item.type == "date":
        return "2026-12-31"
    if item.type in ("yes_no", "choice"):
        return item.options[-1].value
    if item.type == "multi_choice":
        return [item.options[0].value] + ([OTHER_VALUE] if item.other else [])
    if item.type == "milestones":
        return [{"datum": "2027-03-31", "wat": text}]
    return None


def _values(section, text: str = HOSTILE) -> dict:
    """An answer for every question of the section, user text with markup in it; two rows per table."""
    values = {}
    for q in section.questions:
        if q.columns:
            rows = [{c.id: _sample(c, f"{text} {n}") for c in q.columns} for n in (1, 2)]
            values[q.id] = [{k: v for k, v in row.items() if v is not None} for row in rows]
        else:
            values[q.id] = _sample(q, text)
        if q.other:
            values[f"{q.id}.{OTHER_VALUE}"] = f"{text} anders"
    for q in section.questions:  # a reference cell chooses the first row of the table it refers to
        for c in q.columns:
            if c.type in REFERENCE_TYPES:
                table = next((t for t in section.questions if t.id == c.refers_to), None)
                key = table and values.get(table.id) and next(iter(values[table.id][0].values()), None)
                for row in values[q.id]:
                    row[c.id] = [key] if c.type == "references" and key else key
    return values


def _bad_post(step) -> MultiDict:
    """Everything wrong that can be typed: markup everywhere, words in numbers and dates, forged choices."""
    data = [("shown", q.id) for q in step.questions]
    for q in step.questions:
        name = field_name(q.id)
        if q.columns:
            for row in (0, 1):
                data += [(f"{name}-{row}-{c.id}", HOSTILE) for c in q.columns]
        else:
            data.append((name, HOSTILE))
        if q.other:
            data.append((field_name(f"{q.id}.{OTHER_VALUE}"), HOSTILE))
    return MultiDict(data)


def _norm(html: str) -> str:
    return re.sub(r"\s+>", ">", re.sub(r"\s+<", "<", re.sub(r">\s+", ">", str(html)))).strip()


def _render_both(app, page: QuestionPage, section, versions) -> tuple[str, str]:
    before = app.jinja_env.from_string(BEFORE).module
    old = "".join(f'<input type="hidden" name="shown" value="{q.id}">'
                  + str(before.question(q, page.form, section, versions, {}, PLAN)) for q in page.shown)
    new = question_html.render_questions(page.shown, page.form, section, versions, {}, PLAN)
    return old, str(new)


def _all_shown(section, step, values, formdata=None) -> QuestionPage:
    return QuestionPage.build(section, step, values, formdata=formdata, shown_ids=[q.id for q in step.questions])


@pytest.mark.parametrize(("section", "step"), list(_pages()))
def test_fields_are_the_markup_the_macros_wrote(app, section, step):
    values = _values(section)
    with app.test_request_context():
        filled = _all_shown(section, step, values)
        versions = {key: n for n, key in enumerate(filled.keys)}  # 0 (no history link) and higher
        old, new = _render_both(app, filled, section, versions)
        assert _norm(new) == _norm(old)

        empty = _all_shown(section, step, {}, formdata=MultiDict([("shown", q.id) for q in step.questions]))
        empty.check(require_answers=True)
        old, new = _render_both(app, empty, section, {})
        assert _norm(new) == _norm(old)

        wrong = _all_shown(section, step, values, formdata=_bad_post(step))
        valid = wrong.check(require_answers=True)  # a page of text only takes the markup as text
        old, new = _render_both(app, wrong, section, versions)
        assert valid != ('class="field-error"' in new)
        assert _norm(new) == _norm(old)


def test_every_question_and_column_type_is_compared():
    questions = [q for v in VERSIONS for s in get_content(v).sections for q in s.questions]
    types = {q.type for q in questions} | {c.type for q in questions for c in q.columns}
    assert {"short_text", "long_text", "integer", "decimal", "percentage", "euro", "date", "year", "yes_no",
            "choice", "multi_choice", "table", "action_plan", "reference", "references", "milestones"} <= types


def _page_with(app, *types):
    """The first content page that has questions or columns of all these types."""
    for param in _pages():
        section, step = param.values
        found = {q.type for q in step.questions} | {c.type for q in step.questions for c in q.columns}
        if set(types) <= found:
            return section, step
    raise AssertionError(types)


def test_posted_text_and_messages_quoting_it_are_escaped(app):
    section, step = _page_with(app, "short_text", "reference")
    with app.test_request_context():
        page = _all_shown(section, step, _values(section, "ok"), formdata=_bad_post(step))
        page.check(require_answers=True)
        html = str(question_html.render_questions(page.shown, page.form, section, {}, {}, PLAN))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;" in html
    # A forged reference is named in its message ("‘…’ staat niet (meer) in de tabel"): as text.
    assert "‘&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;’ staat niet" in html


def test_nothing_of_one_request_is_kept_for_the_next(app):
    section, step = _page_with(app, "short_text", "table", "integer")
    with app.test_request_context():
        first = _all_shown(section, step, _values(section, "Geheim van plan A"), formdata=_bad_post(step))
        first.check(require_answers=True)
        question_html.render_questions(first.shown, first.form, section, {}, {}, PLAN)
        second = _all_shown(section, step, _values(section, "Plan B"))
        html = str(question_html.render_questions(second.shown, second.form, section, {}, {}, PLAN))
    assert "Geheim van plan A" not in html and "alert" not in html
    assert 'class="field-error"' not in html and "field--error" not in html and "aria-invalid" not in html
    assert "Plan B" in html
    cached = repr(list(question_html._STATIC.values()))
    assert "Geheim van plan A" not in cached and "Plan B" not in cached and "alert" not in cached


def test_the_cached_words_are_kept_per_locale(app, monkeypatch):
    section, step = _page_with(app, "integer")
    with app.test_request_context():
        page = _all_shown(section, step, {})
        dutch = str(question_html.render_questions(page.shown, page.form, section, {}, {}, PLAN))
        monkeypatch.setattr(question_html, "get_locale", lambda: "en")
        monkeypatch.setattr(question_html, "_", lambda text: f"EN {text}")
        other = str(question_html.render_questions(page.shown, page.form, section, {}, {}, PLAN))
        monkeypatch.undo()
        again = str(question_html.render_questions(page.shown, page.form, section, {}, {}, PLAN))
    assert "(optioneel)" in dutch and "(EN optioneel)" in other and "(optioneel)" not in other
    assert again == dutch


def test_a_textarea_keeps_the_newline_the_widget_wrote(app):
    section, step = next(p.values for p in _pages() if any(q.type == "long_text" for q in p.values[1].questions))
    with app.test_request_context():
        page = _all_shown(section, step, {q.id: "eerste regel" for q in step.questions})
        html = str(question_html.render_questions(page.shown, page.form, section, {}, {}, PLAN))
    assert re.search(r'<textarea [^>]*data-autosave-url="/plannen/7/autosave"[^>]*>\r\neerste regel</textarea>', html)



def _first_options(section, text: str = HOSTILE) -> dict:
    """As `_values`, choosing the first option everywhere: conditions that the last option hid now show."""
    values = _values(section, text)
    for q in section.questions:
        if q.options and q.type != "multi_choice":
            values[q.id] = q.options[0].value
    return values


def _odd(section, not_a_row: bool = True) -> dict:
    """Saved values as older saves or imports left them: padded text, numbers as text, a float year, one row
    that is not a row, a padded choice (checked: the form strips it), a choice that is no longer an option."""
    values = _values(section, "  met spaties  ")
    for q in section.questions:
        if q.type in ("integer", "euro"):
            values[q.id] = " 12 "
        elif q.type == "year":
            values[q.id] = 2026.0
        elif q.type in ("choice", "yes_no"):
            values[q.id] = f" {q.options[0].value} " if len(q.id) % 2 else "weg"
        elif q.columns:
            values[q.id] = [*values[q.id], *(["geen rij"] if not_a_row else []), {}]
    return values


def _shown_and_built(section, step, values) -> tuple[QuestionPage, QuestionPage]:
    return QuestionPage.show(section, step, values), QuestionPage.build(section, step, values)


@pytest.mark.parametrize(("section", "step"), list(_pages()))
def test_a_page_shown_without_a_form_is_the_markup_of_the_built_page(app, section, step):
    """A GET without a draft renders from the saved values (`shown_form`), not from a WTForms form: the same
    questions, the same markup, byte for byte, filled, empty, with conditions both ways and odd saved values."""
    with app.test_request_context():
        for values in (_values(section), _first_options(section), _odd(section), {}):
            shown, built = _shown_and_built(section, step, values)
            assert shown.shown == built.shown and shown.keys == built.keys
            assert not shown.form.error_list
            versions = {key: n for n, key in enumerate(built.keys)}
            assert (str(question_html.render_questions(shown.shown, shown.form, section, versions, {}, PLAN))
                    == str(question_html.render_questions(built.shown, built.form, section, versions, {}, PLAN)))


def test_a_prefilled_figure_shows_as_in_the_built_form(app):
    """prefill_page sets the data of a field after the page is built (region figures): shown, it is formatted
    as the NumberField formats it ("1.234.567" and "312,5"; a whole number as it is)."""
    numbers = ("integer", "decimal", "euro", "percentage", "year")
    pages = [p.values for p in _pages() if any(q.type in numbers for q in p.values[1].questions)]
    seen = ""
    with app.test_request_context():
        for section, step in pages:
            shown, built = _shown_and_built(section, step, {})
            for page in (shown, built):
                for n, q in enumerate(q for q in page.shown if q.type in numbers):
                    page.form[field_name(q.id)].data = 1234567 if n % 2 else 312.5
            html = str(question_html.render_questions(shown.shown, shown.form, section, {}, {}, PLAN))
            assert html == str(question_html.render_questions(built.shown, built.form, section, {}, {}, PLAN))
            seen += html
    assert 'value="312,5"' in seen and 'value="1.234.567"' in seen


def test_a_shown_page_keeps_nothing_of_one_request_for_the_next(app):
    section, step = _page_with(app, "short_text", "table", "reference")
    with app.test_request_context():
        first = QuestionPage.show(section, step, _values(section, "Geheim van plan A"))
        question_html.render_questions(first.shown, first.form, section, {}, {}, PLAN)
        second = QuestionPage.show(section, step, _values(section, "Plan B"))
        html = str(question_html.render_questions(second.shown, second.form, section, {}, {}, PLAN))
    assert "Geheim van plan A" not in html and "Plan B" in html
    cached = repr(list(question_html._STATIC.values()))
    assert "Geheim van plan A" not in cached and "Plan B" not in cached


def test_numbers_are_written_as_babel_writes_them(app):
    from flask_babel import format_decimal

    from webapp.plan_pages.fields import NUMBER_FORMAT, format_number

    samples = [0, 1, -1, 7, 999, 1000, -1234, 12345, 654321, 1234567, -98765432, 10**15 - 1, 10**18, 12.5, 0.1,
               -0.005, 1250.75, 312.5, 1e20, 2.675, Decimal("1.005")]
    with app.test_request_context():
        for value in samples:
            assert format_number(value, whole=False) == format_decimal(value, format=NUMBER_FORMAT), value
            assert format_number(value, whole=True) == str(value)
