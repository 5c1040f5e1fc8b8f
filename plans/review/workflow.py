"""The life of a plan: concept -> ingediend -> (per section akkoord / wijzigingen) -> beoordeeld -> ondertekend.

One state machine; every illegal step is refused with a Dutch message. Operations flush, never commit.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.accounts import passwords
from plans.clock import utcnow
from plans.db import db
from plans.models import AuditEvent, Plan, PlanAdoption, SectionDecision, Signature, User
from plans.vocabulary import AuditAction, PlanStatus, ReviewDecision, ReviewState, SectionDone, SectionStatus
from plans.writing.answers import sections_with_drafts, values_of
from plans.writing.sections import content_for, section_status

S = PlanStatus


class WorkflowError(Exception):
    """A refused step; the message is shown to the user."""


class PlanLocked(WorkflowError):
    """A change to a plan (or section) that may not change in its current state."""


class Action(enum.StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    DECIDE = "decide"
    SIGN = "sign"


# From which states each action may start; where it leads is decided by the operation.
ALLOWED_FROM: dict[Action, frozenset[PlanStatus]] = {
    Action.SUBMIT: frozenset({S.CONCEPT, S.WIJZIGINGEN}),
    Action.WITHDRAW: frozenset({S.INGEDIEND}),
    Action.DECIDE: frozenset({S.INGEDIEND}),
    Action.SIGN: frozenset({S.BEOORDEELD}),
}

REFUSALS = {
    Action.SUBMIT: _l("Dit plan kan nu niet worden ingediend: het is %(status)s."),
    Action.WITHDRAW: _l("Alleen een ingediend plan kan worden ingetrokken; dit plan is %(status)s."),
    Action.DECIDE: _l("Alleen een ingediend plan kan worden beoordeeld; dit plan is %(status)s."),
    Action.SIGN: _l("Alleen een plan dat de kring heeft goedgekeurd kan worden ondertekend; dit plan is %(status)s."),
}

def lock_plan(plan_id: int) -> Plan:
    """The plan with its row locked until the transaction ends, freshly read.

    Every transition starts here, so two at once run one after the other and the second sees what the
    first did: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite every transaction already holds the write
    lock (BEGIN IMMEDIATE, plans/db.py), and the clause is left out.
    """
    return db.session.scalar(sa.select(Plan).where(Plan.id == plan_id).with_for_update()
                             .execution_options(populate_existing=True))


def check_allowed(plan: Plan, action: Action) -> None:
    if PlanStatus(plan.status) not in ALLOWED_FROM[action]:
        raise WorkflowError(REFUSALS[action] % {"status": PlanStatus(plan.status).label})


def record(plan: Plan, actor: User | None, action: AuditAction, **detail) -> None:
    """One line of the plan's audit trail; only a known action (one with a label) can be recorded."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit action must be an AuditAction, not {action!r}")
    db.session.add(AuditEvent(plan_id=plan.id, actor_id=actor.id if actor else None, action=action, detail=detail))


# Review state ------------------------------------------------------------------------------------

def current_decisions(plan: Plan) -> dict[str, SectionDecision]:
    """The latest decision per section that still counts for this plan."""
    rows = db.session.scalars(
        sa.select(SectionDecision)
        .where(SectionDecision.plan_id == plan.id, SectionDecision.round >= plan.decisions_since)
        .order_by(SectionDecision.id)
    )
    return {d.section_id: d for d in rows}


def review_states(plan: Plan) -> dict[str, ReviewState]:
    decisions = current_decisions(plan)
    states = {}
    for section in content_for(plan).sections:
        decision = decisions.get(section.id)
        if decision is None:
            states[section.id] = ReviewState.TO_REVIEW
        elif decision.decision == ReviewDecision.APPROVED:
            states[section.id] = ReviewState.APPROVED
        elif decision.round == plan.review_round or plan.status == S.WIJZIGINGEN:
            states[section.id] = ReviewState.CHANGES
        else:
            states[section.id] = ReviewState.TO_REVIEW  # changed after a request: to be reviewed again
    return states


def revised_sections(plan: Plan, states: dict[str, ReviewState]) -> set[str]:
    """Sections sent back for changes that the editors have marked klaar again since the request."""
    if plan.status != S.WIJZIGINGEN:
        return set()
    decisions = current_decisions(plan)
    sent_back = {sid for sid, state in states.items() if state == ReviewState.CHANGES}
    rows = db.session.execute(
        sa.select(AuditEvent.detail, AuditEvent.at)
        .where(AuditEvent.plan_id == plan.id, AuditEvent.action == AuditAction.SECTION_COMPLETED)
    )
    values = values_of(plan)
    revised = set()
    for detail, at in rows:
        sid = (detail or {}).get("section")
        if sid in sent_back and at >= decisions[sid].decided_at and values.get(f"{sid}.klaar") == SectionDone.DONE:
            revised.add(sid)
    return revised


def editable_sections(plan: Plan, states: dict[str, ReviewState] | None = None) -> set[str]:
    """Sections whose answers may change now: all in a concept, only those sent back after review.

    `states` are the plan's review states when the caller already has them (saves a query).
    """
    if plan.status == S.CONCEPT:
        return {s.id for s in content_for(plan).sections}
    if plan.status == S.WIJZIGINGEN:
        states = review_states(plan) if states is None else states
        return {sid for sid, state in states.items() if state == ReviewState.CHANGES}
    return set()


def ensure_editable(plan: Plan, section_id: str) -> None:
    """Refuse any change to a section that is under review, approved, or signed: enforced here, not in the UI."""
    if plan.status == S.ONDERTEKEND:
        raise PlanLocked(_l("Dit plan is ondertekend en kan niet meer worden gewijzigd. Start een nieuwe versie."))
    if section_id not in editable_sections(plan):
        raise PlanLocked(_l("Dit onderdeel kan nu niet worden gewijzigd: het plan is %(status)s.",
                            status=PlanStatus(plan.status).label))


# Transitions -------------------------------------------------------------------------------------

def submit(plan: Plan, user: User) -> None:
    """The board submits a plan whose nine sections are klaar."""
    lock_plan(plan.id)
    check_allowed(plan, Action.SUBMIT)
    values = values_of(plan)
    drafts = sections_with_drafts(plan)
    unfinished = [s for s in content_for(plan).sections
                  if section_status(s, values, s.id in drafts) != SectionStatus.COMPLETE]
    if unfinished:
        raise WorkflowError(_l("Eerst moeten alle onderdelen klaar zijn. Nog niet klaar: %(sections)s.",
                               sections=", ".join(s.title for s in unfinished)))
    resubmission = plan.status == S.WIJZIGINGEN
    plan.review_round += 1
    if not resubmission:
        plan.decisions_since = plan.review_round
    plan.status = S.INGEDIEND
    record(plan, user, AuditAction.RESUBMITTED if resubmission else AuditAction.SUBMITTED, round=plan.review_round)
    db.session.flush()


def withdraw(plan: Plan, user: User) -> None:
    lock_plan(plan.id)
    check_allowed(plan, Action.WITHDRAW)
    plan.status = S.CONCEPT
    plan.decisions_since = plan.review_round + 1  # a later submission is reviewed afresh
    record(plan, user, AuditAction.WITHDRAWN, round=plan.review_round)
    db.session.flush()


def decide(plan: Plan, section_id: str, decision: str, reason: str | None, reviewer: User) -> None:
    """A beoordelaar approves a section or asks for changes (with a reason)."""
    lock_plan(plan.id)
    check_allowed(plan, Action.DECIDE)
    if decision not in set(ReviewDecision):
        raise WorkflowError(_l("Kies akkoord of wijzigingen gevraagd."))
    if decision == ReviewDecision.CHANGES and not (reason or "").strip():
        raise WorkflowError(_l("Geef een reden: wat moet er veranderen?"))
    if review_states(plan).get(section_id) != ReviewState.TO_REVIEW:
        raise WorkflowError(_l("Over dit onderdeel is in deze ronde al besloten."))
    db.session.add(SectionDecision(plan_id=plan.id, section_id=section_id, round=plan.review_round,
                                   decision=decision, reason=(reason or "").strip() or None, reviewer_id=reviewer.id))
    record(plan, reviewer,
           AuditAction.APPROVED_SECTION if decision == ReviewDecision.APPROVED else AuditAction.CHANGES_REQUESTED,
           section=section_id, reason=(reason or "").strip() or None)
    db.session.flush()
    states = review_states(plan).values()
    if ReviewState.TO_REVIEW in states:
        return
    plan.status = S.WIJZIGINGEN if ReviewState.CHANGES in states else S.BEOORDEELD
    record(plan, reviewer, AuditAction.REVIEW_COMPLETED, outcome=plan.status)
    db.session.flush()


@dataclass(frozen=True)
class SignOutcome:
    signature: Signature
    final: bool  # the last required signature: the plan is now ondertekend


STATEMENT = ("Namens het bestuur van {org} stel ik het regioplan ‘{title}’ (versie {version}) vast, "
             "zoals beoordeeld door de kring.")


def statement_for(plan: Plan) -> str:
    return STATEMENT.format(org=plan.organisation.name, title=plan.title, version=plan.version_number)


def signatures_of(plan: Plan) -> list[Signature]:
    return list(db.session.scalars(sa.select(Signature).where(Signature.plan_id == plan.id).order_by(Signature.id)))


def sign(plan: Plan, user: User, *, password: str, name: str, function: str, confirmed: bool) -> SignOutcome:
    """One bestuurder signs; when the organisation's required number is reached, the plan is frozen."""
    check_allowed(plan, Action.SIGN)
    if db.session.scalar(sa.select(PlanAdoption.id).where(PlanAdoption.plan_id == plan.id)) is None:
        raise WorkflowError(_l("Leg eerst vast hoe het plan formeel is vastgesteld (orgaan, datum en notulen) onder "
                               "‘Vaststelling en afstemming’. Daarna kan het bestuur ondertekenen."))
    if not passwords.verify_password(user.password_hash, password):
        raise WorkflowError(_l("Het wachtwoord klopt niet."))
    if not confirmed:
        raise WorkflowError(_l("Bevestig de verklaring om te ondertekenen."))
    if not name.strip() or not function.strip():
        raise WorkflowError(_l("Vul uw naam en functie in."))
    # Counting the signatures under the lock: two bestuurders signing at once both count correctly,
    # so the last one always completes the plan (and a signer after completion is refused).
    lock_plan(plan.id)
    check_allowed(plan, Action.SIGN)
    if any(s.user_id == user.id for s in signatures_of(plan)):
        raise WorkflowError(_l("U heeft dit plan al ondertekend."))
    signature = Signature(plan_id=plan.id, user_id=user.id, name=name.strip(), function=function.strip(),
                          statement=statement_for(plan))
    db.session.add(signature)
    record(plan, user, AuditAction.SIGNED, name=signature.name, function=signature.function)
    db.session.flush()
    final = len(signatures_of(plan)) >= plan.organisation.required_signatures
    if final:
        plan.status = S.ONDERTEKEND
        plan.signed_at = utcnow()
        record(plan, user, AuditAction.PLAN_SIGNED, signatures=len(signatures_of(plan)))
        db.session.flush()
    return SignOutcome(signature, final)
