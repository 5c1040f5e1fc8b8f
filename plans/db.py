"""The database handle shared by the domain and the web app."""
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic batch migrations on SQLite deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
log = logging.getLogger(__name__)
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

# Whether a transaction begun now may write. Everything may (jobs, commands, the domain) unless the web app
# says a request only reads; on SQLite a reading transaction then takes no write lock.
_MAY_WRITE: ContextVar[bool] = ContextVar("transactions_may_write", default=True)


@contextmanager
def reads_only() -> Iterator[None]:
    """Transactions begun inside the block only read: on SQLite they begin DEFERRED, beside any writer."""
    token = _MAY_WRITE.set(False)
    try:
        yield
    finally:
        _MAY_WRITE.reset(token)


def transactions_may_write() -> bool:
    return _MAY_WRITE.get()


def tune_sqlite(engine: Engine, busy_timeout_ms: int = 5000) -> None:
    """Make SQLite behave like a real transactional database.

    pysqlite's legacy transaction handling emits no BEGIN before reads and breaks SAVEPOINT, so the
    driver is put in autocommit mode and SQLAlchemy emits BEGIN itself (SQLAlchemy docs, "Serializable
    isolation / Savepoints / Transactional DDL"). Foreign keys are off by default in SQLite.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A transaction that may write takes the write lock up front (IMMEDIATE): two that both read and
        # then write would otherwise fail with "database is locked" (or lose an update) instead of
        # waiting (busy_timeout) for each other. One that only reads begins DEFERRED and, in WAL mode,
        # reads its snapshot beside a writer without queueing for the lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if transactions_may_write() else "BEGIN DEFERRED")

    @event.listens_for(engine, "before_cursor_execute")
    def on_execute(_connection, _cursor, statement, *_args):
        # A write in a reading transaction still works (SQLite upgrades the lock), but may fail when a
        # writer came in between: such a view must be marked `writes` (webapp/transactions.py).
        if not transactions_may_write() and _WRITE.match(statement):
            log.warning("write in a transaction begun as read-only: %s", statement[:80])
