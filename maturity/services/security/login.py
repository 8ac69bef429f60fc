"""The password step of a log-in: same answer and time for an unknown e-mail and a wrong password,
failures counted per account, a locked account refused even with the right password."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session
from werkzeug.security import check_password_hash

from ... import store
from ...domain.enums import Role
from ...models import User
from .lockout import Policy, locked_until, record_failure, record_success
from .passwords import hash_password

# Roles that must use a second factor (issue 11 §2); configurable per install, see SECOND_FACTOR_ROLES.
STAFF_ROLES = (Role.ADMIN.value, Role.PARK_ADMIN.value, Role.REGION_ADMIN.value, Role.CONSULTANT.value)


@dataclass(frozen=True)
class Attempt:
    """What a password check found: the user when it succeeded, the end of a lock when the account is locked."""

    user: User | None = None
    locked_until: datetime | None = None
    unknown: bool = False  # no account has this e-mail (the caller counts and locks it alike, see throttle)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash checked when the e-mail is unknown, so both mistakes take the same time."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(session: Session, *, email: str, password: str, policy: Policy | None = None) -> Attempt:
    """Check e-mail and password, counting a failure against the account and honouring its lock."""
    policy = policy or Policy()
    user = store.user_by_email(session=session, email=email)
    if user is None:
        check_password_hash(_decoy_hash(), password)
        return Attempt(unknown=True)
    good = check_password_hash(user.password_hash, password)
    lock = locked_until(user)
    if lock is not None:
        return Attempt(locked_until=lock)
    if not good or not user.is_active:
        if user.is_active:
            record_failure(session, user, policy)
        return Attempt(locked_until=locked_until(user))
    record_success(session, user)
    return Attempt(user=user)


def count_failure(session: Session, user: User, policy: Policy | None = None) -> datetime | None:
    """Count a wrong second-factor code like a wrong password; returns the lock's end if it now locks."""
    record_failure(session, user, policy or Policy())
    return locked_until(user)
