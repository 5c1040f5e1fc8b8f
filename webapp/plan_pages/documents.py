"""The plan as a document: PDF download and the maturity profile."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.documents import pdf
from plans.documents.radar import maturity_radar
from plans.documents.sealing import signed_document_of
from plans.models import Job, JobStatus, PlanStatus
from plans.writing import editing
from plans.writing.maturity import plan_maturity
from plans.writing.sections import content_for
from plans.writing.tables import MAX_TABLE_ROWS
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.forms.validators import ascii_int
from webapp.jobs import documents as document_jobs
from webapp.jobs.pages import job_page, send_pdf
from webapp.plan_pages import bp
from webapp.plan_pages.loading import load_plan, load_section, pdf_filename
from webapp.transactions import writes


@bp.route("/plannen/<int:plan_id>/regioplan.pdf")
@writes
@login_required
def download_pdf(plan_id: int):
    """The concept PDF when it is ready; otherwise it is made by a worker and the progress page shows it."""
    plan = load_plan(plan_id, Permission.DOWNLOAD)
    if plan.status == PlanStatus.ONDERTEKEND:
        return redirect(url_for("review.signed_pdf", plan_id=plan.id))
    path = pdf.cached_concept(plan)
    if path is not None:
        return send_pdf(path, pdf_filename(plan))
    document_jobs.concept_job(plan, current_user)
    db.session.commit()
    return redirect(url_for("plan_pages.pdf_progress", plan_id=plan.id))


def current_job(plan):
    if plan.status == PlanStatus.ONDERTEKEND:
        return document_jobs.signed_job(plan), url_for("review.signed_pdf", plan_id=plan.id)
    return document_jobs.concept_job(plan, current_user), url_for("plan_pages.download_pdf", plan_id=plan.id)


@bp.route("/plannen/<int:plan_id>/pdf-maken", methods=["GET", "POST"])
@writes
@login_required
def pdf_progress(plan_id: int):
    """The progress page (‘Het regioplan wordt opgemaakt …’): refreshes itself without JavaScript, updates in place with it.

    A POST (with its CSRF token) tries a failed render again.
    """
    plan = load_plan(plan_id, Permission.DOWNLOAD)
    signed = plan.status == PlanStatus.ONDERTEKEND
    if signed and signed_document_of(plan) is not None:  # made (the demo seal has no job): ready
        job, download_url = Job(status=JobStatus.DONE.value, done=1, total=1), url_for("review.signed_pdf", plan_id=plan.id)
    else:
        job, download_url = current_job(plan)
    if request.method == "POST":
        if BaseForm().validate_on_submit():
            document_jobs.retry(job)
        db.session.commit()
        return redirect(url_for("plan_pages.pdf_progress", plan_id=plan.id))
    if job.id is not None:
        document_jobs.requeue_if_orphaned(job)
        db.session.commit()
    return job_page(job, title=_("Het ondertekende regioplan wordt opgemaakt") if signed
                    else _("Het regioplan wordt opgemaakt"),
                    download_url=download_url, download_label=_("Download het ondertekende regioplan (PDF)") if signed
                    else _("Download het regioplan als PDF"),
                    retry_url=url_for("plan_pages.pdf_progress", plan_id=plan.id),
                    back_url=url_for("plan_pages.task_list", plan_id=plan.id), plan=plan)


@bp.route("/plannen/<int:plan_id>/volwassenheid")
@login_required
def maturity(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content = content_for(plan)
    values = editing.values_of(plan)
    rows = plan_maturity(content, values)
    return render_template("plan_pages/maturity.html", plan=plan, maturity=rows, chart=maturity_radar(content, rows),
                           can_edit=can(current_user, Permission.EDIT_PLANS, plan))


@bp.route("/plannen/<int:plan_id>/<slug>/volgende-stap", methods=["POST"])
@login_required
def add_next_step(plan_id: int, slug: str):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    section = load_section(plan, slug)
    item = next((i for i in section.checklist if i.id == request.form.get("item")), None)
    base = ascii_int(request.form.get("base"))
    if item is None or base is None:
        abort(400)
    back = url_for("plan_pages.check_section", plan_id=plan.id, slug=section.slug, _anchor="volgende-stappen")
    actions = next(q.id for q in section.questions if q.type == "action_plan")
    if len(editing.values_of(plan).get(actions) or []) >= MAX_TABLE_ROWS:
        flash(_("Het actieplan heeft al %(n)d acties, het maximum. Verwijder acties of voeg ze samen.",
                n=MAX_TABLE_ROWS), "error")
        return redirect(back)
    result = editing.add_suggested_action(plan, section, item, current_user, base)
    db.session.commit()
    if result.conflicts:
        flash(_("Een collega heeft het actieplan intussen gewijzigd. Bekijk het en probeer het opnieuw."), "error")
    else:
        flash(_("De actie is toegevoegd aan het actieplan. Vul de eigenaar en de data in."), "success")
    return redirect(back)

