"""Gap analysis: which unmet requirements stand between the enterprise and the next level, and what each is worth."""

from __future__ import annotations

from collections.abc import Mapping

from .aggregate import EPSILON, aggregate_level, total_score
from .answers import AnswerSet
from .model import Questionnaire
from .result import Gap


def gap_levels(level_scores: Mapping[int, float], next_level: int | None, gate: float) -> tuple[int, ...]:
    """The next level, plus any level up to it still under the gate (it blocks counting what lies above)."""
    if next_level is None:
        return ()
    blocking = [lvl for lvl in range(1, next_level) if level_scores[lvl] < gate - EPSILON]
    return tuple(sorted({*blocking, next_level}))


def find_gaps(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    means: Mapping[int, Mapping[str, float]],
    level_scores: Mapping[int, float],
    next_level: int | None,
) -> tuple[Gap, ...]:
    """Every requirement rated below fully met at the gap levels, with its exact rise in S, largest first."""
    gate = questionnaire.scoring.gate
    weights = questionnaire.scoring.weights_for(answers.industry)
    current_s, _ = total_score(level_scores, gate)
    levels = gap_levels(level_scores, next_level, gate)
    applicable = questionnaire.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed))
    counts = _answered_counts(applicable, answers)
    gaps = []
    for req in applicable:
        value = answers.ratings.get(req.id, 0.0)
        if req.level not in levels or value is None or value >= 1.0 - EPSILON:
            continue
        # Only this requirement's sub-domain mean moves, by (1 - value) / n; re-aggregate that level alone.
        raised = dict(means[req.level])
        raised[req.subdomain] += (1.0 - value) / counts[(req.level, req.subdomain)]
        new_level_score = aggregate_level(questionnaire, weights, raised).score
        new_s, _ = total_score({**level_scores, req.level: new_level_score}, gate)
        gaps.append(
            Gap(
                requirement_id=req.id,
                level=req.level,
                subdomain=req.subdomain,
                current=value,
                rise=new_s - current_s,
                level_score_rise=new_level_score - level_scores[req.level],
            )
        )
    # Ties (common: equal-weight requirements) break by level, sub-domain order, then ID, never by file order.
    order = {s.id: i for i, s in enumerate(questionnaire.subdomains)}
    return tuple(sorted(gaps, key=lambda g: (-round(g.rise, 12), g.level, order[g.subdomain], g.requirement_id)))


def _answered_counts(requirements, answers: AnswerSet) -> dict[tuple[int, str], int]:
    """How many requirements (not N/A) make up each sub-domain mean at each level."""
    counts: dict[tuple[int, str], int] = {}
    for req in requirements:
        if answers.ratings.get(req.id, 0.0) is not None:
            key = (req.level, req.subdomain)
            counts[key] = counts.get(key, 0) + 1
    return counts
