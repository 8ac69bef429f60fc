"""API tokens: named, optionally expiring, revocable; only a hash is stored and `last_used_at` is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from ...domain.errors import NotFound, Refused
from ...models import ApiToken, User, utcnow
from .. import audit
from .lockout import aware

MAX_DAYS = 3650
NAME_LENGTH = 100


def hash_secret(token: str) -> str:
    """SHA-256 of a token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, *, user: User, name: str | None = None, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user` (expiring after `days` when given): the row and the secret, shown once."""
    name = (name or "").strip() or None
    if name is not None and len(name) > NAME_LENGTH:
        raise Refused.one(f"名称最多 {NAME_LENGTH} 个字符", f"the name may have at most {NAME_LENGTH} characters",
                          "name", accepted=f"1–{NAME_LENGTH}")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise Refused.one(f"有效天数须在 1 到 {MAX_DAYS} 之间", f"days must be between 1 and {MAX_DAYS}", "days",
                          given=days, accepted=f"1–{MAX_DAYS}")
    secret = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    row = ApiToken(user_id=user.id or 0, token_hash=hash_secret(secret), name=name, expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(session, user, "token.create", target=row, detail={"name": name, "days": days})
    return row, secret


def of_user(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones too, so the list tells what happened)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.id).desc())
    return list(session.exec(query))


def revoke(session: Session, *, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s tokens; another user's token is 'not found', never 'forbidden'."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound.one(f"没有编号为 {token_id} 的令牌", f"no token with ID {token_id}", "token", given=token_id)
    row.revoked = True
    session.add(row)
    audit.record(session, user, "token.revoke", target=row, detail={"name": row.name})
    session.flush()
    return row


def is_usable(row: ApiToken) -> bool:
    """Not revoked and not expired."""
    expires = aware(row.expires_at)
    return not row.revoked and (expires is None or expires > utcnow())


def user_for(session: Session, secret: str) -> User | None:
    """The active user a usable token belongs to, recording when it was used; else None."""
    if not secret:
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret))).first()
    if row is None or not is_usable(row):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    row.last_used_at = utcnow()
    session.add(row)
    session.flush()
    return user
