from flask import Blueprint

bp = Blueprint("overview", __name__, url_prefix="/overzicht")

from webapp.overview import views  # noqa: E402,F401
