"""Moving a concept plan to a new content version, and facts asked elsewhere."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can
from plans.vocabulary import PlanStatus
from plans.writing import content_migration
from plans.writing.sections import content_for
from webapp.extensions import db
from webapp.forms.csrf import checks_csrf
from webapp.plan_pages import bp
from webapp.plan_pages.loading import load_plan


def shown_elsewhere(content, section, step_id: str) -> list[tuple]:
    """(home section, home page id, question) for each fact this page shows read-only."""
    page = next((p for p in section.pages if p.id == step_id), None)
    if page is None:
        return []
    shown = []
    for qid in page.shows:
        home, question = content.find_question(qid)
        home_page = next(p.id for p in home.pages if any(q.id == qid for q in p.questions))
        shown.append((home, home_page, question))
    return shown


def move_context(plan) -> dict:
    """For the task list: whether this plan can move to a newer content version, and to which."""
    target = content_migration.next_version(plan)
    may = target is not None and can(current_user, Permission.EDIT_PLANS, plan) and plan.status == PlanStatus.CONCEPT
    return {"newer_content_version": target if may else None}


def _show_again(error, plan_id: int):
    flash(_("De pagina stond lang open. Bevestig de overstap opnieuw."), "info")
    return redirect(url_for("plan_pages.move_content_version", plan_id=plan_id))


@bp.route("/plannen/<int:plan_id>/inhoudsversie", methods=["GET", "POST"])
@checks_csrf(on_failure=_show_again)
@login_required
def move_content_version(plan_id: int):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    target = content_migration.next_version(plan)
    refusal = content_migration.refusal(plan, target)
    if request.method == "POST" and refusal is None:
        result = content_migration.move_plan(plan, current_user, target)
        db.session.commit()
        flash(_("Het plan staat nu op inhoudsversie %(version)s. %(moved)d antwoorden zijn overgezet en %(kept)d "
                "bewaard bij ‘Antwoorden uit de vorige inhoudsversie’.", version=target,
                moved=len(result.moved), kept=len(result.retired)), "success")
        return redirect(url_for("plan_pages.task_list", plan_id=plan.id))
    planned = content_migration.plan_move(plan, target) if target and refusal is None else None
    old = content_for(plan)
    titles = {s.id: s.title for s in old.sections}
    return render_template("plan_pages/content_version.html", plan=plan, target=target, refusal=refusal,
                           planned=planned, titles=titles, labels=_labels(old, planned))


def _labels(content, planned) -> dict[str, str]:
    """A readable label for every key the confirmation page lists."""
    if planned is None:
        return {}
    labels = {}
    for retired in planned.retired:
        key = retired.key
        qid = key.removesuffix(".anders")
        try:
            labels[key] = content.find_question(qid)[1].label
        except KeyError:
            try:
                labels[key] = content.find_checklist_item(key)[1].statement
            except KeyError:
                labels[key] = _("Huidig niveau en doelniveau") if key.endswith(".niveau") else key
    return labels
