"""A park's or a region's statistics: who may ask (the scope), what the database counts, what may be shown.

`statistics()` returns the one dictionary that the API, `maturity park stats`, the dashboard, the PDF
and the workbook all read. Counts come from `park_queries` (GROUP BY); shares, gaps and suppression
from `maturity.domain.park`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from ..domain.enums import Role, Variant
from ..domain.errors import NotFound
from ..domain.model import Questionnaire
from ..domain.park import (
    DEFAULT_MIN_CELL,
    LEVELS,
    Counts,
    Group,
    Published,
    group,
    needed_to_exceed,
    publish,
    share,
    target_level,
)
from ..models import Park, Region, RegionAdmin, User
from ..questionnaires import shipped
from ..reference import key_areas, shipped_reference
from . import park_queries as q
from .access import park_for, visible_parks
from .park_queries import Filters

FULL_ID = "gbt39116-2020"


@dataclass(frozen=True)
class Scope:
    """The parks a statistic covers: one park, or every park of a region (province or city code)."""

    kind: str  # park | region
    key: str  # the park's ID or the region's code
    name: str
    park_ids: tuple[int, ...]
    region_code: str | None


def park_scope(session: Session, user: User | None, park_id: int) -> Scope:
    """One park the user may see (NotFound otherwise); `user` None is the operator at the command line."""
    park = park_for(session, user, park_id) if user is not None else session.get(Park, park_id)
    if park is None:
        raise NotFound.one(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park")
    return Scope("park", str(park.id), park.name, (park.id or 0,), park.region_code)


def region_scope(session: Session, user: User, code: str) -> Scope:
    """Every park of a region the user looks after (a regional administrator of it or of its province, or an admin)."""
    region = session.get(Region, code)
    if region is None or not may_see_region(session, user, code):
        raise NotFound.one("未找到该区域", "no such region", "region")
    parks = session.exec(visible_parks(user).where(col(Park.region_code).startswith(code))).all()
    return Scope("region", code, region.name, tuple(sorted(p.id or 0 for p in parks)), code)


def may_see_region(session: Session, user: User, code: str) -> bool:
    """Admins see every region; a regional administrator their region and the cities within it."""
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.REGION_ADMIN:
        return False
    mine = session.exec(select(RegionAdmin.region_code).where(RegionAdmin.user_id == user.id)).all()
    return any(code.startswith(own) for own in mine)


def regions_of(session: Session, user: User) -> list[Region]:
    """The regions whose figures the user may see, by code."""
    regions = session.exec(select(Region).order_by(col(Region.code))).all()
    return [r for r in regions if may_see_region(session, user, r.code)]


def count(session: Session, scope: Scope, filters: Filters) -> tuple[Counts, dict[str, Any]]:
    """Everything the database counts for the scope and filters, before suppression."""
    rows = q.profile_levels(session, scope.park_ids, filters)
    profile = [r[1:] for r in rows if r[0] == Variant.FULL]
    breakdowns: dict[str, list[Group]] = {}
    for name, pick in (("industry", lambda r: r[0]), ("scale", lambda r: "above" if r[1] else "below"),
                       ("band", lambda r: r[2] or "unknown"), ("city", lambda r: r[3] or "-")):
        buckets: dict[str, list[tuple[int, int]]] = {}
        for row in profile:
            buckets.setdefault(str(pick(row)), []).append((int(row[4]), int(row[5])))
        breakdowns[name] = [group(key, pairs) for key, pairs in sorted(buckets.items())]
    years: dict[str, list[tuple[int, int]]] = {}
    for year, level, number in q.year_levels(session, scope.park_ids, filters):
        years.setdefault(str(year), []).append((int(level), int(number)))
    present = sorted(int(y) for y in years)
    breakdowns["year"] = [group(y, pairs) for y, pairs in sorted(years.items())
                          if filters.year is None or int(y) == filters.year]
    second = filters.year if filters.year in present else (present[-1] if present else None)
    first = max((y for y in present if second is not None and y < second), default=None)
    moves = q.transitions(session, scope.park_ids, filters, first, second) if first and second else {}
    key_codes = set(key_areas()["industries"])
    key = group("key", [(int(r[4]), int(r[5])) for r in profile if r[0] in key_codes and r[1]])
    headline = group("all", [(int(r[4]), int(r[5])) for r in profile])
    quick = group("all", [(int(r[5]), int(r[6])) for r in rows if r[0] == Variant.QUICK])
    extra = {"years": present, "from_year": first, "to_year": second, "quick": quick}
    return Counts(headline, breakdowns, moves, key), extra


def statistics(session: Session, scope: Scope, filters: Filters | None = None, *,
               min_cell: int = DEFAULT_MIN_CELL) -> dict[str, Any]:
    """The statistics of a scope as the API returns them: hidden counts are null and flagged."""
    filters = filters or Filters()
    counts, extra = count(session, scope, filters)
    shown = publish(counts, min_cell, whole_scope=not filters.as_dict())
    roster = q.scope_counts(session, scope.park_ids, filters)
    assessed = shown.value(("all", "n"))
    level = target_level(counts.headline)
    stats: dict[str, Any] = {
        "scope": {"kind": scope.kind, "id": scope.key, "name": scope.name, "region": scope.region_code},
        "filters": filters.as_dict(),
        "min_cell": min_cell,
        **roster,
        "assessed": assessed,
        "coverage": share(roster["roster_assessed"], roster["roster"]),
        "by_level": shown.level_counts(("all",)),
        "suppressed_levels": shown.hidden_in(("all",), LEVELS),
        "share_l2_plus_all": share(shown.value(("all", "2+")), assessed),
        **_above(shown, roster),
        "goals": goals(shown, scope),
        "quick_checks": _quick(extra["quick"], min_cell),
        **{f"by_{name}": _breakdown(shown, name, counts.breakdowns.get(name, ()))
           for name in ("industry", "scale", "band", "city", "year")},
        "years": extra["years"],
        "transitions": _transitions(shown, extra),
        "target_level": level,
    }
    stats.update(weakest(session, scope, filters, level, shown, min_cell))
    return stats


def _above(shown: Published, roster: dict[str, int]) -> dict[str, Any]:
    """Headline shares over assessed 规上 enterprises, and the lower bound over the whole 规上 roster."""
    n, l2, l3 = (shown.value(("scale", "above", s)) for s in ("n", "2+", "3+"))
    base = max(roster["roster_above"], n or 0) if n is not None else None
    return {
        "above_assessed": n,
        "share_l2_plus": share(l2, n),
        "share_l3_plus": share(l3, n),
        "share_l2_plus_roster_lower_bound": share(l2, base) if roster["roster_above"] else None,
    }


def goals(shown: Published, scope: Scope) -> list[dict[str, Any]]:
    """Each national goal against the scope: count, reaching, share, met, and how many more would reach it."""
    areas = key_areas()
    in_key_region = any((scope.region_code or "").startswith(code) for code in areas["regions"])
    out = []
    for goal in shown_goals():
        if goal.scope == "key_industries":
            n, reaching, applies = shown.value(("key", "n")), shown.value(("key", "3+")), True
        else:
            suffix = "2+" if goal.min_level == 2 else "3+"
            n, reaching = shown.value(("scale", "above", "n")), shown.value(("scale", "above", suffix))
            applies = goal.scope == "all" or in_key_region
        value = share(reaching, n)
        out.append({
            "id": goal.id, "scope": goal.scope, "min_level": goal.min_level, "target": goal.share,
            "year": goal.year, "status": goal.status, "source": goal.source, "applies": applies,
            "assessed": n, "reaching": reaching, "share": value,
            "met": None if value is None else value > goal.share,
            "more_needed": None if n is None or reaching is None else needed_to_exceed(reaching, n, goal.share),
            "text": {"zh": goal.text.zh, "en": goal.text.en},
        })
    return out


def shown_goals() -> Sequence[Any]:
    """The goals of seeds/national_goals.yaml."""
    return shipped_reference().goals


def _breakdown(shown: Published, name: str, rows: Sequence[Group]) -> list[dict[str, Any]]:
    """Rows of a breakdown: assessed, by_level and share at level 2+, hidden cells null and listed."""
    out = []
    for row in rows:
        prefix = (name, row.key)
        hidden = shown.hidden_in(prefix)
        n = shown.value((*prefix, "n"))
        out.append({
            "code": row.key, "assessed": n, "by_level": shown.level_counts(prefix),
            "share_l2_plus": share(shown.value((*prefix, "2+")), n),
            "suppressed": bool(hidden), "suppressed_cells": hidden,
        })
    return out


def _transitions(shown: Published, extra: dict[str, Any]) -> dict[str, Any]:
    """The from × to matrix between the two latest years (or the filtered year and the one before)."""
    cells = [
        {"from": a, "to": b, "count": shown.value(("move", a, b)), "suppressed": bool(shown.why(("move", a, b))),
         "why": shown.why(("move", a, b))}
        for a in LEVELS for b in LEVELS
    ] if ("move", "n") in shown.cells else []
    return {
        "from_year": extra["from_year"], "to_year": extra["to_year"], "enterprises": shown.value(("move", "n")),
        "from_totals": {str(a): shown.value(("move", "from", a)) for a in LEVELS} if cells else {},
        "to_totals": {str(b): shown.value(("move", "to", b)) for b in LEVELS} if cells else {},
        "hidden_totals": {**{f"from.{k}": v for k, v in shown.hidden_in(("move", "from"), LEVELS).items()},
                          **{f"to.{k}": v for k, v in shown.hidden_in(("move", "to"), LEVELS).items()}},
        "cells": cells,
    }


def _quick(quick: Group, min_cell: int) -> dict[str, Any]:
    """Quick checks, apart: indicative levels, never counted in the shares."""
    shown = publish(Counts(quick, {}), min_cell)
    return {"assessed": shown.value(("all", "n")), "by_level": shown.level_counts(("all",)), "indicative": True}


def working_towards(level: int) -> list[int]:
    """The levels of the enterprises working towards `level`: the one below (level 5 also keeps its own)."""
    return [level - 1, 5] if level == 5 else [level - 1]


def weakest(session: Session, scope: Scope, filters: Filters, level: int, shown: Published, min_cell: int
            ) -> dict[str, Any]:
    """Among the enterprises working towards the target level: the sub-domains with the lowest mean there (park
    and per industry) and the requirements most often not met. Industries with fewer such enterprises than
    `min_cell`, or whose count is hidden, are hidden here too."""
    towards = working_towards(level)
    rows = q.subdomain_means(session, scope.park_ids, filters, level, towards)
    park: dict[str, list[float]] = {}
    industry: dict[str, dict[str, float]] = {}
    contributors: dict[str, int] = {}
    for code, sub, total, number in rows:
        acc = park.setdefault(sub, [0.0, 0])
        acc[0], acc[1] = acc[0] + float(total), acc[1] + int(number)
        industry.setdefault(code, {})[sub] = float(total) / int(number)
        contributors[code] = max(contributors.get(code, 0), int(number))
    enough = sum(contributors.values()) >= min_cell and shown.value(("all", "n")) is not None
    means = sorted(((s, t / n) for s, (t, n) in park.items() if n), key=lambda x: (x[1], x[0])) if enough else []
    heat_rows = [
        {"code": code, "means": subs if _shown_industry(shown, code, contributors[code], min_cell) else None,
         "suppressed": not _shown_industry(shown, code, contributors[code], min_cell)}
        for code, subs in sorted(industry.items())
    ]
    ids, subdomains = requirement_ids_at(level)
    unmet = q.unmet_requirements(session, scope.park_ids, filters, ids, towards) if enough else []
    working = sum(contributors.values())
    return {
        "weakest_subdomains": [{"subdomain": s, "mean": round(m, 4)} for s, m in means[:5]],
        "working_towards": working if enough else None,
        "working_levels": towards,
        "heatmap": {"level": level, "subdomains": list(subdomains),
                    "park": dict(means), "rows": heat_rows},
        "unmet_requirements": [
            {"requirement": rid, "level": level, "enterprises": n, "share": share(n, working)}
            for rid, n in sorted(unmet, key=lambda x: (-x[1], x[0]))[:10] if n >= min_cell
        ],
    }


@lru_cache(maxsize=8)
def requirement_ids_at(level: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The IDs of the requirements at `level` in every full questionnaire version, and the newest one's sub-domains
    (read once: the questionnaires do not change while the process runs)."""
    versions = [shipped().get(FULL_ID, version) for version in shipped().versions(FULL_ID)]
    full = [v for v in versions if isinstance(v, Questionnaire)]
    ids = sorted({r.id for version in full for r in version.requirements if r.level == level})
    return tuple(ids), tuple(s.id for s in full[-1].subdomains)


def _shown_industry(shown: Published, code: str, contributors: int, min_cell: int) -> bool:
    """An industry's means are shown when its count is and at least `min_cell` of its enterprises contribute."""
    return shown.value(("industry", code, "n")) is not None and contributors >= min_cell
