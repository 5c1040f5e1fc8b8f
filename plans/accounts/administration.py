"""Operations of administrators on reference data and assignments."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.accounts import people
from plans.db import db
from plans.models import Assignment, Organisation, Region, User


class AdministrationError(Exception):
    """A refused change; the message is shown to the user."""


def save_region(region: Region | None, code: str, name: str) -> Region:
    region = region or Region()
    _ensure_unique(Region, Region.code, code, region.id, _l("Er is al een regio met code %(code)s.", code=code))
    _ensure_unique(Region, Region.name, name, region.id, _l("Er is al een regio met de naam %(name)s.", name=name))
    region.code, region.name = code, name
    db.session.add(region)
    db.session.flush()
    return region


def save_organisation(org: Organisation | None, name: str, kind: str, region_id: int) -> Organisation:
    org = org or Organisation()
    _ensure_unique(Organisation, Organisation.name, name, org.id, _l("Er is al een organisatie met de naam %(name)s.", name=name))
    org.name, org.kind, org.region_id = name, kind, region_id
    db.session.add(org)
    db.session.flush()
    return org


def add_assignment(user: User, role: str, *, region_id: int | None, organisation_id: int | None) -> Assignment:
    if (region_id is None) == (organisation_id is None):
        raise AdministrationError(_l("Kies een regio of een organisatie, niet allebei."))
    exists = db.session.scalar(
        sa.select(Assignment.id).filter_by(
            user_id=user.id, role=role, region_id=region_id, organisation_id=organisation_id
        )
    )
    if exists:
        raise AdministrationError(_l("Deze toewijzing bestaat al."))
    assignment = Assignment(user=user, role=role, region_id=region_id, organisation_id=organisation_id)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def _ensure_unique(model, column, value, own_id, message) -> None:
    query = sa.select(model.id).where(column == value)
    if own_id is not None:
        query = query.where(model.id != own_id)
    if db.session.scalar(query) is not None:
        raise AdministrationError(message)


def update_user(user: User, *, name: str, is_admin: bool, active: bool, acting: User) -> None:
    """Change a person's name, admin rights and whether the account works; nobody locks themselves out."""
    if user.id == acting.id and (not active or not is_admin):
        raise AdministrationError(_l("U kunt uw eigen beheerrechten of account niet uitschakelen"))
    user.name, user.is_admin = name, is_admin
    people.set_active(user, active)


def remove_assignment(assignment: Assignment) -> None:
    db.session.delete(assignment)
    db.session.flush()
