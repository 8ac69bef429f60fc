"""Accounts: users, log-in, API tokens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from .. import store
from ..domain.enums import Role, check_choice
from ..domain.errors import Refused
from ..models import ApiToken, Enterprise, Park, ParkAdmin, Region, RegionAdmin, User
from .organisations import new_enterprise
from .security import tokens
from .security.login import check_password
from .security.passwords import check_policy, hash_password
from .security.tokens import hash_secret  # noqa: F401  (drafts and invites hash their tokens with it)


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    enterprise_id: int | None = None,
    park_id: int | None = None,
    region_code: str | None = None,
) -> User:
    """Add a user with a hashed password; enterprise users need an enterprise, park admins a park,
    regional administrators a region.

    Every check runs before anything is added, and nothing is committed here.
    """
    _check_park_link(session, role, park_id)
    _check_region_link(session, role, region_code)
    user = _new_user(session, email=email, password=password, role=role, name=name, enterprise_id=enterprise_id)
    session.flush()
    if park_id is not None:
        session.add(ParkAdmin(user_id=user.id or 0, park_id=park_id))
    if region_code is not None:
        session.add(RegionAdmin(user_id=user.id or 0, region_code=region_code))
    session.flush()
    return user


def _check_region_link(session: Session, role: str, region_code: str | None) -> None:
    if role == Role.REGION_ADMIN and region_code is None:
        raise Refused.one("区域管理员需要关联区域", "a regional administrator needs a region", "region")
    if region_code is None:
        return
    if role != Role.REGION_ADMIN:
        raise Refused.one("只有区域管理员可以关联区域", "only regional administrators are linked to a region", "region")
    if session.get(Region, region_code) is None:
        raise Refused.one(
            f"区域 {region_code} 不存在（先用 maturity regions create 创建）",
            f"region {region_code} does not exist (create it with maturity regions create)",
            "region",
            given=region_code,
        )


def _check_park_link(session: Session, role: str, park_id: int | None) -> None:
    if park_id is None:
        return
    if role != Role.PARK_ADMIN:
        raise Refused.one("只有园区管理员可以关联园区", "only park administrators are linked to a park", "park")
    if session.get(Park, park_id) is None:
        raise Refused.one(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park")


def _check_new_user(
    session: Session, *, email: str, password: str, role: str, enterprise_id: int | None, joining: bool = False
) -> None:
    """Refuse an invalid role, a short password, a taken e-mail or a missing enterprise (unless `joining` one)."""
    check_choice(Role, role, field="role", zh="角色", en="role")
    check_policy(password, email=email)
    if store.user_by_email(session=session, email=email):
        raise Refused.one("该邮箱已注册", "this e-mail address is already registered", "email")
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        raise Refused.one(f"企业 {enterprise_id} 不存在", f"enterprise {enterprise_id} does not exist", "enterprise")
    if role == Role.ENTERPRISE and enterprise_id is None and not joining:
        raise Refused.one("企业用户需要关联企业", "an enterprise user needs an enterprise", "enterprise")


def _new_user(
    session: Session, *, email: str, password: str, role: str, name: str | None, enterprise_id: int | None,
    joining: bool = False,
) -> User:
    """Validate and add a user."""
    email = email.strip().lower()
    _check_new_user(session, email=email, password=password, role=role, enterprise_id=enterprise_id, joining=joining)
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        name=name,
        enterprise_id=enterprise_id if role == Role.ENTERPRISE else None,
    )
    session.add(user)
    return user


def register(session: Session, *, email: str, password: str, name: str | None, enterprise: Mapping[str, Any]) -> User:
    """Self-registration of a factory manager: the enterprise profile and its first user, its owner, together."""
    from ..models_team import Membership

    company = new_enterprise(session, enterprise)
    session.flush()
    user = _new_user(session, email=email, password=password, role=Role.ENTERPRISE, name=name, enterprise_id=company.id)
    session.flush()
    session.add(Membership(enterprise_id=company.id or 0, user_id=user.id or 0, role="owner"))
    session.flush()
    return user


def register_to_join(session: Session, *, email: str, password: str, name: str | None, credit_code: str) -> None:
    """Ask to join the enterprise registered under `credit_code`, with a new account or an existing one.

    The answer never tells whether the e-mail was known: a new address gets an account without an enterprise,
    a known one whose password matches gets the request, a known one whose password does not match gets nothing.
    """
    from .team import request_to_join

    user = store.user_by_email(session=session, email=email.strip().lower())
    if user is None:
        user = _new_user(session, email=email, password=password, role=Role.ENTERPRISE, name=name,
                         enterprise_id=None, joining=True)
        session.flush()
    else:  # counted like a log-in, so this is no way round the lock-out
        user = check_password(session, email=email, password=password).user
        if user is None or user.role != Role.ENTERPRISE:
            return
    request_to_join(session, user=user, credit_code=credit_code)


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active, unlocked user with this e-mail and password, else None (same answer and time for either mistake)."""
    return check_password(session, email=email, password=password).user


def create_token(session: Session, *, user: User, name: str | None = None, days: int | None = None) -> str:
    """A new API token for `user`; shown once, stored as a hash."""
    return tokens.create(session, user=user, name=name, days=days)[1]


def user_for_token(session: Session, token: str) -> User | None:
    """The user a usable (unrevoked, unexpired) API token belongs to, or None; records its use."""
    return tokens.user_for(session, token)


def end_sessions(session: Session, user: User) -> None:
    """End every log-in of `user` (deactivation, role change): their browser sessions and their API tokens."""
    from .sessions import end_sessions as end_browser_sessions

    end_browser_sessions(session, user)
    for token in session.exec(select(ApiToken).where(ApiToken.user_id == user.id, col(ApiToken.revoked).is_(False))):
        token.revoked = True
        session.add(token)
    session.flush()
