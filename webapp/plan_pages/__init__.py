from flask import Blueprint

bp = Blueprint("plan_pages", __name__)

from webapp.plan_pages import consensus, content_version, documents, views  # noqa: E402,F401
from webapp.plan_pages.forms import check_field_builders  # noqa: E402
from webapp.plan_pages.pages import check_page_classes  # noqa: E402
from webapp.plan_pages.question_html import render_questions  # noqa: E402

bp.add_app_template_global(render_questions, "render_questions")


@bp.record_once
def _check_definitions(state) -> None:
    """A step kind without a page, or a question type without a field, stops the app at start-up."""
    check_page_classes(state.app.jinja_env)
    check_field_builders()
