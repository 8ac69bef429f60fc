"""Initiatives as data: validated on load, each with its open requirements, combined rise and horizon."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
import yaml

from maturity.cli.score import score_raw
from maturity.domain.errors import QuestionnaireError
from maturity.domain.scoring import score
from maturity.questionnaires import load_questionnaire_file
from maturity.resources import resource_dir

FOLDER = resource_dir("questionnaires") / "gbt39116-2020" / "1.1.0"


def test_every_requirement_belongs_to_exactly_one_initiative(gbt):
    covered = [rid for i in gbt.initiatives for rid in i.requirements]
    assert sorted(covered) == sorted(r.id for r in gbt.requirements)
    assert all(i.name.zh and i.name.en and i.description.en for i in gbt.initiatives)
    assert [h.name.en for h in gbt.horizons] == ["0–6 months", "6–18 months", "18–36 months"]
    pdm = next(i for i in gbt.initiatives if i.id == "predictive-maintenance")
    assert {gbt.requirement_index[r].subdomain for r in pdm.requirements} == {"equipment", "production.equipment"}


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["initiatives"][0]["covers"].append("nowhere.L1"), "'nowhere.L1' matches no requirement"),
    (lambda d: d["initiatives"][0]["covers"].append("strategy.L1.09"), "'strategy.L1.09' matches no requirement"),
    (lambda d: d["initiatives"][1]["covers"].append("strategy.L1.01"), "covered by more than one initiative"),
    (lambda d: d["initiatives"][0].setdefault("depends_on", []).append("ghost"), "unknown initiative 'ghost'"),
    (lambda d: d["initiatives"][0].update(depends_on=["funded-plan-and-roles"]), "dependency cycle"),
    (lambda d: d["initiatives"].pop(), "requirements in no initiative"),
    (lambda d: d["initiatives"][0].pop("name"), "'name' is a required property"),
])
def test_a_broken_initiatives_file_is_refused_naming_the_problem(tmp_path, change, message):
    folder = tmp_path / "q"
    shutil.copytree(FOLDER, folder)
    data = yaml.safe_load((folder / "initiatives.yaml").read_text("utf-8"))
    change(data)
    (folder / "initiatives.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire_file(folder / "questionnaire.yaml")
    assert any(message in line and "initiatives.yaml" in line for line in caught.value.render("en")), caught.value


def test_the_level_3_demo_s_initiatives_rise_and_horizons():
    raw = json.loads((resource_dir("seeds") / "demo" / "demo-discrete-l3.json").read_text("utf-8"))
    result, q, answers = score_raw(raw, missing="none")
    standings = {s.initiative.id: s for s in result.initiatives}
    pdm = standings["predictive-maintenance"]
    assert pdm.horizon.id == "mid"  # level 4, after connected equipment (open at level 3, done first)
    assert standings["connected-equipment"].horizon.id == "near"
    assert standings["new-business-models"].horizon.id == "far"
    met = score(q, replace(answers, ratings={**answers.ratings, **dict.fromkeys(pdm.open, 1.0)}))
    assert met.score - result.score == pytest.approx(pdm.rise)
    planned = [s.requirement_id for s in result.plan.steps]
    assert sum(len(s.plan_steps) for s in result.initiatives) == len(planned)
    counts = [len(s.plan_steps) for s in result.initiatives]
    assert counts == sorted(counts, reverse=True)
