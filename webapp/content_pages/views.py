"""The published content: what Regioplan asks, readable by anyone (it is grounded in public sources)."""
from flask import abort, render_template

from building_blocks import get_content
from webapp.content_pages import bp


@bp.route("/")
def index():
    return render_template("content_pages/index.html", content=get_content())


@bp.route("/begrippen")
def glossary():
    content = get_content()
    terms = sorted(content.glossary, key=lambda t: t.term.lower())
    source_keys = list(dict.fromkeys(key for term in terms for key in term.sources))
    return render_template("content_pages/glossary.html", content=content, terms=terms, source_keys=source_keys)


@bp.route("/<slug>")
def section(slug: str):
    content = get_content()
    try:
        section = content.section(slug)
    except KeyError:
        abort(404)
    return render_template("content_pages/section.html", content=content, section=section)
