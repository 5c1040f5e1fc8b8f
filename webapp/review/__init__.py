from flask import Blueprint

bp = Blueprint("review", __name__)

from webapp.review import adoption, verification, views  # noqa: E402,F401
