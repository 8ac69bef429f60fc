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
    """Incidence matrices and weights for one questionnaire, industry type and set of trimmed sub-domains.

    Columns are requirements sorted by (level, sub-domain), so each sub-domain mean at a level is a
    contiguous run of columns (a "group"). Domains and elements are indexed per level: (level, id).
    """

    requirement_ids: tuple[str, ...]
    levels: np.ndarray  # (m,) level of each requirement column
    group_starts: np.ndarray  # (G,) first column of each (level, sub-domain) run
    group_weights: np.ndarray  # (G,) weight of the run's sub-domain
    group_to_domain: np.ndarray  # (G, 5·D) one-hot: the run's (level, domain)
    domain_weights: np.ndarray  # (5·D,) configured weight, NaN = sum of children
    domain_to_element: np.ndarray  # (5·D, 5·E)
    element_weights: np.ndarray  # (5·E,) configured weight, NaN = sum of children
    element_to_level: np.ndarray  # (5·E, 5)
    linear: np.ndarray  # (m, 5) effective weight of each requirement in each level score, for complete rows
    gate: float
    band_minima: np.ndarray  # (5,) ascending


def _configured(ids: Sequence[str], configured: dict[str, float]) -> np.ndarray:
    """Configured weights repeated for each level; NaN where the default (sum of children) applies."""
    return np.tile(np.array([configured.get(i, np.nan) for i in ids], dtype=float), len(LEVELS))


def _one_hot(rows: Sequence[int], width: int) -> np.ndarray:
    out = np.zeros((len(rows), width))
    out[np.arange(len(rows)), rows] = 1.0
    return out


def build_plan(questionnaire: Questionnaire, industry: str, trimmed: frozenset[str] = frozenset()) -> BatchPlan:
    """Precompute everything that does not depend on the answers."""
    subs = {s.id: s for s in questionnaire.subdomains}
    order = {sid: i for i, sid in enumerate(subs)}
    reqs = sorted(
        questionnaire.requirements_for(industry, trimmed=trimmed), key=lambda r: (r.level, order[r.subdomain])
    )
    domains = [d.id for d in questionnaire.domains]
    elements = [e.id for e in questionnaire.elements]
    element_of = {d.id: d.element for d in questionnaire.domains}
    n_d, n_e = len(domains), len(elements)
    weights = questionnaire.scoring.weights_for(industry)
    keys = [(r.level, r.subdomain) for r in reqs]
    starts = [i for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]
    groups = [keys[i] for i in starts]
    per_level_domain = [(lv - 1) * n_d + domains.index(d) for lv in LEVELS for d in domains]
    plan = BatchPlan(
        requirement_ids=tuple(r.id for r in reqs),
        levels=np.array([r.level for r in reqs]),
        group_starts=np.array(starts),
        group_weights=np.array([weights.subdomains.get(sid, 1.0) for _, sid in groups], dtype=float),
        group_to_domain=_one_hot(
            [(lv - 1) * n_d + domains.index(subs[sid].domain) for lv, sid in groups], len(LEVELS) * n_d
        ),
        domain_weights=_configured(domains, dict(weights.domains)),
        domain_to_element=_one_hot(
            [(i // n_d) * n_e + elements.index(element_of[domains[i % n_d]]) for i in per_level_domain],
            len(LEVELS) * n_e,
        ),
        element_weights=_configured(elements, dict(weights.elements)),
        element_to_level=_one_hot([i // n_e for i in range(len(LEVELS) * n_e)], len(LEVELS)),
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
    """Roll (n, children) up to (n, parents): weighted means, and weights (configured or the sum of children)."""
    wsum = child_weights @ incidence
    num = (child_weights * child_means) @ incidence
    present = wsum > 0
    means = np.divide(num, wsum, out=np.zeros_like(num), where=present)
    weights = np.where(np.isnan(configured), wsum, np.nan_to_num(configured))
    return means, np.where(present, weights, 0.0)


def _level_scores(plan: BatchPlan, ratings: np.ndarray) -> np.ndarray:
    """(n, 5) level scores of rows whose N/A answers are NaN, all levels in one pass."""
    answered = np.isnan(ratings)
    np.logical_not(answered, out=answered)
    values = np.nan_to_num(ratings)
    # Per-run sums: O(n·m), where a product with an (m, 5·S) incidence matrix would be O(n·m·5·S).
    counts = np.add.reduceat(answered, plan.group_starts, axis=1, dtype=float)
    sums = np.add.reduceat(values, plan.group_starts, axis=1)
    present = counts > 0
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=present)
    dom_means, dom_w = _weighted(present * plan.group_weights, means, plan.group_to_domain, plan.domain_weights)
    el_means, el_w = _weighted(dom_w, dom_means, plan.domain_to_element, plan.element_weights)
    total = el_w @ plan.element_to_level
    num = (el_w * el_means) @ plan.element_to_level
    return np.divide(num, total, out=np.zeros_like(total), where=total > 0)


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
