"""What a table answer (a section's action plan, a list of agreements) may hold, wherever it comes from.

The wizard bounds what is posted (webapp/plan_pages/posted.py) and the plan import checks a file
(plans/exchange/importer.py) by the same rules, so no page or PDF meets a table it cannot show.
"""
from __future__ import annotations

from typing import Any

TABLE_TYPES = frozenset({"table", "action_plan"})
# The most rows a table may have; documented in the README.
MAX_TABLE_ROWS = 100
_PLAIN = (str, int, float, bool, type(None))


def _plain_cell(value: Any) -> bool:
    """A cell holds text, a number, a yes/no or nothing; a cell of several references a list of those, and a
    cell of milestones a list of small records (date and delivery)."""
    return isinstance(value, _PLAIN) or (isinstance(value, list) and all(
        isinstance(v, _PLAIN) or (isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, _PLAIN)
                                                              for k, x in v.items()))
        for v in value))


def table_problem(value: Any) -> str | None:
    """Why `value` is no table answer (in Dutch, for the person importing a file); None when it is one."""
    if value is None:
        return None
    if not isinstance(value, list):
        return "een tabel moet een lijst van rijen zijn"
    if len(value) > MAX_TABLE_ROWS:
        return f"een tabel mag hoogstens {MAX_TABLE_ROWS} rijen hebben, hier zijn het er {len(value)}"
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict) or not all(isinstance(column, str) for column in row):
            return f"rij {number} is geen rij met benoemde kolommen"
        if not all(_plain_cell(cell) for cell in row.values()):
            return f"rij {number} heeft een cel die geen tekst, getal, keuze of lijst daarvan is"
    return None
