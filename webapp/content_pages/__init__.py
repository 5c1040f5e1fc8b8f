from flask import Blueprint

bp = Blueprint("content_pages", __name__, url_prefix="/bouwstenen")

from webapp.content_pages import views  # noqa: E402,F401
