"""Password reset links: signed, expiring, and single-use because they are bound to the current password hash."""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session

from ... import store
from ...domain.errors import MaturityError, Refused
from ...models import User
from .passwords import set_password

SALT = "maturity.password-reset"


def _fingerprint(user: User) -> str:
    # Changes with every new password, so a used (or older) link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User, secret_key: str) -> str:
    """A reset token for `user`, valid until its password changes or the link expires."""
    return URLSafeTimedSerializer(secret_key, salt=SALT).dumps({"u": user.id, "p": _fingerprint(user)})


def request_reset(session: Session, *, email: str, secret_key: str) -> tuple[User, str] | None:
    """The active user with this e-mail and a fresh token, or None (the caller answers the same either way)."""
    user = store.user_by_email(session=session, email=email)
    if user is None or not user.is_active:
        return None
    return user, make_token(user, secret_key)


def _invalid() -> MaturityError:
    return Refused.one("重置链接无效、已过期或已使用，请重新申请",
                       "the reset link is invalid, expired or already used; ask for a new one", "token")


def user_for_token(session: Session, token: str, *, secret_key: str, max_age: int) -> User:
    """The user a reset token is for, if it is genuine, unexpired and unused; else refused."""
    try:
        data = URLSafeTimedSerializer(secret_key, salt=SALT).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature) as exc:
        raise _invalid() from exc
    user = session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is None or not user.is_active or data.get("p") != _fingerprint(user):
        raise _invalid()
    return user


def reset_password(session: Session, token: str, new: str, *, secret_key: str, max_age: int) -> User:
    """Set a new password through a reset link (which this uses up); the account's lock is cleared too."""
    user = user_for_token(session, token, secret_key=secret_key, max_age=max_age)
    set_password(session, user, new)
    return user
