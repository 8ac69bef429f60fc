"""Per-account lock-out after repeated failures, and the administrator's unlock.

The counter lives on the user row, so every worker sees it and it survives restarts; the lock is
temporary, so an attacker can at worst delay one account's log-in, never lock everyone out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from ... import store
from ...domain.errors import NotFound
from ...models import User, utcnow


@dataclass(frozen=True)
class Policy:
    """How many failures in a row lock an account, and for how long."""

    failures: int = 10
    minutes: int = 15


def aware(moment: datetime | None) -> datetime | None:
    """A stored time as timezone-aware UTC (SQLite returns naive datetimes)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=utcnow().tzinfo)


def locked_until(user: User, now: datetime | None = None) -> datetime | None:
    """When the user's lock ends, or None if the account is not locked now."""
    until = aware(user.locked_until)
    return until if until is not None and until > (now or utcnow()) else None


def record_failure(session: Session, user: User, policy: Policy) -> None:
    """Count a wrong password or code; the Nth in a row locks the account for `policy.minutes`."""
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= policy.failures:
        user.locked_until = utcnow() + timedelta(minutes=policy.minutes)
        user.failed_logins = 0
    session.add(user)
    session.flush()


def record_success(session: Session, user: User) -> None:
    """A good log-in clears the count of failures."""
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        session.flush()


def user_by_email(session: Session, email: str) -> User:
    """The user with this e-mail, or NotFound naming it."""
    user = store.user_by_email(session=session, email=email)
    if user is None:
        raise NotFound.one(f"没有邮箱为 {email} 的用户", f"no user with e-mail {email}", "email", given=email)
    return user


def unlock_user(session: Session, user: User) -> User:
    """An administrator's unlock (also for the admin pages): clear the lock and the count of failures."""
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    session.flush()
    return user


def unlock(session: Session, *, email: str) -> User:
    """An administrator's unlock of the user with this e-mail (`maturity users unlock EMAIL`)."""
    return unlock_user(session, user_by_email(session, email))
