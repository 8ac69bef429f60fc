"""How much of a draft is answered "not applicable", against the questionnaire's cap, while it is answered."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .answers import parse_rating, rating_lookup, split_entry
from .model import Questionnaire

# The same tolerance as the submission check, so the count shown and the refusal never disagree.
EPSILON = 1e-12


@dataclass(frozen=True)
class NotApplicableUsage:
    """N/A answers among the requirements still assessed, and the cap they must stay within."""

    requirement_ids: tuple[str, ...]  # answered N/A, in questionnaire order
    total: int  # requirements assessed (industry type, trimming)
    cap: float  # the largest accepted share

    @property
    def count(self) -> int:
        """How many requirements are answered N/A."""
        return len(self.requirement_ids)

    @property
    def share(self) -> float:
        """N/A answers as a share of the requirements assessed (0 when there are none)."""
        return self.count / self.total if self.total else 0.0

    @property
    def allowed(self) -> int:
        """The most N/A answers the cap accepts for this many requirements."""
        return math.floor((self.cap + EPSILON) * self.total)

    @property
    def to_change(self) -> int:
        """How many N/A answers must become ratings before the assessment can be submitted."""
        return max(0, self.count - self.allowed)

    @property
    def exceeded(self) -> bool:
        """Whether the share is over the cap."""
        return self.to_change > 0


def not_applicable_usage(
    questionnaire: Questionnaire, industry: str, trimmed: Mapping[str, str], answers: Mapping[str, Any]
) -> NotApplicableUsage:
    """Count the N/A answers of a (possibly incomplete) draft; unknown or invalid entries are not counted."""
    scoring = questionnaire.scoring
    spellings = rating_lookup(scoring)
    assessed = questionnaire.requirements_for(industry, trimmed=frozenset(trimmed))
    na = tuple(
        r.id
        for r in assessed
        if r.id in answers
        and split_entry(answers[r.id])[0] is not None
        and parse_rating(split_entry(answers[r.id])[0], scoring, spellings) is None
    )
    return NotApplicableUsage(requirement_ids=na, total=len(assessed), cap=scoring.not_applicable.max_share)
