"""Counting the statements a request sends: the benchmarks print it, and tests fix it."""
from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def counting_queries(engine):
    """Counts the statements sent to the database inside the block: `with counting_queries(e) as n: ...; n[0]`."""
    count = [0]

    def on_execute(*_args):
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield count
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
