"""What an administrator does to accounts: role, deactivation, unlock, second factor; every change audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete, or_, select

from ..domain.enums import Role, check_choice, values
from ..domain.errors import Refused
from ..models import ParkAdmin, RegionAdmin, User
from . import accounts, audit
from .security import lockout, second_factor

PAGE = 50
# Failed-log-in and second-factor state, where the throttling and TOTP changes keep it on the user row.
LOCK_FIELDS = {"failed_logins": 0, "locked_until": None}
SECOND_FACTOR_FIELDS = {"totp_secret": None, "totp_enabled": False, "recovery_codes": None}


def search_users(session: Session, text: str = "", role: str = "", page: int = 1) -> tuple[list[User], bool]:
    """Users whose e-mail or name contains `text` (of `role`), by e-mail; a page of PAGE and whether more follow."""
    query = select(User)
    if text.strip():
        like = f"%{text.strip().lower()}%"
        query = query.where(or_(col(User.email).like(like), col(User.name).like(like)))
    if role in values(Role):
        query = query.where(User.role == role)
    rows = list(session.exec(query.order_by(col(User.email)).offset((max(page, 1) - 1) * PAGE).limit(PAGE + 1)))
    return rows[:PAGE], len(rows) > PAGE


def _not_self(actor: User, user: User) -> None:
    """An administrator cannot lock themselves out (the last way back in would be the database)."""
    if actor.id == user.id:
        raise Refused.one("不能在此更改或停用自己的账号", "you cannot change or deactivate your own account", "user")


def change_role(session: Session, *, actor: User, user: User, role: str, park_id: int | None = None,
                region_code: str | None = None) -> User:
    """Give `user` another role (with its park or region); the old charges go, their sessions end."""
    _not_self(actor, user)
    check_choice(Role, role, field="role", zh="角色", en="role")
    if role == Role.ENTERPRISE and user.enterprise_id is None:
        raise Refused.one("企业用户需要关联企业", "an enterprise user needs an enterprise", "role")
    old = {"role": user.role, "parks": _parks(session, user), "regions": _regions(session, user)}
    session.exec(delete(ParkAdmin).where(col(ParkAdmin.user_id) == user.id))  # type: ignore[call-overload]
    session.exec(delete(RegionAdmin).where(col(RegionAdmin.user_id) == user.id))  # type: ignore[call-overload]
    accounts._check_park_link(session, role, park_id)
    accounts._check_region_link(session, role, region_code)
    user.role = role
    if role != Role.ENTERPRISE:
        user.enterprise_id = None
    session.add(user)
    if park_id is not None:
        session.add(ParkAdmin(user_id=user.id or 0, park_id=park_id))
    if region_code is not None:
        session.add(RegionAdmin(user_id=user.id or 0, region_code=region_code))
    session.flush()
    accounts.end_sessions(session, user)
    new = {"role": role, "parks": _parks(session, user), "regions": _regions(session, user)}
    audit.record(session, actor, "user.role", target=user, detail={"old": old, "new": new})
    return user


def _parks(session: Session, user: User) -> list[int]:
    return list(session.exec(select(ParkAdmin.park_id).where(ParkAdmin.user_id == user.id)))


def _regions(session: Session, user: User) -> list[str]:
    return list(session.exec(select(RegionAdmin.region_code).where(RegionAdmin.user_id == user.id)))


def set_active(session: Session, *, actor: User, user: User, active: bool) -> User:
    """Deactivate (ending every session and token) or reactivate an account."""
    _not_self(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    session.add(user)
    if not active:
        accounts.end_sessions(session, user)
    action = "user.reactivate" if active else "user.deactivate"
    audit.record(session, actor, action, target=user, detail={"old": not active, "new": active})
    return user


def _clear(session: Session, user: User, fields: dict[str, Any]) -> dict[str, Any]:
    """Reset whichever of `fields` the user row has; what was there before (secrets left out)."""
    before = {}
    for name, value in fields.items():
        if hasattr(user, name):
            before[name] = "set" if getattr(user, name) not in (None, 0, False, "") else "unset"
            setattr(user, name, value)
    session.add(user)
    session.flush()
    return before


def unlock(session: Session, *, actor: User, user: User) -> None:
    """Clear a locked-out account's failed log-ins (on the row; the throttle's own store, where there is one,
    is the throttling change's to clear: its unlock should be called here once it lands)."""
    before = _clear(session, user, LOCK_FIELDS)
    lockout.unlock_user(session, user)
    audit.record(session, actor, "user.unlock", target=user, detail={"old": before})


def reset_second_factor(session: Session, *, actor: User, user: User) -> None:
    """Remove a user's second factor and recovery codes, so they enrol again at their next log-in."""
    before = _clear(session, user, SECOND_FACTOR_FIELDS)
    second_factor.reset_user(session, user)
    accounts.end_sessions(session, user)
    audit.record(session, actor, "user.reset_2fa", target=user, detail={"old": before})


def create(session: Session, *, actor: User, **fields: Any) -> User:
    """Create an account as the CLI does, and record who did."""
    user = accounts.create_user(session, **fields)
    audit.record(session, actor, "user.create", target=user, detail={"email": user.email, "role": user.role})
    return user
