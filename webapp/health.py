"""`/gezondheid`: whether this web process reaches the database and the job queue (JSON, no login)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify

from webapp.extensions import db, limiter
from webapp.jobs import queue

bp = Blueprint("health", __name__)


@bp.route("/gezondheid")
@limiter.exempt
def health():
    checks = {"database": _database(), "queue": "ok" if queue.reachable() else "onbereikbaar"}
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify(status="ok" if healthy else "fout", **checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    except Exception:
        db.session.rollback()
        return "onbereikbaar"
    return "ok"
