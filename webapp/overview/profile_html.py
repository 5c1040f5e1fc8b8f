"""The overview's mini maturity profile (one bar per section, a tick for the target), written in Python.

It was a Jinja macro (`mini_profile` in `templates/charts/_bars.html`) with a translation and two `replace`
filters per section: about a third of an overview request of 25 rows. What depends only on the locale and
the sections (the translated words, the abbreviated labels, the width) is prepared once per locale and set of
sections (`_STATIC`); the bars and the label of a section are kept per level value, and only for levels that
are small whole numbers (what the levels form stores): any other value is escaped and drawn on every call.
The markup is byte for byte what the macro wrote; `tests/webapp/test_profile_html.py` compares both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

MAX_LEVEL = 5
# Level values kept per section: the levels form stores 1 to 5, or nothing.
_KEPT_VALUES = frozenset((None, *range(0, 11)))
MAX_STATIC = 64  # locales × content versions × scales: a handful


@dataclass
class _Static:
    head: str  # the <svg> tag up to the first section's part of the label
    middle: str  # the end of the label, the base line
    labels: tuple[str, ...]  # "B1", escaped
    target: Markup  # the translated "doel %(n)d"
    max_level: int
    parts: dict = field(default_factory=dict)  # (index, current, target) -> (label part, bars)


_STATIC: dict[tuple, _Static] = {}
_LOCK = Lock()


def _abbreviation(label: str) -> str:
    return str(escape(label.replace("Bouwsteen ", "B").replace("Randvoorwaarde ", "R")))


def _static(labels: tuple[str, ...], max_level: int) -> _Static:
    key = (str(get_locale()), max_level, labels)
    found = _STATIC.get(key)
    if found is not None:
        return found
    width = len(labels) * 9
    found = _Static(
        head=(f'<svg class="mini-profile" viewBox="0 0 {width} 32" width="{width * 1.4}" height="44" role="img"\n'
              f'     aria-label="{escape(_("Huidig niveau per onderdeel:"))} '),
        middle=f'">\n  <line x1="0" y1="31.5" x2="{width}" y2="31.5" stroke="#b1b4b6" stroke-width="1"/>\n  ',
        labels=tuple(_abbreviation(label) for label in labels), target=Markup(_("doel %(n)d")), max_level=max_level)
    with _LOCK:
        if len(_STATIC) >= MAX_STATIC:
            _STATIC.clear()
        _STATIC[key] = found
    return found


def _part(static: _Static, index: int, current, target) -> tuple[str, str]:
    """One section's part of the label ("B3 2 (doel 4)") and its bar and tick, as the macro wrote them."""
    label = f"{static.labels[index]} {escape(current or '–')}"
    if target:
        label += f" ({static.target % {'n': target}})"
    x = index * 9 + 1
    scale = static.max_level
    bar = (f'<rect x="{x}" y="{31 - current * 30 / scale}" width="7" height="{current * 30 / scale}" fill="#154273"/>'
           if current else "")
    tick = (f'<line x1="{x - 0.5}" x2="{x + 7.5}" y1="{31 - target * 30 / scale}" y2="{31 - target * 30 / scale}" '
            f'stroke="#b35c00" stroke-width="1.5"/>' if target else "")
    return label, f"\n  {bar}\n  {tick}\n  "


def _kept(value) -> bool:
    return value is None or (type(value) is int and value in _KEPT_VALUES)


def mini_profile(maturity, max_level: int = MAX_LEVEL) -> Markup:
    """The profile of one plan from its sections' maturity (`SectionMaturity`: section, current, target)."""
    return draw(prepared(maturity, max_level), maturity)


def prepared(maturity, max_level: int = MAX_LEVEL) -> _Static:
    """What the profiles of plans with these sections share, for `draw` (a page prepares it once per content)."""
    return _static(tuple(m.section.label for m in maturity), max_level)


def draw(static: _Static, maturity) -> Markup:
    labels, bars = [], []
    parts = static.parts
    for index, m in enumerate(maturity):
        current, target = m.current, m.target
        if _kept(current) and _kept(target):
            key = (index, current, target)
            part = parts.get(key)
            if part is None:
                part = parts[key] = _part(static, index, current, target)
        else:
            part = _part(static, index, current, target)
        labels.append(part[0])
        bars.append(part[1])
    return Markup(f"{static.head}{', '.join(labels)}{static.middle}{''.join(bars)}\n</svg>")
