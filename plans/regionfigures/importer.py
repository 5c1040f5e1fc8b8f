"""Loading a figures file: all rows or none, and a second import of the same figures changes nothing."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa

from plans.db import db
from plans.models import Region, RegionFigure, RegionFigureImport
from plans.regionfigures.csvfile import FigureRow, read_rows


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    changed: int
    unchanged: int
    record: RegionFigureImport | None  # None when nothing changed


def import_figures(raw: bytes, filename: str) -> ImportOutcome:
    """Check every row, then add new figures and update changed ones; raises FigureFileError. Flushes, never commits."""
    rows = read_rows(raw, set(db.session.scalars(sa.select(Region.code))))
    existing = {_key(f): f for f in db.session.scalars(sa.select(RegionFigure))}
    new = [row for row in rows if row.key not in existing]
    changed = [row for row in rows if row.key in existing and not _same(existing[row.key], row)]
    if not new and not changed:
        return ImportOutcome(0, 0, len(rows), None)
    record = RegionFigureImport(filename=filename[:255], sha256=hashlib.sha256(raw).hexdigest(), added=len(new),
                                changed=len(changed), unchanged=len(rows) - len(new) - len(changed))
    db.session.add(record)
    db.session.flush()
    for row in changed:
        figure = existing[row.key]
        figure.area_name, figure.value, figure.source = row.area_name, row.value, row.source
        figure.import_id, figure.loaded_at = record.id, record.imported_at
    db.session.add_all(
        RegionFigure(area_kind=row.area_kind, area_code=row.area_code, area_name=row.area_name, figure=row.figure,
                     year=row.year, value=row.value, source=row.source, peildatum=row.peildatum,
                     import_id=record.id, loaded_at=record.imported_at)
        for row in new)
    db.session.flush()
    return ImportOutcome(len(new), len(changed), record.unchanged, record)


def _key(figure: RegionFigure) -> tuple:
    return figure.area_kind, figure.area_code, figure.figure, figure.year, figure.peildatum


def _same(figure: RegionFigure, row: FigureRow) -> bool:
    return (figure.area_name, figure.value, figure.source) == (row.area_name, row.value, row.source)
