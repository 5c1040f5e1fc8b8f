from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from plans.accounts import people
from plans.accounts.policy import Permission
from plans.models import Membership, Organisation
from webapp.auth.decorators import authorize
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.team import bp
from webapp.team.forms import BoardSettingsForm, InviteMemberForm, SignatureRuleForm
from webapp.team.invitations import invite_member


@bp.route("/organisaties/<int:organisation_id>/uitnodigen", methods=["GET", "POST"])
@login_required
def invite(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    form = InviteMemberForm()
    if form.validate_on_submit():
        user = invite_member(form, org, current_user)
        db.session.commit()
        flash(_("%(name)s is uitgenodigd. Er is een e-mail gestuurd naar %(email)s.",
                name=user.display_name, email=user.email), "success")
        return redirect(url_for("main.organisation", organisation_id=org.id))
    return render_template("team/invite.html", form=form, organisation=org)


@bp.route("/organisaties/<int:organisation_id>/leden/<int:membership_id>/verwijderen", methods=["POST"])
@login_required
def remove_member(organisation_id: int, membership_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org.id:
        abort(404)
    form = BaseForm()
    if not form.validate_on_submit():
        abort(400)
    name = membership.user.display_name
    try:
        people.remove_membership(membership)
    except people.AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is uit het team verwijderd.", name=name), "success")
    return redirect(url_for("main.organisation", organisation_id=org.id))


@bp.route("/organisaties/<int:organisation_id>/ondertekening", methods=["POST"])
@login_required
def signature_rule(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    form = SignatureRuleForm()
    if form.validate_on_submit():
        people.set_required_signatures(org, int(form.required_signatures.data))
        db.session.commit()
        flash(_("Voortaan ondertekenen %(n)s bestuurders een regioplan.", n=org.required_signatures), "success")
    else:
        flash(_("Kies een aantal van 1 tot en met 5."), "error")
    return redirect(url_for("main.organisation", organisation_id=org.id))


@bp.route("/organisaties/<int:organisation_id>/bestuur", methods=["POST"])
@login_required
def board_settings(organisation_id: int):
    org = db.session.get(Organisation, organisation_id)
    authorize(Permission.MANAGE_TEAM, org)
    form = BoardSettingsForm()
    if form.validate_on_submit():
        people.set_board_settings(org, legal_form=form.legal_form.data,
                                  editors_give_levels=form.editors_give_levels.data)
        db.session.commit()
        flash(_("De instellingen van het bestuur zijn opgeslagen."), "success")
    else:
        flash(_("Kies de rechtsvorm van de organisatie."), "error")
    return redirect(url_for("main.organisation", organisation_id=org.id))
