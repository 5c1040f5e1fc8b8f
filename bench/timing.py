"""Timing helpers: every benchmark times A and B alternating in rounds and prints the median and the spread.

Alternating keeps a ratio meaningful while the machine's speed drifts (other work on the shared cores):
each round times every case once in a block of `per_round` calls, in turn, and the ratio is taken per round.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    label: str
    rounds: list[float]  # the median seconds per call of each round
    ratios: list[float]  # each round's median against the baseline's median of that round

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.rounds), max(self.rounds)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def _block(fn: Callable[[], object], calls: int, before: Callable[[], object] | None = None) -> float:
    samples = []
    for _ in range(calls):
        if before is not None:
            before()  # untimed: what must happen before each call (a change, for a first request after one)
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def alternating(cases: list[tuple], *, rounds: int = 7, per_round: int = 20, warmup: int = 5) -> list[Timing]:
    """Time the cases in turn, round after round; the first case is the baseline of the ratios.

    A case is (label, fn) or (label, fn, before): `before` runs, untimed, before every call of `fn`."""
    for _, fn, *before in cases:
        for _ in range(warmup):
            if before:
                before[0]()
            fn()
    per_case: list[list[float]] = [[] for _ in cases]
    for _ in range(rounds):
        for index, (_, fn, *before) in enumerate(cases):
            per_case[index].append(_block(fn, per_round, before[0] if before else None))
    base = per_case[0]
    return [Timing(case[0], times, [t / b for t, b in zip(times, base, strict=True)])
            for case, times in zip(cases, per_case, strict=True)]


def report(title: str, timings: list[Timing], extra: dict[str, str] | None = None, unit: str = "ms") -> None:
    """Median and spread (fastest and slowest round) per case, the median of the per-round ratios."""
    scale = 1000 if unit == "ms" else 1
    extra = extra or {}
    print(f"\n{title}")
    print(f"  {'meting':<48} {'mediaan':>10} {'spreiding':>17} {'ratio':>7}  {''}")
    for t in timings:
        low, high = t.spread
        spread = f"{low * scale:.2f}–{high * scale:.2f}{unit}"
        print(f"  {t.label:<48} {t.median * scale:>8.2f}{unit} {spread:>17} {t.ratio:>6.2f}x  {extra.get(t.label, '')}")
