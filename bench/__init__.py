"""Benchmarks: `make bench` / `python -m bench [name ...]` (see bench/__main__.py and docs/performance.md)."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str = "regioplan-bench-") -> Path:
    """A temporary folder for a benchmark's database copies and server files, removed when the run ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
