"""Which requests take SQLite's write lock: those with an unsafe method, and the few GETs marked `writes`.

A GET, HEAD or OPTIONS request only reads (plans.db.reads_only), so on SQLite it never queues behind a
writer. A GET that does write (it queues a render job, requeues an orphaned one) is marked with `writes`
and keeps BEGIN IMMEDIATE, the guarantee that two read-then-write transactions never lose an update.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, request

from plans.db import reads_only

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable)


def writes(view: F) -> F:
    """Mark a view that writes on a GET too: its transactions take the write lock up front."""
    view.writes_on_safe_methods = True
    return view


def init_app(app: Flask) -> None:
    def begin_reads_only() -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        if request.method in SAFE_METHODS and not getattr(view, "writes_on_safe_methods", False):
            g.reads_only = reads_only()
            g.reads_only.__enter__()

    def end_reads_only(_error=None) -> None:
        block = g.pop("reads_only", None)
        if block is not None:
            block.__exit__(None, None, None)

    # First of all before_request functions: nothing may begin a transaction before the choice is made.
    app.before_request_funcs.setdefault(None, []).insert(0, begin_reads_only)
    app.teardown_request(end_reads_only)
