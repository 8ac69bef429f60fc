"""The enterprises behind a park's figures: the list a dashboard number links to, and the ledger (台账) export.

Administrators see every enterprise of their parks by name; the level, S and date only of those that agreed
to share them. A list narrowed by results (a level, a move, a requirement not met, …) therefore holds only
enterprises that share, and says how many others of that count did not agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from ..domain.enums import Role
from ..models import Answer, Enterprise, RosterEntry, User
from ..reference import key_areas
from . import park_queries as q
from .access import shared_with_park
from .park_queries import Filters
from .park_selection import Selection
from .parks import Scope


@dataclass(frozen=True)
class Listing:
    """Rows of the list and how many enterprises of a result-narrowed count are not shown (not shared)."""

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


def _levels_in(session: Session, scope: Scope, filters: Filters, year: int) -> dict[int, int]:
    """{enterprise: level of its latest full result within `year`}, the year filter aside (as the transitions)."""
    sub = q.latest(scope.park_ids, Filters(filters.industry, filters.size, filters.city), per_year=True,
                   years=[year])
    return {int(e): int(lvl) for e, lvl in session.connection().execute(select(sub.c.enterprise_id, sub.c.level))}


def _unmet_by(session: Session, scope: Scope, filters: Filters, requirement: str) -> set[int]:
    """Enterprises whose latest full result rates `requirement` not or partially met."""
    sub = q.latest(scope.park_ids, filters)
    statement = (select(sub.c.enterprise_id).join(Answer, col(Answer.assessment_id) == sub.c.assessment_id)
                 .where(col(Answer.requirement_id) == requirement, col(Answer.rating).in_(q.UNMET)))
    return {int(e) for e in session.connection().execute(statement).scalars()}


def _on_roster(session: Session, scope: Scope) -> set[str]:
    rows = session.connection().execute(
        select(col(RosterEntry.credit_code)).where(col(RosterEntry.park_id).in_(list(scope.park_ids))))
    return {str(code) for code in rows.scalars()}


def _conditions(scope: Scope, filters: Filters, selection: Selection) -> list[Any]:
    conditions = q.enterprise_conditions(scope.park_ids, filters)
    if selection.scale:
        conditions.append(col(Enterprise.above_designated_size).is_(selection.scale == "above"))
    if selection.key_industries:
        conditions.append(col(Enterprise.industry_code).in_(list(key_areas()["industries"])))
    return conditions


def _counted(session: Session, scope: Scope, filters: Filters, selection: Selection,
             latest: dict[int, tuple[int, float, Any]]) -> set[int] | None:
    """The enterprises the selection's number counts (None: every enterprise of the filters)."""
    if not selection.by_result:
        return None
    if selection.moved:
        before = _levels_in(session, scope, filters, selection.from_year or 0)
        after = _levels_in(session, scope, filters, selection.to_year or 0)
        return {e for e in before.keys() & after.keys()
                if selection.from_level in (None, before[e]) and selection.to_level in (None, after[e])}
    counted = {e for e, (level, _s, _d) in latest.items()
               if (not selection.levels or level in selection.levels)
               and (selection.min_level is None or level >= selection.min_level)}
    if selection.unmet:
        counted &= _unmet_by(session, scope, filters, selection.unmet)
    return counted


def listing(session: Session, user: User, scope: Scope, filters: Filters,
            selection: Selection | None = None) -> Listing:
    """Enterprises of the scope matching the filters and the selection; levels only where shared (or for an admin)."""
    selection = selection or Selection()
    conditions = _conditions(scope, filters, selection)
    shared = set(session.connection().execute(
        select(col(Enterprise.id)).where(*conditions, shared_with_park())).scalars())
    sees_all = user.role == Role.ADMIN
    latest = _latest_by_enterprise(session, scope, filters)
    counted = _counted(session, scope, filters, selection, latest)
    roster = _on_roster(session, scope) if selection.roster else None
    companies = session.exec(orm_select(Enterprise).where(*conditions).order_by(col(Enterprise.name))).all()
    rows, withheld = [], 0
    for company in companies:
        disclosed = sees_all or company.id in shared
        if counted is not None:
            if company.id not in counted or (roster is not None and company.credit_code not in roster):
                continue
            if not disclosed:
                withheld += 1
                continue
        rows.append(_row(company, latest.get(company.id or 0) if disclosed else None, disclosed))
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

