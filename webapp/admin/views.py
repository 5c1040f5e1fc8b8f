import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from plans.accounts import people
from plans.accounts.administration import (
    AdministrationError,
    add_assignment,
    remove_assignment,
    save_organisation,
    save_region,
    update_user,
)
from plans.models import Assignment, Membership, Organisation, Region, RegionFigure, RegionFigureImport, User
from plans.regionfigures.vocabulary import FIGURES
from webapp.admin import bp
from webapp.admin.forms import AssignmentForm, CreateUserForm, EditUserForm, OrganisationForm, RegionForm
from webapp.auth.decorators import admin_required
from webapp.extensions import db
from webapp.forms.base import BaseForm
from webapp.team.forms import InviteMemberForm
from webapp.team.invitations import invite_member, send_invitation


def _get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def _try(operation, form, field_name: str) -> bool:
    """Run a domain operation; a refusal becomes an error on `field_name` and nothing is committed."""
    try:
        operation()
    except (AdministrationError, people.AccountError) as exc:
        db.session.rollback()
        getattr(form, field_name).errors.append(str(exc))
        return False
    db.session.commit()
    return True


@bp.route("/")
@admin_required
def index():
    counts = {
        model.__name__: db.session.scalar(sa.select(sa.func.count(model.id)))
        for model in (Region, Organisation, User, Assignment, RegionFigure)
    }
    return render_template("admin/index.html", counts=counts)


@bp.route("/regios")
@admin_required
def regions():
    rows = db.session.execute(
        sa.select(Region, sa.func.count(Organisation.id))
        .outerjoin(Organisation).group_by(Region.id).order_by(Region.name)
    ).all()
    return render_template("admin/regions.html", rows=rows)


@bp.route("/regios/nieuw", methods=["GET", "POST"], defaults={"region_id": None})
@bp.route("/regios/<int:region_id>", methods=["GET", "POST"])
@admin_required
def edit_region(region_id):
    region = _get_or_404(Region, region_id) if region_id else None
    form = RegionForm(obj=region)
    if form.validate_on_submit() and _try(lambda: save_region(region, form.code.data, form.name.data), form, "name"):
        flash(_("De regio %(name)s is opgeslagen.", name=form.name.data), "success")
        return redirect(url_for("admin.regions"))
    return render_template("admin/edit_region.html", form=form, region=region)


@bp.route("/kengetallen")
@admin_required
def region_figures():
    imports = db.session.scalars(sa.select(RegionFigureImport).order_by(RegionFigureImport.id.desc())).all()
    figures = db.session.scalars(sa.select(RegionFigure).order_by(
        RegionFigure.area_kind.desc(), RegionFigure.area_code, RegionFigure.figure, RegionFigure.year,
        RegionFigure.peildatum)).all()
    return render_template("admin/region_figures.html", imports=imports, figures=figures, kinds=FIGURES)


@bp.route("/organisaties")
@admin_required
def organisations():
    orgs = db.session.scalars(
        sa.select(Organisation).options(selectinload(Organisation.region), selectinload(Organisation.memberships))
        .order_by(Organisation.name)
    ).all()
    return render_template("admin/organisations.html", organisations=orgs)


@bp.route("/organisaties/nieuw", methods=["GET", "POST"], defaults={"organisation_id": None})
@bp.route("/organisaties/<int:organisation_id>", methods=["GET", "POST"])
@admin_required
def edit_organisation(organisation_id):
    org = _get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=org)
    if form.validate_on_submit() and _try(
        lambda: save_organisation(org, form.name.data, form.kind.data, form.region_id.data), form, "name"
    ):
        flash(_("De organisatie %(name)s is opgeslagen.", name=form.name.data), "success")
        return redirect(url_for("admin.organisations"))
    return render_template("admin/edit_organisation.html", form=form, organisation=org)


@bp.route("/organisaties/<int:organisation_id>/uitnodigen", methods=["GET", "POST"])
@admin_required
def invite_board_member(organisation_id):
    org = _get_or_404(Organisation, organisation_id)
    form = InviteMemberForm(role="bestuurder")
    if form.validate_on_submit():
        user = invite_member(form, org, current_user)
        db.session.commit()
        flash(_("%(name)s is uitgenodigd voor %(org)s.", name=user.display_name, org=org.name), "success")
        return redirect(url_for("admin.organisations"))
    return render_template("team/invite.html", form=form, organisation=org, admin=True)


@bp.route("/gebruikers")
@admin_required
def users():
    people = db.session.scalars(
        sa.select(User).options(selectinload(User.memberships).selectinload(Membership.organisation),
                                selectinload(User.assignments))
        .order_by(User.name, User.email)
    ).all()
    return render_template("admin/users.html", users=people)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@admin_required
def create_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        def invite():
            user, token = people.invite_person(form.email.data, form.name.data, invited_by=current_user,
                                                 is_admin=form.is_admin.data)
            send_invitation(user, token, current_user)
        if _try(invite, form, "email"):
            flash(_("%(email)s is uitgenodigd. Geef de persoon nu een rol via Toewijzingen.",
                    email=form.email.data), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/create_user.html", form=form)


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id):
    user = _get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            update_user(user, name=form.name.data, is_admin=form.is_admin.data, active=form.active.data,
                        acting=current_user)
        except AdministrationError as exc:
            db.session.rollback()
            form.active.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("%(email)s is opgeslagen.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/edit_user.html", form=form, user=user, action_form=BaseForm())


@bp.route("/gebruikers/<int:user_id>/uitnodiging", methods=["POST"])
@admin_required
def resend_invitation(user_id):
    user = _get_or_404(User, user_id)
    if not BaseForm().validate_on_submit() or user.has_accepted_invitation:
        abort(400)
    token = people.issue_token(user, people.TokenPurpose.INVITATION, created_by=current_user)
    send_invitation(user, token, current_user)
    db.session.commit()
    flash(_("De uitnodiging is opnieuw verstuurd naar %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/toewijzingen", methods=["GET", "POST"])
@admin_required
def assignments():
    form = AssignmentForm()
    if form.validate_on_submit():
        user = _get_or_404(User, form.user_id.data)
        if _try(lambda: add_assignment(user, form.role.data, region_id=form.region_id.data,
                                       organisation_id=form.organisation_id.data), form, "user_id"):
            flash(_("De toewijzing is toegevoegd."), "success")
            return redirect(url_for("admin.assignments"))
    rows = db.session.scalars(
        sa.select(Assignment).options(selectinload(Assignment.user), selectinload(Assignment.region),
                                      selectinload(Assignment.organisation))
        .join(Assignment.user).order_by(User.name, Assignment.role)
    ).all()
    return render_template("admin/assignments.html", form=form, assignments=rows, action_form=BaseForm())


@bp.route("/toewijzingen/<int:assignment_id>/verwijderen", methods=["POST"])
@admin_required
def delete_assignment(assignment_id):
    assignment = _get_or_404(Assignment, assignment_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    remove_assignment(assignment)
    db.session.commit()
    flash(_("De toewijzing is verwijderd."), "success")
    return redirect(url_for("admin.assignments"))
