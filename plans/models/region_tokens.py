"""Every write that the coach overview shows gives the regions it touches new tokens (`Region.plans_token`,
`Region.activity_token`).

The overview keeps its counts, page ids and filter choices per process (`overview_page` in
plans/workspace/overview.py) and uses them only while the tokens of the regions in the coach's scope are what
they were. So every writer of plans, organisations and regions joins here, through the ORM session's events,
whatever module it is in:

- a flush that inserts or deletes a plan, or changes what the overview counts, filters or sorts on besides the
  last activity (its organisation, status, period, title, version number), gives the region of its
  organisation (for a plan moved to another organisation, of both) a new `plans_token`;
- a flush that changes only a plan's last activity (`updated_at`: every saved answer) gives the region a new
  `activity_token`, which only the order by last activity depends on: the count, the choices and the other
  orders stay kept while a plan is being written;
- an organisation inserted, renamed, moved to another region (the old and the new one) or deleted, and a
  changed region, give a new `plans_token`;
- a bulk INSERT, UPDATE or DELETE through `Session.execute` on those tables (the backup restore, bulk fills)
  gives every region both new tokens, after the statement ran.

A token is set in the writer's own transaction, by one UPDATE on the connection of the flush, so it becomes
visible with the change it stands for, and is undone with it. It is a new random value, not a counter: writing
it reads nothing, so concurrent writers cannot lose one another's change (on PostgreSQL the second waits for
the first's row lock and writes its own value after), and a value that a rolled-back transaction used never
comes back with other data behind it. Assignments and memberships need no token: the cache's key holds the
scope they give (the regions and organisations), read with the user.

Writes on a bare connection (not through a session) are not seen; the app has none on these tables.
"""
from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from plans.models.organisations import Organisation, Region
from plans.models.plans import Plan

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


# What the overview counts, filters, sorts and chooses from, besides a plan's last activity.
PLAN_SHAPE = ("organisation_id", "status", "period_start", "period_end", "title", "version_number")
ORGANISATION_SHAPE = ("name", "region_id")
PLANS, ACTIVITY = "plans_token", "activity_token"


@dataclass
class Touched:
    """What a flush changed: per token, the regions and the organisations (whose regions it is)."""

    regions: dict[str, set[int]] = field(default_factory=lambda: {PLANS: set(), ACTIVITY: set()})
    organisations: dict[str, set[int]] = field(default_factory=lambda: {PLANS: set(), ACTIVITY: set()})
    unknown: bool = False  # a region or organisation could not be told: every region gets new tokens


def _changed(obj, attributes) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attributes)


def touched(session: Session) -> Touched:
    """What the flush changed that the overview shows."""
    found = Touched()
    new, dirty = session.new, session.dirty
    for obj in itertools.chain(new, dirty, session.deleted):
        changed = obj not in dirty
        if isinstance(obj, Plan):
            token = PLANS if changed or _changed(obj, PLAN_SHAPE) else ACTIVITY if _changed(obj, ("updated_at",)) else None
            where, attribute = found.organisations, "organisation_id"
        elif isinstance(obj, Organisation):
            token = PLANS if changed or _changed(obj, ORGANISATION_SHAPE) else None
            where, attribute = found.regions, "region_id"
        elif isinstance(obj, Region):
            token = PLANS if changed or _changed(obj, ("code", "name")) else None
            where, attribute = found.regions, "id"
        else:
            continue
        if token is not None:
            values = _values(obj, attribute, new=obj in new)
            where[token] |= values
            found.unknown = found.unknown or not values
    return found


def renew_tokens(connection: sa.Connection, regions=(), organisations=(), *, token: str = PLANS,
                 every: bool = False) -> None:
    """A new token for these regions and those of these organisations (or both tokens of every region): one
    UPDATE."""
    if every:
        connection.execute(_REGION.update().values(plans_token=new_token(), activity_token=new_token()))
        return
    conditions = []
    if regions:
        conditions.append(_REGION.c.id.in_(sorted(regions)))
    if organisations:
        conditions.append(_REGION.c.id.in_(sa.select(Organisation.region_id)
                                           .where(Organisation.id.in_(sorted(organisations))).scalar_subquery()))
    if conditions:
        connection.execute(_REGION.update().where(sa.or_(*conditions)).values({token: new_token()}))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    found = touched(session)
    if found.unknown:
        renew_tokens(session.connection(), every=True)
        return
    # One UPDATE per flush, so that two writers lock region rows in one statement's order (no deadlock between
    # a flush's two statements). With any change of shape every touched region gets a new plans token: the order
    # by activity is kept under both tokens, so that covers the plans whose activity alone changed.
    token = PLANS if found.regions[PLANS] or found.organisations[PLANS] else ACTIVITY
    renew_tokens(session.connection(), found.regions[PLANS] | found.regions[ACTIVITY],
                 found.organisations[PLANS] | found.organisations[ACTIVITY], token=token)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> object:
    """A bulk statement on the watched tables: run it, then renew every region's tokens."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in WATCHED_TABLES:
        return None
    result = state.invoke_statement()
    renew_tokens(state.session.connection(), every=True)
    return result
