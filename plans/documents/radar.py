"""Geometry of the maturity radar: one axis per section, rings per level (drawn by a template as SVG)."""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

SIZE = 540  # height; the width leaves room for the section names left and right
WIDTH = 780
CENTRE = SIZE / 2
CENTRE_X = WIDTH / 2
RADIUS = 165
LABEL_WIDTH = 20  # characters per line of a section name beside an axis


@dataclass(frozen=True)
class Axis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    lines: tuple[str, ...] = ()  # the section name, wrapped, under the short label


@dataclass(frozen=True)
class Radar:
    size: int
    width: int
    centre_x: float
    axes: tuple[Axis, ...]
    rings: tuple[str, ...]  # polygon points per level
    series: tuple[tuple[str, str, str], ...]  # (name, css class, polygon points)


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return CENTRE_X + RADIUS * fraction * math.cos(angle), CENTRE + RADIUS * fraction * math.sin(angle)


def _polygon(fractions: list[float]) -> str:
    count = len(fractions)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, f) for i, f in enumerate(fractions)))


def radar(labels: list[str], series: list[tuple[str, str, list[float | None]]], max_level: int,
          titles: list[str] | None = None) -> Radar:
    """`series` holds (name, css class, level per axis); a missing level is drawn at the centre.
    `titles` are the section names written beside each axis, so nobody has to know what B4 is."""
    count = len(labels)
    axes = []
    for i, label in enumerate(labels):
        x, y = _point(i, count, 1.0)
        lx, ly = _point(i, count, 1.12)
        lines = tuple(textwrap.wrap(titles[i], LABEL_WIDTH, break_long_words=False)) if titles else ()
        anchor = "middle" if abs(lx - CENTRE_X) < 10 else ("start" if lx > CENTRE_X else "end")
        if ly < CENTRE - 10:  # above the centre the text block grows upwards, away from the chart
            ly -= 15 * len(lines)
        axes.append(Axis(label, x, y, lx, ly + 4, anchor, lines))
    rings = tuple(_polygon([level / max_level] * count) for level in range(1, max_level + 1))
    drawn = tuple(
        (name, css, _polygon([(v or 0) / max_level for v in levels])) for name, css, levels in series
    )
    return Radar(SIZE, WIDTH, CENTRE_X, tuple(axes), rings, drawn)


def axis_labels(content) -> list[str]:
    """Short labels for the axes: B1..B6, R1..R3."""
    return [s.label.replace("Bouwsteen ", "B").replace("Randvoorwaarde ", "R") for s in content.sections]


def axis_titles(content) -> list[str]:
    return [s.title for s in content.sections]


def max_level(content) -> int:
    return max(len(s.levels) for s in content.sections)


def maturity_radar(content, maturity) -> Radar:
    """The plan's radar: own current level, target level and the checklist level per section."""
    return radar(
        axis_labels(content),
        [("Huidig", "current", [m.current for m in maturity]),
         ("Doel", "target", [m.target for m in maturity]),
         ("Checklist", "checklist", [m.checklist_level for m in maturity])],
        max_level(content),
        axis_titles(content),
    )
