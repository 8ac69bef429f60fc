"""Exact linear algebra for small-cell suppression: which hidden counts the published totals fix.

Counts are related by lines `total = sum(parts)`, a system with coefficients ±1. It is reduced modulo a large
prime: for such small integer systems the ranks agree with the rationals, and integers are far faster than
fractions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol

Key = Hashable


class LineLike(Protocol):
    """A published relation between counts (suppression.Line): `total` equals the sum of `parts`."""

    @property
    def total(self) -> Key: ...  # noqa: D102

    @property
    def parts(self) -> tuple[Key, ...]: ...  # noqa: D102


PRIME = (1 << 61) - 1  # exact for these ±1 systems: ranks over the rationals and modulo this prime agree


def determined(hidden: Iterable[Key], lines: Sequence[LineLike]) -> list[Key]:
    """The hidden counts the published ones fix exactly (through any combination of lines)."""
    columns = sorted(set(hidden), key=repr)
    index = {k: i for i, k in enumerate(columns)}
    rows: list[dict[int, int]] = []
    for line in lines:
        row: dict[int, int] = {}
        for key, sign in ((line.total, 1), *((part, -1) for part in line.parts)):
            if key in index:
                row[index[key]] = (row.get(index[key], 0) + sign) % PRIME
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    # Fully reduced, a pivot row holds its pivot and free columns only; it fixes its pivot when it holds nothing else.
    return [columns[p] for p, row in _row_reduce(rows) if set(row) == {p}]


def _row_reduce(rows: list[dict[int, int]]) -> list[tuple[int, dict[int, int]]]:
    """Reduced row echelon form of sparse rows modulo PRIME: (pivot, row) pairs, each zero in the other pivots."""
    reduced: list[tuple[int, dict[int, int]]] = []
    for row in rows:
        for pivot, other in reduced:
            factor = row.get(pivot)
            if factor:
                row = _add(row, other, PRIME - factor)
        if not row:
            continue
        pivot = min(row)
        inverse = 1 if row[pivot] == 1 else pow(row[pivot], -1, PRIME)  # extended Euclid: ~20x Fermat's power
        row = {c: v * inverse % PRIME for c, v in row.items()}
        reduced = [(p, _add(r, row, PRIME - r[pivot]) if r.get(pivot) else r) for p, r in reduced]
        reduced.append((pivot, row))
    return reduced


def _add(row: Mapping[int, int], other: Mapping[int, int], factor: int) -> dict[int, int]:
    """row + factor × other modulo PRIME, dropping zeros."""
    out = dict(row)
    for column, value in other.items():
        out[column] = (out.get(column, 0) + factor * value) % PRIME
    return {c: v for c, v in out.items() if v}


def coefficients(line: LineLike, index: Mapping[Key, int]) -> dict[int, int]:
    """A line's coefficients over the hidden columns (modulo PRIME)."""
    row: dict[int, int] = {}
    for key, sign in ((line.total, 1), *((part, -1) for part in line.parts)):
        if key in index:
            row[index[key]] = (row.get(index[key], 0) + sign) % PRIME
    return {c: v for c, v in row.items() if v}


def _reduce_tracking(rows: list[dict[int, int]]) -> tuple[list[tuple[int, dict[int, int], dict[int, int]]],
                                                         list[dict[int, int]]]:
    """Like `_row_reduce`, also keeping which combination of the input rows each row is; rows reduced to
    nothing give the left null space."""
    reduced: list[tuple[int, dict[int, int], dict[int, int]]] = []
    nulls: list[dict[int, int]] = []
    for number, start in enumerate(rows):
        row, combo = dict(start), {number: 1}
        for pivot, other, other_combo in reduced:
            factor = row.get(pivot)
            if factor:
                row, combo = _add(row, other, PRIME - factor), _add(combo, other_combo, PRIME - factor)
        if not row:
            nulls.append(combo)
            continue
        pivot = min(row)
        inverse = 1 if row[pivot] == 1 else pow(row[pivot], -1, PRIME)  # extended Euclid: ~20x Fermat's power
        row = {c: v * inverse % PRIME for c, v in row.items()}
        combo = {c: v * inverse % PRIME for c, v in combo.items()}
        reduced = [(p, _add(r, row, PRIME - r[pivot]), _add(k, combo, PRIME - r[pivot])) if r.get(pivot) else (p, r, k)
                   for p, r, k in reduced]
        reduced.append((pivot, row, combo))
    return reduced, nulls


class Reduction:
    """One reduction of the lines over the hidden counts, remembering how each row was combined.

    A hidden count is fixed when some combination y of the lines isolates it. Hiding one more cell c adds
    its column a_c: the count stays fixed unless every such y gives y·a_c ≠ 0, that is unless a_c is
    orthogonal to the lines' left null space N and y0·a_c ≠ 0 for one particular combination y0.
    """

    def __init__(self, hidden: Iterable[Key], lines: Sequence[LineLike]):
        columns = sorted(set(hidden), key=repr)
        index = {k: i for i, k in enumerate(columns)}
        pivots, self.nulls = _reduce_tracking([coefficients(line, index) for line in lines])
        self.isolating = {columns[p]: combo for p, row, combo in pivots if set(row) == {p}}
        self.fixed = list(self.isolating)
        self.incidence: dict[Key, dict[int, int]] = {}
        for number, line in enumerate(lines):
            for key, sign in ((line.total, 1), *((part, -1) for part in line.parts)):
                column = self.incidence.setdefault(key, {})
                column[number] = (column.get(number, 0) + sign) % PRIME

    def breaker_test(self, target: Key) -> Any:
        """A test telling whether hiding one more cell would leave the fixed `target` unknown."""
        y0 = self.isolating[target]

        def dot(combo: Mapping[int, int], column: Mapping[int, int]) -> int:
            # A cell lies in a few lines; a combination may span many: walk the cell's lines.
            return sum(v * combo.get(i, 0) for i, v in column.items()) % PRIME

        def breaks(cell: Key) -> bool:
            column = self.incidence.get(cell, {})
            return dot(y0, column) != 0 and all(dot(n, column) == 0 for n in self.nulls)

        return breaks
