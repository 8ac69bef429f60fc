"""The park statistics' SQL: GROUP BY over the current score rows, the same statements on SQLite and PostgreSQL.

Each enterprise counts once, with its latest current score row (of a year, where a year is asked for);
quick checks are counted apart. The arithmetic on these counts lives in `maturity.domain.park`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.sql import Subquery
from sqlmodel import Session, col

from ..domain.enums import RevenueBand, Variant, values
from ..models import Answer, AssessmentScore, Enterprise, RosterEntry, SubdomainScore

S = AssessmentScore
E = Enterprise
SIZES = ("above", "below", *values(RevenueBand))
UNMET = ("none", "partial")  # rated not met or only partially met


@dataclass(frozen=True)
class Filters:
    """What every panel is narrowed to: industry division, size (规上/规下 or revenue band), city, year."""

    industry: str | None = None
    size: str | None = None
    city: str | None = None
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The filters as query arguments (only those set)."""
        return {k: v for k, v in vars(self).items() if v not in (None, "")}


def enterprise_conditions(park_ids: Sequence[int], filters: Filters) -> list[Any]:
    """WHERE conditions on enterprises: in the scope's parks and matching the filters."""
    conditions: list[Any] = [col(E.park_id).in_(list(park_ids))]
    if filters.industry:
        conditions.append(col(E.industry_code) == filters.industry)
    if filters.size in ("above", "below"):
        conditions.append(col(E.above_designated_size).is_(filters.size == "above"))
    elif filters.size:
        conditions.append(col(E.revenue_band) == filters.size)
    if filters.city == "-":
        conditions.append(col(E.city).is_(None))
    elif filters.city:
        conditions.append(col(E.city) == filters.city)
    return conditions


def latest(park_ids: Sequence[int], filters: Filters, *, variants: Sequence[str] = (Variant.FULL,),
           per_year: bool = False, years: Sequence[int] | None = None) -> Subquery:
    """Each enterprise's latest current score row of `variant` (of each year, with `per_year` or a year asked for).

    The flags are kept by `services.scores.refresh_latest`, so this is an index range, not a window over every row.
    """
    chosen = list(years) if years is not None else ([filters.year] if filters.year else None)
    flag = col(S.is_latest_in_year) if per_year or chosen is not None else col(S.is_latest)
    query: Any = (
        select(col(S.id).label("score_id"), col(S.assessment_id).label("assessment_id"),
               col(S.enterprise_id).label("enterprise_id"), col(S.level).label("level"),
               col(S.assessed_year).label("year"), col(S.variant).label("variant"),
               col(E.industry_code).label("industry"), col(E.above_designated_size).label("above"),
               col(E.revenue_band).label("band"), col(E.city).label("city"))
        .join(E, col(E.id) == col(S.enterprise_id))
        .where(flag.is_(True), col(S.variant).in_(list(variants)), *enterprise_conditions(park_ids, filters))
    )
    if chosen is not None:
        query = query.where(col(S.assessed_year).in_(chosen))
    return query.subquery("latest")


def _rows(session: Session, statement: Any) -> list[Any]:
    return list(session.connection().execute(statement).all())


def profile_levels(session: Session, park_ids: Sequence[int], filters: Filters) -> list[Any]:
    """(variant, industry, 规上, revenue band, city, level, enterprises) for each combination present: full
    assessments and quick checks in one pass (they are counted apart)."""
    sub = latest(park_ids, filters, variants=(Variant.FULL, Variant.QUICK))
    keys = (sub.c.variant, sub.c.industry, sub.c.above, sub.c.band, sub.c.city, sub.c.level)
    return _rows(session, select(*keys, func.count()).group_by(*keys))


def year_levels(session: Session, park_ids: Sequence[int], filters: Filters) -> list[Any]:
    """(year, level, enterprises): each enterprise's latest full result within each year, every year (the year
    filter is applied by the caller, which also needs the years present)."""
    sub = latest(park_ids, Filters(filters.industry, filters.size, filters.city), per_year=True)
    statement = select(sub.c.year, sub.c.level, func.count()).group_by(sub.c.year, sub.c.level)
    return _rows(session, statement)


def transitions(session: Session, park_ids: Sequence[int], filters: Filters, first: int, second: int
                ) -> dict[tuple[int, int], int]:
    """{(level in `first`, level in `second`): enterprises} for enterprises with a full result in both years."""
    narrowed = Filters(filters.industry, filters.size, filters.city)
    before = latest(park_ids, narrowed, per_year=True, years=[first]).alias("before")
    after = latest(park_ids, narrowed, per_year=True, years=[second]).alias("after")
    statement = (
        select(before.c.level, after.c.level, func.count())
        .select_from(before)
        .join(after, after.c.enterprise_id == before.c.enterprise_id)
        .group_by(before.c.level, after.c.level)
    )
    return {(int(a), int(b)): int(n) for a, b, n in _rows(session, statement)}


def subdomain_means(session: Session, park_ids: Sequence[int], filters: Filters, level: int,
                    towards: Sequence[int]) -> list[Any]:
    """(industry, sub-domain, sum of means, enterprises) at `level`, over the latest full results of the
    enterprises whose level is in `towards` (those working towards `level`)."""
    sub = latest(park_ids, filters)
    # The industry comes from the latest rows' own join: a second join to enterprises made PostgreSQL read all of them.
    statement = (
        select(sub.c.industry, col(SubdomainScore.subdomain), func.sum(SubdomainScore.mean), func.count())
        .select_from(sub)
        .join(SubdomainScore, and_(col(SubdomainScore.score_id) == sub.c.score_id, col(SubdomainScore.level) == level))
        .where(sub.c.level.in_(list(towards)))
        .group_by(sub.c.industry, col(SubdomainScore.subdomain))
    )
    return _rows(session, statement)


def unmet_requirements(session: Session, park_ids: Sequence[int], filters: Filters, requirement_ids: Sequence[str],
                       towards: Sequence[int]) -> list[tuple[str, int]]:
    """(requirement, enterprises that rated it not or partially met), over the latest full results of the
    enterprises whose level is in `towards`."""
    if not requirement_ids:
        return []
    sub = latest(park_ids, filters)
    # IN (subquery) rather than a join: the planner then starts from the scope's enterprises (3x faster for a park).
    assessments = select(sub.c.assessment_id).where(sub.c.level.in_(list(towards)))
    statement = (
        select(col(Answer.requirement_id), func.count())
        .where(col(Answer.assessment_id).in_(assessments), col(Answer.requirement_id).in_(list(requirement_ids)),
               col(Answer.rating).in_(UNMET))
        .group_by(col(Answer.requirement_id))
    )
    return [(str(r), int(n)) for r, n in _rows(session, statement)]


def scope_counts(session: Session, park_ids: Sequence[int], filters: Filters) -> dict[str, int]:
    """Enterprises registered (matching the filters, the year aside); the roster's size, of which 规上, and how
    many roster enterprises have a submitted full assessment. One statement."""
    conditions: list[Any] = [col(RosterEntry.park_id).in_(list(park_ids))]
    if filters.industry:
        conditions.append(col(RosterEntry.industry_code) == filters.industry)
    if filters.size in ("above", "below"):
        conditions.append(col(RosterEntry.above_designated_size).is_(filters.size == "above"))
    elif filters.size:
        conditions.append(col(RosterEntry.revenue_band) == filters.size)
    assessed = exists().where(
        col(E.credit_code) == col(RosterEntry.credit_code), col(E.park_id) == col(RosterEntry.park_id),
        exists().where(col(S.enterprise_id) == col(E.id), col(S.is_current).is_(True), col(S.variant) == Variant.FULL,
                       *([col(S.assessed_year) == filters.year] if filters.year else [])),
    )
    roster = select(
        func.count(),
        func.coalesce(func.sum(case((col(RosterEntry.above_designated_size).is_(True), 1), else_=0)), 0),
        func.coalesce(func.sum(case((assessed, 1), else_=0)), 0),
    ).where(*conditions).subquery()
    registered = select(func.count()).select_from(E).where(*enterprise_conditions(park_ids, filters))
    statement = select(registered.scalar_subquery(), *roster.c)
    enterprises, total, above, covered = _rows(session, statement)[0]
    return {"enterprises": int(enterprises), "roster": int(total), "roster_above": int(above),
            "roster_assessed": int(covered)}
