"""The password-reset mail, sent by a job (webapp.jobs.tasks.password_reset) rather than in the request."""
from flask import url_for
from flask_babel import gettext as _

from plans.accounts import people
from plans.models import TokenPurpose
from webapp.mail import send_mail


def send_reset_link(email: str) -> None:
    user = people.find_user_by_email(email)
    if user is not None and user.is_active:
        token = people.issue_token(user, TokenPurpose.PASSWORD_RESET)
        send_mail(user.email, _("Nieuw wachtwoord voor Regioplan"), "password_reset",
                  user=user, link=url_for("auth.reset_password", token=token, _external=True))
