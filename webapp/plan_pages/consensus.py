"""Niveaus per bestuurder: own levels per section, their spread, and the board settling the plan's level."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.writing import consensus as agreement
from plans.writing import editing
from plans.writing.sections import content_for, levels_key
from webapp.plan_pages import bp
from webapp.plan_pages.consensus_forms import make_settle_form, make_views_form, views_data
from webapp.plan_pages.loading import load_plan, load_section
from webapp.review.views import _attempt


def _level(value: str | None) -> int | None:
    return int(value) if value else None


@bp.route("/plannen/<int:plan_id>/niveaus", methods=["GET", "POST"])
@login_required
def consensus(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content = content_for(plan)
    may_give = can(current_user, Permission.GIVE_LEVELS, plan) and plan.status != "ondertekend"
    mine = [v for v in agreement.views_of(plan) if v.user_id == current_user.id]
    cls = make_views_form(content)
    form = cls() if request.method == "POST" else cls(formdata=None, data=views_data(content, mine))
    if request.method == "POST":
        if not may_give:
            abort(403)
        if form.validate_on_submit():
            done = _attempt(lambda: [agreement.give_view(plan, current_user, s.id,
                                                            _level(form[f"current_{s.id}"].data),
                                                            _level(form[f"target_{s.id}"].data))
                                        for s in content.sections], plan, _("Uw eigen niveaus zijn opgeslagen."))[1]
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
    may_settle = can(current_user, Permission.SETTLE_LEVELS, plan) and plan.status != "ondertekend"
    cls = make_settle_form(section)
    levels = spread.plan_levels
    form = cls() if request.method == "POST" else cls(formdata=None, data={
        "current": _str(levels.get("current")), "target": _str(levels.get("target")), "base": str(version),
        "motivation": spread.settlement.motivation if spread.settlement else ""})
    if request.method == "POST":
        if not may_settle:
            abort(403)
        if form.validate_on_submit():
            done = _attempt(lambda: agreement.settle(
                plan, current_user, section.id, current=int(form.current.data), target=int(form.target.data),
                motivation=form.motivation.data, base_version=int(form.base.data or 0)), plan,
                _("Het niveau van %(section)s is vastgesteld.", section=section.title))[1]
            if done:
                return redirect(url_for("plan_pages.consensus", plan_id=plan.id, _anchor=section.id))
    return render_template("plan_pages/settle_levels.html", plan=plan, section=section, form=form, spread=spread,
                           may_settle=may_settle)


def _str(value) -> str | None:
    return None if value is None else str(value)
