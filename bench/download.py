"""The signed PDF download against the same bytes sent as a static file: in the process, and through gunicorn.

The demo plan is signed in the seeding (its sealed PDF rendered once, some seconds). The baseline is a
route that sends those bytes from a file on disk with `send_file`, as the static route does, without a
login. Both answers are read whole. Besides the GET: the download as a conditional GET (304) and as a
Range request (206), with the statements each sends to the database (BEGIN included); the access check
needs the user, the plan with its organisation, the user's memberships and assignments.

In the process (test client) the ratio is the app's own cost; through gunicorn (bench/server.py, one
connection, requests one after another) it is what a client waits for, the bytes over the socket
included: the static file goes out with sendfile, the stored PDF from memory.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from bench import scratch_dir
from bench.bare import STATIC_URL, add_static_file_route
from bench.queries import counting_queries
from bench.server import Connection, get_request, gunicorn, session_cookie
from bench.timing import alternating, report
from bench.wizard import bench_config, seeded_database
from demo import seed as demo
from plans.db import db
from plans.models import Plan, PlanStatus, SignedDocument
from webapp import create_app

GOAL = 1.5
EMAIL = "bestuur@demo.regioplan.nl"
ROUNDS = 7


def _copy() -> Path:
    copy = scratch_dir() / "bench.sqlite"
    shutil.copyfile(seeded_database(signed=True), copy)
    return copy


def _signed(app) -> tuple[int, bytes]:
    with app.app_context():
        return tuple(db.session.execute(
            sa.select(Plan.id, SignedDocument.pdf).join(SignedDocument, SignedDocument.plan_id == Plan.id)
            .where(Plan.status == PlanStatus.ONDERTEKEND)).one())


def _cases(fetch, url: str, etag: str, size: int) -> list:
    return [
        ("statisch bestand (send_file), zelfde bytes", lambda: fetch(STATIC_URL, 200, size)),
        ("ondertekende PDF: GET", lambda: fetch(url, 200, size)),
        ("ondertekende PDF: If-None-Match (304)", lambda: fetch(url, 304, 0, **{"If-None-Match": etag})),
        ("ondertekende PDF: Range bytes=0-1023 (206)", lambda: fetch(url, 206, 1024, Range="bytes=0-1023")),
    ]


def _in_process() -> tuple[int, bytes, str]:
    copy = _copy()
    app = create_app(bench_config(copy))
    app.instance_path = str(copy.parent)
    plan_id, pdf = _signed(app)
    static = copy.parent / "ondertekend.pdf"
    static.write_bytes(pdf)
    add_static_file_route(app, static)
    client = app.test_client()
    client.post("/inloggen", data={"email": EMAIL, "password": demo.DEMO_PASSWORD})
    url = f"/plannen/{plan_id}/ondertekend.pdf"
    etag = client.get(url).headers["ETag"]

    def fetch(path, status, length, **headers):
        response = client.get(path, headers=headers)
        assert response.status_code == status and len(response.data) == length, (response.status_code, path)

    cases = _cases(fetch, url, etag, len(pdf))
    with app.app_context():
        engine = db.engine
    queries = {}
    for label, fn in cases:
        with counting_queries(engine) as count:
            fn()
        queries[label] = f"{count[0]} queries"
    timings = alternating(cases, rounds=ROUNDS, per_round=30)
    report(f"Download ondertekende PDF ({len(pdf) / 1e6:.2f} MB), in het proces (testclient): mediaan per verzoek, "
           f"spreiding over {ROUNDS} rondes, ratio t.o.v. het statische bestand in dezelfde ronde; doel GET ≤ {GOAL}x",
           timings, queries)
    return plan_id, pdf, etag


def _through_gunicorn(plan_id: int, pdf: bytes, etag: str) -> None:
    copy = _copy()
    static = copy.parent / "ondertekend.pdf"
    static.write_bytes(pdf)
    with gunicorn(f"sqlite:///{copy}", copy.parent, BENCH_STATIC_FILE=str(static)) as server:
        cookie = session_cookie(server.base, EMAIL, demo.DEMO_PASSWORD)
        connection = Connection(server.port)

        def fetch(path, status, length, **headers):
            answer = connection.fetch(get_request(path, cookie, **headers))
            assert answer == (status, length), (answer, path)

        # Every worker warms its own caches (SQLAlchemy's compiled statements, the templates): 30 each.
        timings = alternating(_cases(fetch, f"/plannen/{plan_id}/ondertekend.pdf", etag, len(pdf)),
                              rounds=ROUNDS, per_round=30, warmup=30 * server.workers)
        connection.close()
    report(f"Dezelfde verzoeken via gunicorn ({server.workers} sync workers, één verbinding, na elkaar)", timings)


def run() -> None:
    _through_gunicorn(*_in_process())
