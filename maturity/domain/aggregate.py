"""Weighted means up the tree: sub-domain → domain → element → level score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import LEVELS, Questionnaire, ScoringSettings, WeightSet


@dataclass(frozen=True)
class LevelAggregate:
    """One level's weighted means at every layer, and the weights that produced them."""

    score: float
    domain_scores: Mapping[str, float]
    element_scores: Mapping[str, float]
    subdomain_weights: Mapping[str, float]
    domain_weights: Mapping[str, float]
    element_weights: Mapping[str, float]


def weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """Σ w·x / Σ w over the keys of `values`; None when the weights sum to zero."""
    total = sum(weights[k] for k in values)
    if total <= 0:
        return None
    return sum(weights[k] * values[k] for k in values) / total


def _roll_up(
    child_scores: Mapping[str, float],
    child_weights: Mapping[str, float],
    parent_of: Mapping[str, str],
    configured: Mapping[str, float],
) -> tuple[dict[str, float], dict[str, float]]:
    """Group children by parent; a parent's score is their weighted mean, its weight as configured or their sum."""
    groups: dict[str, dict[str, float]] = {}
    for child, score in child_scores.items():
        groups.setdefault(parent_of[child], {})[child] = score
    scores: dict[str, float] = {}
    weights: dict[str, float] = {}
    for parent, members in groups.items():
        mean = weighted_mean(members, child_weights)
        if mean is None:
            continue  # every child weighs zero: the parent drops out, like an inapplicable one
        scores[parent] = mean
        weights[parent] = configured.get(parent, sum(child_weights[c] for c in members))
    return scores, weights


def aggregate_level(
    questionnaire: Questionnaire, weights: WeightSet, subdomain_means: Mapping[str, float]
) -> LevelAggregate:
    """Aggregate one level's sub-domain means (only those assessed at that level) into its level score."""
    sub_weights = {s: weights.subdomains.get(s, 1.0) for s in subdomain_means}
    domain_of = {s.id: s.domain for s in questionnaire.subdomains}
    element_of = {d.id: d.element for d in questionnaire.domains}
    domain_scores, domain_weights = _roll_up(subdomain_means, sub_weights, domain_of, weights.domains)
    element_scores, element_weights = _roll_up(domain_scores, domain_weights, element_of, weights.elements)
    score = weighted_mean(element_scores, element_weights)
    return LevelAggregate(
        score=score if score is not None else 0.0,
        domain_scores=domain_scores,
        element_scores=element_scores,
        subdomain_weights=sub_weights,
        domain_weights=domain_weights,
        element_weights=element_weights,
    )


# Sums of floats land a hair off exact band edges (0.1 + 0.7 = 0.7999…); a
# score this close to a threshold counts as reaching it.
EPSILON = 1e-9


def total_score(level_scores: Mapping[int, float], gate: float) -> tuple[float, tuple[int, ...]]:
    """S and the levels counted: add levels upward until one scores under the gate (that one still counts)."""
    total, counted = 0.0, []
    for level in LEVELS:
        total += level_scores[level]
        counted.append(level)
        if level_scores[level] < gate - EPSILON:
            break
    return total, tuple(counted)


def level_from_score(score: float, scoring: ScoringSettings) -> int:
    """The highest level whose band minimum S reaches; 0 means not yet level 1."""
    reached = [level for level, minimum in scoring.bands if score >= minimum - EPSILON]
    return max(reached, default=0)
