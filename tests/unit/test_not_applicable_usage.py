"""The N/A count shown while answering agrees with the cap that submission enforces."""

from __future__ import annotations

import pytest

from maturity.domain.answers import parse_answers
from maturity.domain.errors import AnswerError
from maturity.domain.not_applicable import not_applicable_usage


def with_na(gbt, count):
    """Every discrete requirement answered, the first `count` that allow it N/A."""
    allowed = [r.id for r in gbt.requirements_for("discrete") if r.na_allowed][:count]
    return {r.id: ("na" if r.id in allowed else "full") for r in gbt.requirements_for("discrete")}


@pytest.mark.parametrize("count", [0, 1, 73, 74, 75, 100])
def test_exceeded_exactly_when_submission_refuses_the_share(gbt, count):
    answers = with_na(gbt, count)
    usage = not_applicable_usage(gbt, "discrete", {}, answers)
    try:
        parse_answers(gbt, {"industry": "discrete", "answers": answers})
        refused = False
    except AnswerError as exc:
        refused = any(p.code == "na_share" for p in exc.problems)
    assert usage.count == count and usage.total == 248
    assert usage.exceeded is refused
    assert usage.to_change == max(0, count - 74)  # 30 % of 248 is 74.4


def test_counts_every_spelling_of_not_applicable_and_ignores_trimmed_and_unanswered(gbt):
    subject = [r for r in gbt.requirements_for("discrete") if r.na_allowed]
    trimmed_one = next(r for r in subject if r.subdomain == "logistics")
    others = [r for r in subject if r.subdomain != "logistics"]
    answers = {
        others[0].id: "na",
        others[1].id: "不适用",
        others[2].id: {"rating": "N/A", "comment": "no such line"},
        others[3].id: "full",
        others[4].id: None,
        trimmed_one.id: "na",
    }
    usage = not_applicable_usage(gbt, "discrete", {"logistics": "outsourced"}, answers)
    assert usage.requirement_ids == tuple(r.id for r in others[:3])
    assert usage.total == len(gbt.requirements_for("discrete", trimmed=frozenset({"logistics"})))
    assert usage.share == pytest.approx(3 / usage.total) and not usage.exceeded
