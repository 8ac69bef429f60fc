"""What-if scoring: level scores and S after changing some ratings, without scoring everything again.

A sub-domain mean is linear in its ratings and a level score is linear in its sub-domain means (the weights
depend only on which sub-domains are assessed, never on the values), so each rating moves its level score
by a fixed amount per unit: `slope`. The plan and the consolidation list ask thousands of such questions.
"""

from __future__ import annotations

from collections.abc import Mapping

from .aggregate import level_coefficients, level_from_score, total_score
from .answers import AnswerSet
from .model import LEVELS, Questionnaire, Requirement


class WhatIf:
    """The answered (not N/A) requirements of one answer set, their slopes and the current level scores."""

    def __init__(self, questionnaire: Questionnaire, answers: AnswerSet, level_scores: Mapping[int, float]):
        self.scoring = questionnaire.scoring
        self.order = {s.id: i for i, s in enumerate(questionnaire.subdomains)}
        applicable = questionnaire.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed))
        answered = [r for r in applicable if answers.ratings.get(r.id, 0.0) is not None]
        counts: dict[tuple[int, str], int] = {}
        for req in answered:
            counts[(req.level, req.subdomain)] = counts.get((req.level, req.subdomain), 0) + 1
        weights = self.scoring.weights_for(answers.industry)
        slopes: dict[tuple[int, str], float] = {}
        for level in LEVELS:
            present = [s for (lvl, s) in counts if lvl == level]
            for sid, c in level_coefficients(questionnaire, weights, present).items():
                slopes[(level, sid)] = c / counts[(level, sid)]
        self.requirements: dict[str, Requirement] = {r.id: r for r in answered}
        self.ratings: dict[str, float] = {r.id: float(answers.ratings.get(r.id, 0.0) or 0.0) for r in answered}
        self.slopes = slopes
        self.level_scores = dict(level_scores)

    def slope(self, rid: str) -> float:
        """How much the requirement's level score moves per unit of its rating."""
        req = self.requirements[rid]
        return self.slopes[(req.level, req.subdomain)]

    def score(self, level_scores: Mapping[int, float] | None = None) -> float:
        """S of the given (default: current) level scores."""
        return total_score(level_scores or self.level_scores, self.scoring.gate)[0]

    def level(self, level_scores: Mapping[int, float] | None = None) -> int:
        """The level of the given (default: current) level scores."""
        return level_from_score(self.score(level_scores), self.scoring)

    def scores_if(self, rid: str, value: float) -> dict[int, float]:
        """The level scores if `rid` were rated `value`."""
        level = self.requirements[rid].level
        moved = dict(self.level_scores)
        moved[level] += self.slope(rid) * (value - self.ratings[rid])
        return moved

    def set(self, rid: str, value: float) -> None:
        """Rate `rid` `value` from now on."""
        self.level_scores = self.scores_if(rid, value)
        self.ratings[rid] = value

    def sort_key(self, rid: str) -> tuple[int, int, str]:
        """Ties break by level, sub-domain order, then ID, never by file order."""
        req = self.requirements[rid]
        return req.level, self.order[req.subdomain], rid

    def copy(self) -> WhatIf:
        """An independent copy: changing it leaves this one as it is."""
        twin = object.__new__(WhatIf)
        twin.__dict__.update(self.__dict__)
        twin.ratings = dict(self.ratings)
        twin.level_scores = dict(self.level_scores)
        return twin
