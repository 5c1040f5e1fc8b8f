"""Form classes built once per content object and page shape, bound to each request's data.

The content is loaded once per process and never changes (building_blocks.get_content), so the identity
of its section and question objects names a content version's page; the cache keeps those objects alive,
so an identity is never reused while its entry exists.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

MAX_ENTRIES = 4096  # table row counts vary per plan (at most 100 rows), so the shapes are bounded but many


class FormClasses:
    def __init__(self) -> None:
        self._classes: dict[Hashable, tuple[Any, type]] = {}
        self._lock = Lock()

    def get(self, content: Any, shape: Hashable, build: Callable[[], type]) -> type:
        """The class for these content objects (`content`, by identity) and this `shape`, built on first use."""
        key = (_identity(content), shape)
        found = self._classes.get(key)
        if found is None:
            with self._lock:
                if len(self._classes) >= MAX_ENTRIES:
                    self._classes.clear()
                found = self._classes.setdefault(key, (content, build()))
        return found[1]

    def __len__(self) -> int:
        return len(self._classes)


def _identity(content: Any) -> Hashable:
    return tuple(map(id, content)) if isinstance(content, tuple) else id(content)
