"""An enterprise's team: members and their roles, invitations by e-mail or one-time link, requests to join."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select, update

from .. import store
from ..domain.enums import MemberRole, Role, check_choice, values
from ..domain.errors import NotFound, Refused
from ..models import Enterprise, User, utcnow
from ..models_team import JoinRequest, Membership, TeamInvite
from . import audit
from .access import enterprise_for, member_role
from .accounts import create_user, hash_secret

INVITE_DAYS = 14


@dataclass(frozen=True)
class Member:
    """A person in the team, with their role."""

    user: User
    role: str


def _aware(value: datetime) -> datetime:
    """SQLite gives timestamps back without a zone; they are stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _check_role(role: str) -> None:
    check_choice(MemberRole, role, field="role", zh="角色", en="role")


def members(session: Session, enterprise_id: int) -> list[Member]:
    """Everyone in the enterprise's team (owners first), including accounts made before teams existed."""
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(Membership.enterprise_id == enterprise_id)
    ).all()
    found = {user.id: Member(user, m.role) for m, user in rows}
    legacy = session.exec(select(User).where(User.enterprise_id == enterprise_id, User.role == Role.ENTERPRISE)).all()
    for user in legacy:
        found.setdefault(user.id, Member(user, MemberRole.OWNER.value))
    order = list(values(MemberRole))
    return sorted(found.values(), key=lambda m: (order.index(m.role), m.user.email))


def join(session: Session, *, user: User, enterprise_id: int, role: str, added_by: int | None) -> Membership:
    """Put `user` in the team with `role` (their first enterprise becomes their home one)."""
    _check_role(role)
    row = session.get(Membership, (enterprise_id, user.id)) or Membership(
        enterprise_id=enterprise_id, user_id=user.id or 0, role=role, added_by=added_by
    )
    row.role = role
    session.add(row)
    if user.enterprise_id is None:
        user.enterprise_id = enterprise_id
        session.add(user)
    session.flush()
    return row


def set_role(session: Session, *, owner: User, enterprise_id: int, user_id: int, role: str) -> None:
    """The owner changes a member's role; the last owner cannot step down."""
    enterprise_for(session, owner, enterprise_id, manage=True)
    person = _member(session, enterprise_id, user_id)
    if role != MemberRole.OWNER:
        _keep_an_owner(session, enterprise_id, user_id)
    join(session, user=person, enterprise_id=enterprise_id, role=role, added_by=owner.id)
    audit.record(session, owner, "member.role", target=person, detail={"enterprise_id": enterprise_id, "role": role})


def remove(session: Session, *, owner: User, enterprise_id: int, user_id: int) -> None:
    """The owner removes a member (their answers stay, attributed); the last owner cannot be removed."""
    enterprise_for(session, owner, enterprise_id, manage=True)
    person = _member(session, enterprise_id, user_id)
    _keep_an_owner(session, enterprise_id, user_id)
    row = session.get(Membership, (enterprise_id, user_id))
    if row is not None:
        session.delete(row)
    if person.enterprise_id == enterprise_id:
        other = session.exec(
            select(Membership.enterprise_id).where(
                Membership.user_id == user_id, Membership.enterprise_id != enterprise_id
            )
        ).first()
        person.enterprise_id = other
        session.add(person)
    audit.record(session, owner, "member.remove", target=person, detail={"enterprise_id": enterprise_id})
    session.flush()


def _member(session: Session, enterprise_id: int, user_id: int) -> User:
    person = session.get(User, user_id)
    if person is None or member_role(session, person, enterprise_id) is None:
        raise NotFound.one("该用户不是本企业的成员", "this person is not in the enterprise's team", "user_id")
    return person


def _keep_an_owner(session: Session, enterprise_id: int, leaving: int) -> None:
    owners = [m for m in members(session, enterprise_id) if m.role == MemberRole.OWNER and m.user.id != leaving]
    if not owners:
        raise Refused.one(
            "企业至少要有一位负责人；请先指定另一位负责人",
            "the enterprise needs an owner: make someone else owner first",
            "role",
            code="last_owner",
        )


def invite(
    session: Session, *, owner: User, enterprise_id: int, role: str, email: str | None = None, days: int = INVITE_DAYS
) -> tuple[TeamInvite, str]:
    """A one-time link inviting someone into the team with `role`; returns the invitation and its secret."""
    company = enterprise_for(session, owner, enterprise_id, manage=True)
    _check_role(role)
    now = utcnow()
    token = secrets.token_urlsafe(32)
    row = TeamInvite(
        enterprise_id=company.id or 0,
        email=(email or "").strip().lower() or None,
        role=role,
        token_hash=hash_secret(token),
        created_by=owner.id or 0,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    audit.record(session, owner, "member.invite", target=row,
                 detail={"enterprise_id": row.enterprise_id, "role": role, "email": row.email})
    return row, token


def pending_invites(session: Session, enterprise_id: int) -> list[TeamInvite]:
    """Invitations not yet used and not expired, newest first."""
    rows = session.exec(
        select(TeamInvite)
        .where(TeamInvite.enterprise_id == enterprise_id, col(TeamInvite.used_at).is_(None))
        .order_by(col(TeamInvite.created_at).desc())
    ).all()
    return [r for r in rows if _aware(r.expires_at) > utcnow()]


def revoke_invite(session: Session, *, owner: User, invite_id: int) -> None:
    """The owner withdraws an unused invitation (it expires at once)."""
    row = session.get(TeamInvite, invite_id)
    if row is None:
        raise NotFound.one("未找到该邀请", "no such invitation", "invite_id")
    enterprise_for(session, owner, row.enterprise_id, manage=True)
    row.expires_at = utcnow()
    session.add(row)
    audit.record(session, owner, "member.invite.revoke", target=row, detail={"enterprise_id": row.enterprise_id})
    session.flush()


def open_invite(session: Session, token: str) -> tuple[TeamInvite, Enterprise]:
    """The usable invitation a token names; one answer for unknown, used and expired alike."""
    row = session.exec(select(TeamInvite).where(TeamInvite.token_hash == hash_secret(token or ""))).first()
    if row is None or row.used_at is not None or _aware(row.expires_at) <= utcnow():
        raise NotFound.one(
            "邀请链接无效、已使用或已过期；请向企业负责人索取新的链接",
            "this invitation link is invalid, used or expired; ask the enterprise's owner for a new one",
            "token",
            code="invitation_invalid",
        )
    company = session.get(Enterprise, row.enterprise_id)
    assert company is not None  # a foreign key
    return row, company


def accept(
    session: Session,
    *,
    token: str,
    user: User | None = None,
    email: str = "",
    password: str = "",
    name: str | None = None,
) -> User:
    """Use an invitation: as the logged-in `user`, or with a new enterprise account; the link is then spent."""
    row, company = open_invite(session, token)
    if user is None:
        user = create_user(
            session, email=email, password=password, role=Role.ENTERPRISE, name=name, enterprise_id=company.id
        )
    elif user.role != Role.ENTERPRISE:
        raise Refused.one("只有企业用户可以加入企业团队", "only enterprise accounts join an enterprise's team", "role")
    used = session.execute(
        update(TeamInvite)
        .where(col(TeamInvite.id) == row.id, col(TeamInvite.used_at).is_(None))
        .values(used_at=utcnow(), used_by=user.id)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]  # the same link used at the same moment: one wins
        raise NotFound.one("邀请链接已被使用", "this invitation link has been used", "token", code="invitation_invalid")
    join(session, user=user, enterprise_id=company.id or 0, role=row.role, added_by=row.created_by)
    audit.record(session, user, "member.accept", target=row, detail={"enterprise_id": company.id, "role": row.role})
    return user


def request_to_join(session: Session, *, user: User, credit_code: str) -> JoinRequest:
    """Ask to join the enterprise registered under `credit_code` (one open request per person and enterprise)."""
    company = store.enterprise_by_credit_code(session=session, credit_code=credit_code)
    if company is None:
        raise NotFound.one("未找到该企业", "no such enterprise", "credit_code")
    row = session.exec(
        select(JoinRequest).where(JoinRequest.enterprise_id == company.id, JoinRequest.user_id == user.id)
    ).first()
    row = row or JoinRequest(enterprise_id=company.id or 0, user_id=user.id or 0)
    row.created_at, row.decided_at, row.decided_by, row.approved = utcnow(), None, None, None
    session.add(row)
    session.flush()
    audit.record(session, user, "join.request", target=row, detail={"enterprise_id": company.id})
    return row


def open_requests(session: Session, enterprise_id: int) -> list[tuple[JoinRequest, User]]:
    """Requests to join still waiting for a decision, oldest first."""
    rows = session.exec(
        select(JoinRequest, User)
        .join(User, col(User.id) == col(JoinRequest.user_id))
        .where(JoinRequest.enterprise_id == enterprise_id, col(JoinRequest.decided_at).is_(None))
        .order_by(col(JoinRequest.created_at))
    ).all()
    return [(r, u) for r, u in rows]


def decide(session: Session, *, owner: User, request_id: int, approve: bool, role: str = "respondent") -> JoinRequest:
    """The owner (or an administrator) approves a request with a role, or declines it."""
    row = session.get(JoinRequest, request_id)
    if row is None or row.decided_at is not None:
        raise NotFound.one("未找到待处理的加入申请", "no such open request to join", "request_id")
    enterprise_for(session, owner, row.enterprise_id, manage=True)
    row.decided_at, row.decided_by, row.approved = utcnow(), owner.id, approve
    session.add(row)
    if approve:
        person = session.get(User, row.user_id)
        assert person is not None  # a foreign key
        join(session, user=person, enterprise_id=row.enterprise_id, role=role, added_by=owner.id)
    audit.record(session, owner, "join.approve" if approve else "join.decline", target=row,
                 detail={"enterprise_id": row.enterprise_id, "user_id": row.user_id, "role": role if approve else None})
    session.flush()
    return row


def my_requests(session: Session, user: User) -> list[tuple[JoinRequest, Enterprise]]:
    """The person's own requests to join, newest first."""
    rows = session.exec(
        select(JoinRequest, Enterprise)
        .join(Enterprise, col(Enterprise.id) == col(JoinRequest.enterprise_id))
        .where(JoinRequest.user_id == user.id)
        .order_by(col(JoinRequest.created_at).desc())
    ).all()
    return [(r, e) for r, e in rows]
