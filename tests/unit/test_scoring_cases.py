"""Hand-computed scoring cases: gate, band boundaries, N/A, trimming, weights."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from maturity.domain.aggregate import level_from_score, total_score
from maturity.domain.answers import AnswerSet
from maturity.domain.model import WeightSet
from maturity.domain.scoring import score

from .conftest import uniform


@pytest.mark.parametrize(
    ("level_scores", "expected_s", "expected_level"),
    [
        # standard.md §5 worked example, and its variant with level 3 under the gate.
        ((1.0, 0.92, 0.85, 0.30, 0.0), 3.07, 3),
        ((1.0, 0.92, 0.75, 0.30, 0.0), 2.67, 2),
        # Exactly on every band boundary.
        ((0.8, 0.0, 0.0, 0.0, 0.0), 0.8, 1),
        ((1.0, 0.8, 0.0, 0.0, 0.0), 1.8, 2),
        ((1.0, 1.0, 0.8, 0.0, 0.0), 2.8, 3),
        ((1.0, 1.0, 1.0, 0.8, 0.0), 3.8, 4),
        ((1.0, 1.0, 1.0, 1.0, 0.8), 4.8, 5),
        # Just under each boundary.
        ((0.79, 0.9, 0.9, 0.9, 0.9), 0.79, 0),
        ((1.0, 0.79, 0.9, 0.9, 0.9), 1.79, 1),
        ((1.0, 1.0, 0.79, 0.9, 0.9), 2.79, 2),
        ((1.0, 1.0, 1.0, 0.79, 0.9), 3.79, 3),
        ((1.0, 1.0, 1.0, 1.0, 0.79), 4.79, 4),
        # The gate stops counting: high upper levels are worth nothing behind a failed level.
        ((0.5, 1.0, 1.0, 1.0, 1.0), 0.5, 0),
        ((1.0, 1.0, 1.0, 1.0, 1.0), 5.0, 5),
        ((0.0, 0.0, 0.0, 0.0, 0.0), 0.0, 0),
    ],
)
def test_total_and_level_follow_the_gate_and_bands(gbt, level_scores, expected_s, expected_level):
    s, _ = total_score(dict(enumerate(level_scores, start=1)), gbt.scoring.gate)
    assert s == pytest.approx(expected_s)
    assert level_from_score(s, gbt.scoring) == expected_level


@pytest.mark.parametrize(
    ("per_level", "expected_s", "expected_level"),
    [
        ({1: 0.8}, 0.8, 1),
        ({1: 1.0, 2: 0.8}, 1.8, 2),
        ({1: 1.0, 2: 1.0, 3: 0.8}, 2.8, 3),
        ({1: 1.0, 2: 1.0, 3: 1.0, 4: 0.8}, 3.8, 4),
        ({1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0, 5: 0.8}, 4.8, 5),
        ({1: 0.5, 2: 1.0, 3: 1.0}, 0.5, 0),
    ],
)
def test_uniform_ratings_score_to_the_band_boundaries(mini, per_level, expected_s, expected_level):
    result = score(mini, uniform(mini, per_level))
    assert result.score == pytest.approx(expected_s)
    assert result.level == expected_level


def test_level_score_is_the_mean_over_subdomains_by_default(mini):
    answers = uniform(mini, {1: 1.0})
    ratings = dict(answers.ratings)
    ratings["a1.L1.01"] = 0.0  # a1 mean 0.5; b1, b2.x, b2.y 1.0 → (0.5 + 1 + 1 + 1) / 4
    result = score(mini, replace(answers, ratings=ratings))
    assert result.level_scores[1] == pytest.approx(0.875)
    a1 = next(n for n in result.subdomains if n.id == "a1")
    assert a1.scores[1] == pytest.approx(0.5)


def test_not_applicable_leaves_the_denominator(mini):
    answers = uniform(mini, {1: 1.0})
    ratings = dict(answers.ratings)
    ratings["b1.L1.01"] = None
    ratings["b1.L1.02"] = 0.5  # b1 mean is 0.5 over one requirement, not 0.25 over two
    result = score(mini, replace(answers, ratings=ratings))
    assert result.level_scores[1] == pytest.approx((1 + 0.5 + 1 + 1) / 4)
    assert result.na_count == 1
    assert result.na_share == pytest.approx(1 / 40)


def test_trimmed_subdomain_is_dropped_and_weights_renormalised(mini):
    answers = uniform(mini, {1: 1.0}, trimmed={"b2.y": "not our business"})
    ratings = dict(answers.ratings)
    ratings["b2.x.L1.01"] = 0.0  # b2.x mean 0.5 → (1 + 1 + 0.5) / 3 over the three remaining
    result = score(mini, replace(answers, ratings=ratings))
    assert result.level_scores[1] == pytest.approx(2.5 / 3)
    assert dict(result.trimmed) == {"b2.y": "not our business"}
    trimmed_step = next(s for s in result.explanation if s.kind == "trimmed")
    assert "B2 y" in trimmed_step.text.en and "乙二乙" in trimmed_step.text.zh


def test_process_industry_leaves_out_discrete_only_subdomains(mini):
    result = score(mini, uniform(mini, {1: 1.0, 2: 0.5}, industry="process"))
    assert result.applicable_count == 30
    assert next(n for n in result.subdomains if n.id == "b2.y").scores[1] is None


def test_configured_weights_apply_per_layer_and_industry(mini):
    weighted = replace(mini, scoring=replace(mini.scoring, weights=MappingProxyType({
        "default": WeightSet(elements=MappingProxyType({"alpha": 3.0, "beta": 1.0})),
        "process": WeightSet(elements=MappingProxyType({"alpha": 1.0, "beta": 1.0})),
    })))
    answers = uniform(weighted, {1: 1.0})
    ratings = {rid: (0.0 if rid.startswith("a1.") else v) for rid, v in answers.ratings.items()}
    discrete = score(weighted, replace(answers, ratings=ratings))
    assert discrete.level_scores[1] == pytest.approx(0.25)  # (3×0 + 1×1) / 4
    process_answers = uniform(weighted, {1: 1.0}, industry="process")
    process_ratings = {rid: (0.0 if rid.startswith("a1.") else v) for rid, v in process_answers.ratings.items()}
    process = score(weighted, replace(process_answers, ratings=process_ratings))
    assert process.level_scores[1] == pytest.approx(0.5)


def test_domain_weight_defaults_to_the_sum_of_its_subdomains(mini):
    # Element beta holds b1 (one sub-domain) and b2 (two): b2 weighs 2 by default, so beta = (1×0 + 2×1) / 3.
    answers = uniform(mini, {1: 1.0})
    ratings = {rid: (0.0 if rid.startswith("b1.") else v) for rid, v in answers.ratings.items()}
    result = score(mini, AnswerSet("discrete", ratings))
    beta = next(n for n in result.elements if n.id == "beta")
    assert beta.scores[1] == pytest.approx(2 / 3)
    assert result.level_scores[1] == pytest.approx(0.75)


def test_gaps_are_next_level_requirements_ordered_by_rise(mini):
    answers = uniform(mini, {1: 1.0, 2: 1.0, 3: 0.5})
    ratings = dict(answers.ratings)
    ratings["a1.L3.01"] = 0.0  # raising it to full adds 1/2/4 = 0.125 to level 3
    result = score(mini, replace(answers, ratings=ratings))
    assert result.level == 2
    assert {g.level for g in result.gaps} == {3}
    assert result.gaps[0].requirement_id == "a1.L3.01"
    assert result.gaps[0].rise == pytest.approx(0.125)
    assert all(a.rise >= b.rise for a, b in zip(result.gaps, result.gaps[1:], strict=False))
    assert len(result.gaps) == 8


def test_gap_rise_counts_levels_unlocked_by_the_gate(mini):
    # Level 2 at 0.75 stops the count; meeting one requirement lifts it to 0.8125 and lets level 3 (1.0) in.
    answers = uniform(mini, {1: 1.0, 2: 1.0, 3: 1.0})
    ratings = dict(answers.ratings)
    for rid in ("a1.L2.01", "b1.L2.01"):
        ratings[rid] = 0.0
    result = score(mini, replace(answers, ratings=ratings))
    assert result.level_scores[2] == pytest.approx(0.75)
    assert result.score == pytest.approx(1.75)
    assert result.gaps[0].rise == pytest.approx(0.125 + 1.0)


def test_explanation_spells_out_the_arithmetic(mini):
    result = score(mini, uniform(mini, {1: 1.0, 2: 0.8, 3: 0.5}))
    kinds = [s.kind for s in result.explanation]
    assert kinds.count("level_score") == 5
    total = next(s for s in result.explanation if s.kind == "total")
    assert total.text.en == "Total S = 1.00 + 0.80 + 0.50 = 2.30"
    band = next(s for s in result.explanation if s.kind == "band")
    assert "[1.80, 2.80)" in band.text.en and "规范级" in band.text.zh
