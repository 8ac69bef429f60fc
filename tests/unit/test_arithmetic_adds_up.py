"""Every printed line of the explanation recomputes by hand to its printed result (issue 10 §1)."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given

from maturity.cli.score import score_raw
from maturity.domain.scoring import score
from maturity.resources import resource_dir

from .test_scoring_properties import FAST, GBT, answer_sets

DEMOS = sorted((resource_dir("seeds") / "demo").glob("*.json"))
TERM = re.compile(r"(\d+/\d+|\d+(?:\.\d+)?)×(\d+\.\d+)")


def number(text: str) -> Fraction:
    """A printed weight or score, exactly as printed (2/19 stays 2/19)."""
    if "/" in text:
        top, bottom = text.split("/")
        return Fraction(int(top), int(bottom))
    return Fraction(Decimal(text))


def rounds_to(value: Fraction, printed: str) -> bool:
    """Whether a reader rounding `value` half-up to the printed decimals gets the printed result."""
    places = len(printed.split(".")[1]) if "." in printed else 0
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == Decimal(printed)


def check_lines(result, lang: str) -> None:
    for step in result.explanation:
        text = step.text.get(lang)
        if step.kind == "level_score" and "×" in text:
            terms = TERM.findall(text)
            printed = text.rsplit("= ", 1)[1]
            weights = [number(w) for w, _ in terms]
            assert sum(weights) == 1, text  # shown weights add up to exactly 1
            assert rounds_to(sum(w * number(x) for w, x in zip(weights, (x for _, x in terms), strict=True)),
                             printed), text
        if step.kind == "total":
            left, printed = text.split(" = ")[1:], text.rsplit(" = ", 1)[1]
            parts = left[0].split(" + ")
            assert rounds_to(sum(number(p) for p in parts), printed), text


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_explanations_recompute_by_hand(demo, lang):
    result, _q, _answers = score_raw(json.loads(demo.read_text("utf-8")), missing="none")
    check_lines(result, lang)


def test_the_level_3_demo_prints_weights_as_exact_fractions():
    result, _q, _answers = score_raw(json.loads((DEMOS[1]).read_text("utf-8")), missing="none")
    first = result.explanation[0].text.en
    assert "2/19×" in first and "12/19×" in first, first


@FAST
@given(answer_sets())
def test_any_explanation_recomputes_by_hand(answers):
    check_lines(score(GBT, answers), "en")
