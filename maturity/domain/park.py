"""A park's (or region's) figures as pure arithmetic: shares, gaps to the goals in enterprises, and the
tables of counts with their totals, ready for small-cell suppression.

The database counts (GROUP BY); everything here works on those counts, so the dashboard, the API, the
CLI, the PDF and the workbook all read the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .suppression import Line, Suppression, suppress

LEVELS = (0, 1, 2, 3, 4, 5)
DEFAULT_MIN_CELL = 5


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole, or None where either is unknown (suppressed) or the whole is empty."""
    if part is None or not whole:
        return None
    return part / whole


def needed_to_exceed(reaching: int, count: int, target: float) -> int:
    """How many more of `count` enterprises must reach the level for the share to be *over* `target`.

    The goals say "over 50 %": with 30 enterprises that is 16, not 15. Exact arithmetic (0.29 × 100 is
    not 28.99…). Capped at the enterprises not yet there: beyond that no number of moves is enough.
    """
    if count <= 0:
        return 0
    smallest = math.floor(Fraction(str(target)) * count) + 1
    return max(0, min(smallest, count) - reaching)


@dataclass(frozen=True)
class Group:
    """Counts of enterprises by level (0–5) in one row of a breakdown."""

    key: str
    by_level: Mapping[int, int]

    @property
    def count(self) -> int:
        """Enterprises in the row."""
        return sum(self.by_level.values())

    def at_least(self, level: int) -> int:
        """Enterprises at `level` or higher."""
        return sum(v for lvl, v in self.by_level.items() if lvl >= level)


def group(key: str, pairs: Iterable[tuple[int, int]]) -> Group:
    """A Group from (level, count) pairs, every level 0–5 present."""
    counts = dict.fromkeys(LEVELS, 0)
    for level, number in pairs:
        counts[int(level)] += int(number)
    return Group(key, counts)


# Breakdowns whose rows together make up the headline population (so their column totals are the headline).
PARTITIONS = ("industry", "scale", "band", "city")


@dataclass(frozen=True)
class Counts:
    """What the database counted for one scope and filter, before anything is hidden."""

    headline: Group  # every assessed enterprise (full assessment), latest result
    breakdowns: Mapping[str, Sequence[Group]]  # industry, scale (above/below), band, city, year
    transitions: Mapping[tuple[int, int], int] = field(default_factory=dict)
    key_industries: Group | None = None  # 规上 enterprises of the key industries
    extra: Mapping[str, int] = field(default_factory=dict)


def table(counts: Counts) -> tuple[dict[tuple, int], list[Line]]:
    """Every published count under a key, and the lines (totals) that relate them."""
    cells: dict[tuple, int] = {}
    lines: list[Line] = []
    _rows(("all",), [counts.headline], cells, lines, with_three=True)
    for name, rows in counts.breakdowns.items():
        _rows((name,), rows, cells, lines)
        if name in PARTITIONS:
            for suffix in (*LEVELS, "n", "2+"):
                lines.append(Line(("all", suffix), tuple((name, r.key, suffix) for r in rows)))
    above = next((r for r in counts.breakdowns.get("scale", ()) if r.key == "above"), None)
    if above is not None:
        cells[("scale", "above", "3+")] = above.at_least(3)
        lines.append(Line(("scale", "above", "3+"), tuple(("scale", "above", lvl) for lvl in (3, 4, 5))))
    if counts.key_industries is not None:
        cells[("key", "n")] = counts.key_industries.count
        cells[("key", "3+")] = counts.key_industries.at_least(3)
    _transitions(counts.transitions, cells, lines)
    return cells, lines


def _rows(prefix: tuple, rows: Sequence[Group], cells: dict[tuple, int], lines: list[Line], *,
          with_three: bool = False) -> None:
    """Cells of each row (levels, n, 2+ and optionally 3+) and the lines tying them to the row's total."""
    for row in rows:
        key = (*prefix, row.key) if prefix != ("all",) else prefix
        for level in LEVELS:
            cells[(*key, level)] = row.by_level.get(level, 0)
        cells[(*key, "n")] = row.count
        cells[(*key, "2+")] = row.at_least(2)
        lines.append(Line((*key, "n"), tuple((*key, lvl) for lvl in LEVELS)))
        lines.append(Line((*key, "2+"), tuple((*key, lvl) for lvl in LEVELS if lvl >= 2)))
        if with_three:
            cells[(*key, "3+")] = row.at_least(3)
            lines.append(Line((*key, "3+"), tuple((*key, lvl) for lvl in LEVELS if lvl >= 3)))


def _transitions(moves: Mapping[tuple[int, int], int], cells: dict[tuple, int], lines: list[Line]) -> None:
    """The from-level × to-level matrix with its row, column and grand totals."""
    if not moves:
        return
    for a in LEVELS:
        for b in LEVELS:
            cells[("move", a, b)] = moves.get((a, b), 0)
    for a in LEVELS:
        cells[("move", "from", a)] = sum(moves.get((a, b), 0) for b in LEVELS)
        lines.append(Line(("move", "from", a), tuple(("move", a, b) for b in LEVELS)))
    for b in LEVELS:
        cells[("move", "to", b)] = sum(moves.get((a, b), 0) for a in LEVELS)
        lines.append(Line(("move", "to", b), tuple(("move", a, b) for a in LEVELS)))
    cells[("move", "n")] = sum(moves.values())
    lines.append(Line(("move", "n"), tuple(("move", "from", a) for a in LEVELS)))
    lines.append(Line(("move", "n"), tuple(("move", "to", b) for b in LEVELS)))


@dataclass(frozen=True)
class Published:
    """The counts as they may be shown: a value, or None with the reason it is hidden."""

    cells: Mapping[tuple, int]
    suppression: Suppression

    def value(self, key: tuple) -> int | None:
        """The count, or None where it is hidden (or was never counted)."""
        if key not in self.cells or self.suppression.hidden(key):
            return None
        return self.cells[key]

    def why(self, key: tuple) -> str | None:
        """"small" (fewer than min_cell), "complement" (would give a small one away) or None (shown)."""
        if key in self.suppression.primary:
            return "small"
        return "complement" if key in self.suppression.secondary else None

    def level_counts(self, prefix: tuple) -> dict[str, int | None]:
        """{"0".."5": count or None} of one row."""
        return {str(level): self.value((*prefix, level)) for level in LEVELS}

    def hidden_in(self, prefix: tuple, suffixes: Iterable[object] = (*LEVELS, "n", "2+")) -> dict[str, str]:
        """Which cells of a row are hidden and why, by their suffix: {"3": "small", "n": "complement"}."""
        return {str(s): why for s in suffixes if (why := self.why((*prefix, s)))}


GOAL_CELLS = (("scale", "above", "n"), ("scale", "above", "2+"), ("scale", "above", "3+"), ("key", "n"), ("key", "3+"))


def publish(counts: Counts, min_cell: int = DEFAULT_MIN_CELL, *, whole_scope: bool = True) -> Published:
    """Count, relate and suppress. The headline and the goals' counts are hidden as complements last.

    With `whole_scope` (no filter narrows the park or region) the headline distribution describes the whole
    scope, not a breakdown cell: it is published as it is. Under a filter it is a breakdown like the others.
    """
    table_cells, lines = table(counts)
    cells: dict[Hashable, int] = dict(table_cells)
    headline = [k for k in table_cells if k[0] == "all"]
    protected = [*headline, *GOAL_CELLS]
    return Published(table_cells, suppress(cells, lines, min_cell, protected=protected,
                                     exempt=headline if whole_scope else ()))


def target_level(headline: Group) -> int:
    """The level most enterprises are working towards: the most common next level (1 when nobody is assessed)."""
    nexts: dict[int, int] = {}
    for level, number in headline.by_level.items():
        nxt = min(level + 1, 5)
        nexts[nxt] = nexts.get(nxt, 0) + number
    if not any(nexts.values()):
        return 1
    return max(sorted(nexts), key=lambda lvl: nexts[lvl])
