"""Loading a plan or section for a route, with the access check and a 404 for what does not exist."""
from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask import Response, abort
from sqlalchemy.orm import joinedload

from plans.accounts.policy import Permission
from plans.models import Plan
from plans.writing.sections import content_for
from webapp.auth.decorators import authorize
from webapp.downloads import download
from webapp.extensions import db


@cache
def _plan_with_organisation() -> sa.Select:
    """Built once, so its cache key is too: `session.get` with a loader option built a new query every time."""
    return sa.select(Plan).options(joinedload(Plan.organisation)).where(Plan.id == sa.bindparam("plan_id"))


def load_plan(plan_id: int, permission: Permission) -> Plan:
    # With its organisation in the same query: the access check always needs it.
    plan = db.session.execute(_plan_with_organisation(), {"plan_id": plan_id}).scalar_one_or_none()
    authorize(permission, plan.organisation if plan else None)
    return plan


def load_section(plan: Plan, slug: str):
    try:
        return content_for(plan).section(slug)
    except KeyError:
        abort(404)


def pdf_filename(plan, signed: bool = False) -> str:
    """Named by organisation and version, safe in any file system."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{plan.organisation.name}-{plan.title}")
    suffix = f"versie-{plan.version_number}-ondertekend" if signed else f"versie-{plan.version_number}-revisie-{plan.revision}"
    return f"{'-'.join(filter(None, safe.split('-')))}-{suffix}.pdf"


def pdf_response(data: bytes, filename: str) -> Response:
    """A PDF as a download that no shared cache keeps."""
    return download(data, filename, "application/pdf")
