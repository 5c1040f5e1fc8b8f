"""Factories that return callables with sensible defaults (Indico style)."""
from __future__ import annotations

import itertools
from datetime import date

import sqlalchemy as sa

from plans.accounts import people
from plans.models import Assignment, Organisation, Region
from plans.review import adoption

_counter = itertools.count(1)


class Factories:
    PASSWORD = "correct horse battery"

    def __init__(self, session):
        self.session = session

    def region(self, name: str = "Noord-Holland Noord") -> Region:
        return self.session.scalar(sa.select(Region).where(Region.name == name))

    def organisation(self, name: str | None = None, region: Region | str = "Noord-Holland Noord") -> Organisation:
        if isinstance(region, str):
            region = self.region(region)
        org = Organisation(name=name or f"Zorggroep {next(_counter)}", region=region)
        self.session.add(org)
        self.session.flush()
        return org

    def user(self, email: str | None = None, *, password: str | None = PASSWORD, **kwargs):
        email = email or f"persoon{next(_counter)}@example.nl"
        return people.create_user(email, kwargs.pop("name", "Test Persoon"), password=password, **kwargs)

    def member(self, organisation: Organisation, role: str = "bestuurder", **kwargs):
        user = self.user(**kwargs)
        people.add_membership(user, organisation, role)
        return user

    def assigned(self, role: str, *, region: Region | None = None, organisation: Organisation | None = None, **kwargs):
        user = self.user(**kwargs)
        self.session.add(Assignment(user=user, role=role, region=region, organisation=organisation))
        self.session.flush()
        return user

    def admin(self, **kwargs):
        return self.user(is_admin=True, **kwargs)


def adopt(plan, user, body: str = "bestuur"):
    """Record the formal adoption that sign-off requires."""
    return adoption.record_adoption(plan, user, body=body, adopted_on=date(2026, 3, 12),
                                    minutes_reference="Notulen bestuursvergadering 12 maart 2026, punt 3")
