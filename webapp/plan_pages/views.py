"""The wizard: start a plan, the task list, question pages, check answers and history."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from plans.accounts.policy import Permission, can
from plans.models import Organisation
from plans.review.comments import threads_by_id, threads_of
from plans.review.workflow import PlanLocked, current_decisions, editable_sections, review_states, revised_sections
from plans.vocabulary import PlanStatus, ReviewDecision, SectionDone, SectionStatus
from plans.writing import editing, saving
from plans.writing.maturity import section_maturity
from plans.writing.previous_answers import previous_answers, previous_by_section
from plans.writing.sections import (
    content_for,
    done_key,
    missing_required,
    next_step,
    resume_step,
    section_status,
    steps,
    unanswered_checklist,
)
from plans.writing.sections import (
    step as find_step,
)
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.forms.csrf import checks_csrf
from webapp.plan_pages import bp, posted
from webapp.plan_pages.chain_context import chain_gaps_context
from webapp.plan_pages.content_version import move_context, shown_elsewhere
from webapp.plan_pages.forms import CompleteSectionForm, field_name, without_row
from webapp.plan_pages.loading import load_plan, load_section
from webapp.plan_pages.new_plan import CreatePlanForm, default_title
from webapp.plan_pages.pages import build_page, reads, reads_when_posted, show_page
from webapp.plan_pages.posted import base_versions
from webapp.plan_pages.prefill import prefill_page
from webapp.plan_pages.review_context import section_review_context, workflow_context
from webapp.plan_pages.saving import autosave_text, posted_page


@bp.route("/organisaties/<int:organisation_id>/plannen/nieuw", methods=["GET", "POST"])
@login_required
def new_plan(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.EDIT_PLANS, org)
    concepts = editing.concepts_of(org)
    form = CreatePlanForm(organisation=org, taken_titles={p.title for p in editing.plans_of([org.id])})
    same_period = []
    if form.validate_on_submit():
        same_period = [p for p in concepts
                       if (p.period_start, p.period_end) == (form.period_start.data, form.period_end.data)]
        if not same_period or form.anyway.data:
            plan = editing.create_plan(org, form.title.data, form.period_start.data, form.period_end.data,
                                       current_user)
            db.session.commit()
            flash(_("Het plan is aangemaakt. Kies een onderdeel om te beginnen."), "success")
            return redirect(url_for("plan_pages.task_list", plan_id=plan.id))
    return render_template("plan_pages/new.html", form=form, organisation=org, default_title=default_title(org),
                           concepts=concepts, same_period=same_period)


@bp.route("/plannen/<int:plan_id>")
@login_required
def task_list(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content = content_for(plan)
    values = editing.values_of(plan)
    drafts = editing.draft_steps(plan)
    statuses = {s.id: section_status(s, values, s.id in drafts) for s in content.sections}
    done = sum(status == SectionStatus.COMPLETE for status in statuses.values())
    reviews = review_states(plan)
    editable = editable_sections(plan, reviews)
    can_edit = can(current_user, Permission.EDIT_PLANS, plan)
    links = {s.id: _section_link(plan, s, values, drafts.get(s.id, set()), can_edit and s.id in editable
                                 and statuses[s.id] != SectionStatus.COMPLETE)
             for s in content.sections}
    return render_template("plan_pages/task_list.html", plan=plan, content=content, statuses=statuses,
                           done=done, can_edit=can_edit, editable=editable, reviews=reviews, links=links,
                           revised=revised_sections(plan, reviews),
                           **workflow_context(plan), **move_context(plan))


def _section_link(plan, section, values, draft_step_ids, resumes: bool) -> str:
    """An editor resumes an unfinished section on its first incomplete page; everyone else reads its answers."""
    resume = resume_step(section, values, draft_step_ids) if resumes else None
    if resume is None:
        return url_for("plan_pages.check_section", plan_id=plan.id, slug=section.slug)
    return url_for("plan_pages.edit_step", plan_id=plan.id, slug=section.slug, step_id=resume.id)


def _show_post_again(error, **view_args):
    """An expired token: the page comes back with everything typed and a fresh token, nothing saved."""
    return _edit_step(**view_args, token_expired=True)


@bp.route("/plannen/<int:plan_id>/<slug>/<step_id>", methods=["GET", "POST"])
@checks_csrf(on_failure=_show_post_again)
@login_required
def edit_step(plan_id: int, slug: str, step_id: str):
    return _edit_step(plan_id, slug, step_id, token_expired=False)


def _edit_step(plan_id: int, slug: str, step_id: str, token_expired: bool):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    section = load_section(plan, slug)
    step = find_step(section, step_id) or abort(404)
    if request.method == "GET" and section.id not in editable_sections(plan):
        flash(_("Dit onderdeel kan nu niet worden gewijzigd: het plan is %(status)s.",
                status=PlanStatus(plan.status).label), "info")
        return redirect(url_for("plan_pages.check_section", plan_id=plan.id, slug=section.slug))
    if request.method == "POST":
        return _save_step(plan, section, step, token_expired)
    # The answers with their versions, the draft and the open threads' ids in one query.
    shown = editing.page_reads(plan, reads(section, step), section.id, step.id)
    values, versions, draft = shown.values, shown.versions, shown.draft
    prefilled = {}
    if draft is not None:
        page = build_page(section, step, values, formdata=posted.bounded(MultiDict(draft), step.questions),
                          shown_ids=draft.get("shown"))
        page.check(require_answers=False)
        flash(_("Deze pagina is eerder opgeslagen met fouten. Verbeter ze en sla de pagina opnieuw op."), "error")
    else:
        page = show_page(section, step, values)
        prefilled = prefill_page(plan, page, values)
    return _render_step(plan, section, page, values, {key: versions.get(key, 0) for key in page.keys},
                        prefilled=prefilled, open_threads=threads_by_id(plan, shown.open_thread_ids))


def _save_step(plan, section, step, token_expired: bool):
    action = request.form.get("action", "continue")
    formdata = posted.bounded(request.form, step.questions)
    if removal := posted.row_to_remove(action):
        formdata = without_row(formdata, field_name(removal[0]), removal[1])
    add_row = posted.row_to_add(action)
    shown_ids = formdata.getlist("shown") or None
    shows_again = add_row or action.startswith("remove_row:") or token_expired
    # A page shown again needs every answer (the answers shown from elsewhere); a save only what its build reads.
    values = editing.values_of(plan, None if shows_again else reads_when_posted(step, shown_ids))
    page = build_page(section, step, values, formdata=formdata, shown_ids=shown_ids, add_row=add_row)
    if shows_again:
        if token_expired:
            flash(_("Deze pagina stond lang open. Uw tekst staat er nog: controleer hem en sla opnieuw op."), "info")
        return _render_step(plan, section, page, values, base_versions(formdata))
    outcome = saving.save_page(plan, posted_page(page, formdata, require_answers=action == "continue"), current_user)
    plan_id = plan.id  # read before the commit expires the plan: the redirect needs no query
    db.session.commit()
    if outcome.conflicts or outcome.errors:
        return _render_step(plan, section, page, editing.values_of(plan), outcome.versions,
                            conflicts=outcome.conflicts)
    if outcome.new_questions:
        flash(_("Door uw antwoord is er een vervolgvraag bijgekomen. Beantwoord die en ga dan verder."), "info")
        return redirect(url_for("plan_pages.edit_step", plan_id=plan_id, slug=section.slug, step_id=step.id,
                                terug=request.args.get("terug")) + f"#{outcome.new_questions[0]}")
    return redirect(_after_save(plan_id, section, step, action))


def _after_save(plan_id: int, section, step, action) -> str:
    if action == "later":
        flash(_("Uw antwoorden zijn opgeslagen. U kunt later verdergaan."), "success")
        return url_for("plan_pages.task_list", plan_id=plan_id)
    back = request.args.get("terug")
    if back == "plan":
        return url_for("plan_pages.check_plan", plan_id=plan_id, _anchor=section.id)
    following = next_step(section, step)
    if back == "controleren" or following is None:
        return url_for("plan_pages.check_section", plan_id=plan_id, slug=section.slug)
    return url_for("plan_pages.edit_step", plan_id=plan_id, slug=section.slug, step_id=following.id)


def _render_step(plan, section, page, values, versions, conflicts=(), prefilled=None, *, open_threads=None):
    all_steps = steps(section)
    previous = all_steps[page.step.number - 2] if page.step.number > 1 else None
    if open_threads is None:
        open_threads = threads_of(plan, section.id, open_only=True)
    decision = current_decisions(plan).get(section.id) if plan.status == PlanStatus.WIJZIGINGEN else None
    return render_template("plan_pages/step.html", plan=plan, section=section, page=page, form=page.form,
                           step=page.step, total=len(all_steps), previous=previous, versions=versions,
                           conflicts={c.key: c for c in conflicts}, terug=request.args.get("terug"),
                           open_threads=open_threads, values=values, can_change_elsewhere=True,
                           shown_elsewhere=shown_elsewhere(content_for(plan), section, page.step.id),
                           prefilled=prefilled or {},
                           change_request=decision if decision and decision.decision == ReviewDecision.CHANGES else None)


@bp.route("/plannen/<int:plan_id>/<slug>/controleren", methods=["GET", "POST"])
@login_required
def check_section(plan_id: int, slug: str):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    section = load_section(plan, slug)
    values = editing.values_of(plan)
    can_edit = can(current_user, Permission.EDIT_PLANS, plan) and section.id in editable_sections(plan)
    form = CompleteSectionForm(data={"done": values.get(done_key(section))})
    if request.method == "POST":
        if not can_edit:
            abort(403)
        if form.validate_on_submit() and _may_complete(form, section, values):
            editing.mark_section(plan, section, form.done.data, current_user)
            db.session.commit()
            flash(_("%(title)s is klaar.", title=section.title) if form.done.data == SectionDone.DONE
                  else _("Uw antwoorden zijn bewaard. U kunt later verdergaan."), "success")
            return redirect(url_for("plan_pages.task_list", plan_id=plan.id))
    return render_template("plan_pages/check_section.html", plan=plan, section=section, values=values,
                           form=form, can_edit=can_edit, steps=steps(section),
                           has_draft=section.id in editing.sections_with_drafts(plan),
                           previous=previous_answers(plan, section.id),
                           **chain_gaps_context(plan, values, section),
                           **section_maturity_context(plan, section, values),
                           **section_review_context(plan, section))


def section_maturity_context(plan, section, values) -> dict:
    """The section's maturity and the version of its action plan, for the next-step buttons."""
    key = next(q.id for q in section.questions if q.type == "action_plan")
    return {"maturity": section_maturity(section, values),
            "actions_version": editing.versions_of(plan, [key]).get(key, 0)}


def _may_complete(form, section, values) -> bool:
    if form.done.data != SectionDone.DONE:
        return True
    problems = [_("Beantwoord ‘%(label)s’", label=q.label) for q in missing_required(section, values)]
    if unanswered_checklist(section, values):
        problems.append(_("Beantwoord alle punten van de checklist"))
    if not (values.get(f"{section.id}.niveau") or {}).get("current"):
        problems.append(_("Kies het huidige niveau en het doelniveau"))
    form.done.errors = problems
    return not problems


@bp.route("/plannen/<int:plan_id>/controleren")
@login_required
def check_plan(plan_id: int):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content, values = content_for(plan), editing.values_of(plan)
    previous = {group.section_id: group for group in previous_by_section(plan)}
    return render_template("plan_pages/check_plan.html", plan=plan, content=content,
                           values=values, editable=editable_sections(plan),
                           can_edit=can(current_user, Permission.EDIT_PLANS, plan), previous_by_section=previous,
                           previous_elsewhere=[g for sid, g in previous.items() if sid not in {s.id for s in content.sections}],
                           **chain_gaps_context(plan, values))


@bp.route("/plannen/<int:plan_id>/geschiedenis/<key>")
@login_required
def history(plan_id: int, key: str):
    plan = load_plan(plan_id, Permission.READ_PLANS)
    content = content_for(plan)
    section = next((s for s in content.sections if key.split(".", maxsplit=1)[0] in {s.id, *[q.id for q in s.questions],
                                                                          *[c.id for c in s.checklist]}), None)
    if section is None:
        abort(404)
    return render_template("plan_pages/history.html", plan=plan, section=section, key=key,
                           revisions=editing.history_of(plan, key))


def _autosave_refused(error, **view_args):
    return jsonify(message=_("Automatisch opslaan lukte niet: sla de pagina op.")), 400


@bp.route("/plannen/<int:plan_id>/autosave", methods=["POST"])
@checks_csrf(on_failure=_autosave_refused)
@login_required
def autosave(plan_id: int):
    plan = load_plan(plan_id, Permission.EDIT_PLANS)
    try:
        status, body = autosave_text(plan, request.form, current_user)
    except PlanLocked as error:  # a background save answers in JSON, never with the HTML error page
        db.session.rollback()
        return jsonify(message=str(error)), 409
    db.session.commit()
    return jsonify(body), status
