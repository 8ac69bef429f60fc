"""Questionnaire versions: every published one stays loadable; answers map across them by ID."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maturity.domain.errors import UnknownQuestionnaire
from maturity.domain.instrument import instrument
from maturity.domain.versioning import map_answers, version_key
from maturity.questionnaires import shipped

DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


def test_registry_keeps_every_version_and_defaults_to_the_newest():
    registry = shipped()
    assert registry.versions("gbt39116-2020") == ["1.0.0", "1.1.0"]
    assert registry.get("gbt39116-2020").version == "1.1.0"
    assert registry.get("gbt39116-2020", "1.0.0").version == "1.0.0"
    with pytest.raises(UnknownQuestionnaire, match="1.0.0, 1.1.0"):
        registry.get("gbt39116-2020", "9.9.9")


def test_version_strings_sort_numerically():
    assert sorted(["1.10.0", "1.9.0", "1.1.0"], key=version_key) == ["1.1.0", "1.9.0", "1.10.0"]


def test_version_1_1_adds_rewords_removes_and_replaces_a_requirement():
    old, new = shipped().get("gbt39116-2020", "1.0.0"), shipped().get("gbt39116-2020", "1.1.0")
    old_ids, new_ids = set(old.requirement_index), set(new.requirement_index)
    assert new_ids - old_ids == {"security.L2.04", "security.L3.04"}
    assert old_ids - new_ids == {"security.L1.03", "security.L3.03"}
    assert new.changes.removed == ("security.L1.03",)
    assert dict(new.changes.replaces) == {"security.L3.04": "security.L3.03"}
    assert new.requirement_index["data.L1.02"].text != old.requirement_index["data.L1.02"].text
    assert "data.L1.02" in new.changes.reworded


def test_answers_to_1_0_map_onto_1_1_by_id_with_replacements_and_new_items_listed():
    raw = demo("demo-discrete-l3.json")
    chain = shipped().chain("gbt39116-2020", "1.0.0", "1.1.0")
    mapping = map_answers(raw["answers"], chain, raw["industry"], raw.get("trimmed") or {})
    assert mapping.new == ("security.L2.04",)
    assert mapping.replaced == {"security.L3.04": "security.L3.03"}
    assert mapping.answers["security.L3.04"] == raw["answers"]["security.L3.03"]
    assert "security.L1.03" in mapping.dropped and "security.L3.03" not in mapping.dropped
    assert mapping.answers["data.L1.02"] == raw["answers"]["data.L1.02"]


def test_a_stored_1_0_answer_set_still_scores_under_1_0_when_1_1_exists():
    """Defect 2 of issue 7: adding a version must not break answers given to the earlier one."""
    raw = demo("demo-discrete-l3.json")
    inst = instrument(shipped().get(raw["questionnaire"], raw["questionnaire_version"]))
    result = inst.score(inst.parse(raw))
    assert (result.questionnaire_version, result.level) == ("1.0.0", 3)


def test_mapped_answers_score_under_1_1_with_the_new_requirement_rated_not_met():
    raw = demo("demo-discrete-l3.json")
    chain = shipped().chain("gbt39116-2020", "1.0.0", "1.1.0")
    mapping = map_answers(raw["answers"], chain, raw["industry"], raw.get("trimmed") or {})
    inst = instrument(chain[-1])
    answers = inst.parse({**raw, "answers": mapping.answers, "trimmed": mapping.trimmed}, missing="none")
    assert answers.ratings["security.L2.04"] == 0.0
    assert inst.score(answers).questionnaire_version == "1.1.0"


def test_the_validated_registry_is_cached_and_the_cache_follows_the_files(tmp_path, monkeypatch):
    import shutil

    from maturity.questionnaires import registry
    from maturity.resources import resource_dir

    root = tmp_path / "questionnaires"
    shutil.copytree(resource_dir("questionnaires"), root)
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(tmp_path / "cache"))
    first = registry.load_cached(root)
    assert len(list((tmp_path / "cache").glob("registry-*.pickle"))) == 1
    assert registry.load_cached(root).get().version == first.get().version
    edited = root / "gbt39116-2020" / "1.1.0" / "questionnaire.yaml"
    edited.write_text(edited.read_text("utf-8").replace("智能制造能力成熟度自评估问卷", "已修改的问卷", 1), "utf-8")
    assert registry.load_cached(root).get().title.zh.startswith("已修改的问卷")
    assert len(list((tmp_path / "cache").glob("registry-*.pickle"))) == 2
