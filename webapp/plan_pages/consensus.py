"""Niveaus per bestuurder: own levels per section, their spread, and the board settling the plan's level."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.models import PlanStatus
from plans.review.workflow import WorkflowError
from plans.writing import consensus as agreement
from plans.writing import editing
from plans.writing.sections import content_for, levels_key
from webapp.extensions import db
from webapp.plan_pages import bp
from webapp.plan_pages.consensus_forms import make_settle_form, make_views_form, views_data
from webapp.plan_pages.loading import load_plan, load_section


def _attempt(operation, success: str) -> bool:
    """Run one operation; a refusal is shown as a message and nothing is saved."""
    try:
        operation()
    except WorkflowError as exc:  # a refused view or settlement, or a section locked by the review
        db.session.rollback()
        flash(str(exc), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.route("/plannen/<int:plan_id>/niveaus", methods=["GET", "POST"])
@login_required
def consensus(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content = content_for(plan)
    may_give = can(current_user, Permission.GIVE_LEVELS, plan) and plan.status != PlanStatus.ONDERTEKEND
    mine = [v for v in agreement.views_of(plan) if v.user_id == current_user.id]
    cls = make_views_form(content)
    form = cls() if request.method == "POST" else cls(formdata=None, data=views_data(content, mine))
    if request.method == "POST":
        if not may_give:
            abort(403)
        if form.validate_on_submit():
            done = _attempt(lambda: agreement.give_views(plan, current_user, form.levels()),
                            _("Uw eigen niveaus zijn opgeslagen."))
            if done:
                return redirect(url_for("plan_pages.consensus", plan_id=plan.id))
    return render_template("plan_pages/consensus.html", plan=plan, content=content, form=form, may_give=may_give,
                           spread=agreement.plan_spread(plan),
                           editors_allowed=plan.organisation.editors_give_levels)


@bp.route("/plannen/<int:plan_id>/niveaus/<slug>", methods=["GET", "POST"])
@login_required
def settle_levels(plan_id: int, slug: str):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    section = load_section(plan, slug)
    spread = next(s for s in agreement.plan_spread(plan) if s.section.id == section.id)
    key = levels_key(section)
    version = editing.versions_of(plan, [key]).get(key, 0)
    may_settle = can(current_user, Permission.SETTLE_LEVELS, plan) and plan.status != PlanStatus.ONDERTEKEND
    cls = make_settle_form(section)
    form = cls() if request.method == "POST" else cls(formdata=None, data=_settle_data(spread, version))
    if request.method == "POST":
        if not may_settle:
            abort(403)
        if form.validate_on_submit():
            done = _attempt(lambda: agreement.settle(
                plan, current_user, section.id, current=int(form.current.data), target=int(form.target.data),
                motivation=form.motivation.data, base_version=_version(form.base.data)),
                _("Het niveau van %(section)s is vastgesteld.", section=section.title))
            if done:
                return redirect(url_for("plan_pages.consensus", plan_id=plan.id, _anchor=section.id))
    return render_template("plan_pages/settle_levels.html", plan=plan, section=section, form=form, spread=spread,
                           may_settle=may_settle)


def _settle_data(spread, version: int) -> dict:
    """The form starts from the plan's levels and the earlier motivation."""
    levels = spread.plan_levels
    return {"current": _str(levels.get("current")), "target": _str(levels.get("target")), "base": str(version),
            "motivation": spread.settlement.motivation if spread.settlement else ""}


def _version(text: str | None) -> int:
    """The levels version the board saw; a missing or forged value counts as 'no levels seen'."""
    return int(text) if (text or "").isdigit() else 0


def _str(value) -> str | None:
    return None if value is None else str(value)
