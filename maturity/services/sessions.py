"""Log-in sessions on the server: a row per browser log-in (listed and ended one by one on the account page),
and the user's session generation, which ends every session at once (log-out, password change, deactivation).

The browser's cookie carries a random secret; the row keeps only its SHA-256 hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from ..domain.enums import SessionEnd
from ..domain.errors import NotFound
from ..models import User, utcnow
from ..models_security import UserSession
from . import audit
from .security.lockout import aware

TOUCH = timedelta(minutes=5)  # last_seen_at is renewed at most this often: not a write on every request


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(session: Session, *, user: User, user_agent: str | None, address: str | None) -> tuple[UserSession, str]:
    """Open a session row for `user`: the row and the secret for the browser's cookie (kept only as a hash)."""
    secret = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id or 0, token_hash=_hash(secret),
                      user_agent=(user_agent or "")[:255] or None, address=(address or "")[:64] or None)
    session.add(row)
    session.flush()
    return row, secret


def find(session: Session, secret: object) -> UserSession | None:
    """The open (not ended) session whose cookie carries `secret`, else None."""
    if not isinstance(secret, str) or not secret or len(secret) > 100:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _hash(secret))).first()
    return row if row is not None and row.ended_at is None else None


def touch(session: Session, row: UserSession, now: datetime | None = None) -> None:
    """Note that the session was used, unless that was noted less than TOUCH ago."""
    now = now or utcnow()
    seen = aware(row.last_seen_at)
    if seen is None or now - seen >= TOUCH:
        row.last_seen_at = now
        session.add(row)
        session.flush()


def end(session: Session, row: UserSession, reason: SessionEnd) -> None:
    """End one session: its cookie is refused from its next request on."""
    if row.ended_at is None:
        row.ended_at, row.ended_reason = utcnow(), reason.value
        session.add(row)
        session.flush()


def active(session: Session, user: User, *, lifetime: timedelta, idle: timedelta) -> list[UserSession]:
    """The user's sessions that may still be in use: not ended, within the absolute cap and not idle, newest first.

    `last_seen_at` lags a request by up to TOUCH, so a session counts as idle only TOUCH after `idle`.
    """
    now = utcnow()
    query = select(UserSession).where(
        UserSession.user_id == user.id, col(UserSession.ended_at).is_(None),
        col(UserSession.created_at) >= now - lifetime, col(UserSession.last_seen_at) >= now - idle - TOUCH,
    ).order_by(col(UserSession.last_seen_at).desc(), col(UserSession.id).desc())
    return list(session.exec(query))


def end_one(session: Session, *, user: User, session_id: int) -> UserSession:
    """End one of `user`'s open sessions (audited); another user's, or one already ended, is 'not found'."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise NotFound.one(f"没有编号为 {session_id} 的有效登录会话", f"no open log-in session with ID {session_id}",
                           "session", given=session_id)
    end(session, row, SessionEnd.ENDED)
    audit.record(session, user, "session.end", target=row, detail={"user_agent": row.user_agent,
                                                                    "address": row.address})
    return row


def end_others(session: Session, *, user: User, keep: UserSession) -> int:
    """End every open session of `user` but `keep` (audited); how many were ended."""
    query = select(UserSession).where(UserSession.user_id == user.id, col(UserSession.ended_at).is_(None),
                                      UserSession.id != keep.id)
    rows = list(session.exec(query))
    for row in rows:
        end(session, row, SessionEnd.OTHERS)
    ended = [row.id for row in rows]
    audit.record(session, user, "session.end_others", target=user, detail={"sessions": ended, "kept": keep.id})
    return len(ended)


def end_sessions(session: Session, user: User, reason: SessionEnd = SessionEnd.ALL) -> None:
    """End every log-in session of `user` (each browser must log in again); API tokens are not touched."""
    session.execute(update(UserSession).where(col(UserSession.user_id) == user.id,
                                              col(UserSession.ended_at).is_(None))
                    .values(ended_at=utcnow(), ended_reason=reason.value))
    session.flush()


def deactivate(session: Session, user: User) -> None:
    """Stop `user` from logging in and end the sessions already open."""
    user.is_active = False
    end_sessions(session, user)


def purge(session: Session, *, days: int, now: datetime | None = None) -> int:
    """Delete sessions ended, or last seen, more than `days` ago (a session idle that long is long over)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = session.execute(delete(UserSession).where(or_(
        col(UserSession.ended_at) < cutoff, col(UserSession.last_seen_at) < cutoff)))
    return int(getattr(result, "rowcount", 0) or 0)


def _register() -> None:
    """A password change (or reset) ends every session of the user (the changing browser logs in afresh)."""
    from .security.passwords import password_changed_hooks

    if end_sessions not in password_changed_hooks:
        password_changed_hooks.append(end_sessions)


_register()
