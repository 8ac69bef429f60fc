"""Which enterprises a dashboard number counts, beyond the filters, and whether that number may be shown.

A `Selection` travels in a link's query string (`?level=2&scale=above`, `?from_year=2024&from_level=1&to_level=2`,
`?unmet=data.L3.01&level=2`, …). The list behind it states how many enterprises it does not name only when the
dashboard, under the same filters, shows the number itself: a suppressed cell stays hidden however it is asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Selection:
    """The part of a count that depends on results: levels, at least a level, 规上 only, key industries, a move
    between two years, a requirement not met, the roster's assessed enterprises."""

    levels: tuple[int, ...] = ()
    min_level: int | None = None
    assessed: bool = False
    scale: str | None = None  # above | below (规上 / 规下), beside a revenue band in the filters
    key_industries: bool = False
    from_year: int | None = None
    from_level: int | None = None
    to_year: int | None = None
    to_level: int | None = None
    unmet: str | None = None
    roster: bool = False

    @property
    def moved(self) -> bool:
        """Whether the count is one of the year-over-year transitions."""
        return self.from_year is not None and self.to_year is not None

    @property
    def by_result(self) -> bool:
        """Whether membership depends on results (then only enterprises that share are named)."""
        return bool(self.levels or self.min_level is not None or self.assessed or self.moved or self.unmet
                    or self.roster)

    def as_dict(self) -> dict[str, Any]:
        """The selection as query arguments (only those set)."""
        out: dict[str, Any] = {"level": list(self.levels)} if self.levels else {}
        for name in ("scale", "min_level", "from_year", "from_level", "to_year", "to_level", "unmet"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        out.update({name: 1 for name in ("assessed", "key_industries", "roster") if getattr(self, name)})
        return out


def published_count(stats: Mapping[str, Any], s: Selection) -> tuple[bool, Any]:
    """(known, value): whether the statistics (under the same filters) hold this selection's number, and the number
    as shown there (None where suppressed)."""
    if s.moved:
        return _moved(stats["transitions"], s)
    if s.unmet:
        found = [u["enterprises"] for u in stats["unmet_requirements"] if u["requirement"] == s.unmet]
        return True, found[0] if found else None  # a requirement below the minimum is not listed at all
    if s.roster:
        return True, stats["roster_assessed"]
    return _level_count(stats, s)


def _level_count(stats: Mapping[str, Any], s: Selection) -> tuple[bool, Any]:
    goals = {(g["scope"], g["min_level"]): g for g in stats["goals"]}
    one_level = len(s.levels) == 1 and s.min_level is None
    if s.key_industries and s.scale == "above":
        goal = goals.get(("key_industries", 3), {})
        return (True, goal.get("reaching")) if s.min_level == 3 else (s.assessed, goal.get("assessed"))
    if s.scale == "above" and s.min_level in (2, 3):
        return True, goals.get(("all", 2) if s.min_level == 2 else ("key_regions", 3), {}).get("reaching")
    if s.scale and s.min_level is None and (one_level or (s.assessed and not s.levels)):
        row = next((r for r in stats["by_scale"] if r["code"] == s.scale), None)
        if row is None:
            return True, None
        return True, row["by_level"][str(s.levels[0])] if s.levels else row["assessed"]
    if s.scale or s.key_industries:
        return False, None
    if one_level:
        return True, stats["by_level"][str(s.levels[0])]
    if s.assessed and not s.levels and s.min_level is None:
        return True, stats["assessed"]
    return False, None


def _moved(moves: Mapping[str, Any], s: Selection) -> tuple[bool, Any]:
    if (moves.get("from_year"), moves.get("to_year")) != (s.from_year, s.to_year) or not moves.get("cells"):
        return True, None  # not the pair the dashboard shows: nothing is stated
    if s.from_level is not None and s.to_level is not None:
        cell = next(c for c in moves["cells"] if (c["from"], c["to"]) == (s.from_level, s.to_level))
        return True, cell["count"]
    if s.from_level is not None:
        return True, moves["from_totals"].get(str(s.from_level))
    if s.to_level is not None:
        return True, moves["to_totals"].get(str(s.to_level))
    return True, moves["enterprises"]
