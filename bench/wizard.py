"""A question page GET and POST against a bare Flask route (one template, one query), same process."""
from __future__ import annotations

import tempfile

import sqlalchemy as sa
from flask import render_template_string

from bench.timing import median_seconds, report
from demo import seed as demo
from plans.db import db
from plans.models import Plan, Region
from webapp import create_app
from webapp.config import TestConfig

BARE_TEMPLATE = "<!doctype html><html lang='nl'><title>{{ region.name }}</title><p>{{ region.code }}</p></html>"


def _app():
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tempfile.mkdtemp(prefix='regioplan-bench-')}/bench.sqlite"
    config.WTF_CSRF_ENABLED = False
    app = create_app(config)

    @app.route("/bench/bare")
    def bare():
        region = db.session.scalar(sa.select(Region).limit(1))
        return render_template_string(BARE_TEMPLATE, region=region)

    with app.app_context():
        db.create_all()
        demo.seed(sign_complete_plan=False)
        db.session.commit()
        plan_id = db.session.scalar(sa.select(Plan.id).where(Plan.title.like("%Noord-Holland%")))
    return app, plan_id


def run() -> None:
    app, plan_id = _app()
    client = app.test_client()
    client.post("/inloggen", data={"email": "bestuur@demo.regioplan.nl", "password": demo.DEMO_PASSWORD})
    page_url = f"/plannen/{plan_id}/opstellen-regioplan/regioprofiel"
    form = {"q_b1_inwoners": "648000", "q_b1_praktijken": "236", "q_b1_huisartsen-0-type": "praktijkhouder",
            "q_b1_huisartsen-0-aantal": "318", "action": "continue"}

    def get_bare():
        assert client.get("/bench/bare").status_code == 200

    def get_page():
        assert client.get(page_url).status_code == 200

    def post_page():
        assert client.post(page_url, data=form).status_code in (200, 302)

    baseline = median_seconds(get_bare)
    rows = [
        ("kale route: één template, één query", baseline),
        ("vraagpagina Regioprofiel: GET", median_seconds(get_page)),
        ("vraagpagina Regioprofiel: POST (opslaan)", median_seconds(post_page, repeat=100)),
    ]
    report("Wizard (mediaan per verzoek, ratio t.o.v. de kale route)", rows, baseline)
