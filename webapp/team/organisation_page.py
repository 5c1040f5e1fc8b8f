"""The organisation's page: its team, signature rule, board settings and logo (shown by main, re-shown by team)."""
from flask import render_template
from flask_login import current_user

from plans.accounts import logos
from plans.accounts.policy import Permission, can
from plans.models import MemberRole
from webapp.team.forms import BoardSettingsForm, LogoForm, SignatureRuleForm


def render_organisation(org, logo_form=None, status: int = 200):
    """The organisation page; the logo upload shows its errors here (form errors: summary and inline)."""
    members = sorted(org.memberships, key=lambda m: (m.role != MemberRole.BESTUURDER, m.user.display_name))
    return render_template(
        "main/organisation.html",
        organisation=org,
        members=members,
        can_manage_team=can(current_user, Permission.MANAGE_TEAM, org),
        signature_form=SignatureRuleForm(formdata=None, data={"required_signatures": str(org.required_signatures)}),
        board_form=BoardSettingsForm(formdata=None, data={"legal_form": org.legal_form,
                                                          "editors_give_levels": org.editors_give_levels}),
        logo_form=logo_form or LogoForm(formdata=None),
        logo=logos.logo_of(org),
        **({"form": logo_form} if logo_form else {}),
    ), status
