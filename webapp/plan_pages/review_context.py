"""What plan pages show about review, comments, signatures and versions for the current user."""
from __future__ import annotations

from flask_login import current_user

from plans.accounts.policy import Permission, can
from plans.documents import sealing
from plans.review import adoption, comments, versions, workflow
from plans.vocabulary import PlanStatus, ReviewDecision, ReviewState


def workflow_context(plan) -> dict:
    status = PlanStatus(plan.status)
    signatures = workflow.signatures_of(plan)
    board = can(current_user, Permission.SIGN, plan)
    return {
        "status_name": status.label,
        "can_submit": board and status in workflow.ALLOWED_FROM[workflow.Action.SUBMIT],
        "can_withdraw": board and status == PlanStatus.INGEDIEND,
        "can_sign": board and status == PlanStatus.BEOORDEELD and all(s.user_id != current_user.id for s in signatures),
        "can_review": can(current_user, Permission.REVIEW, plan) and status == PlanStatus.INGEDIEND,
        "can_start_version": can(current_user, Permission.EDIT_PLANS, plan) and status == PlanStatus.ONDERTEKEND,
        "signatures": signatures,
        "signed_document": sealing.signed_document_of(plan) if status == PlanStatus.ONDERTEKEND else None,
        "open_comments": comments.open_counts(plan),
        "lineage": versions.lineage(plan),
        "adoption": adoption.adoption_of(plan),
    }


def section_review_context(plan, section) -> dict:
    decision = workflow.current_decisions(plan).get(section.id)
    state = workflow.review_states(plan)[section.id] if plan.status != PlanStatus.CONCEPT else None
    re_review = (decision is not None and decision.decision == ReviewDecision.CHANGES
                 and state == workflow.ReviewState.TO_REVIEW)
    return {
        "changes_since_request": versions.changes_since(plan, section, decision.decided_at) if re_review else None,
        "threads": comments.threads_of(plan, section.id),
        "review_state": state,
        "decision": decision,
        "can_comment": plan.status != PlanStatus.ONDERTEKEND and (
            can(current_user, Permission.REVIEW, plan) or can(current_user, Permission.EDIT_PLANS, plan)),
        "can_review_section": can(current_user, Permission.REVIEW, plan) and plan.status == PlanStatus.INGEDIEND
        and state == ReviewState.TO_REVIEW,
    }
