"""SQLAlchemy 2 typed models of the domain."""
from plans.models.accounts import AccountToken, TokenPurpose, User
from plans.models.organisations import (
    Assignment,
    AssignmentRole,
    Membership,
    MemberRole,
    Organisation,
    OrganisationKind,
    Region,
)
from plans.models.outbox import OutboxMessage

__all__ = [
    "AccountToken",
    "Assignment",
    "AssignmentRole",
    "Membership",
    "MemberRole",
    "Organisation",
    "OrganisationKind",
    "OutboxMessage",
    "Region",
    "TokenPurpose",
    "User",
]
