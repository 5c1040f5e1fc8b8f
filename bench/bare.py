"""The baselines of the benchmarks: a bare route (one cached template, one query, no login), a static file."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask, render_template, send_file

from plans.db import db
from plans.models import Region

BARE_TEMPLATE = "<!doctype html><html lang='nl'><title>{{ region.name }}</title><p>{{ region.code }}</p></html>"
BARE_URL = "/bench/bare"
STATIC_URL = "/bench/statisch.pdf"


def add_bare_route(app: Flask) -> Flask:
    bare_template = app.jinja_env.from_string(BARE_TEMPLATE)  # compiled once, as a template file is

    @app.route(BARE_URL)
    def bare():
        region = db.session.scalar(sa.select(Region).limit(1))
        return render_template(bare_template, region=region)

    return app


def add_static_file_route(app: Flask, path: Path) -> Flask:
    """A PDF on disk sent as the static route sends its files (send_file: conditional, ranges, sendfile)."""

    @app.route(STATIC_URL)
    def static_file():
        return send_file(path, mimetype="application/pdf", conditional=True)

    return app
