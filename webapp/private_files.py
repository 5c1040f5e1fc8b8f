"""Files the app writes are readable by its own user only: the SQLite database, the PDF cache, the seal.

The process umask becomes 077 when the app is built, so every file and folder it creates later (the
database and its journal, instance/pdf-cache/, instance/seal/, the generated secret key) is 0600/0700;
what an older version created with 0644/0755 is tightened at start.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

PRIVATE_UMASK = 0o077
INSTANCE_FOLDERS = ("pdf-cache", "seal")


def keep_private(app: Flask) -> None:
    os.umask(PRIVATE_UMASK)
    instance = Path(app.instance_path)
    for folder in (instance, *(instance / name for name in INSTANCE_FOLDERS)):
        if folder.is_dir():
            folder.chmod(0o700)
    cache = instance / "pdf-cache"
    if cache.is_dir():
        for path in cache.iterdir():
            path.chmod(0o600)
    database = sqlite_file(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    if database is not None:
        create_private_file(database)
        for path in (database, *(database.with_name(database.name + s) for s in ("-journal", "-wal", "-shm"))):
            if path.exists():
                path.chmod(0o600)


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL and in-memory databases."""
    parsed = make_url(url) if url else None
    if parsed is None or parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 (SQLite starts a new database in an empty file)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
