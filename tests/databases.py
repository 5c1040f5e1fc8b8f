"""Which database a test run uses: SQLite in memory, or PostgreSQL from TEST_DATABASE_URL.

Each pytest-xdist worker gets its own PostgreSQL database, so workers never see each other's rows.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench import scratch_dir


def base_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", "sqlite://")


def is_postgres() -> bool:
    return base_url().startswith("postgres")


def database_url(suffix: str) -> str:
    """A database URL for this worker; PostgreSQL databases are created when missing."""
    url = base_url()
    if not url.startswith("postgres"):
        # The threaded live server needs a file: one shared in-memory connection is not thread-safe.
        return url if suffix == "unit" else f"sqlite:///{scratch_dir('regioplan-')}/{suffix}.sqlite"
    url = make_url(url).set(drivername="postgresql+psycopg")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{url.database or 'regioplan_test'}_{worker}_{suffix}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
