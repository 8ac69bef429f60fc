"""Small-cell suppression of published counts: primary (too few enterprises), secondary (no recovery by subtraction).

A table of counts is published together with its totals: a row total, a column total, "level 2 or higher".
Each such relation is a `Line`: `total = sum(parts)`. A count of 1 to `min_cell - 1` enterprises is hidden
(primary). A hidden count could still be worked out from the published ones: alone in a line, it is the
total minus the rest; and lines combine (level 2+ minus level 3+ gives level 2). So after the primary
cells are hidden, the published counts are treated as a linear system, and while any hidden count is
determined by it, one more cell of a line it lies in is hidden too (secondary), the smallest first.
A zero is published: it describes no enterprise.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .linear import Reduction

Key = Hashable


@dataclass(frozen=True)
class Line:
    """A published relation between counts: `total` equals the sum of `parts`."""

    total: Key
    parts: tuple[Key, ...]
    members: tuple[Key, ...] = field(init=False, repr=False, compare=False)  # the total and its parts

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", (self.total, *self.parts))


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
    cells: Mapping[Key, int], lines: Sequence[Line], min_cell: int, *, protected: Iterable[Key] = (),
    exempt: Iterable[Key] = (),
) -> Suppression:
    """Hide the small counts, then as few more as it takes until no hidden count can be worked out.

    `protected` counts (say, the headline) are hidden as complements only when nothing else will do;
    `exempt` counts are never small (the whole scope's own distribution is not a breakdown) and never hidden.
    """
    if min_cell < 1:
        raise ValueError("min_cell must be at least 1")
    lines = [line for line in lines if all(k in cells for k in line.members)]
    free = frozenset(exempt)
    primary = frozenset(k for k, v in cells.items() if is_small(v, min_cell) and k not in free)
    secondary: set[Key] = set()
    keep_last = frozenset(protected)
    order = {k: i for i, k in enumerate(cells)}
    for part in components(lines, free):
        secondary |= _settle(part, primary, free, cells, keep_last, order)
    return Suppression(min_cell, primary, frozenset(secondary))


def components(lines: Sequence[Line], known: frozenset[Key]) -> list[list[Line]]:
    """Lines grouped by the unknown counts they share: each group can be settled on its own (smaller systems)."""
    parent: dict[Key, Key] = {}

    def root(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for line in lines:
        members = [m for m in line.members if m not in known]
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[Key, list[Line]] = {}
    for line in lines:
        members = [m for m in line.members if m not in known]
        if members:
            groups.setdefault(root(members[0]), []).append(line)
    return list(groups.values())


def _settle(lines: Sequence[Line], primary: frozenset[Key], free: frozenset[Key], cells: Mapping[Key, int],
            keep_last: frozenset[Key], order: Mapping[Key, int]) -> set[Key]:
    """The complements one group of lines needs so that none of its hidden counts can be worked out."""
    members = {k for line in lines for k in line.members}
    if not primary & members:
        return set()  # nothing small here: nothing to protect
    public = _given_away(lines, free) if free & members else set()
    secondary: set[Key] = set()
    totals = frozenset(line.total for line in lines)
    while True:
        hidden = (primary & members) | secondary
        # Fast path: a line with a single hidden count gives it away by subtraction; hide the line's best other cell.
        added = _subtraction_complements(lines, hidden, public, free, cells, keep_last, totals, order)
        if added:
            secondary |= added
            continue
        reduction = Reduction(hidden, lines)  # combinations of lines
        exposed = [k for k in reduction.fixed if k not in public]
        if not exposed:
            return secondary
        chosen = _complements(exposed, hidden, free, lines, cells, keep_last, order, reduction)
        if not chosen:  # every cell near the exposed ones is hidden already: nothing more to hide
            return secondary
        secondary |= chosen


def _given_away(lines: Sequence[Line], free: frozenset[Key]) -> set[Key]:
    """What the exempt counts alone give away by subtraction (one industry in a park is the park): public
    already, so no complement is chased for it. Repeated until nothing more follows."""
    known = set(free)
    public: set[Key] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [m for m in line.members if m not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                public.add(unknown[0])
                changed = True
    return public


def _rank(k: Key, cells: Mapping[Key, int], keep_last: frozenset[Key], totals: frozenset[Key],
          order: Mapping[Key, int]) -> tuple[bool, bool, bool, int, int]:
    """Which cell to hide first: unprotected, not a total, a real count, the smallest, the first in the table."""
    return (k in keep_last, k in totals, cells[k] == 0, cells[k], order[k])


def _subtraction_complements(lines: Sequence[Line], hidden: frozenset[Key], public: set[Key], free: frozenset[Key],
                             cells: Mapping[Key, int], keep_last: frozenset[Key], totals: frozenset[Key],
                             order: Mapping[Key, int]) -> set[Key]:
    """One more cell for every line whose only hidden count could be worked out by subtraction."""
    added: set[Key] = set()
    for line in lines:
        secret = [m for m in line.members if m in hidden or m in added]
        if len(secret) != 1 or secret[0] in public:
            continue
        others = [m for m in line.members if m not in hidden and m not in added and m not in free]
        if others:
            added.add(min(others, key=lambda k: _rank(k, cells, keep_last, totals, order)))
    return added


def _complements(
    exposed: list[Key],
    hidden: frozenset[Key],
    free: frozenset[Key],
    lines: Sequence[Line],
    cells: Mapping[Key, int],
    keep_last: frozenset[Key],
    order: Mapping[Key, int],
    reduction: Reduction,
) -> set[Key]:
    """Published cells to hide next: for each exposed count not already covered, the least revealing cell whose
    hiding leaves it unknown (one reduction serves them all; the caller checks again afterwards).

    Tried in this order: cells sharing a line with the count, then cells of any line through a hidden count;
    protected cells only after all others; within each group by `_rank`.
    """
    totals = frozenset(line.total for line in lines)
    out = hidden | free
    tests = {target: reduction.breaker_test(target) for target in exposed}
    touching = {k for line in lines if not hidden.isdisjoint(line.members) for k in line.members if k not in out}
    chosen: set[Key] = set()
    for target in exposed:
        breaks = tests[target]
        if any(breaks(c) for c in chosen):
            continue
        near = {k for line in lines if target in line.members for k in line.members if k not in out}

        def candidates(near: set[Key] = near) -> Iterator[Key]:
            # Sorted group by group, only as far as needed: the first group usually holds the answer.
            for protected in (False, True):
                for group in (near, touching - near):
                    picked = (k for k in group if (k in keep_last) == protected)
                    yield from sorted(picked, key=lambda k: _rank(k, cells, keep_last, totals, order))

        first = None
        for candidate in candidates():
            first = first if first is not None else candidate
            if breaks(candidate):
                chosen.add(candidate)
                break
        else:
            if first is not None:
                chosen.add(first)
    return chosen
