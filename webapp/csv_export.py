"""Every CSV the app writes: semicolon-separated UTF-8 with a BOM (Excel), safe against formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return is read by spreadsheets as a formula
(=HYPERLINK(...) in a plan title); such text cells get a leading apostrophe, as OWASP advises.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import stream_with_context

from webapp.downloads import download

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)  # numbers stay numbers


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV line by line (the BOM with the header first): nothing but the current row is held."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")

    def line(cells: Iterable) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return out.getvalue()

    yield "\ufeff" + line(header)  # Excel opens UTF-8 with a BOM correctly
    for row in rows:
        yield line(row)


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(header, rows))


def csv_download(header: list[str], rows: Iterable[Iterable], filename: str):
    """A streamed CSV download: rows may be a generator that reads the database as the client reads."""
    return download(stream_with_context(line.encode() for line in csv_lines(header, rows)), filename,
                    "text/csv; charset=utf-8")
