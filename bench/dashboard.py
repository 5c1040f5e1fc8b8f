"""The coach's overview at 10, 25, 1,000 and 10,000 plans, and the memory of the CSV export at 100 and 1,000.

Each size lives in a throwaway SQLite database of its own, filled by bulk inserts (three plans per
organisation over all regions, each with levels, 'klaar' and checklist answers for every section). The
run checks that it changed none of the rows it measures. At 10 plans the page shows 10 rows, from 25 on
a full page of 25: "10.000 ÷ 25" is the growth with the number of plans alone.
"""
from __future__ import annotations

import random
import statistics
import time
import tracemalloc

import sqlalchemy as sa

from bench import scratch_dir
from bench.queries import counting_queries
from bench.timing import alternating, report
from building_blocks import get_content
from plans.accounts import people
from plans.db import db
from plans.models import Answer, Assignment, Organisation, Plan, Region
from plans.models.region_tokens import ACTIVITY, PLANS, renew_tokens
from plans.vocabulary import ChecklistStatus, PlanStatus, SectionDone
from webapp import create_app
from webapp.config import TestConfig

PASSWORD = "bench wachtwoord 123"
OVERVIEW = "/overzicht/?sorteer=activiteit"
CSV = "/overzicht/volwassenheid.csv"


def _app(plans: int):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{scratch_dir()}/dash.sqlite"
    config.WTF_CSRF_ENABLED = False
    app = create_app(config)
    with app.app_context():
        db.create_all()
        from plans.accounts.regions import ensure_regions

        ensure_regions()
        _fill(plans)
        db.session.commit()
    return app


def _fill(plans: int) -> None:
    """Bulk rows: organisations over all regions, up to three plans each with levels, 'klaar' and checklist answers."""
    rng = random.Random(42)
    content = get_content()
    regions = list(db.session.scalars(sa.select(Region.id)))
    organisations = max(plans // 3, 1)
    db.session.execute(sa.insert(Organisation), [
        {"name": f"Zorggroep {i:05d}", "kind": "zorggroep", "region_id": regions[i % len(regions)]}
        for i in range(organisations)])
    org_ids = list(db.session.scalars(sa.select(Organisation.id)))
    db.session.execute(sa.insert(Plan), [
        {"organisation_id": org_ids[n % organisations], "title": f"Regioplan {n}", "period_start": 2026,
         "period_end": 2029, "content_version": content.version,
         "status": rng.choice([PlanStatus.CONCEPT, PlanStatus.INGEDIEND, PlanStatus.ONDERTEKEND])}
        for n in range(plans)])
    answers = []
    for plan_id in db.session.scalars(sa.select(Plan.id)):
        for section in content.sections:
            current = rng.randint(1, 4)
            answers.append({"plan_id": plan_id, "section_id": section.id, "key": f"{section.id}.niveau",
                            "value": {"current": current, "target": current + 1}, "version": 1})
            answers.append({"plan_id": plan_id, "section_id": section.id, "key": f"{section.id}.klaar",
                            "value": SectionDone.DONE, "version": 1})
            for item in section.checklist[:1]:
                answers.append({"plan_id": plan_id, "section_id": section.id, "key": item.id,
                                "value": {"status": rng.choice([ChecklistStatus.JA, ChecklistStatus.DEELS,
                                                                ChecklistStatus.NEE])}, "version": 1})
    db.session.execute(sa.insert(Answer), answers)
    coach = people.create_user("coach@bench.nl", "Coach", password=PASSWORD)
    db.session.add_all([Assignment(user=coach, role="coach", region_id=r) for r in regions])


def _client(plans: int):
    app = _app(plans)
    client = app.test_client()
    client.post("/inloggen", data={"email": "coach@bench.nl", "password": PASSWORD})
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Plan.id).order_by(Plan.id).limit(5)))
        engine = db.engine
    return client, "/overzicht/vergelijken?" + "&".join(f"plan={i}" for i in ids), engine


def _state(engine) -> tuple:
    """What the benchmark must leave as it found it: the plans and their answers."""
    with engine.connect() as conn:
        return (tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(Plan.updated_at), sa.func.sum(Plan.revision))
                                   .select_from(Plan)).one()),
                tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(Answer.version)).select_from(Answer)).one()))


def _renew_a_token(engine, token: str) -> None:
    """What a write of a plan in the first region does to the overview's cache (plans/models/region_tokens.py),
    without changing a plan: the data measured stays as it is. The plans' answers are still kept per plan
    (their revisions did not change), as after a write of a plan on another page."""
    with engine.begin() as conn:
        renew_tokens(conn, [conn.scalar(sa.select(sa.func.min(Region.id)))], token=token)


def _csv_peak(client) -> tuple[int, int, float]:
    """Peak memory (tracemalloc) while the CSV is made and read by a client that keeps none of it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    response = client.get(CSV, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size, seconds


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def run() -> None:
    started = time.perf_counter()
    sizes = {n: _client(n) for n in (10, 25, 100, 1000, 10000)}
    before = {n: _state(engine) for n, (_, _, engine) in sizes.items()}
    print(f"\n(databases gevuld in {time.perf_counter() - started:.0f} s)")
    overview_sizes = (10, 25, 1000, 10000)
    queries, cold_queries = {}, {}
    for n in overview_sizes:
        client, _, engine = sizes[n]
        client.get(OVERVIEW)
        with counting_queries(engine) as count:
            client.get(OVERVIEW)
        queries[f"overzicht, {_dutch(n)} plannen"] = f"{count[0]} queries"
        for token, what in ((PLANS, "wijziging"), (ACTIVITY, "opgeslagen antwoord")):
            _renew_a_token(engine, token)
            with counting_queries(engine) as count:
                client.get(OVERVIEW)
            cold_queries[token, f"eerste na een {what}, {_dutch(n)} plannen"] = f"{count[0]} queries"
    timings = alternating([(label, lambda n=n: sizes[n][0].get(OVERVIEW))
                           for label, n in zip(queries, overview_sizes, strict=True)], rounds=7, per_round=6)
    report("Overzicht voor coaches (25 per pagina; mediaan per verzoek, ratio t.o.v. 10 plannen in dezelfde ronde)",
           timings, queries)
    full, largest = timings[1], timings[-1]
    per_round = sorted(t / b for t, b in zip(largest.rounds, full.rounds, strict=True))
    print(f"  10.000 ÷ 25 plannen (beide een volle pagina): {statistics.median(per_round):.2f}x "
          f"(rondes {per_round[0]:.2f}–{per_round[-1]:.2f}x)")
    titles = {PLANS: "Het eerste overzicht na een wijziging van een plan, organisatie of regio (vóór elk verzoek een "
                     "nieuw plans-token voor één regio, zoals die schrijvers het zetten; ratio t.o.v. 10 plannen)",
              ACTIVITY: "Het eerste overzicht na een opgeslagen antwoord (vóór elk verzoek een nieuw "
                        "activiteitstoken voor één regio; ratio t.o.v. 10 plannen)"}
    for token, title in titles.items():
        labels = {label: text for (kind, label), text in cold_queries.items() if kind == token}
        cold = alternating([(label, lambda n=n: sizes[n][0].get(OVERVIEW),
                             lambda n=n, token=token: _renew_a_token(sizes[n][2], token))
                            for label, n in zip(labels, overview_sizes, strict=True)], rounds=7, per_round=6)
        report(title, cold, labels)
        for warm, first in zip(timings, cold, strict=True):
            per_round = sorted(c / w for c, w in zip(first.rounds, warm.rounds, strict=True))
            print(f"  {first.label}: {statistics.median(per_round):.2f}x het bewaarde overzicht in dezelfde ronde")
    compare = {}
    for n in (10, 1000, 10000):
        client, url, engine = sizes[n]
        with counting_queries(engine) as count:
            client.get(url)
        compare[f"{_dutch(n)} plannen"] = f"{count[0]} queries"
    report("Vergelijken van vijf plannen (ratio t.o.v. 10 plannen)",
           alternating([(label, lambda n=n: sizes[n][0].get(sizes[n][1]))
                        for label, n in zip(compare, (10, 1000, 10000), strict=True)], rounds=5, per_round=6),
           compare)
    print("\nCSV-export, gestreamd (piekgeheugen met tracemalloc over 3 rondes om en om, ratio t.o.v. 100 plannen)")
    print(f"  {'plannen':<12} {'piek':>10} {'spreiding':>15} {'CSV':>10} {'tijd':>8} {'piek-ratio':>11} {'queries':>8}")
    peaks: dict[int, list[tuple[int, int, float]]] = {100: [], 1000: []}
    for _ in range(3):
        for n, measured in peaks.items():
            measured.append(_csv_peak(sizes[n][0]))
    csv_queries = {}
    for n in peaks:
        client, _, engine = sizes[n]
        with counting_queries(engine) as count:
            response = client.get(CSV, buffered=False)
            for _chunk in response.response:
                pass
            response.close()
        csv_queries[n] = count[0]
    base = statistics.median(p for p, _, _ in peaks[100])
    for n, measured in peaks.items():
        peak = statistics.median(p for p, _, _ in measured)
        low, high = min(p for p, _, _ in measured), max(p for p, _, _ in measured)
        size, seconds = measured[0][1], statistics.median(t for _, _, t in measured)
        print(f"  {_dutch(n):<12} {peak / 2**20:>8.2f}MB {low / 2**20:>6.2f}–{high / 2**20:.2f}MB {size / 2**20:>8.2f}MB "
              f"{seconds:>7.2f}s {peak / base:>10.2f}x {csv_queries[n]:>8}")
    after = {n: _state(engine) for n, (_, _, engine) in sizes.items()}
    assert after == before, "the benchmark changed the plans or answers it measures"
