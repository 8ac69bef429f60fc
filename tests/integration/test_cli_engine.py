"""The scripting contract of `maturity questionnaire …` and `maturity score`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from maturity.cli import cli
from maturity.questionnaires import shipped
from maturity.resources import resource_dir

DEMO = resource_dir("seeds") / "demo"


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def write(tmp_path: Path, doc: object, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def demo(name: str) -> dict:
    return json.loads((DEMO / f"{name}.json").read_text("utf-8"))


def test_list_names_both_questionnaires_with_versions(run):
    result = run("questionnaire", "list")
    assert result.exit_code == 0
    assert "gbt39116-2020\t1.0.0\tfull" in result.output
    assert "gbt39116-2020-quick\t1.0.0\tquick" in result.output


def test_export_holds_the_contract_keys(run):
    data = json.loads(run("questionnaire", "export", "--format", "json").output)
    assert {"id", "version", "levels", "subdomains", "requirements"} <= set(data)
    sub = data["subdomains"][0]
    assert {"id", "element", "domain", "trimmable", "industries", "name"} <= set(sub)
    req = data["requirements"][0]
    assert {"id", "level", "subdomain", "domain", "element", "industries", "text"} <= set(req)
    assert set(req["text"]) == {"zh", "en"} and 1 <= req["level"] <= 5
    assert len(data["requirements"]) >= 200


def test_score_json_for_each_demo(run):
    expected = {"demo-discrete-l3": 3, "demo-process-l2": 2, "demo-discrete-l1": 1}
    for name, level in expected.items():
        result = run("score", str(DEMO / f"{name}.json"), "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert {"score", "level", "level_scores", "subdomains", "gaps", "explanation"} <= set(data)
        assert data["level"] == level
        assert set(data["level_scores"]) == {"1", "2", "3", "4", "5"}
        assert data["gaps"] and all(g["level"] == level + 1 for g in data["gaps"])
        rises = [g["rise"] for g in data["gaps"]]
        assert rises == sorted(rises, reverse=True)


def test_score_json_has_the_plan_the_consolidation_list_and_the_margin(run):
    data = json.loads(run("score", str(DEMO / "demo-discrete-l3.json"), "--format", "json").output)
    plan = data["plan"]
    assert set(plan) >= {"target_level", "steps", "score_after", "reachable"}
    assert plan["target_level"] == 4 and plan["reachable"] and plan["score_after"] >= 3.8
    assert all(set(step) >= {"id", "rise", "score_after"} for step in plan["steps"])
    afters = [step["score_after"] for step in plan["steps"]]
    assert afters == sorted(afters) and afters[-1] == plan["score_after"]
    assert all(set(item) >= {"id", "level", "rating"} for item in data["consolidate"])
    assert any(item["level"] == 3 for item in data["consolidate"])
    assert data["margin"] == pytest.approx(data["score"] - 2.8, abs=1e-4)
    assert data["fragility"]["answers"] == 2 and data["fragility"]["level"] == 3


def test_score_text_in_both_languages(run):
    path = str(DEMO / "demo-process-l2.json")
    zh = run("score", path, "--lang", "zh").output
    en = run("score", path, "--lang", "en").output
    assert "成熟度等级：2 级（规范级）" in zh and "总分 S = " in zh
    assert "Maturity level: 2 (Standardized)" in en and "Total S = " in en


def test_quick_check_is_scored_and_labelled_indicative(run):
    data = json.loads(run("score", str(DEMO / "quick-example.json"), "--format", "json").output)
    assert data["indicative"] is True and data["questionnaire"] == "gbt39116-2020-quick"
    assert "【指示性结果】" in run("score", str(DEMO / "quick-example.json")).output


def test_ratings_accept_words_chinese_labels_and_numbers(run, tmp_path):
    doc = demo("demo-process-l2")
    ids = list(doc["answers"])
    doc["answers"][ids[0]], doc["answers"][ids[1]], doc["answers"][ids[2]] = "全部满足", 0.8, "部分满足"
    assert run("score", write(tmp_path, doc), "--format", "json").exit_code == 0


@pytest.mark.parametrize(
    ("mutate", "needles"),
    [
        (lambda d: d["answers"].update({"data.L9.99": "full"}), ["answers.data.L9.99", "unknown requirement ID"]),
        (lambda d: d["answers"].update({"data.L2.01": "mostly"}), ["answers.data.L2.01", "'mostly'", "accepted: full"]),
        (lambda d: d["answers"].update({"data.L2.01": 0.7}), ["answers.data.L2.01", "0.7"]),
        (lambda d: d["answers"].update({"strategy.L1.01": "na"}), ["answers.strategy.L1.01", "not applicable"]),
        (lambda d: d["answers"].update({"design.product.L1.01": "full"}),
         ["answers.design.product.L1.01", "does not apply to process"]),
        (lambda d: d.update({"trimmed": {"strategy": "no"}}), ["trimmed.strategy", "may not be trimmed"]),
        (lambda d: d["answers"].pop("sales.L2.01"), ["sales.L2.01", "no answer", "--missing none"]),
        (lambda d: d.update({"industry": "mixed"}), ["industry", "'mixed'", "discrete, process"]),
        (lambda d: d.update({"questionnaire": "nope"}), ["unknown questionnaire 'nope'", "gbt39116-2020"]),
    ],
)
def test_bad_input_exits_2_naming_the_offender(run, tmp_path, mutate, needles):
    doc = demo("demo-process-l2")
    mutate(doc)
    result = run("score", write(tmp_path, doc), "--lang", "en")
    assert result.exit_code == 2
    for needle in needles:
        assert needle in result.output


def test_every_problem_is_reported_at_once(run, tmp_path):
    doc = demo("demo-process-l2")
    doc["answers"].update({"x.L1.01": "full", "y.L1.01": "full", "data.L2.01": "perhaps"})
    output = run("score", write(tmp_path, doc), "--lang", "en").output
    assert "answers.x.L1.01" in output and "answers.y.L1.01" in output and "answers.data.L2.01" in output


def test_an_invalid_rating_is_not_also_reported_missing(run, tmp_path):
    doc = demo("demo-process-l2")
    doc["answers"]["data.L2.01"] = "mostly"
    output = run("score", write(tmp_path, doc), "--lang", "en").output
    assert "answers.data.L2.01: invalid rating" in output
    assert "no answer" not in output


def test_malformed_json_names_line_and_column(run, tmp_path):
    result = run("score", write(tmp_path, '{"industry": "discrete",\n "answers": {,}}'))
    assert result.exit_code == 2
    assert "answers.json:2:" in result.output and "malformed JSON" in result.output


def test_missing_none_rates_unanswered_as_not_met(run, tmp_path):
    doc = demo("demo-discrete-l3")
    full = json.loads(run("score", write(tmp_path, doc), "--format", "json").output)
    level1 = [rid for rid in doc["answers"] if ".L1." in rid]
    for rid in level1:
        del doc["answers"][rid]
    assert run("score", write(tmp_path, doc)).exit_code == 2
    partial = json.loads(run("score", write(tmp_path, doc), "--format", "json", "--missing", "none").output)
    assert partial["level_scores"]["1"] == 0 and partial["score"] < full["score"]


def test_na_share_above_the_cap_is_refused(run, tmp_path):
    doc = demo("demo-process-l2")
    allowed = [r.id for r in shipped().get().requirements_for("process") if r.na_allowed and r.id in doc["answers"]]
    for rid in allowed[:100]:
        doc["answers"][rid] = "na"
    output = run("score", write(tmp_path, doc), "--lang", "en").output
    assert "not-applicable share" in output and "cap of 30%" in output


def test_validate_passes_every_shipped_file(run):
    result = run("questionnaire", "validate")
    assert result.exit_code == 0
    assert result.output.count("ok\t") == 3  # 1.0.0 and 1.1.0 of the full questionnaire, and the quick check


@pytest.fixture()
def authored(tmp_path) -> Path:
    """A writable copy of the shipped questionnaire, for an author to break."""
    root = tmp_path / "questionnaires"
    shutil.copytree(resource_dir("questionnaires"), root)
    return root / "gbt39116-2020" / "1.0.0"


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


@pytest.mark.parametrize(
    ("file", "change", "needles"),
    [
        ("requirements/data.yaml", lambda d: d["requirements"][1].update({"id": d["requirements"][0]["id"]}),
         ["duplicate requirement ID 'data.L1.01'"]),
        ("requirements/data.yaml", lambda d: d["requirements"][0].pop("evidence"),
         ["data.yaml: requirements/0", "'evidence' is a required property"]),
        ("requirements/data.yaml", lambda d: d["requirements"][0]["text"].pop("en"),
         ["data.yaml: requirements/0/text", "'en' is a required property"]),
        ("requirements/data.yaml", lambda d: d["requirements"][0].update({"level": 2}),
         ["data.L1.01", "must start with 'data.L2.'"]),
        ("questionnaire.yaml", lambda d: d["subdomains"][0].update({"domain": "nowhere"}),
         ["subdomains/strategy", "unknown domain 'nowhere'"]),
        ("questionnaire.yaml", lambda d: d["scoring"]["weights"]["default"].update({"elements": {"personnel": -1}}),
         ["scoring/weights/default/elements/personnel", "must be ≥ 0"]),
        ("questionnaire.yaml", lambda d: d["scoring"].update({"gate": 1.5}),
         ["scoring/gate", "1.5"]),
        ("requirements/service.product.yaml",
         lambda d: d.update({"requirements": [r for r in d["requirements"] if r["level"] != 5]}), []),
    ],
)
def test_validate_fails_clearly_on_broken_files(run, authored, file, change, needles):
    edit_yaml(authored / file, change)
    result = run("questionnaire", "validate", str(authored / "questionnaire.yaml"))
    if not needles:  # removing one sub-domain's level-5 items is allowed: others still populate level 5
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    for needle in needles:
        assert needle in result.output


def test_validate_reports_yaml_syntax_errors_with_line(run, authored):
    (authored / "requirements" / "data.yaml").write_text("kind: requirements\nsubdomain: [data\n", "utf-8")
    result = run("questionnaire", "validate", str(authored / "questionnaire.yaml"))
    assert result.exit_code == 2 and "data.yaml:3:" in result.output and "invalid YAML" in result.output


def test_validate_a_level_without_requirements(run, authored):
    for path in (authored / "requirements").glob("*.yaml"):
        edit_yaml(path, lambda d: d.update({"requirements": [r for r in d["requirements"] if r["level"] != 5]
                                            or d["requirements"]}))
    result = run("questionnaire", "validate", str(authored / "questionnaire.yaml"))
    assert result.exit_code == 2 and "level 5 has no requirement" in result.output


@pytest.mark.parametrize(("lang", "hint"), [("zh", "使用 --missing none"), ("en", "pass --missing none")])
def test_the_cli_adds_its_own_missing_hint_in_the_chosen_language(run, tmp_path, lang, hint):
    doc = demo("quick-example")
    doc["answers"].pop("sales")
    result = run("score", write(tmp_path, doc), "--lang", lang)
    assert result.exit_code == 2 and "sales" in result.output and hint in result.output


def test_no_missing_hint_when_nothing_is_missing(run, tmp_path):
    doc = demo("demo-process-l2")
    doc["answers"]["data.L2.01"] = "mostly"
    assert "--missing" not in run("score", write(tmp_path, doc), "--lang", "en").output
