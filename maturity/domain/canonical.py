"""The one spelling the answers table keeps for a rating, whatever spelling came in."""

from __future__ import annotations

from typing import Any

from .answers import _UNKNOWN, accepted_ratings, parse_rating, problem
from .errors import AnswerError
from .model import ScoringSettings


def canonical_rating(raw: Any, scoring: ScoringSettings) -> str:
    """The ID of the answer-scale step (or of not-applicable) that a rating in any spelling means.

    Stored answers use this form only, so SQL over the answers table and any later change of the
    accepted spellings agree. Raises AnswerError for a rating that is not accepted.
    """
    value = parse_rating(raw, scoring)
    if value is _UNKNOWN:
        raise AnswerError(
            [
                problem(
                    "rating",
                    f"评分 {raw!r} 无效；可接受：{accepted_ratings(scoring)}",
                    f"invalid rating {raw!r}; accepted: {accepted_ratings(scoring)}",
                    "invalid_rating",
                )
            ]
        )
    if value is None:
        return scoring.not_applicable.id
    return next(o.id for o in scoring.answer_scale if abs(o.value - value) < 1e-9)  # type: ignore[operator]
