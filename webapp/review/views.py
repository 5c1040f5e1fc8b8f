"""Submit, review per section, discuss, sign, and start or compare versions."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.documents import sealing
from plans.documents.pdf import audit_summary
from plans.models import CommentThread, Plan, PlanStatus
from plans.review import comments, versions, workflow
from plans.writing import editing
from plans.writing.maturity import section_maturity
from plans.writing.previous_answers import previous_by_section
from plans.writing.sections import content_for
from webapp import notifications
from webapp.auth.decorators import authorize
from webapp.downloads import stored_download
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.jobs import documents as document_jobs
from webapp.plan_pages.loading import load_plan, load_section, pdf_filename
from webapp.plan_pages.review_context import section_review_context, workflow_context
from webapp.review import bp
from webapp.review.forms import CommentForm, DecisionForm, SignForm


def _back(plan: Plan):
    return redirect(url_for("plan_pages.task_list", plan_id=plan.id))


def _attempt(operation, plan: Plan, success: str):
    """Run one workflow operation (with its e-mails) and commit once; a refusal is a message and saves nothing."""
    try:
        result = operation()
    except workflow.WorkflowError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return None, False
    db.session.commit()
    flash(success, "success")
    return result, True


@bp.route("/plannen/<int:plan_id>/indienen", methods=["GET", "POST"])
@login_required
def submit(plan_id: int):
    plan = load_plan(plan_id, Permission.SIGN)
    if request.method == "GET":  # the confirmation step: what happens next
        return render_template("review/submit.html", plan=plan, **workflow_context(plan))

    def submit_and_tell_the_kring():
        workflow.submit(plan, current_user)
        notifications.plan_submitted(plan)

    _attempt(submit_and_tell_the_kring, plan,
             _("Het plan is ingediend bij de kring. De beoordelaars hebben een e-mail gekregen."))
    return _back(plan)


@bp.route("/plannen/<int:plan_id>/intrekken", methods=["POST"])
@login_required
def withdraw(plan_id: int):
    plan = load_plan(plan_id, Permission.SIGN)
    _attempt(lambda: workflow.withdraw(plan, current_user), plan,
             _("De indiening is ingetrokken. Het plan is weer een concept."))
    return _back(plan)


@bp.route("/plannen/<int:plan_id>/<slug>/beoordelen", methods=["GET", "POST"])
@login_required
def review_section(plan_id: int, slug: str):
    plan = load_plan(plan_id, Permission.REVIEW)
    section = load_section(plan, slug)
    form = DecisionForm()

    def decide_and_tell_when_complete():
        before = plan.status
        workflow.decide(plan, section.id, form.decision.data, form.reason.data, current_user)
        if plan.status != before:
            notifications.review_completed(plan)

    if form.validate_on_submit():
        _result, done = _attempt(decide_and_tell_when_complete, plan, _("Uw beoordeling is opgeslagen."))
        if done:
            return _back(plan)
    values = editing.values_of(plan)
    return render_template("review/section.html", plan=plan, section=section, form=form, values=values,
                           can_edit=False, maturity=section_maturity(section, values),
                           **section_review_context(plan, section))


@bp.route("/plannen/<int:plan_id>/<slug>/opmerkingen", methods=["POST"])
@login_required
def new_thread(plan_id: int, slug: str):
    plan = _load_for_comments(plan_id)
    section = load_section(plan, slug)
    form = CommentForm()
    if form.validate_on_submit():
        _attempt(lambda: comments.start_thread(plan, section.id, current_user, form.body.data), plan,
                 _("Uw opmerking is geplaatst."))
    else:
        flash(_("Schrijf een opmerking."), "error")
    return redirect(_section_page(plan, section, "opmerkingen"))


@bp.route("/plannen/<int:plan_id>/opmerkingen/<int:thread_id>/<action>", methods=["POST"])
@login_required
def thread_action(plan_id: int, thread_id: int, action: str):
    plan = _load_for_comments(plan_id)
    thread = db.session.get(CommentThread, thread_id)
    if thread is None or thread.plan_id != plan.id or action not in ("reactie", "afsluiten"):
        abort(404)
    section = content_for(plan).section(thread.section_id)
    if action == "afsluiten" and BaseForm().validate_on_submit():
        _attempt(lambda: comments.resolve(plan, thread, current_user), plan, _("De discussie is afgesloten."))
    elif action == "reactie":
        form = CommentForm()
        if form.validate_on_submit():
            _attempt(lambda: comments.reply(plan, thread, current_user, form.body.data), plan,
                     _("Uw reactie is geplaatst."))
        else:
            flash(_("Schrijf een reactie."), "error")
    return redirect(_section_page(plan, section, f"discussie-{thread.id}"))


def _section_page(plan: Plan, section, anchor: str) -> str:
    """Back where the comment was written: the review page for a beoordelaar there, else the check page."""
    if request.form.get("page") == "beoordelen" and can(current_user, Permission.REVIEW, plan):
        return url_for("review.review_section", plan_id=plan.id, slug=section.slug, _anchor=anchor)
    return url_for("plan_pages.check_section", plan_id=plan.id, slug=section.slug, _anchor=anchor)


def _load_for_comments(plan_id: int) -> Plan:
    plan = load_plan(plan_id, Permission.READ_PLANS)
    if not (can(current_user, Permission.REVIEW, plan) or can(current_user, Permission.EDIT_PLANS, plan)):
        abort(403)
    return plan


@bp.route("/plannen/<int:plan_id>/ondertekenen", methods=["GET", "POST"])
@login_required
def sign(plan_id: int):
    plan = load_plan(plan_id, Permission.SIGN)
    form = SignForm(data={"name": current_user.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            outcome = workflow.sign(plan, current_user, password=form.password.data, name=form.name.data,
                                    function=form.function.data, confirmed=form.confirm.data)
            if outcome.final:
                # Rendered and sealed by a worker once this commits; the plan is signed either way,
                # and a failed render can be tried again from the progress page.
                document_jobs.signed_job(plan)
        except workflow.WorkflowError as exc:
            db.session.rollback()
            if workflow_context(plan)["can_sign"]:
                form.password.errors.append(str(exc))
            else:  # signed (or sent back) meanwhile: the form is gone, so there is no field to correct
                flash(str(exc), "error")
        else:
            db.session.commit()
            if outcome.final:
                flash(_("Het plan is ondertekend en vastgesteld. De ondertekende PDF wordt nu opgemaakt."), "success")
                return redirect(url_for("plan_pages.pdf_progress", plan_id=plan.id))
            flash(_("Uw handtekening is opgeslagen. Er is nog een handtekening van een andere bestuurder nodig."),
                  "success")
            return _back(plan)
    return render_template("review/sign.html", plan=plan, form=form, statement=workflow.statement_for(plan),
                           **workflow_context(plan))


@bp.route("/plannen/<int:plan_id>/ondertekend.pdf")
@login_required
def signed_pdf(plan_id: int):
    # The document comes with the plan, so the download needs no query beyond the access check's. A
    # conditional GET leaves the bytes in the database: with the ETag they are not sent (304).
    plan, document = sealing.plan_with_signed_document(plan_id, with_pdf=not request.if_none_match)
    authorize(Permission.DOWNLOAD, plan.organisation if plan else None)
    if document is None:
        if plan.status != PlanStatus.ONDERTEKEND:
            abort(404)
        return redirect(url_for("plan_pages.pdf_progress", plan_id=plan.id))  # still being made by a worker
    return stored_download(lambda: document.pdf, pdf_filename(plan, signed=True), "application/pdf", document.sha256)


@bp.route("/plannen/<int:plan_id>/nieuwe-versie", methods=["POST"])
@login_required
def new_version(plan_id: int):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    new, done = _attempt(lambda: versions.start_new_version(plan, current_user), plan,
                         _("Er is een nieuwe versie gestart als concept. De ondertekende versie blijft bewaard."))
    return redirect(url_for("plan_pages.task_list", plan_id=new.id)) if done else _back(plan)


@bp.route("/plannen/<int:plan_id>/vergelijken")
@login_required
def compare(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    line = versions.lineage(plan)
    other = next((p for p in line if p.id == request.args.get("met", type=int)), None)
    if other is None or other.id == plan.id:
        other = next((p for p in reversed(line) if p.version_number < plan.version_number), None)
    if other is None:
        flash(_("Er is geen andere versie om mee te vergelijken."), "info")
        return _back(plan)
    older, newer = sorted((plan, other), key=lambda p: p.version_number)
    return render_template("review/compare.html", plan=plan, older=older, newer=newer, lineage=line,
                           differences=versions.compare(older, newer))


@bp.route("/plannen/<int:plan_id>/logboek")
@login_required
def audit_log(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    return render_template("review/audit.html", plan=plan, events=audit_summary(plan, with_comments=True),
                           content=content_for(plan), previous_groups=previous_by_section(plan))
