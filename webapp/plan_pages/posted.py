"""What a posted wizard page may contain, checked before any form is built from it.

Table rows are renumbered 0, 1, 2, ... and bounded (one posted row index of 50,000 once built a page of
140 MB), row actions are parsed without trusting their shape, and a draft holds only the page's own
fields, so a stored draft can never make a later page slow or huge.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from building_blocks.schema import Question
from plans.writing.tables import MAX_TABLE_ROWS, TABLE_TYPES
from webapp.forms.base import messages
from webapp.forms.naming import field_name
from webapp.forms.validators import ascii_int

# A draft keeps what was typed, but no single value longer than this (the longest answer allowed is 20,000).
MAX_DRAFT_VALUE = 40_000
BASE_PREFIX = "base__"
RESOLVE_PREFIX = "resolve__"


def table_names(questions: tuple[Question, ...]) -> list[str]:
    return [field_name(q.id) for q in questions if q.type in TABLE_TYPES]


def bounded(formdata: MultiDict, questions: tuple[Question, ...]) -> MultiDict:
    """The posted data with each table's rows renumbered from 0 and at most MAX_TABLE_ROWS + 1 of them.

    One row more than allowed is kept, so the page can say the table is too long. Keys whose row index
    WTForms would read as a number but int() cannot convert ("²", thousands of digits) are dropped.
    """
    names = sorted(table_names(questions), key=len, reverse=True)  # the longest name that fits is the table
    if not names:
        return formdata
    rows = {name: _row_indexes(formdata, name) for name in names}
    cells = {name: re.compile(rf"{re.escape(name)}-([0-9]{{1,6}})-(.*)", flags=re.DOTALL) for name in names}
    result = MultiDict()
    for key, value in formdata.items(multi=True):
        name = next((n for n in names if key.startswith(n)), None)
        if name is None:
            result.add(key, value)
            continue
        match = cells[name].fullmatch(key)
        if match:
            new = rows[name].get(int(match.group(1)))
            if new is not None:
                result.add(f"{name}-{new}-{match.group(2)}", value)
        elif not key[len(name) + 1:].split("-", 1)[0].isdigit():
            result.add(key, value)  # another field whose name starts with the table's
    return result


def _row_indexes(formdata: MultiDict, name: str) -> dict[int, int]:
    pattern = re.compile(rf"{re.escape(name)}-([0-9]{{1,6}})-")
    posted = sorted({int(m.group(1)) for key in formdata for m in [pattern.match(key)] if m})
    return {old: new for new, old in enumerate(posted[:MAX_TABLE_ROWS + 1])}


def check_row_count(table) -> bool:
    """False, with a Dutch error on the table, when more rows are filled in than a table may have."""
    filled = sum(1 for entry in table if any(v not in (None, "", []) for v in entry.form.data.values()))
    if filled <= MAX_TABLE_ROWS:
        return True
    table.errors = [*messages(table.errors),
                    _("Een tabel mag hoogstens %(n)d rijen hebben. Verwijder rijen of voeg ze samen.",
                       n=MAX_TABLE_ROWS)]
    return False


def row_to_remove(action: str) -> tuple[str, int] | None:
    """(question id, row index) of an action "remove_row:<question>:<index>", else None."""
    parts = action.split(":")
    if len(parts) != 3 or parts[0] != "remove_row" or not parts[1]:
        return None
    index = ascii_int(parts[2], MAX_TABLE_ROWS)
    return None if index is None else (parts[1], index)


def row_to_add(action: str) -> str | None:
    """The question id of an action "add_row:<question>", else None."""
    parts = action.split(":")
    return parts[1] if len(parts) == 2 and parts[0] == "add_row" and parts[1] else None


def base_versions(formdata: MultiDict) -> dict[str, int]:
    """The version of every field the user saw, from the hidden inputs of the page (ASCII digits only)."""
    versions = {}
    for name, value in formdata.items():
        if name.startswith(BASE_PREFIX) and (version := ascii_int(value)) is not None:
            versions[name[len(BASE_PREFIX):]] = version
    return versions


def draft_data(page, formdata: MultiDict) -> dict:
    """What a page saved with errors keeps: the raw input of its own fields (bounded), its base versions."""
    data: dict[str, list[str]] = {}
    for f in page.form:
        if f.name == "csrf_token":
            continue
        subfields = [sub for entry in f for sub in entry.form] if f.type == "FieldList" else [f]
        for sub in subfields:
            raw = [v[:MAX_DRAFT_VALUE] for v in (sub.raw_data or []) if isinstance(v, str)]
            if raw:
                data[sub.name] = raw
    for key in page.keys:
        for prefix in (BASE_PREFIX, RESOLVE_PREFIX):
            if prefix + key in formdata:
                data[prefix + key] = formdata.getlist(prefix + key)[:1]
    data["shown"] = [q.id for q in page.shown]
    return data
