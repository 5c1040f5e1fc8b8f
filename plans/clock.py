"""One place for 'now', so tests can reason about time and every timestamp is UTC."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
