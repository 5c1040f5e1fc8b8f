"""Demo data for trying Regioplan: three organisations in two regions and one account per role.

Idempotent: running it again adds only what is missing and never resets what people changed.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
import yaml
from flask import current_app

from plans.accounts import people
from plans.accounts.regions import ensure_regions, region_by_name
from plans.clock import utcnow
from plans.db import db
from plans.documents import sealing
from plans.models import Assignment, AssignmentRole, MemberRole, Organisation, OrganisationKind, Plan, User
from plans.review import adoption, versions, workflow
from plans.vocabulary import (
    AdoptingBody,
    ConsultationOutcome,
    LegalForm,
    PartyKind,
    PlanStatus,
    ReviewDecision,
    SectionDone,
)
from plans.writing import content_migration, editing
from plans.writing.sections import content_for

DEMO_PASSWORD = "demo-regioplan"
NHN = "Noord-Holland Noord"
OTHER_REGION = "Zeeland"

ORGANISATIONS = (
    ("Regio-organisatie Huisartsen Noord-Holland Noord (demo)", OrganisationKind.REGIO_ORGANISATIE, NHN),
    ("Zorggroep West-Friesland (demo)", OrganisationKind.ZORGGROEP, NHN),
    ("Huisartsenzorg Zeeland (demo)", OrganisationKind.ZORGGROEP, OTHER_REGION),
)
NHN_ORG, WEST_FRIESLAND_ORG, ZEELAND_ORG = (name for name, _, _ in ORGANISATIONS)

# email, name, organisation memberships, assignments (role, region), is_admin
ACCOUNTS = (
    ("bestuur@demo.regioplan.nl", "Anna de Vries", [(NHN_ORG, MemberRole.BESTUURDER)], [], False),
    ("bestuur2@demo.regioplan.nl", "Pieter Bakker", [(NHN_ORG, MemberRole.BESTUURDER)], [], False),
    ("redacteur@demo.regioplan.nl", "Sanne Visser", [(NHN_ORG, MemberRole.REDACTEUR)], [], False),
    ("kring@demo.regioplan.nl", "Jeroen Smit", [], [(AssignmentRole.BEOORDELAAR, NHN)], False),
    (
        "coach@demo.regioplan.nl",
        "Fatima El Amrani",
        [],
        [(AssignmentRole.COACH, NHN), (AssignmentRole.COACH, OTHER_REGION)],
        False,
    ),
    ("beheer@demo.regioplan.nl", "Beheerder Regioplan", [], [], True),
    ("bestuur@andere.demo.regioplan.nl", "Marloes Jansen", [(ZEELAND_ORG, MemberRole.BESTUURDER)], [], False),
)


def seed(*, sign_complete_plan: bool = True, verification_url=None) -> dict[str, int]:
    """Create the demo regions, organisations, accounts and plans; returns counts of what was added.

    With `sign_complete_plan` the complete plan is approved by the kring, signed by both demo
    bestuurders (its sealed PDF is rendered, a few seconds) and gets a second version in concept.
    """
    added = {"regions": ensure_regions(), "organisations": 0, "accounts": 0}
    organisations = {}
    for name, kind, region_name in ORGANISATIONS:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=kind.value, region=region_by_name(region_name))
            db.session.add(org)
            added["organisations"] += 1
        organisations[name] = org
    db.session.flush()
    for email, name, memberships, assignments, is_admin in ACCOUNTS:
        user = people.find_user_by_email(email)
        if user is None:
            user = people.create_user(email, name, password=DEMO_PASSWORD, is_admin=is_admin)
            added["accounts"] += 1
        for org_name, role in memberships:
            people.add_membership(user, organisations[org_name], role.value)
        for role, region_name in assignments:
            _ensure_assignment(user, role, region_by_name(region_name).id)
    db.session.flush()
    added["plans"] = seed_plans()
    if sign_complete_plan:
        added["plans"] += sign_demo_plan(verification_url or _default_verification_url)
    db.session.flush()
    return added


def _default_verification_url(code: str) -> str:
    base = current_app.config.get("SERVER_BASE_URL") or "http://127.0.0.1:5000"
    return f"{base.rstrip('/')}/verificatie/{code}"


def sign_demo_plan(verification_url) -> int:
    """Walk the complete plan through review and sign-off, then start version 2; returns plans added."""
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == NHN_ORG))
    title = yaml.safe_load((DEMO_PLANS / PLANS[0][0]).read_text(encoding="utf-8"))["title"]
    plan = db.session.scalar(sa.select(Plan).filter_by(organisation_id=org.id, title=title, version_number=1))
    if plan is None or plan.status != PlanStatus.CONCEPT:
        return 0
    board = [people.find_user_by_email(e) for e in ("bestuur@demo.regioplan.nl", "bestuur2@demo.regioplan.nl")]
    kring = people.find_user_by_email("kring@demo.regioplan.nl")
    workflow.submit(plan, board[0])
    for section in content_for(plan).sections:
        workflow.decide(plan, section.id, ReviewDecision.APPROVED, None, kring)
    _record_adoption(plan, board[0])
    functions = ("Voorzitter", "Bestuurder zorg")
    for user, function in zip(board, functions, strict=False):
        workflow.sign(plan, user, password=DEMO_PASSWORD, name=user.name, function=function, confirmed=True)
    sealing.create_signed_document(plan, verification_url)
    second = versions.start_new_version(plan, board[0])
    move_to_current_content(second, people.find_user_by_email("redacteur@demo.regioplan.nl"))
    return 1


def move_to_current_content(plan: Plan, editor: User) -> None:
    """Move version 2 of the complete plan to the current content version, then write what 2026 asks."""
    target = content_migration.next_version(plan)
    if target is None:
        return
    content_migration.move_plan(plan, editor, target)
    updates = DEMO_PLANS / UPDATES.get(target, "")
    if updates.is_file():
        data = yaml.safe_load(updates.read_text(encoding="utf-8"))
        for section_id, section in data["sections"].items():
            editing.save_values(plan, section_id, _section_values(section_id, section, with_done=False), None,
                                editor, via="seed")


def _record_adoption(plan: Plan, user: User) -> None:
    """The members' meeting adopts the approved plan; the afstemming with the insurer and a gemeente is recorded."""
    plan.organisation.legal_form = plan.organisation.legal_form or LegalForm.COOPERATIE
    today = utcnow().date()
    adoption.record_adoption(plan, user, body=AdoptingBody.ALV, adopted_on=today,
                             minutes_reference="Notulen algemene ledenvergadering (demo), agendapunt 4")
    adoption.add_consultation(plan, user, party_kind=PartyKind.ZORGVERZEKERAAR,
                              party_name="Preferente zorgverzekeraar (demo)", consulted_on=today,
                              outcome=ConsultationOutcome.AKKOORD, note="Meerjarenafspraak 2026–2029 in voorbereiding.")
    adoption.add_consultation(plan, user, party_kind=PartyKind.GEMEENTE, party_name="Gemeente Alkmaar (demo)",
                              consulted_on=today, outcome=ConsultationOutcome.AKKOORD_MET_OPMERKINGEN,
                              note="Ouderenzorg samen uitwerken in het IZA-regioplan.")


def _ensure_assignment(user: User, role: AssignmentRole, region_id: int) -> None:
    exists = db.session.scalar(
        sa.select(Assignment.id).filter_by(user_id=user.id, role=role.value, region_id=region_id)
    )
    if not exists:
        db.session.add(Assignment(user=user, role=role.value, region_id=region_id))


DEMO_PLANS = Path(__file__).parent / "plans"
# What version 2 of the complete plan adds after moving to a content version (demo/plans/README in the files).
UPDATES = {"2026.2": "nhn_version2_2026_2.yaml"}
# (file, organisation, author); the last plan is left empty on purpose.
PLANS = (
    ("nhn_complete.yaml", NHN_ORG, "bestuur@demo.regioplan.nl"),
    ("zeeland_half.yaml", ZEELAND_ORG, "bestuur@andere.demo.regioplan.nl"),
)
EMPTY_PLAN_TITLE = "Regioplan West-Friesland 2026–2029"


def seed_plans() -> int:
    """The complete, the half-filled and the empty demo plan; plans that exist are left alone."""
    added = 0
    for filename, org_name, author_email in PLANS:
        data = yaml.safe_load((DEMO_PLANS / filename).read_text(encoding="utf-8"))
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == org_name))
        if _plan_exists(org, data["title"]):
            continue
        author = people.find_user_by_email(author_email)
        plan = editing.create_plan(org, data["title"], data["period_start"], data["period_end"], author,
                                   content_version=data.get("content_version"))
        for section_id, section in data["sections"].items():
            editing.save_values(plan, section_id, _section_values(section_id, section), None, author, via="seed")
        added += 1
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == WEST_FRIESLAND_ORG))
    if not _plan_exists(org, EMPTY_PLAN_TITLE):
        editing.create_plan(org, EMPTY_PLAN_TITLE, 2026, 2029, None)
        added += 1
    return added


def _plan_exists(org: Organisation, title: str) -> bool:
    return db.session.scalar(sa.select(Plan.id).filter_by(organisation_id=org.id, title=title)) is not None


def _section_values(section_id: str, section: dict, *, with_done: bool = True) -> dict:
    values = dict(section.get("answers", {}))
    values.update(section.get("checklist", {}))
    if "levels" in section:
        values[f"{section_id}.niveau"] = dict(section["levels"])
    done = section.get("klaar")  # not-vocabulary: the demo file's flag, true or false
    values[f"{section_id}.klaar"] = SectionDone.DONE if done else SectionDone.LATER
    return values


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count(User.id))) == 0
