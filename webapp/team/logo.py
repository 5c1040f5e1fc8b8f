"""A bestuurder uploads or removes the organisation's logo for the cover of the regioplan PDF."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from plans.accounts import logos
from plans.accounts.policy import Permission
from plans.models import Organisation
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.team import bp
from webapp.team.forms import LogoForm
from webapp.team.organisation_page import render_organisation


@bp.route("/organisaties/<int:organisation_id>/logo", methods=["POST"])
@login_required
def upload_logo(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    form = LogoForm()
    if form.validate_on_submit():
        try:
            logos.set_logo(org, form.logo.data.read(logos.MAX_BYTES + 1))
        except logos.LogoError as exc:
            form.logo.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Het logo is opgeslagen. Het staat voortaan op het voorblad van de PDF."), "success")
            return redirect(url_for("main.organisation", organisation_id=org.id, _anchor="logo-op-het-regioplan"))
    return render_organisation(org, logo_form=form, status=400)


@bp.route("/organisaties/<int:organisation_id>/logo/verwijderen", methods=["POST"])
@login_required
def remove_logo(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    logos.remove_logo(org)
    db.session.commit()
    flash(_("Het logo is verwijderd."), "success")
    return redirect(url_for("main.organisation", organisation_id=org.id, _anchor="logo-op-het-regioplan"))
