"""The share of S backed by checked evidence, weighted as S weighs each requirement: hand cases and properties."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.domain.answers import AnswerSet
from maturity.domain.evidence_share import backed_share, contributions
from maturity.domain.model import WeightSet
from maturity.domain.scoring import figures, score
from maturity.questionnaires import shipped

from .conftest import uniform

GBT = shipped().get("gbt39116-2020")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def share_of(questionnaire, answers, checked) -> float:  # type: ignore[no-untyped-def]
    return backed_share(contributions(questionnaire, answers, figures(questionnaire, answers)), checked)


def test_a_requirement_alone_in_its_sub_domain_backs_the_sub_domains_whole_share(mini):
    # Level 1 fully met (S = 1.0, level 2 under the gate adds 0); four sub-domains of 1/4 each. a1.L1.02 is N/A,
    # so a1.L1.01 alone is a1's level-1 mean: it backs 1/4 of S (by rating values alone it would be 1/7).
    answers = uniform(mini, {1: 1.0})
    answers = replace(answers, ratings={**answers.ratings, "a1.L1.02": None})
    assert share_of(mini, answers, {"a1.L1.01"}) == pytest.approx(0.25)
    assert share_of(mini, answers, {"b1.L1.01"}) == pytest.approx(0.125)


def test_weights_of_elements_carry_through(mini):
    weighted = replace(mini, scoring=replace(mini.scoring, weights=MappingProxyType({
        "default": WeightSet(elements=MappingProxyType({"alpha": 3.0, "beta": 1.0})),
    })))
    answers = uniform(weighted, {1: 1.0})
    assert share_of(weighted, answers, {"a1.L1.01", "a1.L1.02"}) == pytest.approx(0.75)


def test_levels_s_does_not_count_back_nothing_and_not_met_backs_nothing(mini):
    answers = uniform(mini, {1: 0.5, 2: 1.0})  # level 1 under the gate: S stops there
    assert share_of(mini, answers, {"a1.L2.01", "b1.L2.01"}) == 0.0
    answers = uniform(mini, {1: 1.0})
    assert share_of(mini, answers, {"a1.L2.01"}) == 0.0  # rated 0: adds nothing to S
    assert share_of(mini, uniform(mini, {}), {"a1.L1.01"}) == 0.0  # S = 0


@st.composite
def answer_sets(draw) -> AnswerSet:  # type: ignore[no-untyped-def]
    """Ratings for every requirement an industry answers, skewed so that every level gets reached."""
    industry = draw(st.sampled_from(["discrete", "process"]))
    top = draw(st.integers(0, 5))
    ratings: dict[str, float | None] = {}
    for req in GBT.requirements_for(industry, trimmed=frozenset()):
        value: float | None = draw(st.sampled_from([0.8, 1.0, 1.0] if req.level <= top else [0.0, 0.5, 0.8, 1.0]))
        if req.na_allowed and draw(st.integers(0, 19)) == 0:
            value = None
        ratings[req.id] = value
    return AnswerSet(industry=industry, ratings=ratings)


@FAST
@given(answer_sets(), st.data())
def test_the_share_is_between_0_and_1_and_grows_with_what_is_checked(answers, data):
    result = figures(GBT, answers)
    parts = contributions(GBT, answers, result)
    assert sum(parts.values()) == pytest.approx(result.score, abs=1e-9)  # the parts add up to S
    ids = sorted(parts)
    some = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    more = some | set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    assert 0.0 <= backed_share(parts, some) <= backed_share(parts, more) <= 1.0
    assert backed_share(parts, set()) == 0.0
    assert backed_share(parts, ids) == (pytest.approx(1.0) if result.score > 0 else 0.0)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_a_full_scoring_and_the_figures_alone_give_the_same_parts(answers):
    assert contributions(GBT, answers, score(GBT, answers)) == contributions(GBT, answers, figures(GBT, answers))
