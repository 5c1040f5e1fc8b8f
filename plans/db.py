"""The database handle shared by the domain and the web app."""
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
        # IMMEDIATE takes the write lock up front: two requests that both read and then write would
        # otherwise fail with "database is locked" instead of waiting (busy_timeout) for each other.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
