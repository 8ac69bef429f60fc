"""Filters (industry, size, city, year) narrow every panel: headline, breakdowns, transitions, weakest capabilities,
requirements not met, and the links behind each number; checked against what Python counts from the stored rows."""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter

import pytest
from sqlmodel import select

from maturity.models import Enterprise
from maturity.services.park_queries import Filters
from tests.conftest import AuthActions, transaction
from tests.integration.parks.test_stats import stats
from tests.integration.parks.world import LAST_YEAR, THIS_YEAR, latest_levels

pytestmark = pytest.mark.db


def profiles(app, park_id):
    with transaction(app) as s:
        return {e.id: e for e in s.exec(select(Enterprise).where(Enterprise.park_id == park_id))}


def matches(e: Enterprise, f: Filters) -> bool:
    size = f.size in (None, "above" if e.above_designated_size else "below", e.revenue_band)
    return f.industry in (None, e.industry_code) and size and f.city in (None, e.city)


def filter_cases(companies) -> list[Filters]:
    common = Counter(e.industry_code for e in companies.values()).most_common(1)[0][0]
    city = sorted({e.city for e in companies.values() if e.city})[0]
    band = sorted({e.revenue_band for e in companies.values() if e.revenue_band})[0]
    return [Filters(industry=common), Filters(size="above"), Filters(size="below"), Filters(size=band),
            Filters(city=city), Filters(year=LAST_YEAR), Filters(year=THIS_YEAR),
            Filters(industry=common, year=THIS_YEAR), Filters(size="above", city=city)]


def test_every_panel_counts_only_the_filtered_enterprises(app, world):
    park = world["park_a"]
    companies = profiles(app, park)
    by_year = {y: latest_levels(app, park, y) for y in (LAST_YEAR, THIS_YEAR)}
    overall = latest_levels(app, park)
    for f in filter_cases(companies):
        keep = {e for e, c in companies.items() if matches(c, f)}
        levels = {e: lvl for e, lvl in (by_year[f.year] if f.year else overall).items() if e in keep}
        got = stats(app, park, f)
        assert got["enterprises"] == len(keep), f
        assert got["by_level"] == {str(lvl): Counter(levels.values()).get(lvl, 0) for lvl in range(6)}, f
        assert {r["code"] for r in got["by_industry"]} == {companies[e].industry_code for e in levels}, f
        assert {r["code"] for r in got["by_city"]} == {companies[e].city for e in levels}, f
        # Transitions: the filtered year (or the latest) against the year before, among the filtered enterprises.
        if f.year == LAST_YEAR:
            assert got["transitions"]["cells"] == [], f
        else:
            before, after = by_year[LAST_YEAR], by_year[THIS_YEAR]
            pairs = Counter((before[e], after[e]) for e in keep & before.keys() & after.keys())
            moved = {(c["from"], c["to"]): c["count"] for c in got["transitions"]["cells"] if c["count"]}
            assert moved == dict(pairs), f
        # Weakest capabilities and unmet requirements: only the filtered enterprises working towards the level.
        working = [e for e, lvl in levels.items() if lvl in got["working_levels"]]
        if got["working_towards"] is not None:
            assert got["working_towards"] == len(working), f
            assert {r["code"] for r in got["heatmap"]["rows"]} <= {companies[e].industry_code for e in working}, f
        assert all(u["enterprises"] <= len(working) for u in got["unmet_requirements"]), f


def test_the_unmet_requirements_change_with_the_filter(app, world):
    park = world["park_a"]
    whole = stats(app, park)
    companies = profiles(app, park)
    narrowed = stats(app, park, Filters(industry=Counter(e.industry_code for e in companies.values())
                                        .most_common(1)[0][0]))
    if whole["target_level"] == narrowed["target_level"]:
        totals = {u["requirement"]: u["enterprises"] for u in whole["unmet_requirements"]}
        assert all(u["enterprises"] <= totals.get(u["requirement"], 10**6) for u in narrowed["unmet_requirements"])
    assert sum(u["enterprises"] for u in narrowed["unmet_requirements"]) < sum(
        u["enterprises"] for u in whole["unmet_requirements"])


def test_every_link_of_a_filtered_dashboard_carries_the_filters(app, world):
    app.config["PARK_MIN_CELL"] = 1
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    companies = profiles(app, world["park_a"])
    industry = Counter(e.industry_code for e in companies.values()).most_common(1)[0][0]
    page = client.get(f"/parks/{world['park_a']}?industry={industry}&size=above&year={THIS_YEAR}"
                      ).get_data(as_text=True)
    links = [htmllib.unescape(u) for u in re.findall(r'href="(/parks/\d+/(?:enterprises|report\.pdf|export\.xlsx)'
                                                     r'\?[^"]*)"', page)]
    assert len(links) > 10
    for url in links:
        assert f"industry={industry}" in url and f"year={THIS_YEAR}" in url, url
        assert "size=above" in url or "scale=above" in url, url
    assert 'id="transitions"' in page and "from_level=" in page
