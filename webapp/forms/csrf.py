"""CSRF checks that a route owns, for routes that answer an expired token their own way.

Every other route is checked by the global CSRFProtect before it runs; these are exempt from it and
check the token themselves first thing, so the same check happens, but the route decides the answer.
"""
from functools import wraps

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from webapp.extensions import csrf


def checks_csrf(on_failure):
    """Check the CSRF token of a POST; a failure by a logged-in user goes to on_failure(error, **view_args)."""

    def decorator(view):
        @wraps(view)
        def wrapped(**kwargs):
            if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
                try:
                    csrf.protect()
                except CSRFError as error:
                    if not current_user.is_authenticated:
                        raise
                    return on_failure(error, **kwargs)
            return view(**kwargs)

        csrf.exempt(wrapped)
        return wrapped

    return decorator
