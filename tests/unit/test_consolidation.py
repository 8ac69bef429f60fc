"""Several respondents' ratings become one: the rules, and when they count as a disagreement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.domain.consolidation import Rule, consolidate, disagrees

ratings_maps = st.dictionaries(st.integers(1, 50), st.one_of(st.none(), st.integers(0, 3)), min_size=1, max_size=6)
FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("ratings", "rule", "assigned", "expected"),
    [
        ({1: 3, 2: 1}, "lowest", None, 1),
        ({1: 3, 2: 1, 3: 2}, "median", None, 2),
        ({1: 3, 2: 1}, "median", None, 1),  # even count: the lower middle
        ({1: 3, 2: 1}, "assigned", 1, 3),
        ({1: 3, 2: 1}, "assigned", 9, 1),  # the assigned respondent did not answer: the lowest
        ({1: 3, 2: 1}, "assigned", None, 1),
        ({1: None, 2: 2}, "lowest", None, 2),  # N/A does not pull a rating down
        ({1: None, 2: None}, "median", None, None),
        ({1: None, 2: 2}, "assigned", 1, None),  # the assigned respondent's N/A stands
    ],
)
def test_each_rule_picks_the_documented_rating(ratings, rule, assigned, expected):
    assert consolidate(ratings, rule=rule, assigned=assigned) == expected


def test_the_default_rule_is_the_assigned_respondent_else_the_lowest():
    assert consolidate({1: 3, 2: 0}, assigned=1) == 3
    assert consolidate({1: 3, 2: 0}) == 0


def test_no_ratings_or_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        consolidate({})
    with pytest.raises(ValueError):
        consolidate({1: 1}, rule="mean")


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({1: 3, 2: 1}, True),
        ({1: 3, 2: 2}, False),
        ({1: 0, 2: 3}, True),
        ({1: 2}, False),
        ({1: None, 2: 3}, True),
        ({1: None, 2: None}, False),
        ({1: 1, 2: 1, 3: 3}, True),
    ],
)
def test_ratings_two_steps_apart_or_na_beside_a_rating_disagree(ratings, expected):
    assert disagrees(ratings) is expected


@FAST
@given(ratings_maps, st.sampled_from(list(Rule)))
def test_the_consolidated_rating_is_one_that_was_given(ratings, rule):
    result = consolidate(ratings, rule=rule, assigned=next(iter(ratings)))
    assert result in set(ratings.values())


@FAST
@given(ratings_maps)
def test_lowest_is_never_above_median(ratings):
    low, mid = consolidate(ratings, rule="lowest"), consolidate(ratings, rule="median")
    assert (low is None) == (mid is None)
    if low is not None and mid is not None:
        assert low <= mid


@FAST
@given(ratings_maps)
def test_agreement_within_one_step_never_flags(ratings):
    ranks = [r for r in ratings.values() if r is not None]
    if len(ranks) == len(ratings) and max(ranks) - min(ranks) <= 1:
        assert not disagrees(ratings)


@FAST
@given(ratings_maps, st.permutations(range(6)))
def test_the_order_respondents_answered_in_does_not_matter(ratings, order):
    shuffled = dict(sorted(ratings.items(), key=lambda kv: order[kv[0] % 6]))
    for rule in ("lowest", "median"):
        assert consolidate(shuffled, rule=rule) == consolidate(ratings, rule=rule)
    assert disagrees(shuffled) == disagrees(ratings)
