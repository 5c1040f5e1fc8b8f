"""Every write that the coach overview shows gives the regions it touches a new `Region.plans_token`.

The overview keeps its counts, page ids and filter choices per process (plans/workspace/overview_cache.py) and
uses them only while the tokens of the regions in the coach's scope are what they were. So every writer of
plans, organisations and regions joins here, through the ORM session's events, whatever module it is in:

- a flush that inserts, changes or deletes a plan gives its organisation's region a new token (for a plan
  moved to another organisation, both organisations' regions);
- an organisation inserted, changed (renamed, moved to another region: the old and the new one) or deleted
  gives its region(s) a new token, and a changed region gets one itself (its name is a filter choice);
- a bulk INSERT, UPDATE or DELETE through `Session.execute` on those tables (the backup restore, bulk
  fills) gives every region a new token, after the statement ran.

The token is set in the writer's own transaction, by one UPDATE on the connection of the flush, so it
becomes visible with the change it stands for, and is undone with it. It is a new random value, not a
counter: a write of it reads nothing, so concurrent writers cannot lose one another's change (on PostgreSQL
the second waits for the first's row lock and writes its own value after), and a value that a rolled-back
transaction used never comes back with other data behind it. Assignments and memberships need no token:
the cache's key holds the scope they give (the regions and organisations), read with the user.

Writes on a bare connection (not through a session) are not seen; the app has none on these tables.
"""
from __future__ import annotations

import itertools
import secrets

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from plans.models import Organisation, Plan, Region

WATCHED_TABLES = frozenset({"plan", "organisation", "region"})
_REGION = Region.__table__


def new_token() -> str:
    return secrets.token_hex(16)


def _values(obj, attribute: str, *, new: bool) -> set:
    """The attribute's value now and before the flush, without loading anything; empty when the value before is
    not known (set on a row whose value was not loaded), so that the caller renews every region."""
    history = sa.inspect(obj).attrs[attribute].history
    if history.added and not history.deleted and not new:
        return set()
    return {v for v in itertools.chain(history.added or (), history.unchanged or (), history.deleted or ())
            if v is not None}


_WATCHED = ((Plan, "organisation_id"), (Organisation, "region_id"), (Region, "id"))


def touched(session: Session) -> tuple[set[int], set[int], bool]:
    """The regions and organisations whose plans the flush changed, and whether that could not be told."""
    found: dict[type, set[int]] = {Plan: set(), Organisation: set(), Region: set()}
    unknown = False
    new, dirty = session.new, session.dirty
    for obj in itertools.chain(new, dirty, session.deleted):
        for kind, attribute in _WATCHED:
            if isinstance(obj, kind):
                if obj in dirty and not session.is_modified(obj, include_collections=False):
                    break
                values = _values(obj, attribute, new=obj in new)
                found[kind] |= values
                unknown = unknown or not values
                break
    return found[Organisation] | found[Region], found[Plan], unknown


def renew_tokens(connection: sa.Connection, regions=(), organisations=(), *, every: bool = False) -> None:
    """A new token for these regions and those of these organisations (or for every region): one UPDATE."""
    statement = _REGION.update().values(plans_token=new_token())
    if not every:
        conditions = []
        if regions:
            conditions.append(_REGION.c.id.in_(sorted(regions)))
        if organisations:
            conditions.append(_REGION.c.id.in_(sa.select(Organisation.region_id)
                                               .where(Organisation.id.in_(sorted(organisations)))
                                               .scalar_subquery()))
        if not conditions:
            return
        statement = statement.where(sa.or_(*conditions))
    connection.execute(statement)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    regions, organisations, unknown = touched(session)
    if unknown:
        renew_tokens(session.connection(), every=True)
    elif regions or organisations:
        renew_tokens(session.connection(), regions, organisations)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> object:
    """A bulk statement on the watched tables: run it, then renew every region's token."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in WATCHED_TABLES:
        return None
    result = state.invoke_statement()
    renew_tokens(state.session.connection(), every=True)
    return result
