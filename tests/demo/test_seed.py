import sqlalchemy as sa

from demo import seed as demo
from plans.accounts import people
from plans.accounts.policy import Permission, can
from plans.models import Organisation, Plan, Region, User


def test_seed_is_idempotent_and_creates_every_role(db_session):
    first = demo.seed(sign_complete_plan=False)
    second = demo.seed(sign_complete_plan=False)
    assert first["accounts"] == 7 and first["organisations"] == 3 and first["plans"] == 3
    assert second == {"regions": 0, "organisations": 0, "accounts": 0, "plans": 0}
    for email, *_ in demo.ACCOUNTS:
        assert people.authenticate(email, demo.DEMO_PASSWORD) is not None, email


def test_seed_places_organisations_and_roles_as_documented(db_session):
    demo.seed(sign_complete_plan=False)
    nhn = db_session.scalar(sa.select(Organisation).where(Organisation.name == demo.NHN_ORG))
    zeeland = db_session.scalar(sa.select(Organisation).where(Organisation.name == demo.ZEELAND_ORG))
    assert nhn.region.name == "Noord-Holland Noord"
    user = lambda email: db_session.scalar(sa.select(User).where(User.email == email))  # noqa: E731
    assert can(user("bestuur@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("bestuur2@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("redacteur@demo.regioplan.nl"), Permission.EDIT_PLANS, nhn)
    assert not can(user("redacteur@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("kring@demo.regioplan.nl"), Permission.REVIEW, nhn)
    assert not can(user("kring@demo.regioplan.nl"), Permission.READ_PLANS, zeeland)
    assert can(user("coach@demo.regioplan.nl"), Permission.DOWNLOAD, zeeland)
    assert user("beheer@demo.regioplan.nl").is_admin
    assert can(user("bestuur@andere.demo.regioplan.nl"), Permission.EDIT_PLANS, zeeland)
    assert not can(user("bestuur@andere.demo.regioplan.nl"), Permission.READ_PLANS, nhn)


def test_regions_are_the_current_zorgkantoorregios(db_session):
    names = set(db_session.scalars(sa.select(Region.name)))
    assert len(names) == 31
    assert {"Noord-Holland Noord", "Zeeland", "Friesland", "Twente"} <= names


def test_demo_plans_complete_half_and_empty(db_session):
    from plans.models import Plan
    from plans.writing import editing
    from plans.writing.sections import SectionStatus, content_for, section_status

    demo.seed(sign_complete_plan=False)
    plans = {p.organisation.name: p for p in db_session.scalars(sa.select(Plan))}
    statuses = {}
    for name, plan in plans.items():
        content = content_for(plan)  # the complete plan is written on 2026.1, the others on 2026.2
        values = editing.values_of(plan)
        statuses[name] = [section_status(s, values, False) for s in content.sections]
        if name == demo.NHN_ORG:
            actions = sum(len(values.get(f"{s.id}_acties") or []) for s in content.sections)
            assert actions >= 30
            assert all(values[item.id]["status"] for s in content.sections for item in s.checklist)
    assert statuses[demo.NHN_ORG] == [SectionStatus.COMPLETE] * 9
    zeeland = statuses[demo.ZEELAND_ORG]
    assert zeeland[:2] == [SectionStatus.COMPLETE] * 2 and SectionStatus.NOT_STARTED in zeeland
    assert statuses[demo.WEST_FRIESLAND_ORG] == [SectionStatus.NOT_STARTED] * 9


def test_complete_demo_plan_is_signed_with_a_second_version_in_concept(db_session, app, tmp_path, monkeypatch):
    from plans.documents import sealing
    from plans.models import PlanStatus

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(sealing.pdf, "html_to_pdf", lambda html, **kw: _tiny_pdf())
    demo.seed(verification_url=lambda code: f"https://regioplan.test/verificatie/{code}")
    nhn = db_session.scalars(sa.select(Plan).join(Plan.organisation).where(Organisation.name == demo.NHN_ORG)
                             .order_by(Plan.version_number)).all()
    assert [(p.version_number, p.status) for p in nhn] == [(1, PlanStatus.ONDERTEKEND), (2, PlanStatus.CONCEPT)]
    assert [p.content_version for p in nhn] == ["2026.1", "2026.2"]  # version 2 moved by the migration step
    from plans.writing import editing
    from plans.writing.content_migration import retired_answers
    from plans.writing.sections import content_for, missing_required, unanswered_checklist

    values = editing.values_of(nhn[1])
    for section in content_for(nhn[1]).sections:  # version 2 answers what 2026.2 asks, in every section
        assert not missing_required(section, values), section.id
        assert not unanswered_checklist(section, values), section.id
        assert (values.get(f"{section.id}.niveau") or {}).get("current"), section.id
    assert retired_answers(nhn[1], "r2"), "r2's own GP table stays visible from 2026.1"
    assert {s.name for s in sealing.signatures_of(nhn[0])} == {"Anna de Vries", "Pieter Bakker"}
    document = sealing.signed_document_of(nhn[0])
    assert document.pdf.startswith(b"%PDF") and len(document.sha256) == 64
    assert demo.seed()["plans"] == 0, "idempotent"


def _tiny_pdf() -> bytes:
    from plans.documents.pdf_safety import run_render  # not pdf.html_to_pdf: the tests replace that

    return run_render("<html lang='nl'><body><p>Regioplan</p></body></html>", timeout_seconds=60)
