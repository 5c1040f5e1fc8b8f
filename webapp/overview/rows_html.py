"""The overview's table rows, written in Python instead of a Jinja loop.

Per row the loop called three translations, `url_for`, the status and date filters (Babel's pattern formatter)
and the profile macro: with the profile in Python still about 0.3 ms a row, a page of 25 rows about a third of
the request. What depends only on the locale (the translated texts, the month names, the status labels) is
looked up once per locale (`_STATIC`); the link is built once per page and the plan's id put in it. Everything
of a plan (its organisation's and region's names, its title) is escaped here on every call and never kept. The
markup is byte for byte what the loop wrote; `tests/webapp/test_rows_html.py` compares both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from threading import Lock

from flask import url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup, escape

from plans.vocabulary import PlanStatus
from webapp.overview import profile_html

_ID = 2147483647  # put in the link once per page, replaced by each plan's id
MAX_STATIC = 16
MAX_STATUSES = 32  # the vocabulary has a handful; an unknown stored value is not kept


@dataclass
class _Static:
    # The translations as markup (what the template's `_()` made of them), filled in with escaped values.
    select: str  # "Selecteer %(org)s, versie %(n)d"
    version: str  # "versie %(n)d"
    done: str  # "%(done)d van %(total)d klaar"
    months: dict[int, str]
    statuses: dict = field(default_factory=dict)


_STATIC: dict[str, _Static] = {}
_LOCK = Lock()


def _static() -> _Static:
    locale = get_locale()
    key = str(locale)
    found = _STATIC.get(key)
    if found is None:
        found = _Static(select=str(Markup(_("Selecteer %(org)s, versie %(n)d"))), version=str(Markup(_("versie %(n)d"))),
                        done=str(Markup(_("%(done)d van %(total)d klaar"))), months=dict(locale.months["format"]["wide"]))
        with _LOCK:
            if len(_STATIC) >= MAX_STATIC:
                _STATIC.clear()
            _STATIC[key] = found
    return found


def _status(static: _Static, status: str) -> str:
    """As the `plan_status` filter: the label, capitalised, escaped."""
    found = static.statuses.get(status)
    if found is None:
        found = str(escape(str(PlanStatus.label_of(status)).capitalize()))
        if status in PlanStatus._value2member_map_ and len(static.statuses) < MAX_STATUSES:
            static.statuses[status] = found
    return found


def _moment(static: _Static, value, zone) -> str:
    """As the `datetime` filter (Babel's "d MMMM yyyy HH:mm" in the user's time zone, a naive value being UTC)."""
    if not value:
        return ""
    local = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = zone.normalize(local.astimezone(zone)) if hasattr(zone, "normalize") else local.astimezone(zone)
    return f"{local.day} {static.months[local.month]} {local.year:04d} {local.hour:02d}:{local.minute:02d}"


def overview_rows(rows, sections: int) -> Markup:
    """The <tr> of each row (`PageRow`: plan, levels, done), with the whitespace the template's loop wrote."""
    static = _static()
    zone = get_timezone()
    link = url_for("plan_pages.task_list", plan_id=_ID)
    before, _sep, after = link.partition(str(_ID))
    profiles: dict[str, object] = {}  # prepared once per content version on the page
    parts = []
    for row in rows:
        plan = row.plan
        organisation = plan.organisation
        name, n = escape(organisation.name), int(plan.version_number)
        profile = profiles.get(plan.content_version)
        if profile is None:
            profile = profiles[plan.content_version] = profile_html.prepared(row.levels)
        parts.append(
            f'\n    <tr>\n      <td><input class="checkboxes__input" type="checkbox" name="plan" value="{plan.id}" '
            f'id="kies-{plan.id}"\n                 aria-label="{static.select % {"org": name, "n": n}}"></td>\n'
            f'      <td><a href="{before}{plan.id}{after}">{name}</a><br>\n'
            f'          <span class="hint">{escape(plan.title)}, {static.version % {"n": n}} · '
            f'{static.done % {"done": int(row.done), "total": int(sections)}}</span></td>\n'
            f'      <td>{escape(organisation.region.name)}</td>\n'
            f'      <td>{escape(plan.period)}</td>\n'
            f'      <td>{_status(static, plan.status)}</td>\n'
            f'      <td>{escape(_moment(static, plan.updated_at, zone))}</td>\n'
            f'      <td>{profile_html.draw(profile, row.levels)}</td>\n'
            f'    </tr>\n    ')
    return Markup("".join(parts))
