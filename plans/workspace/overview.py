"""The plans a coach or beoordelaar looks after: filtered, sorted, paged, with their maturity.

Every function here costs a fixed number of queries, however many plans exist.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from threading import Lock

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from building_blocks import VERSIONS, get_content
from building_blocks.schema import Section
from plans.accounts.policy import organisation_ids_in_scope
from plans.db import db
from plans.models import Answer, Organisation, Plan, Region, User
from plans.planning.figures import PlanningFigures, planning_figures
from plans.planning.figures import question_ids as planning_ids
from plans.writing.maturity import SectionMaturity, plan_maturity
from plans.writing.sections import is_complete, levels_key

OUTSIDE_ROLES = {"coach", "beoordelaar"}
# Each order ends with the plan's id: equal keys (two concepts of one organisation) keep one order, so a
# plan never shows on two pages and the CSV follows the overview.
SORTS = {
    "organisatie": (Organisation.name, Plan.version_number, Plan.id),
    "regio": (Region.name, Organisation.name, Plan.id),
    "status": (Plan.status, Organisation.name, Plan.id),
    "activiteit": (Plan.updated_at.desc(), Organisation.name, Plan.id),
}
# The sorts that need the region joined (every sort needs the organisation's name).
_REGION_SORTS = {"regio"}
OPEN_ACTION_STATUSES = {"gepland", "lopend", None}


@dataclass(frozen=True)
class Filters:
    region: str = ""  # region code
    status: str = ""
    period: str = ""  # "2026-2029"
    search: str = ""
    sort: str = "organisatie"
    page: int = 1
    per_page: int = 25


@dataclass
class PlanSummary:
    plan: Plan
    maturity: list[SectionMaturity] = field(default_factory=list)
    done: int = 0
    open_actions: int = 0
    checklist_answered: int = 0
    planning: PlanningFigures | None = None  # the chain's figures; None on a version without it


@dataclass(frozen=True)
class SectionLevels:
    """A section's current and target level: what the overview's profile draws of it."""

    section: Section
    current: int | None
    target: int | None


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class OrganisationLine:
    name: str
    region: Named


@dataclass(frozen=True)
class PlanLine:
    """The columns of a plan that the overview shows or keys on, read as rows, not ORM objects (loading 25 plans
    with organisation and region as objects was a third of what a row cost); attributes named as on `Plan`."""

    id: int
    title: str
    period_start: int
    period_end: int
    version_number: int
    status: str
    updated_at: datetime
    revision: int
    content_version: str
    organisation: OrganisationLine

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"


@dataclass
class PageRow:
    """What the overview page shows of a plan: the plan, its levels per section, how many sections are klaar."""

    plan: PlanLine
    levels: tuple[SectionLevels, ...]
    done: int


@dataclass
class OverviewPage:
    rows: list[PageRow]
    total: int
    choices: dict


def scope_ids(user: User):
    return organisation_ids_in_scope(user, roles=OUTSIDE_ROLES)


def _filtered(user: User, filters: Filters, columns=(Plan.id,), *, organisation: bool = False,
              region: bool = False) -> sa.Select:
    """The plans in scope that match the filters; the organisation and region are joined only when asked
    or a filter needs them (a plan always has both, so the joins never drop a row)."""
    query = sa.select(*columns).select_from(Plan).where(Plan.organisation_id.in_(scope_ids(user)))
    if organisation or region or filters.region or filters.search:
        query = query.join(Plan.organisation)
    if region or filters.region:
        query = query.join(Organisation.region)
    if filters.region:
        query = query.where(Region.code == filters.region)
    if filters.status:
        query = query.where(Plan.status == filters.status)
    if filters.period and "-" in filters.period:
        start, _, end = filters.period.partition("-")
        if start.isdigit() and end.isdigit():
            query = query.where(Plan.period_start == int(start), Plan.period_end == int(end))
    if filters.search:
        term = "%" + filters.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(Organisation.name.ilike(term, escape="\\"), Plan.title.ilike(term, escape="\\")))
    return query


def _ordered_ids(user: User, filters: Filters) -> sa.Select:
    """The ids of the matching plans in the overview's order: only the columns the sort needs are read."""
    sort = filters.sort if filters.sort in SORTS else "organisatie"
    return _filtered(user, filters, organisation=True, region=sort in _REGION_SORTS).order_by(*SORTS[sort])


# Built once: the CSV reads its batches with these, and a statement built per batch leaves reference
# cycles (bind parameters, labels) that only the rare full collection frees, a creep in the export's peak.
_PLANS = (sa.select(Plan).where(Plan.id.in_(sa.bindparam("ids", expanding=True)))
          .options(joinedload(Plan.organisation).joinedload(Organisation.region)))
_ANSWERS = (sa.select(Answer.plan_id, Answer.key, Answer.value)
            .where(Answer.plan_id.in_(sa.bindparam("plans", expanding=True)),
                   sa.or_(Answer.key.in_(sa.bindparam("keys", expanding=True)), Answer.key.like("%.niveau"),
                          Answer.key.like("%.klaar"), Answer.key.like("%_acties"))))


_PAGE_ANSWERS = (sa.select(Answer.plan_id, Answer.key, Answer.value)
                 .where(Answer.plan_id.in_(sa.bindparam("plans", expanding=True)),
                        sa.or_(Answer.key.in_(sa.bindparam("keys", expanding=True)), Answer.key.like("%.niveau"),
                               Answer.key.like("%.klaar"))))


_PAGE_PLANS = (sa.select(Plan.id, Plan.title, Plan.period_start, Plan.period_end, Plan.version_number, Plan.status,
                         Plan.updated_at, Plan.revision, Plan.content_version, Organisation.name, Region.name)
               .join(Plan.organisation).join(Organisation.region)
               .where(Plan.id.in_(sa.bindparam("ids", expanding=True))))


def _page_plans(ids: list[int]) -> list[PlanLine]:
    """The page's plans with their organisation's and region's names, in the order of `ids`: one query."""
    found = {row[0]: PlanLine(*row[:9], OrganisationLine(row[9], Named(row[10])))
             for row in db.session.execute(_PAGE_PLANS, {"ids": ids})}
    return [found[i] for i in ids if i in found]


def _with_organisation(ids: list[int]) -> list[Plan]:
    """The plans with their organisation and region, in the order of `ids`."""
    found = {p.id: p for p in db.session.scalars(_PLANS, {"ids": ids})}
    return [found[i] for i in ids if i in found]


def count(user: User, filters: Filters) -> int:
    """The matching plans in scope; joins nothing it does not filter on."""
    return db.session.scalar(_filtered(user, filters, (sa.func.count(),)))


def page_ids(user: User, filters: Filters) -> list[int]:
    """The ids of the page's plans, in order: the sort reads ids, not whole rows of plan, organisation, region."""
    page = _ordered_ids(user, filters).limit(filters.per_page).offset((max(filters.page, 1) - 1) * filters.per_page)
    return list(db.session.scalars(page))


def overview(user: User, filters: Filters) -> tuple[list[PageRow], int]:
    """One page of plans in scope and the total count, read afresh: four queries."""
    total = count(user, filters)
    return page_rows(page_ids(user, filters)), total


def overview_page(user: User, filters: Filters) -> OverviewPage:
    """The overview page: its rows, the count and the filter choices.

    The count, the page's ids and the choices walk every plan in scope; they are kept per process and used
    while the regions in scope have the tokens they had (plans/models/region_tokens.py renews them with every
    write): the plans tokens for all three, and the activity tokens too for the ids in order of last activity.
    So a page costs the tokens' query and the page's plans however many plans are in scope, and a saved answer
    costs the next page only the ids in order of activity. The tokens are read first: whatever is read after
    them is at least as new, so nothing is kept under tokens older than what it shows.
    """
    scope = user_scope(user)
    tokens = scope_tokens(scope)
    plans_tokens = tuple((region, plans) for region, plans, _ in tokens)
    key = (str(db.session.get_bind().engine.url), scope)
    counted = replace(filters, sort="", page=1)
    total = overview_cache.get((*key, "count", counted), plans_tokens)
    if total is None:
        total = overview_cache.put((*key, "count", counted), plans_tokens, count(user, filters))
    by_activity = (filters.sort if filters.sort in SORTS else "organisatie") == "activiteit"
    order_tokens = tokens if by_activity else plans_tokens
    ids = overview_cache.get((*key, "ids", filters), order_tokens)
    if ids is None:
        ids = overview_cache.put((*key, "ids", filters), order_tokens, page_ids(user, filters))
    choices = overview_cache.get((*key, "choices"), plans_tokens)
    if choices is None:
        choices = overview_cache.put((*key, "choices"), plans_tokens, filter_choices(user))
    return OverviewPage(page_rows(ids), total, choices)


def overview_rows(user: User, filters: Filters, batch: int = 100) -> Iterator[PlanSummary]:
    """Every plan in scope that matches the filters, in the overview's order, read `batch` plans at a time.

    The ordered ids are streamed from one query (`yield_per`: a server-side cursor on PostgreSQL), two
    more queries per batch read the plans and their answers; a batch is released before the next is
    read, so an export holds one batch however many plans there are.
    """
    ids = db.session.execute(_ordered_ids(user, filters), execution_options={"yield_per": batch}).scalars()
    for chunk in ids.partitions(batch):
        yield from summaries(_with_organisation(chunk))


def page_rows(ids: list[int]) -> list[PageRow]:
    """The overview's rows: the plans (one query) and, for the plans not kept from an earlier page, the answers
    their levels and 'klaar' need (one more query).

    A plan's levels and klaar count are kept per process with the plan's revision and last change, which every
    write of its answers raises and sets (as the PDF cache relies on): a plan edited since is read again.
    """
    plans = _page_plans(ids)
    if not plans:
        return []
    database = str(db.session.get_bind().engine.url)
    kept: dict[int, tuple] = {}
    for plan in plans:
        found = row_cache.get((database, plan.id), _row_version(plan))
        if found is not None:
            kept[plan.id] = found
    missing = [p for p in plans if p.id not in kept]
    if missing:
        values: dict[int, dict] = {p.id: {} for p in missing}
        for plan_id, key, value in db.session.execute(_PAGE_ANSWERS, {"plans": list(values), "keys": _done_keys()}):
            values[plan_id][key] = value
        for plan in missing:
            kept[plan.id] = row_cache.put((database, plan.id), _row_version(plan), _levels_and_done(plan, values[plan.id]))
    return [PageRow(plan, *kept[plan.id]) for plan in plans]


def _row_version(plan: PlanLine) -> tuple:
    return plan.revision, plan.updated_at, plan.content_version


def _levels_and_done(plan: PlanLine, values: dict) -> tuple[tuple[SectionLevels, ...], int]:
    sections = get_content(plan.content_version).sections
    levels = []
    for section in sections:
        rating = values.get(levels_key(section)) or {}
        levels.append(SectionLevels(section, rating.get("current"), rating.get("target")))
    return tuple(levels), sum(is_complete(s, values) for s in sections)


def summaries(plans: list[Plan]) -> list[PlanSummary]:
    """Maturity, completion and open actions of each plan, from one query over their answers."""
    if not plans:
        return []
    values: dict[int, dict] = {p.id: {} for p in plans}
    keys = _summary_keys()
    rows = db.session.execute(_ANSWERS, {"plans": list(values), "keys": keys})
    for plan_id, key, value in rows:
        values[plan_id][key] = value
    result = []
    for plan in plans:
        content = get_content(plan.content_version)
        plan_values = values[plan.id]
        result.append(PlanSummary(
            plan=plan,
            maturity=plan_maturity(content, plan_values),
            done=sum(is_complete(s, plan_values) for s in content.sections),
            open_actions=sum(1 for s in content.sections for row in plan_values.get(f"{s.id}_acties") or []
                             if row.get("status") in OPEN_ACTION_STATUSES),
            checklist_answered=sum(1 for s in content.sections for item in s.checklist
                                   if (plan_values.get(item.id) or {}).get("status")),
            planning=planning_figures(content, plan_values, (plan.period_start, plan.period_end)),
        ))
    return result


@cache
def _done_keys() -> list[str]:
    """What decides whether a section is klaar: the checklist, required answers and their conditions, of every
    content version (a plan stays on its version, and 2026.1 has checklist items that 2026.2 has not)."""
    keys: dict[str, None] = {}
    for version in VERSIONS:
        content = get_content(version)
        keys.update(dict.fromkeys(item.id for s in content.sections for item in s.checklist))
        for q in (q for s in content.sections for q in s.questions if q.required):
            keys[q.id] = None
            if q.show_if is not None:
                keys[q.show_if.question] = None
    return list(keys)


@cache
def _summary_keys() -> list[str]:
    """What the summaries read besides levels, klaar and actions: `_done_keys` and the chain's figures, of every
    content version."""
    keys = dict.fromkeys(_done_keys())
    for version in VERSIONS:
        keys.update(dict.fromkeys(planning_ids(get_content(version))))
    return list(keys)


def filter_choices(user: User) -> dict:
    """Regions, statuses and periods that occur among the plans in scope: one query.

    The DISTINCT runs over the plan and organisation columns alone; the region's code and name are
    joined to its few rows afterwards.
    """
    occurring = (sa.select(Organisation.region_id, Plan.status, Plan.period_start, Plan.period_end)
                 .select_from(Plan).join(Plan.organisation)
                 .where(Plan.organisation_id.in_(scope_ids(user))).distinct().subquery())
    rows = db.session.execute(
        sa.select(Region.code, Region.name, occurring.c.status, occurring.c.period_start, occurring.c.period_end)
        .join_from(occurring, Region, Region.id == occurring.c.region_id))
    regions, statuses, periods = {}, set(), set()
    for code, name, status, start, end in rows:
        regions[code] = name
        statuses.add(status)
        periods.add(f"{start}-{end}")
    return {"regions": sorted(regions.items(), key=lambda r: r[1]), "statuses": sorted(statuses),
            "periods": sorted(periods)}


def plans_by_ids(user: User, ids: list[int]) -> list[Plan]:
    """The requested plans that are in the user's scope, in the requested order."""
    found = {p.id: p for p in db.session.scalars(
        sa.select(Plan).where(Plan.id.in_(ids), Plan.organisation_id.in_(scope_ids(user)))
        .options(joinedload(Plan.organisation).joinedload(Organisation.region)))}
    return [found[i] for i in ids if i in found]


def user_scope(user: User) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The regions and organisations the user looks after, from the memberships and assignments loaded with the
    user: what `scope_ids` selects, as a key (a new assignment is a new key)."""
    regions = {a.region_id for a in user.assignments if a.role in OUTSIDE_ROLES and a.region_id is not None}
    organisations = {a.organisation_id for a in user.assignments
                     if a.role in OUTSIDE_ROLES and a.organisation_id is not None}
    organisations |= {m.organisation_id for m in user.memberships if m.role in OUTSIDE_ROLES}
    return tuple(sorted(regions)), tuple(sorted(organisations))


def scope_tokens(scope: tuple[tuple[int, ...], tuple[int, ...]]) -> tuple:
    """The plans and activity tokens of the regions in scope and of the regions of the organisations in it: one
    query."""
    regions, organisations = scope
    if not regions and not organisations:
        return ()
    in_scope = sa.or_(Region.id.in_(regions), Region.id.in_(
        sa.select(Organisation.region_id).where(Organisation.id.in_(organisations)).scalar_subquery()))
    return tuple(tuple(row) for row in db.session.execute(
        sa.select(Region.id, Region.plans_token, Region.activity_token).where(in_scope).order_by(Region.id)))


class OverviewCache:
    """Counts, page ids and filter choices per scope and filters, each kept with the tokens it was read under;
    a bounded LRU, per process."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, key, tokens):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != tokens:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key, tokens, value):
        with self._lock:
            self._entries[key] = (tokens, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


overview_cache = OverviewCache()
row_cache = OverviewCache(size=4096)  # a plan's levels and klaar count, per plan (about 1 kB each)
