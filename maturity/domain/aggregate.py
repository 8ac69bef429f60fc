"""Weighted means up the tree: sub-domain → domain → element → level score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def level_coefficients(
    questionnaire: Questionnaire, weights: WeightSet, present: Iterable[str]
) -> dict[str, float]:
    """How much a unit of each present sub-domain's mean adds to the level score.

    The level score is linear in the sub-domain means: the weights depend only on which sub-domains are
    assessed at the level, never on their values. So Σ coefficient × mean equals `aggregate_level`'s score.
    """
    sub_w = {s: weights.subdomains.get(s, 1.0) for s in present}
    domain_of = {s.id: s.domain for s in questionnaire.subdomains}
    element_of = {d.id: d.element for d in questionnaire.domains}
    domain_total = _group_totals(sub_w, domain_of)
    dom_w = {d: weights.domains.get(d, total) for d, total in domain_total.items() if total > 0}
    element_total = _group_totals(dom_w, element_of)
    el_w = {e: weights.elements.get(e, total) for e, total in element_total.items() if total > 0}
    grand = sum(el_w.values())
    coefficients = {}
    for sid, weight in sub_w.items():
        domain = domain_of[sid]
        element = element_of[domain]
        if grand <= 0 or domain not in dom_w or element not in el_w:
            coefficients[sid] = 0.0  # its parent drops out, as in aggregate_level
            continue
        coefficients[sid] = (
            weight / domain_total[domain] * dom_w[domain] / element_total[element] * el_w[element] / grand
        )
    return coefficients


def _group_totals(weights: Mapping[str, float], parent_of: Mapping[str, str]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for child, weight in weights.items():
        totals[parent_of[child]] = totals.get(parent_of[child], 0.0) + weight
    return totals
