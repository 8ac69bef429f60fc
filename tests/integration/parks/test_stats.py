"""The park statistics count what Python counts from the stored assessments, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections import Counter

import pytest

from maturity.services import parks
from maturity.services.park_queries import Filters
from tests.conftest import transaction
from tests.integration.parks.world import LAST_YEAR, THIS_YEAR, latest_levels

pytestmark = pytest.mark.db


def stats(app, park_id, filters=None, min_cell=1):
    with transaction(app) as s:
        from sqlmodel import select

        from maturity.models import User

        admin = s.exec(select(User).where(User.email == "admin@x.cn")).one()
        return parks.statistics(s, parks.park_scope(s, admin, park_id), filters, min_cell=min_cell)


def test_headline_counts_each_enterprise_once_with_its_latest_result(app, world):
    expected = Counter(latest_levels(app, world["park_a"]).values())
    got = stats(app, world["park_a"])
    assert got["by_level"] == {str(lvl): expected.get(lvl, 0) for lvl in range(6)}
    assert got["assessed"] == sum(expected.values())
    assert got["enterprises"] == 14


def test_year_filter_and_by_year_use_the_latest_result_within_each_year(app, world):
    for year in (LAST_YEAR, THIS_YEAR):
        expected = Counter(latest_levels(app, world["park_a"], year).values())
        got = stats(app, world["park_a"], Filters(year=year))
        assert got["by_level"] == {str(lvl): expected.get(lvl, 0) for lvl in range(6)}, year
        row = next(r for r in stats(app, world["park_a"])["by_year"] if r["code"] == str(year))
        assert row["by_level"] == got["by_level"]


def test_transitions_pair_each_enterprise_between_the_two_years(app, world):
    before = latest_levels(app, world["park_a"], LAST_YEAR)
    after = latest_levels(app, world["park_a"], THIS_YEAR)
    expected = Counter((before[e], after[e]) for e in before.keys() & after.keys())
    moves = stats(app, world["park_a"])["transitions"]
    assert (moves["from_year"], moves["to_year"]) == (LAST_YEAR, THIS_YEAR)
    got = {(c["from"], c["to"]): c["count"] for c in moves["cells"] if c["count"]}
    assert got == dict(expected)


def test_industry_filter_narrows_every_panel(app, world):
    got = stats(app, world["park_a"], Filters(industry="C34"))
    assert {r["code"] for r in got["by_industry"]} == {"C34"}
    assert got["enterprises"] < 14


def test_small_cells_are_null_and_flagged(app, world):
    got = stats(app, world["park_a"], min_cell=5)
    assert got["min_cell"] == 5
    for row in got["by_industry"]:
        for value in row["by_level"].values():
            assert value is None or not 0 < value < 5
        if row["suppressed"]:
            assert row["suppressed_cells"]


def test_goals_say_how_many_more_enterprises_would_reach_them(app, world):
    got = stats(app, world["park_a"])
    goal = next(g for g in got["goals"] if g["id"] == "level2_share_2025")
    n, reaching = goal["assessed"], goal["reaching"]
    assert goal["share"] == reaching / n
    assert (reaching + goal["more_needed"]) / n > 0.5 or goal["more_needed"] == n - reaching


def test_quick_checks_are_counted_apart(app, world):
    import json
    from pathlib import Path

    from sqlmodel import select

    from maturity.models import Enterprise, User
    from maturity.services import assessments

    quick = json.loads((Path(__file__).resolve().parents[3] / "seeds/demo/quick-example.json").read_text("utf-8"))
    before = stats(app, world["park_a"])
    with transaction(app) as s:
        user = s.exec(select(User).where(User.email == "e1@x.cn")).one()
        company = s.get(Enterprise, user.enterprise_id)
        quick["industry"] = company.industry_type
        assessments.create_submitted(s, user=user, enterprise=company, raw=quick, missing="none")
    after = stats(app, world["park_a"])
    assert after["by_level"] == before["by_level"] and after["assessed"] == before["assessed"]
    assert after["quick_checks"]["assessed"] == 1 and after["quick_checks"]["indicative"] is True


def test_a_rescored_assessment_still_counts_once_with_its_current_row(app, world):
    from sqlmodel import select

    from maturity.models import Assessment, AssessmentScore, Enterprise
    from maturity.services import rescoring

    before = stats(app, world["park_a"])
    with transaction(app) as s:
        done = s.exec(select(Assessment).join(Enterprise, Enterprise.id == Assessment.enterprise_id).where(
            Enterprise.park_id == world["park_a"], Assessment.status == "submitted")).all()
        for assessment in done:
            rescoring.rescore_onto(s, assessment, to_version="1.1.0")
        in_park = {a.enterprise_id for a in done}
        rows = [r for r in s.exec(select(AssessmentScore)).all() if r.enterprise_id in in_park]
        latest = [r for r in rows if r.is_latest and r.variant == "full"]
        assert len({r.enterprise_id for r in latest}) == len(latest) == len(in_park)  # one per enterprise
        assert all(r.is_current and r.questionnaire_version == "1.1.0" for r in latest)
    after = stats(app, world["park_a"])
    assert after["assessed"] == before["assessed"]
    expected = Counter(latest_levels(app, world["park_a"]).values())
    assert sum(after["by_level"].values()) == sum(expected.values())
