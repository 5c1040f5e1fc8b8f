"""The document jobs: the concept PDF, the signed (sealed) PDF at the last signature, and the ZIP of many plans.

Views ask for a job (`concept_job`, `signed_job`, `zip_job`); the job is found by a key, so asking
again gives the same job, and it is queued once the request's transaction commits. The work runs in
a worker, ends its database transaction before the layout starts (no write lock is held while
WeasyPrint works), and stores one result however often it runs.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

from flask import current_app, has_request_context, request, url_for

from plans.db import db
from plans.documents import pdf, sealing
from plans.jobs import records
from plans.models import Job, JobKind, Plan, PlanStatus, User
from webapp import notifications
from webapp.jobs.queue import huey
from webapp.jobs.runner import after_commit, heartbeat, run_job


def _base_url() -> str | None:
    return request.url_root if has_request_context() else None


def _queue(job: Job, needs_worker: bool) -> Job:
    if needs_worker:
        db.session.flush()
        after_commit({JobKind.CONCEPT_PDF: render_concept_task, JobKind.SIGNED_PDF: render_signed_task,
                      JobKind.ZIP: build_zip_task}[JobKind(job.kind)], job.id)
    return job


def requeue_if_orphaned(job: Job) -> Job:
    """A running job whose worker died is queued again (also done by the worker's periodic sweep)."""
    return _queue(job, records.lease_expired(job))


def retry(job: Job) -> Job:
    return _queue(job, records.retry(job))


def concept_job(plan: Plan, user: User | None) -> Job:
    job, new = records.find_or_create(JobKind.CONCEPT_PDF, f"concept:{plan.id}:{pdf.concept_key(plan)}",
                                      plan_id=plan.id, requested_by_id=user.id if user else None,
                                      payload={"base_url": _base_url()}, total=1)
    return _queue(job, new)


def signed_job(plan: Plan) -> Job:
    job, new = records.find_or_create(JobKind.SIGNED_PDF, f"signed:{plan.id}", plan_id=plan.id,
                                      payload={"base_url": _base_url()}, total=1)
    return _queue(job, new)


def zip_job(user: User, plans: list[Plan]) -> Job:
    """One ZIP per user and exact selection (ids and the revision or signature of each plan)."""
    signature = "\x1f".join(f"{p.id}:{p.revision}:{p.status}" for p in plans)
    key = f"zip:{user.id}:{hashlib.sha256(signature.encode()).hexdigest()[:32]}"
    job, new = records.find_or_create(JobKind.ZIP, key, requested_by_id=user.id, total=len(plans),
                                      payload={"base_url": _base_url(), "plan_ids": [p.id for p in plans]})
    return _queue(job, new)


# The work, run by the tasks at the end of this module inside runner.run_job -------------------------------------------

def _job(job_id: int) -> Job:
    return db.session.get(Job, job_id)


def render_concept(job_id: int) -> str | None:
    job = _job(job_id)
    plan = db.session.get(Plan, job.plan_id)
    if plan is None or plan.status == PlanStatus.ONDERTEKEND or job.key != f"concept:{plan.id}:{pdf.concept_key(plan)}":
        return None  # the plan changed (or was signed) since: a newer job renders what is current
    path = pdf.concept_path(plan)
    if not path.is_file():  # ending the transaction before the layout: nothing is locked while it runs
        pdf.draft_pdf(plan, pdf.PdfOptions(timeout_seconds=current_app.config["PDF_RENDER_TIMEOUT"]),
                      before_layout=db.session.commit, heartbeat=heartbeat(job_id))
    return str(path)


def render_signed(job_id: int) -> None:
    job = _job(job_id)
    plan = db.session.get(Plan, job.plan_id)
    document, stored = sealing.create_signed_document(
        plan, lambda code: url_for("review.verify", code=code, _external=True), before_layout=db.session.commit,
        timeout_seconds=current_app.config["PDF_RENDER_TIMEOUT"], heartbeat=heartbeat(job_id))
    if stored:  # only the run that stored the document tells people: nobody hears twice
        plan = db.session.get(Plan, document.plan_id)
        notifications.plan_signed(plan, url_for("review.verify", code=document.verification_code, _external=True))


def zip_folder() -> Path:
    return Path(current_app.instance_path) / "zips"


def build_zip(job_id: int) -> str:
    """The ZIP on disk, written plan by plan (progress n of m) into a temporary file, then renamed."""
    from webapp.plan_pages.loading import pdf_filename

    job = _job(job_id)
    plan_ids, total = list(job.payload["plan_ids"]), job.total
    path = zip_folder() / f"regioplannen-{job_id}.zip"
    if path.is_file():
        return str(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file, zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED) as archive:
            for number, plan_id in enumerate(plan_ids, 1):
                plan = db.session.get(Plan, plan_id)
                if plan is not None:
                    signed = sealing.signed_document_of(plan)
                    name = pdf_filename(plan, signed=signed is not None)
                    data = signed.pdf if signed else pdf.draft_pdf(
                        plan, pdf.PdfOptions(timeout_seconds=current_app.config["PDF_RENDER_TIMEOUT"]),
                        before_layout=db.session.commit)
                    archive.writestr(name, data)  # PDFs are compressed already
                db.session.commit()
                heartbeat(job_id, done=number, total=total)()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return str(path)


# The Huey tasks: each runs one of the works above in the app, with the job's bookkeeping ---------------

@huey.task()
def render_concept_task(job_id: int) -> None:
    run_job(job_id, render_concept)


@huey.task()
def render_signed_task(job_id: int) -> None:
    run_job(job_id, render_signed)


@huey.task()
def build_zip_task(job_id: int) -> None:
    run_job(job_id, build_zip)
