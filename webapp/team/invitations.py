"""Inviting people, shared by the team page and the administrators."""
from flask import url_for
from flask_babel import gettext as _

from plans.accounts import people
from plans.models import Organisation, User
from webapp.mail import send_mail


def send_invitation(user: User, token: str, invited_by: User, organisation: Organisation | None = None,
                    role: str | None = None) -> None:
    send_mail(user.email, _("Uitnodiging voor Regioplan"), "invitation", user=user, organisation=organisation,
              role=role, invited_by=invited_by, link=url_for("auth.accept_invitation", token=token, _external=True))


def invite_member(form, organisation: Organisation, invited_by: User) -> User:
    """Give the person of `form` a role in `organisation`; new people get an invitation link."""
    user, token = people.invite(
        form.email.data, form.name.data, organisation, form.role.data, invited_by=invited_by
    )
    if token:
        send_invitation(user, token, invited_by, organisation, form.role.data)
    else:
        send_mail(user.email, _("U heeft een nieuwe rol in Regioplan"), "new_role", user=user,
                  organisation=organisation, role=form.role.data, invited_by=invited_by,
                  link=url_for("main.organisation", organisation_id=organisation.id, _external=True))
    return user
