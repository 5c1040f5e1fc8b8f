"""The workspace of coaches and beoordelaars: find, compare, download and export plans in scope."""
from __future__ import annotations

import math
import re
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from building_blocks import get_content
from plans.documents.radar import axis_labels, axis_titles, max_level, radar
from plans.models import Job, JobKind, JobStatus
from plans.vocabulary import PlanStatus, YesNo
from plans.workspace import overview
from webapp.csv_export import csv_download
from webapp.downloads import content_disposition
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.forms.validators import ascii_int
from webapp.jobs import documents as document_jobs
from webapp.jobs.pages import job_page
from webapp.overview import bp
from webapp.overview.rows_html import overview_rows
from webapp.transactions import writes

MAX_COMPARE = 5
MAX_PAGE = 100_000  # far beyond any real page; bounds the OFFSET sent to the database
_PERIOD = re.compile(r"[0-9]{4}-[0-9]{4}")  # "2026-2029", as the period filter offers
# Column names a coach reads in Excel without a key.
CSV_HEADERS = ["Organisatie", "Regio", "Plan-id", "Plan", "Periode", "Versie", "Status", "Ondertekend op",
               "Onderdeel", "Naam van het onderdeel", "Checklist voldaan (%)", "Niveau volgens checklist",
               "Huidig niveau (eigen oordeel)", "Doelniveau", "Onderbouwing vraagt aandacht",
               "Opgaven", "Doelen met nulmeting", "Acties zonder eigenaar of einddatum", "Begroting gedekt per jaar",
               "Partners met getekende afspraak"]


def _filters() -> overview.Filters:
    args = request.args
    period = args.get("periode", "")
    return overview.Filters(region=args.get("regio", "")[:20], status=args.get("status", "")[:20],
                            period=period if _PERIOD.fullmatch(period) else "",
                            search=args.get("zoek", "").strip()[:100], sort=args.get("sorteer", "organisatie")[:20],
                            page=max(ascii_int(args.get("pagina"), MAX_PAGE) or 1, 1))


def page_window(current: int, pages: int, around: int = 2) -> list[int | None]:
    """The first and last page and those around the current one; None where pages are left out (…).

    A fixed number of links however many pages there are: 10,000 plans are 400 pages.
    """
    shown = sorted({1, pages, *range(max(current - around, 1), min(current + around, pages) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


def _selected_ids() -> list[int]:
    return list(dict.fromkeys(i for i in map(ascii_int, request.args.getlist("plan")) if i is not None))


@bp.route("/")
@login_required
def index():
    filters = _filters()
    found = overview.overview_page(current_user, filters)
    pages = max(math.ceil(found.total / filters.per_page), 1)
    return render_template("overview/index.html", rows=found.rows, total=found.total, filters=filters, pages=pages,
                           page_numbers=page_window(filters.page, pages), choices=found.choices, content=get_content(),
                           args=request.args.to_dict(flat=True), overview_rows=overview_rows)


@bp.route("/vergelijken")
@login_required
def compare():
    plans = overview.plans_by_ids(current_user, _selected_ids())
    if not 2 <= len(plans) <= MAX_COMPARE:
        flash(_("Kies twee tot vijf plannen om te vergelijken."), "error")
        return redirect(url_for("overview.index"))
    rows = overview.summaries(plans)
    content = get_content()
    chart = radar(axis_labels(content),
                  [(r.plan.organisation.name, f"plan-{i}", [m.current for m in r.maturity]) for i, r in enumerate(rows)],
                  max_level(content), axis_titles(content))
    return render_template("overview/compare.html", rows=rows, content=content, chart=chart,
                           legend=_legend([r.plan for r in rows]), coverage_text=coverage_text)


def _legend(plans) -> list[str]:
    """One legend entry per plan that tells it apart: organisation, title, version and status (and the
    plan's number when even those are the same)."""
    entries = [_("%(org)s: %(title)s, versie %(n)d (%(status)s)", org=p.organisation.name, title=p.title,
                 n=p.version_number, status=PlanStatus(p.status).label) for p in plans]
    return [f"{e} · {_('plan %(id)d', id=p.id)}" if entries.count(e) > 1 else e for e, p in zip(entries, plans, strict=False)]


@bp.route("/regioplannen.zip")
@writes
@login_required
def download_zip():
    """The chosen plans' PDFs as one ZIP (at most ZIP_MAX_PLANS), built by a worker; the page shows progress."""
    plans = overview.plans_by_ids(current_user, _selected_ids())
    if not plans:
        flash(_("Kies de plannen die u wilt downloaden."), "error")
        return redirect(url_for("overview.index"))
    maximum = current_app.config["ZIP_MAX_PLANS"]
    if len(plans) > maximum:
        flash(_("Kies hoogstens %(n)d plannen voor één ZIP-bestand.", n=maximum), "error")
        return redirect(url_for("overview.index"))
    job = document_jobs.zip_job(current_user, plans)
    db.session.commit()
    return redirect(url_for("overview.zip_progress", job_id=job.id))


def _own_zip_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.kind != JobKind.ZIP or job.requested_by_id != current_user.id:
        abort(404)
    return job


@bp.route("/downloads/<int:job_id>", methods=["GET", "POST"])
@writes
@login_required
def zip_progress(job_id: int):
    job = _own_zip_job(job_id)
    if job.status == JobStatus.DONE and not (job.result_path and Path(job.result_path).is_file()):
        job.status = JobStatus.FAILED.value  # the file was cleaned up: build it again
        document_jobs.retry(job)
    elif request.method == "POST":
        if BaseForm().validate_on_submit():
            document_jobs.retry(job)
    else:
        document_jobs.requeue_if_orphaned(job)
    db.session.commit()
    if request.method == "POST":
        return redirect(url_for("overview.zip_progress", job_id=job.id))
    return job_page(job, title=_("Het ZIP-bestand wordt gemaakt"), download_label=_("Download het ZIP-bestand"),
                    download_url=url_for("overview.zip_file", job_id=job.id),
                    retry_url=url_for("overview.zip_progress", job_id=job.id), back_url=url_for("overview.index"))


@bp.route("/downloads/<int:job_id>/regioplannen.zip")
@login_required
def zip_file(job_id: int):
    job = _own_zip_job(job_id)
    if job.status != JobStatus.DONE or not (job.result_path and Path(job.result_path).is_file()):
        return redirect(url_for("overview.zip_progress", job_id=job.id))
    # Streamed from disk by the WSGI server, never held in memory.
    response = send_file(job.result_path, mimetype="application/zip", conditional=False)
    response.headers["Content-Disposition"] = content_disposition("regioplannen.zip")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/volwassenheid.csv")
@login_required
def maturity_csv():
    """Maturity per section per plan, for every plan in scope that matches the filters."""
    rows = overview.overview_rows(current_user, _filters())
    lines = ([plan.organisation.name, plan.organisation.region.name, plan.id, plan.title, plan.period,
              plan.version_number, PlanStatus(plan.status).label,
              plan.signed_at.strftime("%d-%m-%Y") if plan.signed_at else "",
              m.section.label, m.section.title, _blank(m.percentage), _blank(m.checklist_level), _blank(m.current),
              _blank(m.target), YesNo.JA if m.needs_attention else YesNo.NEE, *_planning_cells(row.planning)]
             for row, plan, m in ((row, row.plan, m) for row in rows for m in row.maturity))
    return csv_download(CSV_HEADERS, lines, "volwassenheid-regioplannen.csv")


def _planning_cells(figures) -> list[str]:
    """The chain's figures of a plan, repeated on each of its rows; empty on a version without the chain."""
    if figures is None:
        return ["", "", "", "", ""]
    return [str(figures.opgaven), f"{figures.doelen_with_baseline} / {figures.doelen}", str(figures.actions_incomplete),
            coverage_text(figures.covered), f"{figures.partners_signed} / {figures.partners}"]


def coverage_text(covered) -> str:
    """'2026: 85,5%; 2027: geen kosten': the share of each year's costs that is funded."""
    return "; ".join(f"{year}: " + (format_decimal(share, format="#,##0.#") + "%" if share is not None
                                    else _("geen kosten")) for year, share in covered)


def _blank(value) -> str:
    return "" if value is None else str(value)
