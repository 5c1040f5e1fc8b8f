"""SQLAlchemy 2 typed models of the domain."""
from plans.models.accounts import AccountToken, TokenPurpose, User
from plans.models.adoption import PlanAdoption, PlanConsultation
from plans.models.consensus import MaturitySettlement, MaturityView
from plans.models.jobs import Job, JobKind, JobStatus
from plans.models.organisations import (
    Assignment,
    AssignmentRole,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationLogo,
    Region,
)
from plans.models.outbox import MailStatus, OutboxMessage
from plans.models.plans import (  # PlanStatus: plans.vocabulary
    Answer,
    AnswerRevision,
    PageDraft,
    Plan,
    PlanStatus,
    RetiredAnswer,
)
from plans.models.regionfigures import RegionFigure, RegionFigureImport
from plans.models.review import AuditEvent, Comment, CommentThread, SectionDecision, Signature, SignedDocument

__all__ = [
    "MaturitySettlement",
    "MaturityView",
    "PlanAdoption",
    "PlanConsultation",
    "RegionFigure",
    "RegionFigureImport",
    "AuditEvent",
    "Comment",
    "CommentThread",
    "SectionDecision",
    "Signature",
    "SignedDocument",
    "AccountToken",
    "Answer",
    "AnswerRevision",
    "PageDraft",
    "Plan",
    "PlanStatus",
    "RetiredAnswer",
    "Assignment",
    "AssignmentRole",
    "Membership",
    "MemberRole",
    "Organisation",
    "OrganisationKind",
    "Job",
    "JobKind",
    "JobStatus",
    "MailStatus",
    "OrganisationLogo",
    "OutboxMessage",
    "Region",
    "TokenPurpose",
    "User",
]

# Every writer of plans, organisations and regions renews the overview's tokens: registered with the models, so
# that no process (web app, worker, command) writes without it.
from plans.models import region_tokens as _region_tokens  # noqa: E402,F401
