"""Vaststelling en afstemming: record how the plan was adopted and with whom it was agreed."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.models import PlanConsultation
from plans.review import adoption
from plans.vocabulary import LegalForm, PlanStatus
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.plan_pages.loading import load_plan
from webapp.review import bp
from webapp.review.adoption_forms import AddConsultationForm, RecordAdoptionForm


def _adoption_form(plan, formdata=None):
    record = adoption.adoption_of(plan)
    data = record and {"body": record.body, "adopted_on": record.adopted_on.isoformat(),
                       "minutes_reference": record.minutes_reference}
    form = RecordAdoptionForm() if formdata is not None else RecordAdoptionForm(formdata=None, data=data)
    return form.offer(adoption.bodies_for(plan.organisation))


def _page(plan, form, adoption_form, consultation_form, status=200):
    return render_template("review/adoption.html", plan=plan, form=form, adoption_form=adoption_form,
                           consultation_form=consultation_form, adoption=adoption.adoption_of(plan),
                           consultations=adoption.consultations_of(plan),
                           can_edit=can(current_user, Permission.EDIT_PLANS, plan) and plan.status != PlanStatus.ONDERTEKEND,
                           legal_form=plan.organisation.legal_form and LegalForm.label_of(plan.organisation.legal_form)), status


def _attempt(operation, form, field) -> bool:
    try:
        operation()
    except adoption.AdoptionError as exc:
        db.session.rollback()
        field.errors = [*field.errors, str(exc)]
        return False
    db.session.commit()
    return True


@bp.route("/plannen/<int:plan_id>/vaststelling", methods=["GET", "POST"])
@login_required
def adoption_page(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    if request.method == "GET":
        form = _adoption_form(plan)
        return _page(plan, form, form, AddConsultationForm(formdata=None))
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    form = _adoption_form(plan, request.form)
    if form.validate_on_submit() and _attempt(lambda: adoption.record_adoption(
            plan, current_user, body=form.body.data, adopted_on=form.day,
            minutes_reference=form.minutes_reference.data), form, form.adopted_on):
        flash(_("De vaststelling is vastgelegd."), "success")
        return redirect(url_for("review.adoption_page", plan_id=plan.id))
    return _page(plan, form, form, AddConsultationForm(formdata=None), 400)


@bp.route("/plannen/<int:plan_id>/vaststelling/afstemming", methods=["POST"])
@login_required
def add_consultation(plan_id: int):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    form = AddConsultationForm()
    if form.validate_on_submit() and _attempt(lambda: adoption.add_consultation(
            plan, current_user, party_kind=form.party_kind.data, party_name=form.party_name.data,
            consulted_on=form.day, outcome=form.outcome.data, note=form.note.data), form, form.consulted_on):
        flash(_("De afstemming met %(party)s is vastgelegd.", party=form.party_name.data), "success")
        return redirect(url_for("review.adoption_page", plan_id=plan.id, _anchor="afstemming"))
    return _page(plan, form, _adoption_form(plan), form, 400)


@bp.route("/plannen/<int:plan_id>/vaststelling/afstemming/<int:consultation_id>/verwijderen", methods=["POST"])
@login_required
def remove_consultation(plan_id: int, consultation_id: int):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    consultation = db.session.get(PlanConsultation, consultation_id)
    if consultation is None or consultation.plan_id != plan.id:
        abort(404)
    if not BaseForm().validate_on_submit():
        abort(400)
    try:
        adoption.remove_consultation(plan, current_user, consultation)
    except adoption.AdoptionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("De afstemming is verwijderd."), "success")
    return redirect(url_for("review.adoption_page", plan_id=plan.id, _anchor="afstemming"))
