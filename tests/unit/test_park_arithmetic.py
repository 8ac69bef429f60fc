"""Shares and gaps to the goals, counted in enterprises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.domain.park import group, needed_to_exceed, share, target_level


@pytest.mark.parametrize(
    ("reaching", "count", "target", "needed"),
    [
        (3, 30, 0.5, 13),  # 16 of 30 is the first share over 50 %
        (15, 30, 0.5, 1),  # exactly 50 % is not "over"
        (16, 30, 0.5, 0),
        (0, 20, 0.15, 4),  # 3/20 = 15 % is not over; 4/20 is
        (28, 100, 0.29, 2),  # 0.29 × 100 in floats is 28.999…; exact arithmetic needs 30
        (0, 0, 0.5, 0),
        (4, 5, 1.0, 1),  # nothing is over 100 %: capped at the enterprises not there yet
    ],
)
def test_enterprises_needed_to_exceed_a_goal(reaching, count, target, needed):
    assert needed_to_exceed(reaching, count, target) == needed


@given(st.integers(0, 500), st.integers(1, 500), st.sampled_from([0.15, 0.2, 0.5, 0.7]))
def test_the_gap_is_the_least_that_beats_the_goal(reaching, count, target):
    reaching = min(reaching, count)
    more = needed_to_exceed(reaching, count, target)
    if more:
        assert (reaching + more) / count > target and (reaching + more - 1) / count <= target
    else:
        assert reaching / count > target or reaching == count


def test_share_is_unknown_when_a_count_is_hidden():
    assert share(None, 10) is None and share(3, None) is None and share(3, 0) is None
    assert share(3, 12) == 0.25


def test_the_level_most_enterprises_work_towards():
    assert target_level(group("all", [(1, 10), (2, 4)])) == 2
    assert target_level(group("all", [(2, 3), (5, 9)])) == 5  # level 5 works on staying there
    assert target_level(group("all", [])) == 1
