"""The enterprises behind a park's figures: the list a dashboard number links to, and the ledger (台账) export.

Administrators see every enterprise of their parks by name; the level, S and date only of those that agreed
to share them. A list narrowed to one level therefore holds only enterprises that share, and says how many
others of that count did not agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from ..domain.enums import Role
from ..models import Enterprise, User
from . import park_queries as q
from .access import shared_with_park
from .park_queries import Filters
from .parks import Scope


@dataclass(frozen=True)
class Listing:
    """Rows of the list and how many enterprises of a level-filtered count are not shown (not shared)."""

    rows: list[dict[str, Any]]
    withheld: int


def _latest_by_enterprise(session: Session, scope: Scope, filters: Filters) -> dict[int, tuple[int, float, Any]]:
    """{enterprise: (level, S, submitted_at)} of each enterprise's latest current full score row."""
    from ..models import AssessmentScore as S

    sub = q.latest(scope.park_ids, filters)
    statement = (
        select(sub.c.enterprise_id, sub.c.level, col(S.score), col(S.submitted_at))
        .join(S, col(S.id) == sub.c.score_id)
    )
    return {int(e): (int(lvl), float(s), when) for e, lvl, s, when in session.connection().execute(statement)}


def listing(session: Session, user: User, scope: Scope, filters: Filters, level: int | None = None) -> Listing:
    """Enterprises of the scope matching the filters; levels only where shared (or for an admin)."""
    conditions = q.enterprise_conditions(scope.park_ids, filters)
    shared = session.connection().execute(
        select(col(Enterprise.id)).where(*conditions, shared_with_park())
    ).scalars().all()
    sees_all = user.role == Role.ADMIN
    visible = set(shared)
    latest = _latest_by_enterprise(session, scope, filters)
    companies = session.exec(
        orm_select(Enterprise).where(*conditions, col(Enterprise.deleted_at).is_(None)).order_by(col(Enterprise.name))
    ).all()
    rows, withheld = [], 0
    for company in companies:
        result = latest.get(company.id or 0)
        disclosed = sees_all or company.id in visible
        if level is not None:
            if result is None or result[0] != level:
                continue
            if not disclosed:
                withheld += 1
                continue
        rows.append(_row(company, result if disclosed else None, disclosed))
    return Listing(rows, withheld)


def _row(company: Enterprise, result: tuple[int, float, Any] | None, shared: bool) -> dict[str, Any]:
    """One ledger row: credit code, name, industry, size, latest level, S, date; empty where not shared."""
    size = "above" if company.above_designated_size else "below"
    return {
        "id": company.id, "credit_code": company.credit_code, "name": company.name,
        "industry": company.industry_code, "size": size, "band": company.revenue_band, "city": company.city,
        "shared": shared,
        "level": result[0] if result else None, "score": round(result[1], 2) if result else None,
        "date": result[2].date().isoformat() if result and result[2] else None,
    }


def ledger(session: Session, user: User | None, scope: Scope, filters: Filters) -> list[dict[str, Any]]:
    """The ledger export: only enterprises that agreed to share (the operator at the command line: all)."""
    if user is None:
        admin = User(email="operator@local", password_hash="", role=Role.ADMIN)
        return listing(session, admin, scope, filters).rows
    return [r for r in listing(session, user, scope, filters).rows if r["shared"]]
