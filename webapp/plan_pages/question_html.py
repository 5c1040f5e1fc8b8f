"""The HTML of a question page's fields, written here instead of in Jinja macros and WTForms widget calls.

A page of tables is a few hundred attributes; through macros and `html_params` that was most of the request.
What depends only on the content and the locale (labels, hints, ids, names, option lists, the Dutch words) is
rendered once per question object and locale and kept (`_STATIC`). Each request fills in only what belongs to
it: values, checked and selected, error messages and versions, every one of them escaped here. Nothing of a
request is ever kept. The markup is what the macros and widgets wrote (attributes in WTForms' sorted order);
`tests/webapp/test_question_html.py` compares both for every question type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from threading import Lock
from typing import Any

from flask import get_template_attribute, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from webapp.forms.base import messages
from webapp.forms.naming import field_name

TABLE_TYPES = {"table", "action_plan"}
CHOICE_TYPES = {"yes_no", "choice", "multi_choice"}
TEXTAREA_TYPES = {"long_text", "milestones"}
SELECT_TYPES = {"choice", "yes_no", "reference"}
# Where a table row's index and the plan's autosave URL go in cached HTML (content ids are [a-z0-9_]).
ROW = "\x00"
AUTOSAVE_URL = "\x01"
MAX_ENTRIES = 4096
_PLAIN_KEY = re.compile(r"[a-z0-9_.]+")
_KEY_SLOT = "sleutel0plek"  # where a history link's key goes: plain letters, which url_for leaves as they are


def _t(text: str, **variables) -> Markup:
    """As `_()` in a template: the translation is markup, its variables are escaped."""
    return Markup(_(text)) % variables


def _input_kind(kind: str) -> tuple[str, str]:
    """The class suffix and the fixed attributes the old `_input` macro gave each kind, as attribute text."""
    if kind in ("integer", "year"):
        return " input--10", 'inputmode="numeric"'
    if kind in ("decimal", "percentage", "euro"):
        return " input--10", 'inputmode="decimal"'
    if kind == "date":
        return " input--10", ""
    return "", ""


def _unit(kind: str) -> tuple[str, str]:
    if kind == "euro":
        return '<span class="input-unit"><span class="input-prefix" aria-hidden="true">€</span>', "</span>"
    if kind == "percentage":
        return '<span class="input-unit">', '<span class="input-suffix" aria-hidden="true">%</span></span>'
    return "", ""


@dataclass(frozen=True)
class _Control:
    """One input, textarea or select of a kind, with `ROW` where a table cell's row index goes."""

    tag: str  # input, textarea or select
    css: str  # class suffix after "input" and the error class
    rest: str  # the attributes after class, pre-escaped, sorted as WTForms sorts them
    before: str = ""
    after: str = ""
    options: tuple[tuple[str, str, str], ...] = ()  # (value, html unselected, html selected) of a select

    @classmethod
    def build(cls, kind: str, field_id: str, extra: dict[str, str] | None = None, choices=()) -> _Control:
        suffix, fixed = _input_kind(kind)
        attrs = {"id": f'id="{field_id}"', "name": f'name="{field_id}"'}
        if fixed:
            attrs["inputmode"] = fixed
        for key, value in (extra or {}).items():
            attrs[key] = f'{key}="{escape(value)}"'
        if kind in TEXTAREA_TYPES:
            tag = "textarea"
            attrs.setdefault("rows", 'rows="6"' if kind == "long_text" else "")
        elif kind in SELECT_TYPES:
            tag = "select"
        else:
            tag = "input"
            attrs["type"] = 'type="date"' if kind == "date" else 'type="text"'
        rest = " ".join(v for _k, v in sorted(attrs.items()) if v)
        before, after = _unit(kind)
        return cls(tag, suffix, rest, before, after, tuple(_option(c) for c in choices))

    def render(self, field, described: str, row: str = "") -> str:
        errors = field.errors
        head = f'aria-describedby="{described}" ' if described else ""
        if errors:
            head += f'aria-invalid="true" class="input input--error{self.css}" '
        else:
            head += f'class="input{self.css}" '
        rest = self.rest.replace(ROW, row) if row else self.rest
        if self.tag == "input":
            html = f'<input {head}{rest} value="{escape(field._value())}">'
        elif self.tag == "textarea":
            html = f"<textarea {head}{rest}>\r\n{escape(field._value())}</textarea>"
        else:
            html = f"<select {head}{rest}>{_options(self.options, field)}</select>"
        return f"{self.before}{html}{self.after}" if self.before else html


def _option(choice) -> tuple[str, str, str]:
    value = escape(choice.value)
    label = escape(str(choice.label or choice.value))
    return choice.value, f'<option value="{value}">{label}</option>', f'<option selected value="{value}">{label}</option>'


def _options(options, field) -> str:
    """The select's options, `selected` as WTForms sets it; a select without cached options (a reference to the
    plan's own rows) renders its field's current choices."""
    if not options:
        options = [_option(c) for c in field.choices or ()]
    coerce, data = field.coerce, field.data
    return "".join(on if coerce(value) == data else off for value, off, on in options)


@dataclass(frozen=True)
class _Item:
    """A radio or checkbox of a question, with and without `checked`."""

    value: str
    off: str
    on: str


def _items(field, kind: str) -> tuple[_Item, ...]:
    multi = kind == "multi_choice"
    item, box, lab, typ = (("checkboxes__item", "checkboxes__input", "checkboxes__label", "checkbox") if multi
                           else ("radios__item", "radios__input", "radios__label", "radio"))
    result = []
    for i, choice in enumerate(field.choices):
        option_id = f"{field.id}-{i}"
        rest = (f'class="{box}" id="{option_id}" name="{field.name}" type="{typ}" value="{escape(choice.value)}">'
                f'<label class="{lab}" for="{option_id}">{escape(str(choice.label or choice.value))}</label></div>')
        result.append(_Item(choice.value, f'<div class="{item}"><input {rest}', f'<div class="{item}"><input checked {rest}'))
    return tuple(result)


@dataclass(frozen=True)
class _Column:
    id: str
    type: str
    open: str  # the cell's opening tag without its error class, up to `class="… `
    label: str
    control: _Control | None  # None: a references column (checkboxes of the plan's rows)


@dataclass(frozen=True)
class _Static:
    """Everything of one question's HTML that depends on the content and the locale only."""

    field_id: str
    head: str  # legend or label, hint
    described: str  # the hint's id when there is a hint
    words: dict[str, Any]
    control: _Control | None = None
    items: tuple[_Item, ...] = ()
    items_open: str = ""
    other: _Control | None = None
    columns: tuple[_Column, ...] = ()


_STATIC: dict[tuple[int, str], tuple[Any, _Static]] = {}
_LOCK = Lock()


def _static(question, field, locale: str) -> _Static:
    """The cached HTML of `question`; the entry keeps the question alive, so its identity is never reused."""
    key = (id(question), locale)
    found = _STATIC.get(key)
    if found is None or found[0] is not question or found[1].field_id != field.id:
        with _LOCK:
            if len(_STATIC) >= MAX_ENTRIES:
                _STATIC.clear()
            found = _STATIC[key] = (question, _build_static(question, field))
    return found[1]


def _build_static(q, field) -> _Static:
    fid = field.id
    optional = _t("optioneel")
    label = escape(q.label) + (Markup(" (%s)") % optional if not q.required else "")
    hint = ""
    if q.hint or q.example:
        example = Markup(' <span class="example">%s</span>') % _t("Bijvoorbeeld: %(example)s", example=q.example)
        hint = f'<div class="hint" id="{fid}-hint">{escape(q.hint or "")}{example if q.example else ""}</div>'
    words = {"error": _t("Fout:"), "optional": optional, "history": _t("Geschiedenis"), "of": _t("van"),
             "label": escape(q.label)}
    described = f"{fid}-hint" if hint else ""
    if q.type in TABLE_TYPES:
        action = q.type == "action_plan"
        # The row's legend, as PageForm.row_name words it (lazily, which looked it up again for every row).
        words.update(row=_("Actie %(n)d") if action else _("Rij %(n)d"),
                     remove=Markup(_("Verwijder actie %(n)d") if action else _("Verwijder rij %(n)d")),
                     add=_t("Nog een actie toevoegen") if action else _t("Nog een rij toevoegen"),
                     nothing=_t("Nog niets om uit te kiezen: vul eerst de tabel in waaruit u kiest."))
        head = f'<legend class="fieldset__legend">{label}</legend>{hint}'
        entries = list(field)
        columns = tuple(_column(c, entries[0].form[c.id] if entries else None, fid, optional) for c in q.columns)
        return _Static(fid, head, described, words, columns=columns)
    if q.type in CHOICE_TYPES:
        css = "checkboxes" if q.type == "multi_choice" else "radios"
        inline = " radios--inline" if q.type == "yes_no" else ""
        other = None
        if q.other:
            words.update(other=_t("Anders, namelijk"))
            other = _Control.build("short_text", field_name(f"{q.id}.anders"))
        return _Static(fid, f'<legend class="fieldset__legend">{label}</legend>{hint}', described, words,
                       items=_items(field, q.type), items_open=f'<div class="{css}{inline}">', other=other)
    extra = {"data-autosave": q.id, "data-autosave-url": AUTOSAVE_URL} if q.type == "long_text" else None
    return _Static(fid, f'<label class="label" for="{fid}">{label}</label>{hint}', described, words,
                   control=_Control.build(q.type, fid, extra))


def _column(column, sub, table_id: str, optional: Markup) -> _Column:
    cell_id = f"{table_id}-{ROW}-{column.id}"
    if column.type == "references":
        label = f'<p class="label" id="{cell_id}-label">{escape(column.label)} <span class="hint">({optional})</span></p>'
        control = None
    else:
        hint = "" if column.required else f' <span class="hint">({optional})</span>'
        label = f'<label class="label" for="{cell_id}">{escape(column.label)}{hint}</label>'
        extra = {"rows": "3"} if column.type in TEXTAREA_TYPES else None
        # A reference column's options are the plan's rows: they come from the field on each request.
        static_choices = sub.choices if column.type in ("choice", "yes_no") and sub is not None else ()
        control = _Control.build(column.type, cell_id, extra, static_choices)
    return _Column(column.id, column.type, f'<div class="table-row__field table-row__field--{column.type}', label,
                   control)


def field_error(field, word: str) -> str:
    """The inline message(s) of a field, in the element its aria-describedby names. Escaped as text: a message
    may quote what was posted."""
    found = messages(field.errors)
    if not found:
        return ""
    text = " ".join(str(escape(str(m))) for m in found)
    return f'<p class="field-error" id="{field.id}-error"><span class="visually-hidden">{word}</span> {text}</p>'


class _Page:
    """One rendering of a page's questions: the request's form, versions and conflicts, never kept."""

    def __init__(self, form, section, versions, conflicts, plan):
        self.form, self.section, self.versions, self.conflicts, self.plan = form, section, versions, conflicts, plan
        self.locale = str(get_locale())
        self._autosave_url = None
        self._history = None

    def question(self, q) -> str:
        f = self.form[field_name(q.id)]
        st = _static(q, f, self.locale)
        words = st.words
        errors = f.errors
        described = st.described
        if messages(errors):
            described = f"{described} {st.field_id}-error" if described else f"{st.field_id}-error"
        out = [f'<div class="field question{" field--error" if errors else ""}" id="{q.id}">',
               self._base(q.id), self._conflict(q.id)]
        if q.type in TABLE_TYPES or q.type in CHOICE_TYPES:
            out.append(f'<fieldset class="fieldset" aria-describedby="{described}">' if described
                       else '<fieldset class="fieldset">')
            out += [st.head, field_error(f, words["error"])]
            out.append(self._rows(q, f, st) if q.type in TABLE_TYPES else self._choices(q, f, st))
            out.append("</fieldset>")
        else:
            out += [st.head, field_error(f, words["error"]), self._control(q, f, st, described)]
            if q.type == "long_text":
                out.append(f'<p class="autosave-status hint" aria-live="polite" data-autosave-status="{q.id}"></p>')
        if self.versions.get(q.id, 0) > 0:
            url = self._history_url(q.id)
            out.append(f'<p class="history-link"><a href="{url}">{words["history"]}<span class="visually-hidden">'
                       f' {words["of"]} {words["label"]}</span></a></p>')
        out.append("</div>")
        return "".join(out)

    def _history_url(self, key: str) -> str:
        """The page's history links from one `url_for`: a content key ([a-z0-9_.]) needs no quoting in a path."""
        if not _PLAIN_KEY.fullmatch(key):
            return str(escape(url_for("plan_pages.history", plan_id=self.plan.id, key=key)))
        if self._history is None:
            self._history = str(escape(url_for("plan_pages.history", plan_id=self.plan.id, key=_KEY_SLOT)))
        return self._history.replace(_KEY_SLOT, key, 1)

    def _base(self, key: str) -> str:
        return f'<input type="hidden" name="base__{key}" value="{escape(self.versions.get(key, 0))}">'

    def _conflict(self, key: str) -> str:
        if not self.conflicts.get(key):
            return ""
        box = get_template_attribute("macros/questions.html", "conflict_box")
        return str(box(self.section, key, self.conflicts))

    def _control(self, q, f, st: _Static, described: str) -> str:
        html = st.control.render(f, described)
        if q.type == "long_text":
            if self._autosave_url is None:
                self._autosave_url = str(escape(url_for("plan_pages.autosave", plan_id=self.plan.id)))
            html = html.replace(AUTOSAVE_URL, self._autosave_url, 1)
        return html

    def _choices(self, q, f, st: _Static) -> str:
        coerce = f.coerce
        if q.type == "multi_choice":
            chosen = f.data or ()
            items = [i.on if coerce(i.value) in chosen else i.off for i in st.items]
        else:
            items = [i.on if coerce(i.value) == f.data else i.off for i in st.items]
        out = [st.items_open, *items, "</div>"]
        if q.other:
            of = self.form[field_name(f"{q.id}.anders")]
            error = field_error(of, st.words["error"])
            out += [self._base(f"{q.id}.anders"),
                    f'<div class="other-field{" field--error" if of.errors else ""}">'
                    f'<label class="label" for="{of.id}">{st.words["other"]}</label>{error}',
                    st.other.render(of, f"{of.id}-error" if error else ""), "</div>"]
        return "".join(out)

    def _rows(self, q, f, st: _Static) -> str:
        words = st.words
        out = []
        for index, entry in enumerate(f):
            row = str(index)
            out.append(f'<fieldset class="table-row"><legend class="table-row__legend">'
                       f'{escape(words["row"] % {"n": index + 1})}</legend><div class="table-row__fields">')
            for column in st.columns:
                sub = entry.form[column.id]
                error = field_error(sub, words["error"])
                out += [column.open, ' field--error">' if sub.errors else '">', column.label.replace(ROW, row), error]
                if column.control is not None:
                    out.append(column.control.render(sub, f"{sub.id}-error" if error else "", row))
                else:
                    out.append(_checkboxes(sub, words["nothing"]))
                out.append("</div>")
            out.append(f'</div><button type="submit" name="action" value="remove_row:{q.id}:{index}" '
                       f'class="link-button">{words["remove"] % {"n": index + 1}}</button></fieldset>')
        out.append(f'<button type="submit" name="action" value="add_row:{q.id}" class="button button--secondary">'
                   f'{words["add"]}</button>')
        return "".join(out)


def _checkboxes(sub, nothing: str) -> str:
    """A references cell: one checkbox per row of the table it refers to (the plan's rows, so never cached)."""
    if not sub.choices:
        return f'<p class="hint" id="{sub.id}">{nothing}</p>'
    coerce, chosen = sub.coerce, sub.data or ()
    out = [f'<div class="checkboxes checkboxes--small" id="{sub.id}" role="group" aria-labelledby="{sub.id}-label">']
    for i, choice in enumerate(sub.choices):
        option_id = f"{sub.id}-{i}"
        checked = "checked " if coerce(choice.value) in chosen else ""
        out.append(f'<div class="checkboxes__item"><input {checked}class="checkboxes__input" id="{option_id}" '
                   f'name="{sub.name}" type="checkbox" value="{escape(choice.value)}"><label class="checkboxes__label" '
                   f'for="{option_id}">{escape(str(choice.label or choice.value))}</label></div>')
    out.append("</div>")
    return "".join(out)


def render_questions(questions, form, section, versions, conflicts, plan) -> Markup:
    """The shown questions of a page, each with its `shown` marker, as the page's form posts them."""
    page = _Page(form, section, versions, conflicts, plan)
    return Markup("".join(f'<input type="hidden" name="shown" value="{q.id}">{page.question(q)}' for q in questions))

