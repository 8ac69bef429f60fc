"""Comments and trimming reasons have a maximum length, enforced where answers are parsed (API, import, CLI)."""

from __future__ import annotations

import pytest

from maturity.domain.answers import parse_answers
from maturity.domain.errors import AnswerError
from maturity.domain.limits import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH
from maturity.domain.quick import parse_quick_answers
from maturity.questionnaires import shipped


def full_answers(gbt, **extra):
    return {"industry": "discrete", "answers": {r.id: "full" for r in gbt.requirements_for("discrete")}, **extra}


def test_a_comment_at_the_maximum_is_accepted_and_one_longer_is_refused_naming_the_requirement(gbt):
    raw = full_answers(gbt)
    raw["answers"]["data.L2.01"] = {"rating": "full", "comment": "注" * COMMENT_MAX_LENGTH}
    assert parse_answers(gbt, raw).comments["data.L2.01"] == "注" * COMMENT_MAX_LENGTH
    raw["answers"]["data.L2.01"]["comment"] += "x"
    with pytest.raises(AnswerError) as caught:
        parse_answers(gbt, raw)
    problem = caught.value.problems[0]
    assert problem.where == "answers.data.L2.01.comment" and problem.code == "too_long"
    assert "data.L2.01" in problem.message.en and str(COMMENT_MAX_LENGTH) in problem.message.en
    assert "data.L2.01" in problem.message.zh and "备注" in problem.message.zh


def test_a_trimming_reason_longer_than_the_maximum_is_refused(gbt):
    raw = full_answers(gbt)
    raw["answers"] = {k: v for k, v in raw["answers"].items() if not k.startswith("logistics.")}
    raw["trimmed"] = {"logistics": "r" * (REASON_MAX_LENGTH + 1)}
    with pytest.raises(AnswerError) as caught:
        parse_answers(gbt, raw)
    assert caught.value.problems[0].where == "trimmed.logistics"
    assert str(REASON_MAX_LENGTH) in caught.value.problems[0].message.zh
    quick = shipped().get("gbt39116-2020-quick")
    with pytest.raises(AnswerError):
        parse_quick_answers(quick, {"industry": "discrete", "answers": {}, "trimmed": raw["trimmed"]}, missing="none")
