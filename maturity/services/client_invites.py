"""A consultant invites a client's staff to take over the enterprise's account with a one-time link.

Minimal and self-contained: the link is a secret shown once (only its hash is stored), used once, and expires.
Accepting it creates the enterprise's own user account and hands over the consultant's entries: from then on
drafts the consultant entered on the client's behalf may be continued by the client's staff too.
(Enterprise teams and their invitations, built separately, can take this over: `accept` is the only place that
creates the account.)
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select, update

from ..domain.enums import Role
from ..domain.errors import Forbidden, NotFound
from ..models import Assessment, Enterprise, User, utcnow
from ..models_consult import ClientInvite, ProxyEntry
from .access import enterprise_for
from .accounts import create_user, hash_secret

INVITE_DAYS = 14


def _aware(value: datetime) -> datetime:
    """SQLite gives timestamps back without a zone; they are stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def invite(
    session: Session, *, consultant: User, enterprise_id: int, days: int = INVITE_DAYS
) -> tuple[ClientInvite, str]:
    """A new one-time link for one of the consultant's clients; returns the invitation and its secret token."""
    if consultant.role != Role.CONSULTANT:
        raise Forbidden.one("只有顾问可以邀请客户接管账号", "only consultants invite clients to take over", "role")
    company = enterprise_for(session, consultant, enterprise_id, edit=True)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = ClientInvite(enterprise_id=company.id or 0, created_by=consultant.id or 0, token_hash=hash_secret(token),
                       created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    return row, token


def pending(session: Session, enterprise_id: int) -> list[ClientInvite]:
    """Links of the enterprise not yet used and not expired, newest first."""
    rows = session.exec(select(ClientInvite).where(ClientInvite.enterprise_id == enterprise_id,
                                                   col(ClientInvite.used_at).is_(None))
                        .order_by(col(ClientInvite.created_at).desc())).all()
    now = utcnow()
    return [r for r in rows if _aware(r.expires_at) > now]


def open_invite(session: Session, token: str) -> tuple[ClientInvite, Enterprise]:
    """The usable invitation a token names and its enterprise; one answer for unknown, used and expired alike."""
    row = session.exec(select(ClientInvite).where(ClientInvite.token_hash == hash_secret(token or ""))).first()
    if row is None or row.used_at is not None or _aware(row.expires_at) <= utcnow():
        raise NotFound.one("邀请链接无效、已使用或已过期；请向您的顾问索取新的链接",
                           "this invitation link is invalid, used or expired; ask your consultant for a new one",
                           "token", code="invitation_invalid")
    company = session.get(Enterprise, row.enterprise_id)
    assert company is not None  # a foreign key
    return row, company


def accept(session: Session, *, token: str, email: str, password: str, name: str | None) -> User:
    """The client's staff take over: an enterprise account is created, the link used, the entries handed over."""
    row, company = open_invite(session, token)
    user = create_user(session, email=email, password=password, role=Role.ENTERPRISE, name=name,
                       enterprise_id=company.id)
    used = session.execute(update(ClientInvite).where(col(ClientInvite.id) == row.id, col(ClientInvite.used_at)
                                                      .is_(None)).values(used_at=utcnow(), used_by=user.id))
    if used.rowcount != 1:  # type: ignore[attr-defined]  # the same link used at the same moment: one wins
        raise NotFound.one("邀请链接已被使用", "this invitation link has been used", "token", code="invitation_invalid")
    from .team import join

    join(session, user=user, enterprise_id=company.id or 0, role="owner", added_by=row.created_by)
    hand_over(session, enterprise_id=company.id or 0)
    return user


def hand_over(session: Session, *, enterprise_id: int) -> int:
    """Mark the entries made on the enterprise's behalf as handed over; returns how many."""
    ids = select(Assessment.id).where(Assessment.enterprise_id == enterprise_id)
    result = session.execute(update(ProxyEntry).where(col(ProxyEntry.assessment_id).in_(ids),
                                                      col(ProxyEntry.handed_over_at).is_(None))
                             .values(handed_over_at=utcnow()))
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]
