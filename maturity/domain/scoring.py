"""The GB/T 39117 method: ratings → sub-domain means per level → weighted level scores → gated S → level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from .aggregate import LevelAggregate, aggregate_level, level_from_score, total_score
from .answers import AnswerSet
from .consolidate import consolidate
from .explain import explain
from .gaps import find_gaps
from .initiatives import initiative_standings
from .model import LEVELS, Questionnaire
from .plan import make_plan
from .result import NodeScore, ScoreResult
from .whatif import WhatIf


def subdomain_means(questionnaire: Questionnaire, answers: AnswerSet) -> dict[int, dict[str, float]]:
    """Per level, the mean rating of each sub-domain's applicable, answered (not N/A) requirements."""
    buckets: dict[int, dict[str, list[float]]] = {level: {} for level in LEVELS}
    for req in questionnaire.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed)):
        value = answers.ratings.get(req.id, 0.0)
        if value is None:
            continue  # not applicable: out of the denominator
        buckets[req.level].setdefault(req.subdomain, []).append(value)
    return {level: {s: sum(v) / len(v) for s, v in subs.items()} for level, subs in buckets.items()}


def aggregate_levels(
    questionnaire: Questionnaire, industry: str, means: Mapping[int, Mapping[str, float]]
) -> dict[int, LevelAggregate]:
    """Aggregate every level with the industry's weights."""
    weights = questionnaire.scoring.weights_for(industry)
    return {level: aggregate_level(questionnaire, weights, means[level]) for level in LEVELS}


def score(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    *,
    indicative: bool = False,
    result_id: tuple[str, str] | None = None,
) -> ScoreResult:
    """Score a validated answer set; `result_id` overrides the (questionnaire ID, version) recorded."""
    result, means, levels = _figures(questionnaire, answers, indicative, result_id)
    whatif = WhatIf(questionnaire, answers, result.level_scores)
    plan = make_plan(whatif, result.level)
    result = replace(result, gaps=find_gaps(whatif, result.next_level), plan=plan,
                     consolidation=consolidate(whatif, result.level, means),
                     initiatives=initiative_standings(questionnaire, whatif, result.level, plan))
    return with_explanation(questionnaire, result, levels)


def figures(questionnaire: Questionnaire, answers: AnswerSet, *, indicative: bool = False) -> ScoreResult:
    """S, level and every layer's scores of an answer set, without gaps, plan or explanation (cheap: a draft's)."""
    return _figures(questionnaire, answers, indicative, None)[0]


def _figures(
    questionnaire: Questionnaire, answers: AnswerSet, indicative: bool, result_id: tuple[str, str] | None
) -> tuple[ScoreResult, dict[int, dict[str, float]], dict[int, LevelAggregate]]:
    means = subdomain_means(questionnaire, answers)
    levels = aggregate_levels(questionnaire, answers.industry, means)
    applicable = questionnaire.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed))
    na_count = sum(1 for r in applicable if answers.ratings.get(r.id, 0.0) is None)
    result = from_means(
        questionnaire, answers.industry, means, levels, indicative=indicative,
        result_id=result_id or (questionnaire.id, questionnaire.version),
        counts=(len(applicable), na_count), trimmed=answers.trimmed,
    )
    return result, means, levels


def from_means(
    questionnaire: Questionnaire,
    industry: str,
    means: Mapping[int, Mapping[str, float]],
    levels: Mapping[int, LevelAggregate],
    *,
    indicative: bool,
    result_id: tuple[str, str],
    counts: tuple[int, int],
    trimmed: Mapping[str, str],
) -> ScoreResult:
    """The result's figures from the sub-domain means per level: S, level, every layer's scores.

    Gaps, plan, consolidation, initiatives and the explanation are left empty: they need the answers
    (`score`) or a stored result (`maturity.domain.restore`).
    """
    level_scores = {level: agg.score for level, agg in levels.items()}
    s, counted = total_score(level_scores, questionnaire.scoring.gate)
    level = level_from_score(s, questionnaire.scoring)
    next_level = level + 1 if level < max(LEVELS) else None
    return ScoreResult(
        questionnaire_id=result_id[0],
        questionnaire_version=result_id[1],
        industry=industry,
        indicative=indicative,
        score=s,
        level=level,
        level_name=questionnaire.level_name(level),
        level_scores=MappingProxyType(level_scores),
        counted_levels=counted,
        elements=_nodes(questionnaire, levels, "element"),
        domains=_nodes(questionnaire, levels, "domain"),
        subdomains=_subdomain_nodes(questionnaire, levels, means),
        applicable_count=counts[0],
        na_count=counts[1],
        trimmed=MappingProxyType(dict(trimmed)),
        gaps=(),
        next_level=next_level,
        next_level_min_score=questionnaire.scoring.band_minimum(next_level) if next_level else None,
        explanation=(),
        band_min_score=questionnaire.scoring.band_minimum(level) if level else 0.0,
    )


def with_explanation(
    questionnaire: Questionnaire, result: ScoreResult, levels: Mapping[int, LevelAggregate]
) -> ScoreResult:
    """The result with its explanation trace (which reads the figures, never the answers)."""
    return replace(result, explanation=explain(questionnaire, result, levels))


def _nodes(questionnaire: Questionnaire, levels: Mapping[int, LevelAggregate], layer: str) -> tuple[NodeScore, ...]:
    """Element or domain scores across levels, in questionnaire order."""
    items: Sequence = questionnaire.elements if layer == "element" else questionnaire.domains
    nodes = []
    for node in items:
        scores = {lvl: getattr(agg, f"{layer}_scores").get(node.id) for lvl, agg in levels.items()}
        weights = {
            lvl: getattr(agg, f"{layer}_weights")[node.id]
            for lvl, agg in levels.items()
            if node.id in getattr(agg, f"{layer}_weights")
        }
        parent = getattr(node, "element", None)
        nodes.append(NodeScore(node.id, layer, parent, node.name, MappingProxyType(scores), MappingProxyType(weights)))
    return tuple(nodes)


def _subdomain_nodes(
    questionnaire: Questionnaire, levels: Mapping[int, LevelAggregate], means: Mapping[int, Mapping[str, float]]
) -> tuple[NodeScore, ...]:
    """Sub-domain means across levels, in questionnaire order."""
    nodes = []
    for sub in questionnaire.subdomains:
        scores = {lvl: means[lvl].get(sub.id) for lvl in LEVELS}
        weights = {lvl: agg.subdomain_weights[sub.id] for lvl, agg in levels.items() if sub.id in agg.subdomain_weights}
        nodes.append(
            NodeScore(sub.id, "subdomain", sub.domain, sub.name, MappingProxyType(scores), MappingProxyType(weights))
        )
    return tuple(nodes)
