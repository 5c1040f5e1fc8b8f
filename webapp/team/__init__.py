from flask import Blueprint

bp = Blueprint("team", __name__)

from webapp.team import logo, views  # noqa: E402,F401
