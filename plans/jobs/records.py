"""The job table's rules. A job is found by its key, so asking twice for one result gives one job; a
worker claims a job under a row lock with a lease, so a job runs once at a time, and a job whose lease
ran out (its worker died) is claimed again. Operations flush; the job runner commits.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from plans.clock import utcnow
from plans.db import db
from plans.models import Job, JobKind, JobStatus

ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def locked(job_id: int) -> Job | None:
    """The job, its row locked until the transaction ends (FOR UPDATE; SQLite: BEGIN IMMEDIATE)."""
    return db.session.scalar(sa.select(Job).where(Job.id == job_id).with_for_update().execution_options(
        populate_existing=True))


def by_key(key: str) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.key == key))


def find_or_create(kind: JobKind, key: str, *, plan_id: int | None = None, requested_by_id: int | None = None,
                   payload: dict | None = None, total: int = 0) -> tuple[Job, bool]:
    """The job for `key`, and whether it (again) needs a worker: new, or failed before and retried now."""
    job = by_key(key)
    if job is None:
        try:
            with db.session.begin_nested():
                job = Job(kind=kind.value, key=key, plan_id=plan_id, requested_by_id=requested_by_id,
                          payload=payload or {}, total=total)
                db.session.add(job)
        except IntegrityError:  # a concurrent request created it first
            return by_key(key), False
        return job, True
    return job, False


def retry(job: Job) -> bool:
    """Queue a failed job again; True when it needs a worker."""
    if job.status != JobStatus.FAILED:
        return False
    job.status, job.error, job.done, job.lease_until = JobStatus.QUEUED.value, None, 0, None
    db.session.flush()
    return True


def lease_expired(job: Job) -> bool:
    return job.status == JobStatus.RUNNING and (job.lease_until is None or job.lease_until < utcnow())


def claim(job_id: int, lease_seconds: float) -> Job | None:
    """Take the job for this worker, or None when it is done or another live worker has it."""
    job = locked(job_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return None
    if job.status == JobStatus.RUNNING and not lease_expired(job):
        return None
    job.status = JobStatus.RUNNING.value
    job.attempts += 1
    job.started_at = utcnow()
    job.lease_until = utcnow() + timedelta(seconds=lease_seconds)
    db.session.flush()
    return job


def renew(job_id: int, lease_seconds: float, *, done: int | None = None, total: int | None = None) -> None:
    values = {"lease_until": utcnow() + timedelta(seconds=lease_seconds)}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    db.session.execute(sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING).values(**values))


def finish(job_id: int, *, result_path: str | None = None) -> None:
    job = locked(job_id)
    job.status, job.finished_at, job.lease_until, job.error = JobStatus.DONE.value, utcnow(), None, None
    job.done = max(job.done, job.total)
    if result_path is not None:
        job.result_path = result_path
    db.session.flush()


def fail(job_id: int, error: str) -> None:
    job = locked(job_id)
    if job is None or job.status == JobStatus.DONE:
        return
    job.status, job.finished_at, job.lease_until, job.error = JobStatus.FAILED.value, utcnow(), None, error[:2000]
    db.session.flush()


def orphaned(*, queued_before=None) -> list[Job]:
    """Running jobs whose worker stopped renewing the lease, and (optionally) jobs queued before a time."""
    condition = sa.and_(Job.status == JobStatus.RUNNING, sa.or_(Job.lease_until.is_(None), Job.lease_until < utcnow()))
    if queued_before is not None:
        condition = sa.or_(condition, sa.and_(Job.status == JobStatus.QUEUED, Job.created_at < queued_before))
    return list(db.session.scalars(sa.select(Job).where(condition).order_by(Job.id)))
