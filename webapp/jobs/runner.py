"""Running a job inside the app, and queueing jobs only once the transaction that asked for them commits."""
from __future__ import annotations

import logging
import traceback

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from plans.jobs import records
from webapp.extensions import db

logger = logging.getLogger(__name__)
_PENDING = "jobs_after_commit"
_worker_app: Flask | None = None


def after_commit(task, *args) -> None:
    """Queue `task(*args)` when the current transaction commits; nothing when it rolls back.

    A worker must find the rows the job is about, so it may only see the job after the commit.
    """
    db.session.info.setdefault(_PENDING, []).append((task, args))


@event.listens_for(Session, "after_commit")
def _dispatch(session) -> None:
    for task, args in session.info.pop(_PENDING, []):
        try:
            task(*args)
        except Exception:  # the queue is down: the periodic sweep queues the job again later
            logger.exception("Taak %s kon niet in de wachtrij", getattr(task, "name", task))


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


def job_app() -> Flask:
    """The app of the process: the current one (immediate mode, CLI), else one per worker process."""
    global _worker_app  # noqa: PLW0603 - one app per worker process, made on its first job
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from webapp import create_app

        _worker_app = create_app()
    return _worker_app


def lease_seconds(app: Flask) -> float:
    return float(app.config["JOB_LEASE_SECONDS"])


def run_job(job_id: int, work) -> None:
    """Claim the job, run `work(job_id)` (which returns a result path or None), record the outcome.

    Each job has its own app context and so its own database session, also in immediate mode where it
    runs inside the request that queued it.
    """
    app = job_app()
    with app.app_context():
        try:
            job = records.claim(job_id, lease_seconds(app))
            base_url = (job.payload or {}).get("base_url") if job else None
            db.session.commit()
            if job is None:
                return
            with app.test_request_context(base_url=base_url or app.config["SERVER_BASE_URL"] or None):
                try:
                    result = work(job_id)
                except Exception as exc:
                    db.session.rollback()
                    logger.exception("Taak %s mislukt", job_id)
                    records.fail(job_id, "".join(traceback.format_exception_only(exc)).strip())
                else:
                    records.finish(job_id, result_path=result)
                db.session.commit()
        finally:
            db.session.remove()


def heartbeat(job_id: int, *, done: int | None = None, total: int | None = None):
    """A callable that renews the job's lease (and progress) in a short transaction of its own."""
    app = current_app._get_current_object()

    def beat():
        records.renew(job_id, lease_seconds(app), done=done, total=total)
        db.session.commit()

    return beat
