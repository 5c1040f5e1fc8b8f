from flask import current_app, render_template, send_from_directory
from flask_login import current_user, login_required

from building_blocks import get_content
from plans.accounts.policy import Permission, can
from plans.accounts.scope import memberships_of, regions_of
from plans.models import Organisation
from plans.writing import editing
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.main import bp
from webapp.team.organisation_page import render_organisation


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it at the root; without it every first visit logs a 404."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)


@bp.route("/")
@login_required
def index():
    memberships = memberships_of(current_user)
    organisations = {}
    for m in memberships:
        organisations.setdefault(m.organisation, set()).add(m.role)
    regions = regions_of(current_user)
    org_ids = [o.id for o in organisations] + [o.id for view in regions for o in view.organisations]
    plans = editing.plans_of(org_ids)
    plans_by_org: dict[int, list] = {}
    for plan in plans:
        plans_by_org.setdefault(plan.organisation_id, []).append(plan)
    return render_template(
        "main/index.html",
        organisations=organisations,
        regions=regions,
        plans_by_org=plans_by_org,
        done=editing.completed_sections([p.id for p in plans]),
        total_sections=len(get_content().sections),
        can_start={org.id for org in organisations if can(current_user, Permission.EDIT_PLANS, org)},
        is_admin=can(current_user, Permission.ADMINISTER),
    )


@bp.route("/organisaties/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.VIEW_ORGANISATION, org)
    return render_organisation(org)
