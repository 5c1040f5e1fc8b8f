"""A whole plan as one JSON document, for backup and migration (format: docs/plan-export.md).

What the export (`plans.exchange_export`) and the import (`plans.exchange_import`) share: the format
name and version, the error, and one spelling for moments and for the JSON text, so that exporting
the same rows always gives the same bytes.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

FORMAT = "regioplan-plan"
FORMAT_VERSION = 1

# Keys in audit-event details that hold row ids (`thread` is translated to a reference in the file;
# plan ids point outside the file and are left out, see docs/plan-export.md).
THREAD_KEY = "thread"
PLAN_LINK_KEYS = ("new_plan", "previous_plan")


class ExchangeError(Exception):
    """A refused import; the Dutch message says what is wrong with the file or with this database."""


def moment_to_text(moment: datetime | None) -> str | None:
    """Naive UTC from the database as ISO 8601 with microseconds and 'Z': one spelling per moment."""
    return None if moment is None else moment.isoformat(timespec="microseconds") + "Z"


def text_to_moment(text: str) -> datetime:
    """Any ISO 8601 moment back to the naive UTC the database holds; without an offset it is UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def from_json(raw: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as exc:
        raise ExchangeError("Het bestand is geen UTF-8-tekst; een plan-export is altijd UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"Het bestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: "
                            f"{exc.msg}).") from exc
    if not isinstance(data, dict):
        raise ExchangeError("Het bestand is geen plan-export: verwacht wordt één JSON-object.")
    return data
