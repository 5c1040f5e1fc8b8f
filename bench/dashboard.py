"""The coach's overview at 10 and at 1,000 organisations with three plans each (ratio target <= 2.0)."""
from __future__ import annotations

import random
import tempfile

import sqlalchemy as sa

from bench.timing import alternating, report
from building_blocks import get_content
from plans.accounts import people
from plans.db import db
from plans.models import Answer, Assignment, Organisation, Plan, Region
from plans.vocabulary import ChecklistStatus, PlanStatus, SectionDone
from webapp import create_app
from webapp.config import TestConfig

PASSWORD = "bench wachtwoord 123"


def _app(organisations: int):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tempfile.mkdtemp(prefix='regioplan-bench-')}/dash.sqlite"
    config.WTF_CSRF_ENABLED = False
    app = create_app(config)
    with app.app_context():
        db.create_all()
        from plans.accounts.regions import ensure_regions

        ensure_regions()
        _fill(organisations)
        db.session.commit()
    return app


def _fill(organisations: int) -> None:
    """Bulk rows: organisations over all regions, three plans each with levels, 'klaar' and checklist answers."""
    rng = random.Random(42)
    content = get_content()
    regions = list(db.session.scalars(sa.select(Region.id)))
    db.session.execute(sa.insert(Organisation), [
        {"name": f"Zorggroep {i:04d}", "kind": "zorggroep", "region_id": regions[i % len(regions)]}
        for i in range(organisations)])
    org_ids = list(db.session.scalars(sa.select(Organisation.id)))
    db.session.execute(sa.insert(Plan), [
        {"organisation_id": org, "title": f"Regioplan {n}", "period_start": 2026, "period_end": 2029,
         "content_version": content.version, "status": rng.choice([PlanStatus.CONCEPT, PlanStatus.INGEDIEND, PlanStatus.ONDERTEKEND])}
        for org in org_ids for n in range(3)])
    answers = []
    for plan_id in db.session.scalars(sa.select(Plan.id)):
        for section in content.sections:
            current = rng.randint(1, 4)
            answers.append({"plan_id": plan_id, "section_id": section.id, "key": f"{section.id}.niveau",
                            "value": {"current": current, "target": current + 1}, "version": 1})
            answers.append({"plan_id": plan_id, "section_id": section.id, "key": f"{section.id}.klaar",
                            "value": SectionDone.DONE, "version": 1})
            for item in section.checklist[:3]:
                answers.append({"plan_id": plan_id, "section_id": section.id, "key": item.id,
                                "value": {"status": rng.choice([ChecklistStatus.JA, ChecklistStatus.DEELS, ChecklistStatus.NEE])}, "version": 1})
    db.session.execute(sa.insert(Answer), answers)
    coach = people.create_user("coach@bench.nl", "Coach", password=PASSWORD)
    db.session.add_all([Assignment(user=coach, role="coach", region_id=r) for r in regions])


def _client(organisations: int):
    app = _app(organisations)
    client = app.test_client()
    client.post("/inloggen", data={"email": "coach@bench.nl", "password": PASSWORD})
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Plan.id).order_by(Plan.id).limit(5)))
    return client, "/overzicht/vergelijken?" + "&".join(f"plan={i}" for i in ids)


def run() -> None:
    small, small_compare = _client(10)
    large, large_compare = _client(1000)
    overview = "/overzicht/?sorteer=activiteit"
    report("Overzicht voor coaches (mediaan per verzoek, ratio t.o.v. 10 organisaties in dezelfde ronde)",
           alternating([("overzicht, 10 organisaties / 30 plannen", lambda: small.get(overview)),
                        ("overzicht, 1.000 organisaties / 3.000 plannen", lambda: large.get(overview))],
                       rounds=7, per_round=6))
    report("Vergelijken van vijf plannen",
           alternating([("10 organisaties", lambda: small.get(small_compare)),
                        ("1.000 organisaties", lambda: large.get(large_compare))], rounds=7, per_round=6))
