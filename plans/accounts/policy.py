"""The one place that decides what a user may do with an organisation (and, later, its plans).

Every route asks `can()` or scopes its queries with `organisation_ids_in_scope()`; nothing else
decides access.
"""
from __future__ import annotations

import enum

import sqlalchemy as sa

from plans.models import Assignment, AssignmentRole, MemberRole, Membership, Organisation, Plan, User


class Permission(enum.StrEnum):
    ADMINISTER = "administer"          # regions, organisations, users, assignments
    VIEW_ORGANISATION = "view_organisation"
    READ_PLANS = "read_plans"          # members, beoordelaars and coaches in scope
    EDIT_PLANS = "edit_plans"          # bestuurders and redacteuren
    MANAGE_TEAM = "manage_team"        # bestuurders invite colleagues
    SIGN = "sign"                      # bestuurders only
    REVIEW = "review"                  # beoordelaars of the organisation's region
    DOWNLOAD = "download"              # everyone who may read
    GIVE_LEVELS = "give_levels"        # own maturity levels: bestuurders, redacteuren when the board allows it
    SETTLE_LEVELS = "settle_levels"    # the board settles the plan's levels: bestuurders


def member_roles(user: User, organisation: Organisation) -> set[str]:
    return {m.role for m in user.memberships if m.organisation_id == organisation.id}


def assignment_roles(user: User, organisation: Organisation) -> set[str]:
    roles = set()
    for a in user.assignments:
        if a.organisation_id == organisation.id or a.region_id == organisation.region_id:
            roles.add(a.role)
    return roles


def can(user: User | None, permission: Permission, target: Organisation | Plan | None = None) -> bool:  # noqa: PLR0911
    """Whether `user` holds `permission` on `target` (a plan is judged by its organisation)."""
    if isinstance(target, Plan):
        target = target.organisation
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if permission is Permission.ADMINISTER:
        return user.is_admin
    if target is None:
        raise ValueError(f"{permission} needs an organisation")
    members = member_roles(user, target)
    outsiders = assignment_roles(user, target)
    match permission:
        case Permission.VIEW_ORGANISATION:
            return bool(members or outsiders) or user.is_admin
        case Permission.READ_PLANS | Permission.DOWNLOAD:
            return bool(members or outsiders)
        case Permission.EDIT_PLANS:
            return bool(members & {MemberRole.BESTUURDER, MemberRole.REDACTEUR})
        case Permission.MANAGE_TEAM | Permission.SIGN | Permission.SETTLE_LEVELS:
            return MemberRole.BESTUURDER in members
        case Permission.GIVE_LEVELS:
            return MemberRole.BESTUURDER in members or (MemberRole.REDACTEUR in members and target.editors_give_levels)
        case Permission.REVIEW:
            return AssignmentRole.BEOORDELAAR in outsiders and _assigned_to_region(user, target)
    return False


def _assigned_to_region(user: User, organisation: Organisation) -> bool:
    return any(
        a.role == AssignmentRole.BEOORDELAAR and a.region_id == organisation.region_id
        for a in user.assignments
    )


def organisation_ids_in_scope(user: User, *, roles: set[str] | None = None) -> sa.Select:
    """A SELECT of the ids of organisations the user belongs to or looks after (optionally by role)."""
    member_q = sa.select(Membership.organisation_id).where(Membership.user_id == user.id)
    by_org = sa.select(Assignment.organisation_id).where(
        Assignment.user_id == user.id, Assignment.organisation_id.is_not(None)
    )
    by_region = (
        sa.select(Organisation.id)
        .join(Assignment, Assignment.region_id == Organisation.region_id)
        .where(Assignment.user_id == user.id)
    )
    if roles is not None:
        member_q = member_q.where(Membership.role.in_(roles))
        by_org = by_org.where(Assignment.role.in_(roles))
        by_region = by_region.where(Assignment.role.in_(roles))
    return sa.union(member_q, by_org, by_region)
