"""How the plan was formally adopted (by the body its legal form has) and its afstemming with funders.

Besides the kring's review: sign-off by the board is refused until the adoption is recorded
(`plans.review.workflow.sign`). Everything here is kept in the audit trail. Operations flush, never commit.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.clock import utcnow
from plans.db import db
from plans.models import Organisation, Plan, PlanAdoption, PlanConsultation, PlanStatus, User
from plans.review.workflow import WorkflowError, record

LEGAL_FORMS = {
    "cooperatie": _l("Coöperatie"),
    "vereniging": _l("Vereniging"),
    "stichting": _l("Stichting"),
    "bv": _l("Besloten vennootschap (bv)"),
}
BODIES = {
    "alv": _l("Algemene ledenvergadering (ALV)"),
    "ledenraad": _l("Ledenraad"),
    "raad_van_toezicht": _l("Raad van toezicht"),
    "bestuur": _l("Bestuur"),
}
# A stichting and a bv have no members, so no ALV or ledenraad; an unknown legal form offers every body.
BODIES_BY_FORM = {
    "cooperatie": ("alv", "ledenraad", "raad_van_toezicht", "bestuur"),
    "vereniging": ("alv", "ledenraad", "raad_van_toezicht", "bestuur"),
    "stichting": ("raad_van_toezicht", "bestuur"),
    "bv": ("raad_van_toezicht", "bestuur"),
}
PARTY_KINDS = {"zorgverzekeraar": _l("Zorgverzekeraar"), "gemeente": _l("Gemeente")}
OUTCOMES = {
    "akkoord": _l("Akkoord"),
    "akkoord_met_opmerkingen": _l("Akkoord met opmerkingen"),
    "in_gesprek": _l("Nog in gesprek"),
    "geen_akkoord": _l("Geen akkoord"),
}


class AdoptionError(WorkflowError):
    """A refused change to the adoption record; the message is shown to the user."""


def bodies_for(organisation: Organisation) -> tuple[str, ...]:
    return BODIES_BY_FORM.get(organisation.legal_form or "", tuple(BODIES))


def adoption_of(plan: Plan) -> PlanAdoption | None:
    return db.session.scalar(sa.select(PlanAdoption).where(PlanAdoption.plan_id == plan.id))


def consultations_of(plan: Plan) -> list[PlanConsultation]:
    return list(db.session.scalars(sa.select(PlanConsultation).where(PlanConsultation.plan_id == plan.id)
                                   .order_by(PlanConsultation.consulted_on, PlanConsultation.id)))


def _ensure_open(plan: Plan) -> None:
    if plan.status == PlanStatus.ONDERTEKEND:
        raise AdoptionError(_l("Dit plan is ondertekend; de vaststelling en afstemming liggen vast. Start een nieuwe "
                               "versie om ze te wijzigen."))


def _ensure_past(day: date, what) -> None:
    if day > utcnow().date():
        raise AdoptionError(_l("De datum van %(what)s ligt in de toekomst. Leg het vast als het gebeurd is.", what=what))


def record_adoption(plan: Plan, user: User, *, body: str, adopted_on: date, minutes_reference: str) -> PlanAdoption:
    """Record (or correct) by which body and when the plan was adopted, and where the minutes are."""
    _ensure_open(plan)
    if body not in bodies_for(plan.organisation):
        raise AdoptionError(_l("Kies het orgaan dat het plan heeft vastgesteld; bij deze rechtsvorm kan dat: "
                               "%(bodies)s.", bodies=", ".join(str(BODIES[b]) for b in bodies_for(plan.organisation))))
    _ensure_past(adopted_on, _l("de vaststelling"))
    minutes = minutes_reference.strip()
    if not minutes:
        raise AdoptionError(_l("Noem de notulen of het besluit waarin de vaststelling staat."))
    adoption = adoption_of(plan) or PlanAdoption(plan_id=plan.id)
    adoption.body, adoption.adopted_on, adoption.minutes_reference = body, adopted_on, minutes
    adoption.recorded_by_id, adoption.recorded_at = user.id, utcnow()
    db.session.add(adoption)
    record(plan, user, "adoption_recorded", body=str(BODIES[body]), date=adopted_on.isoformat(), minutes=minutes)
    _touch(plan)
    return adoption


def add_consultation(plan: Plan, user: User, *, party_kind: str, party_name: str, consulted_on: date, outcome: str,
                     note: str | None) -> PlanConsultation:
    """One afstemming with a zorgverzekeraar or gemeente: when and with what outcome."""
    _ensure_open(plan)
    if party_kind not in PARTY_KINDS or outcome not in OUTCOMES:
        raise AdoptionError(_l("Kies een zorgverzekeraar of gemeente en een uitkomst."))
    if not party_name.strip():
        raise AdoptionError(_l("Vul de naam van de zorgverzekeraar of gemeente in."))
    _ensure_past(consulted_on, _l("de afstemming"))
    consultation = PlanConsultation(plan_id=plan.id, party_kind=party_kind, party_name=party_name.strip(),
                                    consulted_on=consulted_on, outcome=outcome, note=(note or "").strip() or None,
                                    recorded_by_id=user.id)
    db.session.add(consultation)
    record(plan, user, "consultation_added", party=consultation.party_name, date=consulted_on.isoformat(),
           outcome=outcome)
    _touch(plan)
    return consultation


def remove_consultation(plan: Plan, user: User, consultation: PlanConsultation) -> None:
    _ensure_open(plan)
    if consultation.plan_id != plan.id:
        raise AdoptionError(_l("Deze afstemming hoort niet bij dit plan."))
    record(plan, user, "consultation_removed", party=consultation.party_name,
           date=consultation.consulted_on.isoformat(), outcome=consultation.outcome)
    db.session.delete(consultation)
    _touch(plan)


def _touch(plan: Plan) -> None:
    """Raise the revision: the concept PDF shows the adoption and is cached per revision."""
    plan.revision += 1
    plan.updated_at = utcnow()
    db.session.flush()
