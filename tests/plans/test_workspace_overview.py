"""The overview's queries give what the straightforward query over whole rows gives: rows, counts, choices."""
import gc
import itertools
import weakref
from datetime import datetime

import pytest
import sqlalchemy as sa

from plans.db import db
from plans.models import Assignment, Organisation, Plan, Region, User
from plans.vocabulary import PlanStatus
from plans.workspace import overview
from plans.workspace.overview import Filters

# The queries before issue 16 (every plan row joined with organisation and region, sorted and paged whole),
# with the plan's id as the last key: that is the reference the cheaper queries must match.
REFERENCE_SORTS = {
    "organisatie": (Organisation.name, Plan.version_number, Plan.id),
    "regio": (Region.name, Organisation.name, Plan.id),
    "status": (Plan.status, Organisation.name, Plan.id),
    "activiteit": (Plan.updated_at.desc(), Organisation.name, Plan.id),
}


def reference_query(user, filters):
    query = (sa.select(Plan).join(Plan.organisation).join(Organisation.region)
             .where(Plan.organisation_id.in_(overview.scope_ids(user))))
    if filters.region:
        query = query.where(Region.code == filters.region)
    if filters.status:
        query = query.where(Plan.status == filters.status)
    if filters.period:
        start, end = map(int, filters.period.split("-"))
        query = query.where(Plan.period_start == start, Plan.period_end == end)
    if filters.search:
        term = f"%{filters.search}%"
        query = query.where(sa.or_(Organisation.name.ilike(term), Plan.title.ilike(term)))
    return query


def reference_page(user, filters):
    query = reference_query(user, filters)
    total = db.session.scalar(query.with_only_columns(sa.func.count(Plan.id)))
    ids = db.session.scalars(query.with_only_columns(Plan.id)
                             .order_by(*REFERENCE_SORTS.get(filters.sort, REFERENCE_SORTS["organisatie"]))
                             .limit(filters.per_page).offset((filters.page - 1) * filters.per_page))
    return list(ids), total


def reference_choices(user):
    rows = db.session.execute(
        sa.select(Region.code, Region.name, Plan.status, Plan.period_start, Plan.period_end)
        .select_from(Plan).join(Plan.organisation).join(Organisation.region)
        .where(Plan.organisation_id.in_(overview.scope_ids(user))).distinct())
    regions, statuses, periods = {}, set(), set()
    for code, name, status, start, end in rows:
        regions[code] = name
        statuses.add(status)
        periods.add(f"{start}-{end}")
    return {"regions": sorted(regions.items(), key=lambda r: r[1]), "statuses": sorted(statuses),
            "periods": sorted(periods)}


@pytest.fixture
def workspace(factories, db_session):
    """Plans in three regions with ties on every sort key: two concepts of one organisation with the same
    version, equal last activity, several statuses and periods; a coach for two regions and one organisation."""
    regions = [factories.region(n) for n in ("Noord-Holland Noord", "Zeeland", "Groningen")]
    statuses = [PlanStatus.CONCEPT, PlanStatus.INGEDIEND, PlanStatus.ONDERTEKEND, PlanStatus.BEOORDEELD]
    moments = [datetime(2026, 3, d) for d in (1, 2, 2, 5)]  # equal moments tie on "activiteit"
    counter = itertools.count()
    for r, region in enumerate(regions):
        for o in range(6):
            org = factories.organisation(f"Zorggroep {'ABC'[r]}{o % 4}", region=region) if o < 4 else \
                db_session.scalar(sa.select(Organisation).where(Organisation.name == f"Zorggroep {'ABC'[r]}{o - 4}"))
            n = next(counter)
            db_session.add(Plan(organisation=org, title=f"Plan {n}", period_start=2026 + n % 2, period_end=2029 + n % 2,
                                content_version="2026.1", status=statuses[n % len(statuses)], version_number=1,
                                updated_at=moments[n % len(moments)]))
    db_session.flush()
    coach = factories.assigned("coach", region=regions[0])
    db_session.add(Assignment(user=coach, role="coach", region=regions[1]))
    other = db_session.scalar(sa.select(Organisation).where(Organisation.name == "Zorggroep C0"))
    db_session.add(Assignment(user=coach, role="coach", organisation=other))
    db_session.flush()
    return {"coach": coach, "nobody": factories.user(), "c_coach": factories.assigned("beoordelaar", region=regions[2])}


FILTERS = [Filters(), Filters(region="5512"), Filters(status="concept"), Filters(period="2027-2030"),
           Filters(search="a1"), Filters(search="plan 1"), Filters(region="5525", status="ingediend", period="2026-2029"),
           Filters(region="9999"), Filters(status="onbekend")]


@pytest.mark.parametrize("sort", [*REFERENCE_SORTS, "onbekend"])
@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_pages_and_counts_match_the_whole_row_query(workspace, filters, sort):
    for user in workspace.values():
        for per_page in (25, 4):  # one page; several pages, the last one short
            base = Filters(**{**filters.__dict__, "sort": sort, "per_page": per_page})
            _, total = reference_page(user, base)
            pages = max(-(-total // per_page), 1) + 1  # and one past the last page: empty
            for number in range(1, pages + 1):
                paged = Filters(**{**base.__dict__, "page": number})
                rows, count = overview.overview(user, paged)
                assert ([r.plan.id for r in rows], count) == reference_page(user, paged), (user.email, paged)


def test_the_workspace_has_ties_on_every_sort_key(workspace):
    coach = workspace["coach"]
    plans = db.session.scalars(reference_query(coach, Filters())).all()
    assert len(plans) == 14
    assert len({(p.organisation_id, p.version_number) for p in plans}) < len(plans)
    assert len({p.updated_at for p in plans}) < len(plans)


def test_filter_choices_match_the_distinct_over_all_plans(workspace, factories):
    for user in workspace.values():
        assert overview.filter_choices(user) == reference_choices(user)
    assert overview.filter_choices(workspace["nobody"]) == {"regions": [], "statuses": [], "periods": []}
    assert [c for c, _ in overview.filter_choices(workspace["coach"])["regions"]] == ["5501", "5512", "5525"]


@pytest.mark.parametrize("sort", REFERENCE_SORTS)
def test_the_export_reads_every_plan_in_the_overviews_order(workspace, sort):
    coach = workspace["coach"]
    filters = Filters(sort=sort, per_page=1000)
    in_order = [r.plan.id for r in overview.overview(coach, filters)[0]]
    assert len(in_order) == 14
    for batch in (1, 5, 14, 100):
        assert [r.plan.id for r in overview.overview_rows(coach, filters, batch=batch)] == in_order
    assert list(overview.overview_rows(workspace["nobody"], filters)) == []


def test_the_export_releases_each_batch_before_it_reads_the_next(workspace, db_session):
    coach_id = workspace["coach"].id
    workspace.clear()
    db_session.expunge_all()  # nothing of the test holds a plan: only the export's own references remain
    coach = db_session.get(User, coach_id)
    rows = overview.overview_rows(coach, Filters(), batch=2)
    first = next(rows)
    gone = weakref.ref(first.plan)
    del first
    next(rows)  # the rest of the first batch
    next(rows)  # reads the second batch
    gc.collect()
    assert gone() is None, "a plan of the first batch is still held while the second is read"
    assert len(db_session.identity_map) < 10


def test_a_plan_on_an_older_content_version_is_counted_by_its_own_checklist(factories):
    """2026.1 has checklist items that 2026.2 has not (b1_c3 among them): the overview and the CSV read the
    answers of the plan's own version, so its score and its klaar count are not those of another version."""
    from building_blocks import VERSIONS, get_content
    from plans.writing import editing

    older = get_content(VERSIONS[0])
    only_older = {item.id for s in older.sections for item in s.checklist} - {
        item.id for s in get_content().sections for item in s.checklist}
    assert "b1_c3" in only_older
    plan = editing.create_plan(factories.organisation("Zorggroep Oud"), "Regioplan Oud", 2026, 2029, None,
                               content_version=older.version)
    editing.save_values(plan, "b1", {"b1_c3": {"status": "ja"}}, None, None)
    [summary] = overview.summaries([plan])
    assert summary.checklist_answered == 1
    for version in VERSIONS:  # whatever is_complete reads, for every version, is read for the page's rows
        content = get_content(version)
        wanted = {item.id for s in content.sections for item in s.checklist}
        wanted |= {q.id for s in content.sections for q in s.questions if q.required}
        wanted |= {q.show_if.question for s in content.sections for q in s.questions if q.required and q.show_if}
        assert wanted <= set(overview._done_keys()), version
