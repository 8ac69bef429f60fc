"""Fixtures for the domain tests: the shipped questionnaire and a tiny hand-computable one."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.domain.answers import AnswerSet
from maturity.domain.model import Questionnaire
from maturity.questionnaires import load_questionnaire_file, shipped

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "questionnaire.yaml"


@pytest.fixture(scope="session")
def gbt() -> Questionnaire:
    """The shipped GB/T 39116-2020 questionnaire."""
    return shipped().get("gbt39116-2020")


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """Four sub-domains (a1 | b1, b2.x, b2.y), two requirements each per level."""
    return load_questionnaire_file(MINI)


def uniform(questionnaire: Questionnaire, per_level: dict[int, float], industry: str = "discrete",
            trimmed: dict[str, str] | None = None) -> AnswerSet:
    """Every applicable requirement at level n rated per_level[n] (0 where not given)."""
    trimmed = trimmed or {}
    ratings = {r.id: per_level.get(r.level, 0.0)
               for r in questionnaire.requirements_for(industry, trimmed=frozenset(trimmed))}
    return AnswerSet(industry=industry, ratings=ratings, trimmed=trimmed)
