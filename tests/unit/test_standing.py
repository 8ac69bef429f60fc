"""Strongest and weakest sub-domain: one documented rule, the level named, never a level without requirements."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from maturity.cli.score import score_raw
from maturity.domain.scoring import score
from maturity.reporting.context import strongest_weakest
from maturity.resources import resource_dir

from .conftest import uniform

DEMOS = sorted((resource_dir("seeds") / "demo").glob("*.json"))


def scored(name: str):
    return score_raw(json.loads((resource_dir("seeds") / "demo" / name).read_text("utf-8")), missing="none")


def test_the_level_3_demo_is_judged_at_level_4_where_production_operations_leads():
    result, q, _answers = scored("demo-discrete-l3.json")
    strong, weak = strongest_weakest(result, q, "zh")
    assert "生产作业" in strong and "第 4 级" in strong and "0.90" in strong
    assert "生产作业" not in weak and "第 4 级" in weak
    strong_en, weak_en = strongest_weakest(result, q, "en")
    assert "Production operations" in strong_en and "level 4" in strong_en


def test_no_sentence_names_a_range_of_one_level():
    for demo in DEMOS:
        result, q, _answers = score_raw(json.loads(demo.read_text("utf-8")), missing="none")
        for lang in ("zh", "en"):
            for sentence in strongest_weakest(result, q, lang) or ():
                assert not re.search(r"第 ?(\d) ?至 ?\1 ?级|levels (\d) to \2\b", sentence), sentence


def test_product_service_is_never_described_at_a_level_where_it_has_no_requirements(gbt):
    answers = uniform(gbt, {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.0})
    ratings = dict(answers.ratings)
    for req in gbt.requirements:
        if req.subdomain == "service.product" and req.level == 3:
            ratings[req.id] = 0.5 if req.id.endswith("01") else 0.6
    result = score(gbt, replace(answers, ratings=ratings))
    _strong, weak = strongest_weakest(result, gbt, "zh")
    assert "产品服务" in weak
    assert "第 3 级" in weak and "第 1 级" not in weak and "第 2 级" not in weak
    _strong, weak_en = strongest_weakest(result, gbt, "en")
    assert "level 3" in weak_en and "level 1" not in weak_en and "level 2" not in weak_en
