"""Small cells are hidden, and a hidden cell can never be worked out from what is published."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.domain.park import LEVELS, Counts, group, publish, table
from maturity.domain.suppression import Line, suppress


def recoverable(cells, lines, hidden) -> list:
    """Independently of the code under test: hidden cells whose value the published ones fix (numpy ranks)."""
    columns = sorted(hidden, key=repr)
    if not columns:
        return []
    matrix = np.zeros((len(lines), len(columns)))
    for r, line in enumerate(lines):
        for key, sign in ((line.total, 1), *((p, -1) for p in line.parts)):
            if key in hidden:
                matrix[r, columns.index(key)] += sign
    rank = np.linalg.matrix_rank(matrix) if len(lines) else 0
    found = []
    for j, key in enumerate(columns):
        rest = np.delete(matrix, j, axis=1)
        rest_rank = np.linalg.matrix_rank(rest) if rest.size else 0
        if rank == rest_rank + 1:
            found.append(key)
    return found


def test_a_single_small_cell_takes_a_second_one_with_it():
    cells = {"a": 12, "b": 3, "c": 9, "total": 24}
    result = suppress(cells, [Line("total", ("a", "b", "c"))], 5)
    assert result.primary == {"b"}
    assert result.secondary == {"c"}  # the smallest other count: 24 - 12 - 9 would give b away
    assert result.hidden("b") and result.hidden("c") and not result.hidden("a") and not result.hidden("total")


def test_zero_is_published_and_not_chosen_as_complement_when_a_count_will_do():
    cells = {"a": 0, "b": 2, "c": 30, "d": 6, "total": 38}
    result = suppress(cells, [Line("total", ("a", "b", "c", "d"))], 5)
    assert result.primary == {"b"} and result.secondary == {"d"}


def test_nothing_small_nothing_hidden():
    cells = {"a": 5, "b": 0, "total": 5}
    result = suppress(cells, [Line("total", ("a", "b"))], 5)
    assert not result.primary and not result.secondary


def test_minimum_is_configurable():
    cells = {"a": 3, "b": 4, "total": 7}
    assert suppress(cells, [Line("total", ("a", "b"))], 3).primary == set()
    assert suppress(cells, [Line("total", ("a", "b"))], 4).primary == {"a"}
    assert suppress(cells, [Line("total", ("a", "b"))], 10).primary == {"a", "b", "total"}


def test_a_difference_of_two_totals_is_caught():
    # level 2 = (level 2+) - (level 3+): hiding level 2 alone among the published shares would not protect it.
    counts = Counts(headline=group("all", [(0, 5), (1, 10), (2, 3), (3, 6), (4, 6), (5, 5)]), breakdowns={})
    published = publish(counts, whole_scope=False)  # under a filter the headline is a breakdown cell too
    assert published.value(("all", 2)) is None
    hidden = [k for k in published.cells if published.suppression.hidden(k)]
    cells, lines = table(counts)
    assert recoverable(cells, lines, set(hidden)) == []


def test_the_whole_scope_distribution_is_shown_but_not_under_a_filter():
    counts = Counts(headline=group("all", [(1, 10), (2, 3), (3, 6)]), breakdowns={})
    assert publish(counts).value(("all", 2)) == 3
    assert publish(counts, whole_scope=False).value(("all", 2)) is None


def test_industry_breakdown_hides_small_rows_and_their_complements():
    rows = [
        group("C34", [(1, 8), (2, 7), (3, 2)]),
        group("C39", [(1, 6), (2, 9), (3, 6)]),
        group("C36", [(2, 3)]),
    ]
    headline = group("all", [(1, 14), (2, 19), (3, 8)])
    published = publish(Counts(headline=headline, breakdowns={"industry": rows}))
    assert published.value(("industry", "C34", 3)) is None and published.why(("industry", "C34", 3)) == "small"
    assert published.value(("industry", "C36", "n")) is None
    assert published.value(("all", "n")) == 41  # the headline stays
    cells, lines = table(Counts(headline=headline, breakdowns={"industry": rows}))
    hidden = {k for k in cells if published.suppression.hidden(k)}
    assert recoverable(cells, lines, hidden) == []


def test_transitions_are_suppressed_with_their_margins():
    moves = {(1, 2): 7, (1, 1): 9, (2, 3): 2, (2, 2): 8}
    counts = Counts(headline=group("all", [(1, 9), (2, 15), (3, 2)]), breakdowns={}, transitions=moves)
    published = publish(counts)
    assert published.value(("move", 2, 3)) is None
    assert published.value(("move", 1, 1)) == 9 or published.why(("move", 1, 1)) == "complement"
    cells, lines = table(counts)
    assert recoverable(cells, lines, {k for k in cells if published.suppression.hidden(k)}) == []


level_counts = st.lists(st.integers(0, 12), min_size=6, max_size=6)
breakdown = st.lists(level_counts, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(industry=breakdown, scale_split=st.lists(st.integers(0, 12), min_size=6, max_size=6),
       min_cell=st.integers(2, 6), whole_scope=st.booleans())
def test_no_hidden_count_can_be_worked_out(industry, scale_split, min_cell, whole_scope):
    rows = [group(f"C{13 + i}", enumerate(row)) for i, row in enumerate(industry)]
    total = [sum(row[lvl] for row in industry) for lvl in LEVELS]
    above = [min(a, t) for a, t in zip(scale_split, total, strict=True)]
    below = [t - a for t, a in zip(total, above, strict=True)]
    scale = [group("above", enumerate(above)), group("below", enumerate(below))]
    counts = Counts(headline=group("all", enumerate(total)), breakdowns={"industry": rows, "scale": scale})
    cells, lines = table(counts)
    published = publish(counts, min_cell, whole_scope=whole_scope)
    hidden = {k for k in cells if published.suppression.hidden(k)}
    # Every small breakdown count is hidden, none shown; the whole scope's own figures are shown as they are.
    breakdown_cells = {k: v for k, v in cells.items() if not (whole_scope and k[0] == "all")}
    assert all(k in hidden for k, v in breakdown_cells.items() if 0 < v < min_cell)
    assert all(not (0 < published.value(k) < min_cell) for k in breakdown_cells if published.value(k) is not None)
    assert not whole_scope or not any(k[0] == "all" for k in hidden)
    # Nothing hidden can be recovered, beyond what the whole scope's own published figures already tell.
    public = set(recoverable(cells, lines, {k for k in cells if k[0] != "all"})) if whole_scope else set()
    assert set(recoverable(cells, lines, hidden)) <= public
    # The plain subtraction check: no total line has exactly one hidden member (that is not public anyway).
    assert all(sum(m in hidden - public for m in line.members) != 1 for line in lines)


@settings(max_examples=80, deadline=None)
@given(moves=st.dictionaries(st.tuples(st.integers(0, 5), st.integers(0, 5)), st.integers(0, 9), max_size=12))
def test_no_hidden_transition_can_be_worked_out(moves):
    counts = Counts(headline=group("all", []), breakdowns={}, transitions=moves or {(1, 1): 0})
    cells, lines = table(counts)
    published = publish(counts)
    hidden = {k for k in cells if published.suppression.hidden(k)}
    assert recoverable(cells, lines, hidden) == []
