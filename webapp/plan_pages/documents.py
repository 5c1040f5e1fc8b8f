"""The plan as a document: PDF download and the maturity profile."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.documents.pdf import RenderTimeout, draft_pdf
from plans.documents.radar import maturity_radar
from plans.documents.sealing import signed_document_of
from plans.writing import editing
from plans.writing.maturity import plan_maturity
from plans.writing.sections import content_for
from webapp.extensions import db
from webapp.forms.validators import ascii_int
from webapp.plan_pages import bp
from webapp.plan_pages.loading import load_plan, load_section, pdf_filename, pdf_response
from webapp.plan_pages.posted import MAX_TABLE_ROWS


@bp.route("/plannen/<int:plan_id>/regioplan.pdf")
@login_required
def download_pdf(plan_id: int):
    plan = load_plan(plan_id, Permission.DOWNLOAD)
    if signed_document_of(plan) is not None:
        return redirect(url_for("review.signed_pdf", plan_id=plan.id))
    try:
        pdf = draft_pdf(plan)
    except RenderTimeout:
        return render_template("errors/error.html", code=503, title=_("De PDF kon niet worden gemaakt")), 503
    return pdf_response(pdf, pdf_filename(plan))


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

