"""A bestuurder uploads or removes the organisation's logo for the cover of the regioplan PDF."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf.file import FileField, FileRequired

from plans.accounts import logos
from plans.accounts.policy import Permission
from plans.models import Organisation
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.team import bp


class LogoForm(BaseForm):
    logo = FileField(_l("Logo (PNG of SVG)"), validators=[FileRequired(_l("Kies het bestand met het logo"))],
                     description=_l("Komt op het voorblad van de PDF. Hoogstens 200 kB en 2000 × 2000 pixels."),
                     render_kw={"accept": "image/png,image/svg+xml"})


@bp.route("/organisaties/<int:organisation_id>/logo", methods=["POST"])
@login_required
def upload_logo(organisation_id: int):
    from webapp.main.views import render_organisation

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
