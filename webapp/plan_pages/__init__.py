from flask import Blueprint

bp = Blueprint("plan_pages", __name__)

from webapp.plan_pages import documents, views  # noqa: E402,F401
