"""The one Huey instance, chosen by QUEUE_URL (read at import: the worker and the web app import it alike).

- `sqlite:///path` (default: instance/queue.sqlite): the embedded queue of `make run`, no server needed;
- `redis://host:port/db`: production, with workers on other machines;
- `memory://`: immediate mode, every job runs at once in the process that asks (the tests).
"""
from __future__ import annotations

import os
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey

from webapp.config import INSTANCE

NAME = "regioplan"


def queue_url() -> str:
    return os.environ.get("QUEUE_URL") or f"sqlite:///{INSTANCE / 'queue.sqlite'}"


def build_huey(url: str):
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=url, results=False)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(NAME, filename=str(path), results=False)
    if url == "memory://":
        return MemoryHuey(NAME, immediate=True, results=False)
    raise ValueError(f"QUEUE_URL {url!r}: use sqlite:///pad, redis://host:poort/db of memory://")


huey = build_huey(queue_url())


def is_embedded() -> bool:
    return not isinstance(huey, RedisHuey)


def reachable() -> bool:
    """Whether the queue's storage answers (for the health endpoint)."""
    try:
        huey.storage.queue_size()
    except Exception:
        return False
    return True
