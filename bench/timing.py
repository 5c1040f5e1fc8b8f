"""Small timing helpers: warm up, then take the median of repeated runs."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], *, repeat: int = 200, warmup: int = 20) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(title: str, rows: list[tuple[str, float]], baseline: float) -> None:
    print(f"\n{title}")
    print(f"  {'meting':<44} {'mediaan':>10} {'ratio':>8}")
    for label, seconds in rows:
        print(f"  {label:<44} {seconds * 1000:>8.2f}ms {seconds / baseline:>7.2f}x")
