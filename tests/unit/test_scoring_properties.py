"""Properties of the scoring method that must hold for any answers (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.domain.answers import AnswerSet
from maturity.domain.batch import score_batch
from maturity.domain.scoring import score
from maturity.questionnaires import shipped

GBT = shipped().get("gbt39116-2020")
VALUES = [0.0, 0.5, 0.8, 1.0]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answer_sets(draw, with_na: bool = True) -> AnswerSet:
    """Ratings for every requirement an industry answers, skewed so that every level gets reached."""
    industry = draw(st.sampled_from(["discrete", "process"]))
    trimmable = [s.id for s in GBT.subdomains if s.trimmable and industry in s.industries]
    trimmed = draw(st.lists(st.sampled_from(trimmable), max_size=2, unique=True))
    reqs = GBT.requirements_for(industry, trimmed=frozenset(trimmed))
    top = draw(st.integers(0, 5))
    ratings: dict[str, float | None] = {}
    for req in reqs:
        pool = [0.8, 1.0, 1.0] if req.level <= top else VALUES
        value: float | None = draw(st.sampled_from(pool))
        if with_na and req.na_allowed and draw(st.integers(0, 19)) == 0:
            value = None
        ratings[req.id] = value
    return AnswerSet(industry=industry, ratings=ratings, trimmed={t: "" for t in trimmed})


@FAST
@given(answer_sets())
def test_score_stays_between_0_and_5_and_level_matches_bands(answers):
    result = score(GBT, answers)
    assert 0.0 <= result.score <= 5.0 + 1e-9
    assert 0 <= result.level <= 5
    assert result.level == 0 or result.score >= result.level - 0.2 - 1e-9


@FAST
@given(answer_sets(), st.data())
def test_raising_one_rating_never_lowers_s(answers, data):
    rated = [rid for rid, v in answers.ratings.items() if v is not None and v < 1.0]
    if not rated:
        return
    rid = data.draw(st.sampled_from(rated))
    higher = data.draw(st.sampled_from([v for v in VALUES if v > answers.ratings[rid]]))
    before = score(GBT, answers)
    after = score(GBT, replace(answers, ratings={**answers.ratings, rid: higher}))
    assert after.score >= before.score - 1e-12
    assert after.level >= before.level


@FAST
@given(answer_sets(), st.randoms(use_true_random=False))
def test_order_of_requirements_is_irrelevant(answers, rnd):
    shuffled_reqs = list(GBT.requirements)
    rnd.shuffle(shuffled_reqs)
    shuffled_q = replace(GBT, requirements=tuple(shuffled_reqs))
    items = list(answers.ratings.items())
    rnd.shuffle(items)
    shuffled_answers = replace(answers, ratings=dict(items))
    a, b = score(GBT, answers), score(shuffled_q, shuffled_answers)
    assert abs(a.score - b.score) < 1e-9
    assert a.level == b.level
    assert [g.requirement_id for g in a.gaps] == [g.requirement_id for g in b.gaps]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answer_sets(), min_size=1, max_size=12))
def test_batch_equals_single(sets):
    totals, levels, level_scores = score_batch(GBT, sets)
    for i, answers in enumerate(sets):
        single = score(GBT, answers)
        assert abs(single.score - totals[i]) < 1e-9
        assert single.level == levels[i]
        assert np.allclose([single.level_scores[k] for k in range(1, 6)], level_scores[i], atol=1e-9)
