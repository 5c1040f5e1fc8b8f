"""Route guards built on plans.accounts.policy: the web layer never decides access itself."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from plans.accounts.policy import Permission, can


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not can(current_user, Permission.ADMINISTER):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def authorize(permission: Permission, organisation) -> None:
    """Abort unless the current user holds `permission` on `organisation` (or a plan).

    Someone who may not even see the organisation gets 404, so its existence is not revealed.
    """
    if organisation is None or not can(current_user, Permission.VIEW_ORGANISATION, organisation):
        abort(404)
    if not can(current_user, permission, organisation):
        abort(403)
