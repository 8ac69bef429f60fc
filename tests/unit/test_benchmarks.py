"""Where a level stands against the national goals, distributions and programme tiers."""

from __future__ import annotations

import pytest

from maturity.domain.benchmarks import Distribution, benchmark, goal_attainment, level_distribution, share_at_or_above
from maturity.domain.model import Text
from maturity.reference import shipped_reference

T = Text("x", "x")


def dist(shares: dict[str, float], includes_below: bool = False) -> Distribution:
    return Distribution("d", 2022, "national", T, shares, "src", bucket_1_includes_below=includes_below)


@pytest.mark.parametrize(
    ("shares", "includes_below", "level", "expected"),
    [
        ({"1": 0.63, "2": 0.21, "3": 0.12, "4+": 0.04}, True, 2, 0.37),
        ({"1": 0.63, "2": 0.21, "3": 0.12, "4+": 0.04}, True, 3, 0.16),
        ({"1": 0.63, "2": 0.21, "3": 0.12, "4+": 0.04}, True, 1, None),  # "1" also holds level 0
        ({"1": 0.358, "2": 0.239, "3": 0.141, "4+": 0.066}, False, 1, 0.804),
        ({"1": 0.63, "2": 0.21, "3": 0.12, "4+": 0.04}, True, 5, None),  # "4+" straddles level 5
        ({"2+": 0.42}, False, 2, 0.42),
        ({"2+": 0.42}, False, 3, None),
        ({"2+": 0.42}, False, 1, None),
    ],
)
def test_share_at_or_above_uses_only_what_the_buckets_tell(shares, includes_below, level, expected):
    value = share_at_or_above(dist(shares, includes_below), level)
    assert value == (pytest.approx(expected) if expected is not None else None)


def test_shipped_goals_are_the_draft_plan_targets_with_sources():
    ref = shipped_reference()
    goals = {(g.min_level, g.scope): g for g in ref.goals}
    assert goals[(2, "all")].share == 0.50
    assert goals[(3, "key_industries")].share == 0.20
    assert goals[(3, "key_regions")].share == 0.15
    draft = ref.sources["draft_14th_fyp_im_2021"]
    assert all(g.source == draft.id and g.status == "draft" for g in ref.goals)
    assert draft.date == "2021-04" and "征求意见稿" in draft.title.zh
    assert all(d.source.startswith("http") for d in ref.distributions)
    assert {d.year for d in ref.distributions} >= {2020, 2021, 2022, 2024}
    assert len(ref.industries) == 31 and "C36" in ref.industries


def test_benchmark_places_a_level_against_goals_and_tiers():
    ref = shipped_reference()
    level2 = benchmark(2, ref)
    assert [s.counts_towards for s in level2.goals][0] is True
    assert {t.id for t in level2.tiers_qualified} == {"basic", "advanced"}
    assert level2.next_tier.id == "excellence"
    assert benchmark(0, ref).tiers_qualified == ()


def test_key_industry_and_key_region_goals_are_not_ticked_without_knowing_the_key_ones():
    level3 = benchmark(3, shipped_reference(), region="32", industry="C34")
    standings = {s.goal.scope: s for s in level3.goals}
    assert standings["all"].counts_towards is True
    assert standings["key_industries"].counts_towards is None
    assert standings["key_regions"].counts_towards is None
    assert standings["key_regions"].reason == "scope_unpublished"


def test_peer_figures_are_the_enterprise_s_own_scope_in_date_order():
    ref = shipped_reference()
    for region in ("37", "33", None):
        ids = [s.distribution.id for s in benchmark(3, ref, region=region).distributions]
        assert "jiangsu_2022" not in ids and ids
    jiangsu = benchmark(3, ref, region="32").distributions
    assert "jiangsu_2022" in [s.distribution.id for s in jiangsu]
    dates = [(s.distribution.year, s.distribution.date or "") for s in jiangsu]
    assert dates == sorted(dates)


def test_tier_rules_follow_the_2025_notice_and_provinces_may_differ():
    ref = shipped_reference()
    national = {t.id: t for t in benchmark(5, ref).tiers_qualified}
    assert {k: t.min_level for k, t in national.items()} == {"basic": 2, "advanced": 2, "excellence": 3, "pilot": 4}
    assert all(t.source in ref.sources and t.status in ("verified", "reported") for t in ref.tiers)
    assert "2025" in ref.sources[national["pilot"].source].title.zh
    hainan = {t.id: t for t in benchmark(1, ref, region="46").tiers_qualified}
    assert set(hainan) == {"basic"} and hainan["basic"].region_code == "46"
    assert benchmark(1, ref, region="32").tiers_qualified == ()


def test_group_attainment_needs_more_than_the_goal():
    goal = next(g for g in shipped_reference().goals if g.min_level == 2 and g.scope == "all")
    assert level_distribution([0, 1, 2, 2, 3]) == {0: 1, 1: 1, 2: 2, 3: 1, 4: 0, 5: 0}
    half = goal_attainment([1, 2], goal)
    assert half.share == 0.5 and not half.met  # "over 50 %": exactly half is not enough
    assert goal_attainment([1, 2, 3], goal).met
    assert not goal_attainment([], goal).met
