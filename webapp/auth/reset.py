"""The password-reset mail, sent by a job (`password_reset`) rather than in the request."""
from flask import url_for
from flask_babel import gettext as _

from plans.accounts import people
from plans.models import TokenPurpose
from webapp.extensions import db
from webapp.jobs.queue import huey
from webapp.jobs.runner import job_app
from webapp.mail import send_mail


def send_reset_link(email: str) -> None:
    user = people.find_user_by_email(email)
    if user is not None and user.is_active:
        token = people.issue_token(user, TokenPurpose.PASSWORD_RESET)
        send_mail(user.email, _("Nieuw wachtwoord voor Regioplan"), "password_reset",
                  user=user, link=url_for("auth.reset_password", token=token, _external=True))


@huey.task()
def password_reset(email: str, base_url: str | None) -> None:
    """Look the account up and mail the link here, not in the request: the request takes the same
    time whether or not the address has an account."""
    app = job_app()
    with app.app_context(), app.test_request_context(base_url=base_url):
        try:
            send_reset_link(email)
            db.session.commit()
        finally:
            db.session.remove()
