"""The overview's mini profile written in Python (webapp/overview/profile_html.py) is, byte for byte, what the
Jinja macro `mini_profile` wrote: for every content version, every level and target, missing ones, odd values;
text is escaped, and the prepared parts follow the locale."""
from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace

import pytest

from building_blocks import VERSIONS, get_content
from webapp.overview import profile_html

# The macro as it was in templates/charts/_bars.html before the profile moved to Python: the oracle.
BEFORE = Path(__file__).with_name("mini_profile_macro_before.html").read_text(encoding="utf-8")
VALUES = [None, 0, 1, 2, 3, 4, 5]


def _maturity(sections, pairs):
    return [SimpleNamespace(section=s, current=c, target=t) for s, (c, t) in zip(sections, pairs, strict=False)]


def _both(app, maturity, max_level=5) -> tuple[str, str]:
    old = app.jinja_env.from_string(BEFORE).module.mini_profile(maturity, max_level)
    return str(old), str(profile_html.mini_profile(maturity, max_level))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_profile_is_the_markup_the_macro_wrote(app, version):
    sections = get_content(version).sections
    pairs = list(itertools.product(VALUES, VALUES))
    with app.test_request_context():
        for start in range(0, len(pairs), len(sections)):  # every pair of level and target in some section
            chunk = pairs[start:start + len(sections)]
            chunk += [(None, None)] * (len(sections) - len(chunk))
            old, new = _both(app, _maturity(sections, chunk))
            assert new == old
            assert _both(app, _maturity(sections, chunk))[1] == old  # again, from the kept parts
        old, new = _both(app, _maturity(sections, [(2, 4)] * len(sections)), max_level=4)
        assert new == old
        old, new = _both(app, _maturity(sections[:3], [(1, 2)] * 3))
        assert new == old


def test_values_outside_the_levels_form_are_drawn_and_escaped_as_the_macro_did(app):
    sections = get_content().sections
    hostile = [SimpleNamespace(label='<b>"Bouwsteen 1"</b> & co', id="x")] + list(sections[1:])
    with app.test_request_context():
        for pair in [(7.5, 2), (True, 3), (12, 40), (3, 2.5)]:
            old, new = _both(app, _maturity(hostile, [pair] * len(hostile)))
            assert new == old
            assert "<b>" not in new
        old, new = _both(app, _maturity(hostile, [(None, None)] * len(hostile)))
        assert new == old
        assert "&lt;b&gt;&#34;B1&#34;&lt;/b&gt; &amp; co" in new


def test_the_prepared_parts_follow_the_locale(app, monkeypatch):
    sections = get_content().sections
    maturity = _maturity(sections, [(2, 3)] * len(sections))
    with app.test_request_context():
        dutch = str(profile_html.mini_profile(maturity))
        monkeypatch.setattr(profile_html, "get_locale", lambda: "en")
        monkeypatch.setattr(profile_html, "_", lambda text: {"Huidig niveau per onderdeel:": "Level per part:",
                                                              "doel %(n)d": "target %(n)d"}[text])
        english = str(profile_html.mini_profile(maturity))
    assert "Huidig niveau per onderdeel: B1 2 (doel 3)" in dutch
    assert "Level per part: B1 2 (target 3)" in english
