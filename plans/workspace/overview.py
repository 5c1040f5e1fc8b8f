"""The plans a coach or beoordelaar looks after: filtered, sorted, paged, with their maturity.

Every function here costs a fixed number of queries, however many plans exist.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from building_blocks import get_content
from plans.accounts.policy import organisation_ids_in_scope
from plans.db import db
from plans.models import Answer, Organisation, Plan, Region, User
from plans.planning.figures import PlanningFigures, planning_figures
from plans.planning.figures import question_ids as planning_ids
from plans.writing.maturity import SectionMaturity, plan_maturity
from plans.writing.sections import is_complete

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


def _with_organisation(ids: list[int]) -> list[Plan]:
    """The plans with their organisation and region, in the order of `ids`."""
    found = {p.id: p for p in db.session.scalars(_PLANS, {"ids": ids})}
    return [found[i] for i in ids if i in found]


def overview(user: User, filters: Filters) -> tuple[list[PlanSummary], int]:
    """One page of plans in scope and the total count: four queries.

    The count joins nothing it does not filter on, and the page sorts ids (not whole rows of plan,
    organisation and region) before it reads its 25 plans.
    """
    total = db.session.scalar(_filtered(user, filters, (sa.func.count(),)))
    page = _ordered_ids(user, filters).limit(filters.per_page).offset((max(filters.page, 1) - 1) * filters.per_page)
    return summaries(_with_organisation(list(db.session.scalars(page)))), total


def overview_rows(user: User, filters: Filters, batch: int = 100) -> Iterator[PlanSummary]:
    """Every plan in scope that matches the filters, in the overview's order, read `batch` plans at a time.

    The ordered ids are streamed from one query (`yield_per`: a server-side cursor on PostgreSQL), two
    more queries per batch read the plans and their answers; a batch is released before the next is
    read, so an export holds one batch however many plans there are.
    """
    ids = db.session.execute(_ordered_ids(user, filters), execution_options={"yield_per": batch}).scalars()
    for chunk in ids.partitions(batch):
        yield from summaries(_with_organisation(chunk))


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


def _summary_keys() -> list[str]:
    """The checklist, and what decides whether a section is klaar: required answers and their conditions."""
    keys = [item.id for s in get_content().sections for item in s.checklist] + planning_ids(get_content())
    for q in (q for s in get_content().sections for q in s.questions if q.required):
        keys.append(q.id)
        if q.show_if is not None:
            keys.append(q.show_if.question)
    return keys


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
