"""The shipped questionnaire is the GB/T 39116-2020 model, complete and bilingual."""

from __future__ import annotations

import re
from collections import Counter

from maturity.domain.model import LEVELS
from maturity.questionnaires import shipped


def test_structure_is_4_elements_12_domains_20_subdomains(gbt):
    assert (len(gbt.elements), len(gbt.domains), len(gbt.subdomains)) == (4, 12, 20)
    assert [lv.name.zh for lv in gbt.levels] == ["规划级", "规范级", "集成级", "优化级", "引领级"]


def test_at_least_200_requirements_with_readable_ids(gbt):
    assert len(gbt.requirements) >= 200
    for req in gbt.requirements:
        assert re.fullmatch(rf"{re.escape(req.subdomain)}\.L{req.level}\.\d\d", req.id)


def test_every_text_exists_in_chinese_and_english(gbt):
    for req in gbt.requirements:
        assert re.search(r"[\u4e00-\u9fff]", req.text.zh), req.id
        # English may quote a Chinese term in brackets (等级保护), nothing more.
        outside_brackets = re.sub(r"\([^)]*\)", "", req.text.en)
        assert re.search(r"[A-Za-z]{3}", req.text.en) and not re.search(r"[\u4e00-\u9fff]", outside_brackets), req.id
        assert req.evidence, req.id


def test_every_level_is_populated_for_both_industry_types(gbt):
    for industry in ("discrete", "process"):
        per_level = Counter(r.level for r in gbt.requirements_for(industry))
        assert all(per_level[lv] >= 20 for lv in LEVELS), (industry, per_level)


def test_product_design_is_discrete_only_and_manufacturing_may_be_trimmed(gbt):
    subs = gbt.subdomain_index
    assert subs["design.product"].industries == ("discrete",)
    assert not any(s.trimmable for s in gbt.subdomains if s.element != "manufacturing")
    assert any(s.trimmable for s in gbt.subdomains if s.element == "manufacturing")


def test_quick_check_asks_one_question_per_subdomain(gbt):
    quick = shipped().get("gbt39116-2020-quick")
    assert [q.subdomain for q in quick.questions] == [s.id for s in gbt.subdomains]
    assert "指示" in quick.title.zh and "indicative" in quick.title.en.lower()
