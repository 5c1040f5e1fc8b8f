"""Flask-Login wiring: a session is valid only while the user's session token is unchanged."""
import sqlalchemy as sa
from flask import Flask, current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from sqlalchemy.orm import joinedload

from plans.models import User
from webapp.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.needs_refresh_message = _l("Log opnieuw in om verder te gaan.")
    # The remember-me cookie is never offered; "strong" drops a session whose client changed.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        user = db.session.scalars(_USER_BY_SESSION, {"token": session_token}).unique().first()
        return user if user is not None and user.is_active else None


# With memberships and assignments in the same query: every access check reads them
# (plans.accounts.policy.can), and a person has a few of each, so the joined rows stay few. Built once: every
# request runs it, and building the statement and its loader options each time was a quarter of its cost.
_USER_BY_SESSION = (sa.select(User).where(User.session_token == sa.bindparam("token"))
                    .options(joinedload(User.memberships), joinedload(User.assignments)))


def log_in(user: User) -> None:
    """Log the user in with a fresh CSRF token: a token seen before the login (on a shared computer,
    or planted by an attacker) must not be valid in the logged-in session."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)
    login_user(user)
