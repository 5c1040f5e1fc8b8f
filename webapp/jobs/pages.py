"""The progress page of a job (HTML that refreshes itself, or JSON for static/js/progress.js) and file responses."""
from __future__ import annotations

from pathlib import Path

from flask import jsonify, render_template, request
from flask_babel import gettext as _

from plans.models import Job, JobStatus

REFRESH_SECONDS = 3


def status_text(job: Job) -> str:
    if job.status == JobStatus.DONE:
        return _("Klaar.")
    if job.status == JobStatus.FAILED:
        return _("Het maken is mislukt.")
    if job.total > 1:
        return _("%(done)s van %(total)s plannen klaar …", done=job.done, total=job.total)
    if job.status == JobStatus.RUNNING:
        return _("Bezig …")
    return _("In de wachtrij …")


def job_page(job: Job, *, title: str, download_url: str, download_label: str, retry_url: str, back_url: str,
             **context):
    if request.args.get("formaat") == "json":
        return jsonify(status=job.status, done=job.done, total=job.total, text=status_text(job),
                       download_url=download_url if job.status == JobStatus.DONE else None)
    return render_template("jobs/progress.html", job=job, title=title, download_url=download_url,
                           download_label=download_label, retry_url=retry_url, back_url=back_url,
                           status_text=status_text(job), refresh_seconds=REFRESH_SECONDS, S=JobStatus, **context)


def send_pdf(path: Path, filename: str):
    from webapp.plan_pages.loading import pdf_response  # plan_pages imports this module

    return pdf_response(path.read_bytes(), filename)
