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
from plans.models import Organisation, Plan, PlanAdoption, PlanConsultation, User
from plans.review.workflow import WorkflowError, record
from plans.vocabulary import AdoptingBody, AuditAction, ConsultationOutcome, LegalForm, PartyKind, PlanStatus

# A stichting and a bv have no members, so no ALV or ledenraad; an unknown legal form offers every body.
_B = AdoptingBody
BODIES_BY_FORM: dict[str, tuple[AdoptingBody, ...]] = {
    LegalForm.COOPERATIE: (_B.ALV, _B.LEDENRAAD, _B.RAAD_VAN_TOEZICHT, _B.BESTUUR),
    LegalForm.VERENIGING: (_B.ALV, _B.LEDENRAAD, _B.RAAD_VAN_TOEZICHT, _B.BESTUUR),
    LegalForm.STICHTING: (_B.RAAD_VAN_TOEZICHT, _B.BESTUUR),
    LegalForm.BV: (_B.RAAD_VAN_TOEZICHT, _B.BESTUUR),
}


class AdoptionError(WorkflowError):
    """A refused change to the adoption record; the message is shown to the user."""


def bodies_for(organisation: Organisation) -> tuple[AdoptingBody, ...]:
    return BODIES_BY_FORM.get(organisation.legal_form or "", tuple(AdoptingBody))


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
                               "%(bodies)s.", bodies=", ".join(str(b.label) for b in bodies_for(plan.organisation))))
    _ensure_past(adopted_on, _l("de vaststelling"))
    minutes = minutes_reference.strip()
    if not minutes:
        raise AdoptionError(_l("Noem de notulen of het besluit waarin de vaststelling staat."))
    adoption = adoption_of(plan) or PlanAdoption(plan_id=plan.id)
    adoption.body, adoption.adopted_on, adoption.minutes_reference = body, adopted_on, minutes
    adoption.recorded_by_id, adoption.recorded_at = user.id, utcnow()
    db.session.add(adoption)
    record(plan, user, AuditAction.ADOPTION_RECORDED, body=str(AdoptingBody(body).label), date=adopted_on.isoformat(),
           minutes=minutes)
    _touch(plan)
    return adoption


def add_consultation(plan: Plan, user: User, *, party_kind: str, party_name: str, consulted_on: date, outcome: str,
                     note: str | None) -> PlanConsultation:
    """One afstemming with a zorgverzekeraar or gemeente: when and with what outcome."""
    _ensure_open(plan)
    if party_kind not in set(PartyKind) or outcome not in set(ConsultationOutcome):
        raise AdoptionError(_l("Kies een zorgverzekeraar of gemeente en een uitkomst."))
    if not party_name.strip():
        raise AdoptionError(_l("Vul de naam van de zorgverzekeraar of gemeente in."))
    _ensure_past(consulted_on, _l("de afstemming"))
    consultation = PlanConsultation(plan_id=plan.id, party_kind=party_kind, party_name=party_name.strip(),
                                    consulted_on=consulted_on, outcome=outcome, note=(note or "").strip() or None,
                                    recorded_by_id=user.id)
    db.session.add(consultation)
    record(plan, user, AuditAction.CONSULTATION_ADDED, party=consultation.party_name, date=consulted_on.isoformat(),
           outcome=outcome)
    _touch(plan)
    return consultation


def remove_consultation(plan: Plan, user: User, consultation: PlanConsultation) -> None:
    _ensure_open(plan)
    if consultation.plan_id != plan.id:
        raise AdoptionError(_l("Deze afstemming hoort niet bij dit plan."))
    record(plan, user, AuditAction.CONSULTATION_REMOVED, party=consultation.party_name,
           date=consultation.consulted_on.isoformat(), outcome=consultation.outcome)
    db.session.delete(consultation)
    _touch(plan)


def _touch(plan: Plan) -> None:
    """Raise the revision: the concept PDF shows the adoption and is cached per revision."""
    plan.revision += 1
    plan.updated_at = utcnow()
    db.session.flush()
