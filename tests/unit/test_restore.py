"""A stored result read back (means from the score rows, lists from the snapshot) is the result scoring gave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maturity.cli.score import score_raw
from maturity.domain.restore import restorable, restore_result
from maturity.domain.serialize import result_to_dict

DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def stored_means(result):
    """What the subdomain_scores rows keep: each sub-domain's mean per level where it has one."""
    means: dict[int, dict[str, float]] = {}
    for node in result.subdomains:
        for level, value in node.scores.items():
            if value is not None:
                means.setdefault(level, {})[node.id] = value
    return means


@pytest.mark.parametrize("demo", sorted(p.name for p in DEMO.glob("*.json")))
def test_a_restored_result_reads_as_the_scored_one(demo):
    result, q, _ = score_raw(json.loads((DEMO / demo).read_text("utf-8")), missing="none")
    snapshot = result_to_dict(result, q, exact=True)
    assert restorable(snapshot) and not restorable({k: v for k, v in snapshot.items() if k != "plan"})
    back = restore_result(q, stored_means(result), snapshot,
                          result_id=(result.questionnaire_id, result.questionnaire_version),
                          indicative=result.indicative)
    assert (back.score, back.level, dict(back.level_scores), back.counted_levels) == (
        result.score, result.level, dict(result.level_scores), result.counted_levels)
    assert back.elements == result.elements and back.domains == result.domains
    assert back.subdomains == result.subdomains
    assert back.explanation == result.explanation  # both languages, every printed digit
    assert [s.requirement_id for s in back.plan.steps] == [s.requirement_id for s in result.plan.steps]
    assert back.consolidation == result.consolidation
    assert [(i.initiative, i.open, i.horizon) for i in back.initiatives] == [
        (i.initiative, i.open, i.horizon) for i in result.initiatives]
    assert [g.requirement_id for g in back.gaps] == [g.requirement_id for g in result.gaps]
    assert (back.margin, back.shortfall, back.na_share) == (result.margin, result.shortfall, result.na_share)


@pytest.mark.parametrize("demo", sorted(p.name for p in DEMO.glob("*.json")))
def test_the_page_and_the_report_say_the_same_from_a_restored_result(demo):
    from maturity.domain.benchmarks import benchmark
    from maturity.reference import shipped_reference
    from maturity.reporting.executive import executive
    from maturity.reporting.roadmap import road_view

    result, q, answers = score_raw(json.loads((DEMO / demo).read_text("utf-8")), missing="none")
    back = restore_result(q, stored_means(result), result_to_dict(result, q, exact=True),
                          result_id=(result.questionnaire_id, result.questionnaire_version),
                          indicative=result.indicative)
    bench = benchmark(result.level, shipped_reference(), region="32", industry="C34")
    for lang in ("zh", "en"):
        assert executive(back, q, bench, lang) == executive(result, q, bench, lang)
        assert road_view(back, q, answers, lang) == road_view(result, q, answers, lang)
