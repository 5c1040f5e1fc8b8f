"""The Huey tasks: thin wrappers that run the work of webapp.jobs.documents and webapp.mail in the app."""
from __future__ import annotations

import logging
from datetime import timedelta

from huey import crontab

from plans.clock import utcnow
from plans.jobs import records
from webapp.extensions import db
from webapp.jobs import documents
from webapp.jobs.queue import huey
from webapp.jobs.runner import job_app, run_job

logger = logging.getLogger(__name__)


@huey.task()
def render_concept(job_id: int) -> None:
    run_job(job_id, documents.render_concept)


@huey.task()
def render_signed(job_id: int) -> None:
    run_job(job_id, documents.render_signed)


@huey.task()
def build_zip(job_id: int) -> None:
    run_job(job_id, documents.build_zip)


@huey.task()
def deliver_mail(message_id: int) -> None:
    from webapp import mail

    app = job_app()
    with app.app_context():
        try:
            mail.deliver(message_id)
        finally:
            db.session.remove()


@huey.task()
def password_reset(email: str, base_url: str | None) -> None:
    """Look the account up and mail the link here, not in the request: the request takes the same
    time whether or not the address has an account."""
    from webapp.auth.reset import send_reset_link

    app = job_app()
    with app.app_context(), app.test_request_context(base_url=base_url):
        try:
            send_reset_link(email)
            db.session.commit()
        finally:
            db.session.remove()


ZIP_KEPT = timedelta(days=1)


def sweep() -> None:
    """Queue again what lost its worker or its queue entry; drop ZIPs older than a day."""
    from webapp import mail

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
