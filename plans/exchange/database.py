"""The whole database as one portable file (backup and restore), on SQLite and PostgreSQL alike.

Every table of the models in dependency order, rows in key order, one JSON line per row; bytes (the
sealed PDFs) in base64, moments in ISO 8601. A restore goes into a migrated database without people or
plans, so a backup of SQLite can be restored into PostgreSQL and back. Jobs are left out: they are
work in progress whose files are not part of the backup.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime

import sqlalchemy as sa

from plans.db import db
from plans.exchange.jsonformat import ExchangeError

FORMAT = "regioplan-backup"
FORMAT_VERSION = 1
SKIPPED = {"job"}
BATCH = 500


def _tables() -> list[sa.Table]:
    return [t for t in db.metadata.sorted_tables if t.name not in SKIPPED]


def _alembic_revision() -> str | None:
    if not sa.inspect(db.session.connection()).has_table("alembic_version"):
        return None
    return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _encode(value):
    if isinstance(value, bytes | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column: sa.Column, value):
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64decode(value["b64"])
    if isinstance(column.type, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return date.fromisoformat(value)
    return value


def dump_lines() -> Iterator[str]:
    """The backup, line by line: a header, then per table a line naming its columns and one per row."""
    tables = _tables()
    yield json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "alembic": _alembic_revision(),
                      "tables": [t.name for t in tables]})
    for table in tables:
        columns = [c.name for c in table.columns]
        yield json.dumps({"table": table.name, "columns": columns})
        query = sa.select(table).order_by(*table.primary_key.columns)
        for row in db.session.execute(query).yield_per(BATCH):
            yield json.dumps([_encode(v) for v in row], ensure_ascii=False)


def restore_lines(lines: Iterable[str]) -> dict[str, int]:
    """Replace the contents of an empty, migrated database by the backup. Flushes; the caller commits."""
    lines = iter(lines)
    header = json.loads(next(lines, "{}"))
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise ExchangeError("Dit is geen back-up van Regioplan (of van een onbekende versie).")
    revision = _alembic_revision()
    if header.get("alembic") != revision:
        raise ExchangeError(f"De back-up hoort bij databaseversie {header.get('alembic')}, deze database is "
                            f"{revision}. Voer eerst 'flask --app wsgi db upgrade' uit (of gebruik dezelfde versie).")
    tables = {t.name: t for t in _tables()}
    if db.session.execute(sa.select(sa.func.count()).select_from(tables["user"])).scalar() or \
            db.session.execute(sa.select(sa.func.count()).select_from(tables["plan"])).scalar():
        raise ExchangeError("De database bevat al gebruikers of plannen. Zet een back-up terug in een lege database.")
    for table in reversed(list(tables.values())):  # reference data loaded by the migrations, such as regions
        db.session.execute(table.delete())
    counts: dict[str, int] = {}
    table, columns, batch = None, [], []
    for line in lines:
        item = json.loads(line)
        if isinstance(item, dict):
            _insert(table, batch)
            table, batch = tables.get(item["table"]), []
            if table is None:
                raise ExchangeError(f"Onbekende tabel in de back-up: {item['table']}.")
            columns = [table.columns[name] for name in item["columns"]]
            counts[table.name] = 0
            continue
        batch.append({c.name: _decode(c, v) for c, v in zip(columns, item, strict=False)})
        counts[table.name] += 1
        if len(batch) >= BATCH:
            _insert(table, batch)
            batch = []
    _insert(table, batch)
    _reset_sequences(tables.values())
    db.session.flush()
    return counts


def _insert(table: sa.Table | None, rows: list[dict]) -> None:
    if table is not None and rows:
        db.session.execute(table.insert(), rows)


def _reset_sequences(tables) -> None:
    """PostgreSQL hands out ids from sequences that an insert with explicit ids does not move."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.columns and isinstance(table.columns["id"].type, sa.Integer):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
