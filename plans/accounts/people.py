"""Operations on accounts: log in, invitations, password resets, sessions and the team of an organisation.

Operations flush and never commit: the request that calls them commits once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.accounts import passwords
from plans.clock import utcnow
from plans.db import db
from plans.models import AccountToken, MemberRole, Membership, Organisation, TokenPurpose, User
from plans.models.accounts import new_session_token
from plans.vocabulary import LegalForm

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=2)
SIGNATURES_RANGE = range(1, 6)  # how many bestuurders a board may require to sign


class AccountError(Exception):
    """A refused account operation; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user_by_email(email)
    if not passwords.verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every session cookie that was issued to this user."""
    user.session_token = new_session_token()
    db.session.flush()


def set_password(user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    end_all_sessions(user)


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_all_sessions(user)


def create_user(email: str, name: str = "", *, password: str | None = None, is_admin: bool = False) -> User:
    email = normalise_email(email)
    if find_user_by_email(email):
        raise AccountError(_l("Er bestaat al een account met het e-mailadres %(email)s.", email=email))
    user = User(email=email, name=name.strip(), is_admin=is_admin)
    if password is not None:
        user.password_hash = passwords.hash_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def add_membership(user: User, organisation: Organisation, role: str) -> Membership:
    existing = db.session.scalar(
        sa.select(Membership).filter_by(user_id=user.id, organisation_id=organisation.id, role=role)
    )
    if existing:
        return existing
    membership = Membership(user=user, organisation=organisation, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def remove_membership(membership: Membership) -> None:
    """Take a role in a team away; the last bestuurder stays, or nobody could sign or manage the team."""
    if membership.role == MemberRole.BESTUURDER:
        others = db.session.scalar(sa.select(sa.func.count(Membership.id)).where(
            Membership.organisation_id == membership.organisation_id,
            Membership.role == MemberRole.BESTUURDER.value, Membership.id != membership.id))
        if not others:
            raise AccountError(_l("De laatste bestuurder kan niet worden verwijderd."))
    db.session.delete(membership)
    db.session.flush()


def set_required_signatures(organisation: Organisation, number: int) -> None:
    """The board decides how many bestuurders sign a plan (for plans not yet signed)."""
    if number not in SIGNATURES_RANGE:
        raise AccountError(_l("Kies een aantal van %(low)d tot en met %(high)d.",
                              low=SIGNATURES_RANGE[0], high=SIGNATURES_RANGE[-1]))
    organisation.required_signatures = number
    db.session.flush()


def set_board_settings(organisation: Organisation, *, legal_form: str, editors_give_levels: bool) -> None:
    """The legal form (which bodies adopt a plan) and whether redacteuren give their own maturity levels."""
    if legal_form not in set(LegalForm):
        raise AccountError(_l("Kies de rechtsvorm van de organisatie."))
    organisation.legal_form, organisation.editors_give_levels = legal_form, editors_give_levels
    db.session.flush()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, *, created_by: User | None = None) -> str:
    """Create a single-use link token; earlier unused tokens of the same purpose stop working."""
    now = utcnow()
    for old in db.session.scalars(
        sa.select(AccountToken).filter_by(user_id=user.id, purpose=purpose.value, used_at=None)
    ):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    lifetime = INVITATION_LIFETIME if purpose is TokenPurpose.INVITATION else RESET_LIFETIME
    db.session.add(
        AccountToken(
            user=user,
            purpose=purpose.value,
            token_hash=_hash_token(token),
            expires_at=now + lifetime,
            created_by=created_by,
        )
    )
    db.session.flush()
    return token


def find_valid_token(token: str, purpose: TokenPurpose) -> AccountToken | None:
    record = db.session.scalar(
        sa.select(AccountToken).filter_by(token_hash=_hash_token(token), purpose=purpose.value)
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    return record


def redeem_token(record: AccountToken, password: str, name: str | None = None) -> User:
    """Use an invitation or reset token: set the password and end older sessions."""
    record.used_at = utcnow()
    user = record.user
    if name:
        user.name = name.strip()
    set_password(user, password)
    return user


def invite(
    email: str, name: str, organisation: Organisation, role: str, *, invited_by: User
) -> tuple[User, str | None]:
    """Give a person a role in an organisation; new people get an invitation token.

    Returns the user and the token (None when the person already has an account).
    """
    user = find_user_by_email(email)
    token = None
    if user is None:
        user = create_user(email, name)
    if not user.has_accepted_invitation:
        token = issue_token(user, TokenPurpose.INVITATION, created_by=invited_by)
    add_membership(user, organisation, role)
    return user, token


def invite_person(email: str, name: str, *, invited_by: User, is_admin: bool = False) -> tuple[User, str]:
    """Create an account without an organisation (beoordelaar, coach, beheerder) and its invitation."""
    user = create_user(email, name, is_admin=is_admin)
    return user, issue_token(user, TokenPurpose.INVITATION, created_by=invited_by)
