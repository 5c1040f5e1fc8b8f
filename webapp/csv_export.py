"""Every CSV the app writes: semicolon-separated UTF-8 with a BOM (Excel), safe against formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return is read by spreadsheets as a formula
(=HYPERLINK(...) in a plan title); such text cells get a leading apostrophe, as OWASP advises.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from webapp.downloads import download

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)  # numbers stay numbers


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_download(header: list[str], rows: Iterable[Iterable], filename: str):
    return download(csv_text(header, rows), filename, "text/csv")
