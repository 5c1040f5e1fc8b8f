"""What a user sees on their start page: their organisations and the regions they look after."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from plans.db import db
from plans.models import Assignment, Membership, Organisation, Region, User


@dataclass(frozen=True)
class RegionView:
    region: Region
    roles: tuple[str, ...]
    organisations: tuple[Organisation, ...]


def memberships_of(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id)
            .options(selectinload(Membership.organisation).selectinload(Organisation.region))
            .join(Membership.organisation)
            .order_by(Organisation.name, Membership.role)
        )
    )


def regions_of(user: User) -> list[RegionView]:
    """Regions (and single organisations) a beoordelaar or coach looks after, with their organisations."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .where(Assignment.user_id == user.id)
        .options(selectinload(Assignment.region), selectinload(Assignment.organisation))
    ).all()
    roles_by_region: dict[int, set[str]] = {}
    extra_orgs: dict[int, set[int]] = {}
    for a in assignments:
        region_id = a.region_id if a.region_id is not None else a.organisation.region_id
        roles_by_region.setdefault(region_id, set()).add(a.role)
        if a.organisation_id is not None:
            extra_orgs.setdefault(region_id, set()).add(a.organisation_id)
    if not roles_by_region:
        return []
    whole_regions = {a.region_id for a in assignments if a.region_id is not None}
    regions = db.session.scalars(
        sa.select(Region).where(Region.id.in_(roles_by_region)).order_by(Region.name)
    ).all()
    orgs = db.session.scalars(
        sa.select(Organisation).where(Organisation.region_id.in_(roles_by_region)).order_by(Organisation.name)
    ).all()
    views = []
    for region in regions:
        visible = tuple(
            o for o in orgs
            if o.region_id == region.id and (region.id in whole_regions or o.id in extra_orgs.get(region.id, ()))
        )
        views.append(RegionView(region, tuple(sorted(roles_by_region[region.id])), visible))
    return views
