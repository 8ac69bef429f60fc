"""The plan that adds up, the consolidation list and the margin (issue 10 §1 road map and fragility, §2)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given

from maturity.cli.score import score_raw
from maturity.domain.aggregate import aggregate_level, level_coefficients
from maturity.domain.scoring import score
from maturity.resources import resource_dir

from .test_scoring_properties import FAST, GBT, answer_sets

DEMO = resource_dir("seeds") / "demo"


def demo(name: str):
    return score_raw(json.loads((DEMO / name).read_text("utf-8")), missing="none")


def with_full(answers, ids):
    return replace(answers, ratings={**answers.ratings, **dict.fromkeys(ids, 1.0)})


def test_level_scores_are_linear_in_sub_domain_means(gbt):
    weights = gbt.scoring.weights_for("discrete")
    means = {s.id: (i % 7) / 7 for i, s in enumerate(gbt.subdomains) if s.id != "service.product"}
    coefficients = level_coefficients(gbt, weights, means)
    assert sum(coefficients[s] * m for s, m in means.items()) == pytest.approx(
        aggregate_level(gbt, weights, means).score, abs=1e-12)
    assert sum(coefficients.values()) == pytest.approx(1.0)


def test_the_level_3_demo_plan_reaches_level_4_and_its_rises_add_up():
    result, q, answers = demo("demo-discrete-l3.json")
    plan = result.plan
    assert plan.target_level == 4 and plan.reachable
    assert plan.score_after >= 3.8 - 1e-9
    running = result.score
    for step in plan.steps:
        assert step.rise > 0
        running += step.rise
        assert step.score_after == pytest.approx(running)
    # single-item rises (the gap list) add up to less than the shortfall, yet the plan reaches the level
    assert sum(g.rise for g in result.gaps) < result.shortfall
    again = score(q, with_full(answers, [s.requirement_id for s in plan.steps]))
    assert again.level == 4
    assert again.score == pytest.approx(plan.score_after)


def test_the_level_3_demo_is_fragile_and_says_so():
    result, q, answers = demo("demo-discrete-l3.json")
    fragility = result.consolidation.fragility
    assert result.margin == pytest.approx(result.score - 2.8)
    assert fragility.level == 3 and fragility.answers == 2
    assert fragility.gate_margin == pytest.approx(result.level_scores[3] - 0.8)
    lowered = replace(answers, ratings={**answers.ratings, **dict.fromkeys(fragility.example, 0.0)})
    assert score(q, lowered).level == 2
    # the consolidation list looks downward too: level-3 requirements under the gate are listed
    raise_items = [c for c in result.consolidation.items if c.kind == "raise"]
    assert any(c.level == 3 for c in raise_items)
    assert all(c.level <= result.level and c.rating < 1.0 for c in raise_items)
    assert {u.subdomain for u in result.consolidation.under_gate if u.level == 3} >= {"skills", "sales"}


def test_at_level_5_there_is_no_plan_and_at_level_0_no_fragility(gbt):
    from .conftest import uniform

    top = score(gbt, uniform(gbt, dict.fromkeys(range(1, 6), 1.0)))
    assert top.level == 5 and top.plan.target_level is None and top.plan.steps == ()
    bottom = score(gbt, uniform(gbt, {}))
    assert bottom.level == 0 and bottom.consolidation.fragility is None
    assert bottom.plan.target_level == 1 and bottom.plan.reachable


@FAST
@given(answer_sets())
def test_meeting_every_plan_step_reaches_the_target_level(answers):
    result = score(GBT, answers)
    plan = result.plan
    if plan.target_level is None:
        return
    after = score(GBT, with_full(answers, [s.requirement_id for s in plan.steps]))
    if plan.reachable:
        assert after.level >= plan.target_level
        assert after.score == pytest.approx(plan.score_after, abs=1e-9)
    else:
        assert after.level < plan.target_level


@FAST
@given(answer_sets())
def test_losing_the_fragility_example_drops_the_level(answers):
    result = score(GBT, answers)
    fragility = result.consolidation.fragility
    if fragility is None:
        return
    assert len(fragility.example) == fragility.answers
    lowered = replace(answers, ratings={**answers.ratings, **dict.fromkeys(fragility.example, 0.0)})
    assert score(GBT, lowered).level < result.level
