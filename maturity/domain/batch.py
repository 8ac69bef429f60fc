"""Vectorised scoring of many answer sets at once (numpy); same figures as the single path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .aggregate import EPSILON
from .answers import AnswerSet
from .model import LEVELS, Questionnaire


@dataclass(frozen=True)
class BatchPlan:
    """Incidence matrices and weights for one questionnaire, industry type and set of trimmed sub-domains."""

    requirement_ids: tuple[str, ...]
    levels: np.ndarray  # (m,) level of each requirement column
    req_to_sub: np.ndarray  # (m, S) one-hot
    sub_to_domain: np.ndarray  # (S, D)
    domain_to_element: np.ndarray  # (D, E)
    sub_weights: np.ndarray  # (S,)
    domain_weights: np.ndarray  # (D,) NaN = sum of children
    element_weights: np.ndarray  # (E,) NaN = sum of children
    group_starts: np.ndarray  # first column of each (level, sub-domain) run; columns are sorted that way
    group_columns: np.ndarray  # where each run lands in a flattened (5, S) array
    linear: np.ndarray  # (m, 5) effective weight of each requirement in each level score, for complete rows
    gate: float
    band_minima: np.ndarray  # (5,) ascending


def _configured(ids: Sequence[str], configured: dict[str, float]) -> np.ndarray:
    return np.array([configured.get(i, np.nan) for i in ids], dtype=float)


def build_plan(questionnaire: Questionnaire, industry: str, trimmed: frozenset[str] = frozenset()) -> BatchPlan:
    """Precompute everything that does not depend on the answers."""
    subs = [s.id for s in questionnaire.subdomains]
    # Columns sorted by (level, sub-domain), so each sub-domain mean is a contiguous run of columns.
    reqs = sorted(
        questionnaire.requirements_for(industry, trimmed=trimmed), key=lambda r: (r.level, subs.index(r.subdomain))
    )
    domains = [d.id for d in questionnaire.domains]
    elements = [e.id for e in questionnaire.elements]
    weights = questionnaire.scoring.weights_for(industry)
    req_to_sub = np.zeros((len(reqs), len(subs)))
    for i, r in enumerate(reqs):
        req_to_sub[i, subs.index(r.subdomain)] = 1.0
    sub_to_domain = np.zeros((len(subs), len(domains)))
    for s in questionnaire.subdomains:
        sub_to_domain[subs.index(s.id), domains.index(s.domain)] = 1.0
    domain_to_element = np.zeros((len(domains), len(elements)))
    for d in questionnaire.domains:
        domain_to_element[domains.index(d.id), elements.index(d.element)] = 1.0
    keys = [(r.level, subs.index(r.subdomain)) for r in reqs]
    starts = [i for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]
    plan = BatchPlan(
        requirement_ids=tuple(r.id for r in reqs),
        levels=np.array([r.level for r in reqs]),
        group_starts=np.array(starts),
        group_columns=np.array([(keys[i][0] - 1) * len(subs) + keys[i][1] for i in starts]),
        req_to_sub=req_to_sub,
        sub_to_domain=sub_to_domain,
        domain_to_element=domain_to_element,
        sub_weights=np.array([weights.subdomains.get(s, 1.0) for s in subs], dtype=float),
        domain_weights=_configured(domains, dict(weights.domains)),
        element_weights=_configured(elements, dict(weights.elements)),
        linear=np.zeros((len(reqs), len(LEVELS))),
        gate=questionnaire.scoring.gate,
        band_minima=np.array([m for _, m in questionnaire.scoring.bands]),
    )
    return _with_linear_weights(plan)


def _with_linear_weights(plan: BatchPlan) -> BatchPlan:
    """For rows without N/A every level score is linear in the ratings: derive each requirement's weight."""
    m = len(plan.requirement_ids)
    base = _level_scores(plan, np.ones((1, m)))[0]
    # Raising one rating by 1 from an all-ones row moves its level score by exactly its weight.
    probes = _level_scores(plan, np.ones((m, m)) + np.eye(m))
    linear = np.zeros_like(plan.linear)
    for k, level in enumerate(LEVELS):
        cols = plan.levels == level
        linear[cols, k] = probes[cols, k] - base[k]
    return BatchPlan(**{**plan.__dict__, "linear": linear})


def _weighted(
    child_weights: np.ndarray, child_means: np.ndarray, incidence: np.ndarray, configured: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Roll (n, 5, children) up to (n, 5, parents): weighted means, and weights (configured or the sum of children)."""
    shape = (*child_weights.shape[:-1], incidence.shape[1])
    # Flattened to 2-D: one large product is much faster than many small batched ones.
    flat_w = child_weights.reshape(-1, incidence.shape[0])
    wsum = (flat_w @ incidence).reshape(shape)
    num = ((flat_w * child_means.reshape(flat_w.shape)) @ incidence).reshape(shape)
    present = wsum > 0
    means = np.divide(num, wsum, out=np.zeros_like(num), where=present)
    weights = np.where(np.isnan(configured), wsum, np.nan_to_num(configured))
    return means, np.where(present, weights, 0.0)


def _level_scores(plan: BatchPlan, ratings: np.ndarray) -> np.ndarray:
    """(n, 5) level scores of rows whose N/A answers are NaN, all levels in one pass."""
    answered = (~np.isnan(ratings)).astype(float)
    values = np.nan_to_num(ratings)
    shape = (len(ratings), len(LEVELS), plan.req_to_sub.shape[1])
    counts = np.zeros((len(ratings), shape[1] * shape[2]))
    sums = np.zeros_like(counts)
    # Per-run sums: O(n·m), where a product with a (m, 5·S) incidence matrix would be O(n·m·5·S).
    counts[:, plan.group_columns] = np.add.reduceat(answered, plan.group_starts, axis=1)
    sums[:, plan.group_columns] = np.add.reduceat(values, plan.group_starts, axis=1)
    counts, sums = counts.reshape(shape), sums.reshape(shape)
    present = counts > 0
    sub_means = np.divide(sums, counts, out=np.zeros_like(sums), where=present)
    dom_means, dom_w = _weighted(present * plan.sub_weights, sub_means, plan.sub_to_domain, plan.domain_weights)
    el_means, el_w = _weighted(dom_w, dom_means, plan.domain_to_element, plan.element_weights)
    total = el_w.sum(axis=-1)
    return np.divide((el_w * el_means).sum(axis=-1), total, out=np.zeros_like(total), where=total > 0)


def totals_and_levels(level_scores: np.ndarray, gate: float, band_minima: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gated S per row (a level counts while every lower one reached the gate) and the level from the bands."""
    passed = level_scores >= gate - EPSILON
    # Level k counts when levels 1..k-1 all passed: a running product shifted by one.
    counted = np.concatenate(
        [np.ones((len(level_scores), 1), bool), np.cumprod(passed, axis=1)[:, :-1].astype(bool)], axis=1
    )
    totals = (level_scores * counted).sum(axis=1)
    levels = (totals[:, None] >= band_minima[None, :] - EPSILON).sum(axis=1)
    return totals, levels


def score_matrix(plan: BatchPlan, ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score an (n, m) rating matrix (columns in plan order, NaN = not applicable): S, levels, level scores."""
    # Complete rows are one matrix product; a NaN (N/A) rating turns its row's result NaN, and only
    # those rows take the masked path. Testing the (n, 5) result avoids a pass over the whole matrix.
    level_scores = ratings @ plan.linear
    has_na = np.isnan(level_scores).any(axis=1)
    if has_na.any():
        level_scores[has_na] = _level_scores(plan, ratings[has_na])
    totals, levels = totals_and_levels(level_scores, plan.gate, plan.band_minima)
    return totals, levels, level_scores


def ratings_matrix(plan: BatchPlan, answer_sets: Sequence[AnswerSet]) -> np.ndarray:
    """Lay validated answer sets out as rows in plan column order (unanswered = 0, N/A = NaN)."""
    out = np.zeros((len(answer_sets), len(plan.requirement_ids)))
    for i, answers in enumerate(answer_sets):
        for j, rid in enumerate(plan.requirement_ids):
            value = answers.ratings.get(rid, 0.0)
            out[i, j] = np.nan if value is None else value
    return out


def score_batch(
    questionnaire: Questionnaire, answer_sets: Sequence[AnswerSet]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score many validated answer sets; rows are grouped by industry and trimming, each group vectorised."""
    n = len(answer_sets)
    totals, levels, level_scores = np.zeros(n), np.zeros(n, dtype=int), np.zeros((n, len(LEVELS)))
    groups: dict[tuple[str, frozenset[str]], list[int]] = {}
    for i, answers in enumerate(answer_sets):
        groups.setdefault((answers.industry, frozenset(answers.trimmed)), []).append(i)
    for (industry, trimmed), rows in groups.items():
        plan = build_plan(questionnaire, industry, trimmed)
        t, lv, ls = score_matrix(plan, ratings_matrix(plan, [answer_sets[i] for i in rows]))
        totals[rows], levels[rows], level_scores[rows] = t, lv, ls
    return totals, levels, level_scores
