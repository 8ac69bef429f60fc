"""Messages for readers: no CLI flags in domain messages, English plurals that agree with their count."""

from __future__ import annotations

import pytest

from maturity.domain.answers import parse_answers
from maturity.domain.errors import AnswerError
from maturity.domain.quick import parse_quick_answers
from maturity.questionnaires import shipped


def all_full(questionnaire, industry="discrete"):
    return {r.id: "full" for r in questionnaire.requirements_for(industry)}


def missing_problem(parse, questionnaire, answers):
    with pytest.raises(AnswerError) as caught:
        parse(questionnaire, {"industry": "discrete", "answers": answers})
    return next(p for p in caught.value.problems if p.code == "missing")


def test_the_missing_answers_message_names_no_command_line_flag(gbt):
    answers = all_full(gbt)
    answers.pop("strategy.L1.01")
    answers.pop("data.L2.01")
    found = missing_problem(parse_answers, gbt, answers)
    assert "--missing" not in found.message.zh and "--missing" not in found.message.en
    assert found.message.en.startswith("2 requirements have no answer: ")
    assert "strategy.L1.01" in found.message.zh and "data.L2.01" in found.message.zh


def test_one_missing_answer_is_singular_in_english(gbt):
    answers = all_full(gbt)
    answers.pop("strategy.L1.01")
    assert missing_problem(parse_answers, gbt, answers).message.en == "1 requirement has no answer: strategy.L1.01"


def test_one_missing_quick_check_answer_is_singular_in_english():
    quick = shipped().get("gbt39116-2020-quick")
    answers = {q.subdomain: 1 for q in quick.questions if q.subdomain != "sales"}
    found = missing_problem(parse_quick_answers, quick, answers)
    assert found.message.en == "no answer for sub-domain: sales" and "--missing" not in found.message.zh


def test_explanation_plurals_agree_with_their_count(mini):
    from dataclasses import replace

    from maturity.domain.explain import plural
    from maturity.domain.scoring import score
    from tests.unit.conftest import uniform

    assert plural(1, "sub-domain has", "sub-domains have") == "1 sub-domain has"
    assert plural(4, "sub-domain has", "sub-domains have") == "4 sub-domains have"
    answers = uniform(mini, {1: 1.0})
    result = score(mini, replace(answers, ratings={**answers.ratings, "b1.L1.01": None}))
    step = next(s for s in result.explanation if s.kind == "not_applicable")
    assert step.text.en.startswith("1 requirement (") and "was rated not applicable" in step.text.en
    level_1 = next(s for s in result.explanation if s.kind == "level_score")
    assert "4 sub-domains have applicable requirements" in level_1.text.en
