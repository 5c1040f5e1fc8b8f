"""Properties of the pure functions, over generated input (hypothesis)."""
from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from plans.documents.pdf_safety import ZWSP, soften_long_words
from plans.documents.radar import CENTRE, CENTRE_X, RADIUS, SIZE, WIDTH, radar
from plans.writing.maturity import score_to_level

WORD_CHARS = st.characters(blacklist_categories=("Cs", "Zs", "Cc"), blacklist_characters="<>&")
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&#39;", "&quot;"])
TEXT = st.lists(st.one_of(WORD_CHARS, ENTITIES, st.just(" ")), max_size=400).map("".join)


@given(TEXT)
def test_softening_keeps_the_text_and_its_entities(text):
    html = f"<p>{text}</p>"
    softened = soften_long_words(html)
    assert softened.replace(ZWSP, "") == html.replace(ZWSP, "")  # it only inserts invisible breaks
    assert re.findall(r"&#?\w+;", softened) == re.findall(r"&#?\w+;", html)


@given(TEXT)
def test_softening_leaves_no_run_of_forty_characters_without_a_break(text):
    softened = soften_long_words(f"<p>{text}</p>")
    for run in re.split(rf"[\s{ZWSP}<>]", softened):
        assert len(re.findall(r"&#?\w+;|[^&]", run)) < 40


@given(st.integers(2, 9), st.floats(0, 1), st.floats(0, 1))
def test_score_to_level_is_monotone_and_within_the_scale(levels, a, b):
    low, high = sorted((a, b))
    assert 1 <= score_to_level(low, levels) <= score_to_level(high, levels) <= levels
    assert score_to_level(0, levels) == 1 and score_to_level(1, levels) == levels


def _points(polygon: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polygon.split()]


@given(st.integers(3, 12).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(2, 7), st.lists(st.one_of(st.none(), st.integers(0, 7)), min_size=n, max_size=n))))
def test_radar_points_lie_on_their_axis_at_their_level(args):
    count, max_level, levels = args
    levels = [None if v is None else min(v, max_level) for v in levels]
    chart = radar([f"S{i}" for i in range(count)], [("Huidig", "current", levels)], max_level)
    assert len(chart.axes) == count and len(chart.rings) == max_level
    for x, y in (p for ring in chart.rings for p in _points(ring)):
        assert 0 <= x <= WIDTH and 0 <= y <= SIZE
    for (x, y), level in zip(_points(chart.series[0][2]), levels, strict=True):
        assert math.isclose(math.hypot(x - CENTRE_X, y - CENTRE), RADIUS * (level or 0) / max_level, abs_tol=0.15)
    outer = _points(chart.rings[-1])
    assert all(math.isclose(math.hypot(x - CENTRE_X, y - CENTRE), RADIUS, abs_tol=0.15) for x, y in outer)
