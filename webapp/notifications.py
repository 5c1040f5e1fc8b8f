"""Who hears about what happens to a plan, by e-mail (through the outbox of webapp.mail)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from plans.models import Assignment, AssignmentRole, Membership, Plan, User
from plans.vocabulary import PlanStatus
from webapp.extensions import db
from webapp.mail import send_mail


def _editors(plan: Plan) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(Membership).where(Membership.organisation_id == plan.organisation_id, User.active)
        .distinct()))


def _assigned(plan: Plan, role: AssignmentRole) -> list[User]:
    org = plan.organisation
    return list(db.session.scalars(
        sa.select(User).join(Assignment).where(
            Assignment.role == role.value, User.active,
            sa.or_(Assignment.region_id == org.region_id, Assignment.organisation_id == org.id)).distinct()))


def _send(users, subject: str, template: str, plan: Plan, **context) -> None:
    link = url_for("plan_pages.task_list", plan_id=plan.id, _external=True)
    for user in {u.id: u for u in users}.values():
        send_mail(user.email, subject, template, user=user, plan=plan, link=link, **context)


def plan_submitted(plan: Plan) -> None:
    _send(_assigned(plan, AssignmentRole.BEOORDELAAR), _("Regioplan ingediend: %(title)s", title=plan.title),
          "plan_submitted", plan)


def review_completed(plan: Plan) -> None:
    if plan.status == PlanStatus.BEOORDEELD:
        _send(_editors(plan), _("Regioplan goedgekeurd door de kring: %(title)s", title=plan.title),
              "plan_approved", plan)
    else:
        _send(_editors(plan), _("Wijzigingen gevraagd in uw regioplan: %(title)s", title=plan.title),
              "plan_changes_requested", plan)


def plan_signed(plan: Plan, verification_link: str) -> None:
    people = _editors(plan) + _assigned(plan, AssignmentRole.BEOORDELAAR) + _assigned(plan, AssignmentRole.COACH)
    _send(people, _("Regioplan ondertekend: %(title)s", title=plan.title), "plan_adopted", plan,
          verification_link=verification_link)
