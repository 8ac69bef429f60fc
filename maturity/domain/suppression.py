"""Small-cell suppression for published counts: primary (too few enterprises) and secondary (no recovery by subtraction).

A table of counts is published together with its totals: a row total, a column total, "level 2 or higher".
Each such relation is a `Line`: `total = sum(parts)`. A count of 1 to `min_cell - 1` enterprises is hidden
(primary). A hidden count could still be worked out from the published ones: alone in a line, it is the
total minus the rest; and lines combine (level 2+ minus level 3+ gives level 2). So after the primary
cells are hidden, the published counts are treated as a linear system, and while any hidden count is
determined by it, one more cell of a line it lies in is hidden too (secondary), the smallest first.
A zero is published: it describes no enterprise.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Key = Hashable


@dataclass(frozen=True)
class Line:
    """A published relation between counts: `total` equals the sum of `parts`."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        """The total and its parts."""
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Suppression:
    """Which counts are hidden, and why: primary (too few) or secondary (would give a hidden one away)."""

    min_cell: int
    primary: frozenset[Key]
    secondary: frozenset[Key]

    def hidden(self, key: Key) -> bool:
        """Whether the count under `key` is not published."""
        return key in self.primary or key in self.secondary


def is_small(value: int, min_cell: int) -> bool:
    """A count that identifies too few enterprises to publish: 1 to min_cell - 1."""
    return 0 < value < min_cell


def suppress(
    cells: Mapping[Key, int], lines: Sequence[Line], min_cell: int, *, protected: Iterable[Key] = ()
) -> Suppression:
    """Hide the small counts, then as few more as it takes until no hidden count can be worked out.

    `protected` counts (say, the headline) are hidden as complements only when nothing else will do.
    """
    if min_cell < 1:
        raise ValueError("min_cell must be at least 1")
    lines = [line for line in lines if all(k in cells for k in line.members)]
    primary = frozenset(k for k, v in cells.items() if is_small(v, min_cell))
    secondary: set[Key] = set()
    keep_last = frozenset(protected)
    order = {k: i for i, k in enumerate(cells)}
    while True:
        hidden = primary | secondary
        exposed = determined(hidden, lines)
        if not exposed:
            return Suppression(min_cell, primary, frozenset(secondary))
        complement = _complement(exposed, hidden, lines, cells, keep_last, order)
        if complement is None:  # every cell near the exposed one is hidden already: nothing more to hide
            return Suppression(min_cell, primary, frozenset(secondary))
        secondary.add(complement)


def _complement(
    exposed: list[Key],
    hidden: frozenset[Key],
    lines: Sequence[Line],
    cells: Mapping[Key, int],
    keep_last: frozenset[Key],
    order: Mapping[Key, int],
) -> Key | None:
    """The published cell to hide next: in a line through the first exposed count, the least revealing one."""
    target = exposed[0]
    near = [k for line in lines if target in line.members for k in line.members if k not in hidden]
    if not near:  # determined only through a combination of lines: look along every line touching hidden cells
        near = [k for line in lines if hidden & set(line.members) for k in line.members if k not in hidden]
    if not near:
        return None
    # Protected cells last, a zero (hides nothing) after any real count, then the smallest count, then table order.
    return min(near, key=lambda k: (k in keep_last, cells[k] == 0, cells[k], order[k]))


def determined(hidden: Iterable[Key], lines: Sequence[Line]) -> list[Key]:
    """The hidden counts the published ones fix exactly (through any combination of lines)."""
    columns = sorted(set(hidden), key=repr)
    index = {k: i for i, k in enumerate(columns)}
    rows: list[dict[int, Fraction]] = []
    for line in lines:
        row: dict[int, Fraction] = {}
        for key, sign in ((line.total, 1), *((part, -1) for part in line.parts)):
            if key in index:
                row[index[key]] = row.get(index[key], Fraction(0)) + sign
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    # Fully reduced, a pivot row holds its pivot and free columns only; it fixes its pivot when it holds nothing else.
    return [columns[p] for p, row in _row_reduce(rows) if set(row) == {p}]


def _row_reduce(rows: list[dict[int, Fraction]]) -> list[tuple[int, dict[int, Fraction]]]:
    """Reduced row echelon form of sparse rows: (pivot column, row) pairs, each row zero in the other pivots."""
    reduced: list[tuple[int, dict[int, Fraction]]] = []
    for row in rows:
        for pivot, other in reduced:
            factor = row.get(pivot)
            if factor:
                row = _add(row, other, -factor)
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {c: v / scale for c, v in row.items()}
        reduced = [(p, _add(r, row, -r[pivot]) if r.get(pivot) else r) for p, r in reduced]
        reduced.append((pivot, row))
    return reduced


def _add(row: Mapping[int, Fraction], other: Mapping[int, Fraction], factor: Fraction) -> dict[int, Fraction]:
    """row + factor × other, dropping zeros."""
    out = dict(row)
    for column, value in other.items():
        out[column] = out.get(column, Fraction(0)) + factor * value
    return {c: v for c, v in out.items() if v}
