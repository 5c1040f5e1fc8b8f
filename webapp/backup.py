"""`flask --app wsgi backup create FILE` and `flask --app wsgi backup restore FILE` (docs/deployment.md).

One .tar.gz with the whole database (plans.exchange.database: every table, the sealed PDFs included)
and the instance's seal folder (the self-signed seal certificate, when the app made one).
"""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from plans.exchange import database
from plans.exchange.jsonformat import ExchangeError
from webapp.extensions import db

backup_cli = AppGroup("backup", help="Back-up en herstel van de database en de ondertekende PDF's.")
DATABASE_MEMBER = "database.jsonl"
SEAL_FOLDER = "seal"


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def create(file: str) -> None:
    """Write the database (with every sealed PDF) and the seal folder into FILE (.tar.gz)."""
    data = "\n".join(database.dump_lines()).encode() + b"\n"
    db.session.rollback()
    with tarfile.open(file, "w:gz") as archive:
        info = tarfile.TarInfo(DATABASE_MEMBER)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        seal = Path(current_app.instance_path) / SEAL_FOLDER
        if seal.is_dir():
            archive.add(seal, arcname=SEAL_FOLDER)
    Path(file).chmod(0o600)  # it holds password hashes and the seal key
    click.echo(f"Back-up geschreven naar {file} ({len(data):,} bytes database).".replace(",", "."))


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def restore(file: str) -> None:
    """Restore FILE into this (migrated, empty) database and instance folder."""
    with tarfile.open(file, "r:gz") as archive:
        member = archive.extractfile(DATABASE_MEMBER)
        if member is None:
            raise click.ClickException("Dit bestand bevat geen database-back-up van Regioplan.")
        try:
            counts = database.restore_lines(line.decode() for line in member)
        except ExchangeError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        seal_members = [m for m in archive.getmembers() if m.name.startswith(SEAL_FOLDER + "/") and m.isfile()]
        if seal_members:
            target = Path(current_app.instance_path)
            (target / SEAL_FOLDER).mkdir(mode=0o700, parents=True, exist_ok=True)
            archive.extractall(target, members=seal_members, filter="data")
    click.echo(f"Hersteld: {counts.get('plan', 0)} plannen, {counts.get('user', 0)} gebruikers, "
               f"{counts.get('signed_document', 0)} ondertekende PDF's.")
