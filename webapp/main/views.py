from flask import render_template
from flask_login import current_user, login_required

from plans.models import MemberRole, Organisation
from plans.policy import Permission, can
from plans.scope import memberships_of, regions_of
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.main import bp


@bp.route("/")
@login_required
def index():
    memberships = memberships_of(current_user)
    organisations = {}
    for m in memberships:
        organisations.setdefault(m.organisation, set()).add(m.role)
    return render_template(
        "main/index.html",
        organisations=organisations,
        regions=regions_of(current_user),
        is_admin=can(current_user, Permission.ADMINISTER),
    )


@bp.route("/organisaties/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.VIEW_ORGANISATION, org)
    members = sorted(org.memberships, key=lambda m: (m.role != MemberRole.BESTUURDER, m.user.display_name))
    return render_template(
        "main/organisation.html",
        organisation=org,
        members=members,
        can_manage_team=can(current_user, Permission.MANAGE_TEAM, org),
    )
