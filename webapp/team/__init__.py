from flask import Blueprint

bp = Blueprint("team", __name__)

from webapp.team import views  # noqa: E402,F401
