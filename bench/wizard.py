"""A question page GET and POST against a bare Flask route (one cached template, one query), same process.

The POST sends the complete form the GET rendered, as a browser does, so every POST saves the real answers
(and changes nothing: the benchmark checks that the plan's revision and answers are what they were).
The database is a throwaway copy seeded for this run.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from bench import scratch_dir
from bench.bare import BARE_URL, add_bare_route
from bench.queries import counting_queries
from bench.timing import alternating, report
from demo import seed as demo
from plans.db import db
from plans.models import Answer, Plan
from plans.vocabulary import PlanStatus
from webapp import create_app
from webapp.config import TestConfig

PAGES = {"Regioprofiel": "opstellen-regioplan/regioprofiel"}
_SEEDED: dict[bool, Path] = {}


def seeded_database(signed: bool = False) -> Path:
    """The demo data seeded once per process; each benchmark app gets its own copy of the file.

    `signed`: the complete plan signed as well, with its sealed PDF (a WeasyPrint render, seconds).
    """
    if signed not in _SEEDED:
        path = scratch_dir() / "seeded.sqlite"
        app = create_app(bench_config(path))
        app.instance_path = str(path.parent)  # the self-signed seal certificate goes there, not into instance/
        with app.app_context():
            db.create_all()
            demo.seed(sign_complete_plan=signed)
            db.session.commit()
            db.engine.dispose()
        _SEEDED[signed] = path
    return _SEEDED[signed]


def bench_config(path: Path) -> TestConfig:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"
    config.WTF_CSRF_ENABLED = False
    return config


def _app():
    copy = scratch_dir() / "bench.sqlite"
    shutil.copyfile(seeded_database(), copy)
    app = add_bare_route(create_app(bench_config(copy)))
    with app.app_context():
        plan_id = db.session.scalar(sa.select(Plan.id).where(Plan.title.like("%Noord-Holland%"),
                                                             Plan.status == PlanStatus.CONCEPT))
    return app, plan_id


def browser_form(html: str) -> MultiDict:
    """What a browser submits for the page's save form with "Opslaan en doorgaan": every successful control."""
    soup = BeautifulSoup(html, "html.parser")
    form = next(f for f in soup.find_all("form", method="post") if f.find(attrs={"name": "action", "value": "continue"}))
    data = []
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "textarea":
            text = control.get_text()  # the HTML parser drops one newline right after <textarea>
            data.append((name, text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text))
        elif control.name == "select":
            selected = control.find_all("option", selected=True) or control.find_all("option")[:1]
            data.extend((name, o.get("value", o.get_text())) for o in selected)
        elif control.get("type", "text") in ("checkbox", "radio"):
            if control.has_attr("checked"):
                data.append((name, control.get("value", "on")))
        elif control.get("type") not in ("submit", "button", "image", "reset", "file"):
            data.append((name, control.get("value", "")))
    return MultiDict([*data, ("action", "continue")])


def _state(app, plan_id) -> tuple:
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        answers = db.session.execute(sa.select(Answer.key, Answer.value, Answer.version)
                                     .where(Answer.plan_id == plan_id).order_by(Answer.key)).all()
        return plan.revision, [tuple(a) for a in answers]


def run() -> None:
    app, plan_id = _app()
    client = app.test_client()
    client.post("/inloggen", data={"email": "bestuur@demo.regioplan.nl", "password": demo.DEMO_PASSWORD})
    before = _state(app, plan_id)
    cases = [("kale route: één template, één query", lambda: _ok(client.get(BARE_URL), 200))]
    for name, path in PAGES.items():
        url = f"/plannen/{plan_id}/{path}"
        form = browser_form(client.get(url).get_data(as_text=True))

        def get_page(url=url):
            _ok(client.get(url), 200)

        def post_page(url=url, form=form):
            _ok(client.post(url, data=form), 302)  # a complete, valid page saves and goes on

        cases += [(f"vraagpagina {name}: GET", get_page), (f"vraagpagina {name}: POST (opslaan)", post_page)]
    queries = {}
    with app.app_context():
        engine = db.engine
    for label, fn in cases:
        with counting_queries(engine) as count:
            fn()
        queries[label] = f"{count[0]} queries"
    timings = alternating(cases, rounds=7, per_round=15)
    after = _state(app, plan_id)
    assert after == before, "the benchmark changed the answers it measures"
    report("Wizard (mediaan per verzoek, spreiding over 7 rondes, ratio t.o.v. de kale route in dezelfde ronde)",
           timings, queries)


def _ok(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
