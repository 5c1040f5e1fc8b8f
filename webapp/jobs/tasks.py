"""Every Huey task, registered by importing the modules that define them beside their work (documents,
mail, password reset), and the worker's own periodic sweep. Imported by the worker and the web app;
nothing else imports this module, so the work modules never depend on it."""
from __future__ import annotations

import logging
from datetime import timedelta

from huey import crontab

from plans.clock import utcnow
from plans.jobs import records
from webapp import mail
from webapp.auth import reset  # noqa: F401  (registers password_reset)
from webapp.extensions import db
from webapp.jobs import documents
from webapp.jobs.queue import huey
from webapp.jobs.runner import job_app

logger = logging.getLogger(__name__)


ZIP_KEPT = timedelta(days=1)


def sweep() -> None:
    """Queue again what lost its worker or its queue entry; drop ZIPs older than a day."""
    app = job_app()
    with app.app_context():
        try:
            for job in records.orphaned(queued_before=utcnow() - timedelta(minutes=10)):
                logger.warning("Taak %s (%s) opnieuw in de wachtrij: de worker ging verloren", job.id, job.kind)
                documents.requeue_if_orphaned(job) if job.status == "running" else documents._queue(job, True)
            db.session.commit()
            mail.sweep()
            folder = documents.zip_folder()
            if folder.is_dir():
                cut_off = (utcnow() - ZIP_KEPT).timestamp()
                for file in folder.glob("*.zip"):
                    if file.stat().st_mtime < cut_off:
                        file.unlink(missing_ok=True)
        finally:
            db.session.remove()


@huey.periodic_task(crontab(minute="*"))
def sweep_every_minute() -> None:
    sweep()


@huey.on_startup()
def sweep_at_start() -> None:
    # A worker that starts after a crash picks up the jobs its predecessor left running.
    try:
        sweep()
    except Exception:
        logger.exception("Opruimen bij het starten mislukt")
