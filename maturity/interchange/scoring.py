"""Scores of many valid records at once, with the vectorised batch path of the domain (same figures as `score`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..domain.batch import build_plan, score_matrix
from ..domain.model import LEVELS, Questionnaire
from .records import Record


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def _group_key(record: Record) -> tuple[int, str, frozenset[str]]:
    return id(record.sheet.questionnaire), str(record.industry), frozenset(record.trimmed)


def score_records(records: Sequence[Record]) -> list[dict[str, Any]]:
    """One result per record (valid records only), in the order given."""
    groups: dict[tuple[int, str, frozenset[str]], list[int]] = {}
    for k, record in enumerate(records):
        groups.setdefault(_group_key(record), []).append(k)
    results: list[dict[str, Any]] = [{} for _ in records]
    for (_qid, industry, trimmed), members in groups.items():
        q = records[members[0]].sheet.questionnaire
        plan = build_plan(q, industry, trimmed)
        ratings = _plan_matrix(plan.requirement_ids, [records[k] for k in members])
        totals, levels, level_scores = score_matrix(plan, ratings)
        subdomains = _subdomain_means(q, plan.requirement_ids, ratings)
        for row, k in enumerate(members):
            results[k] = _result(records[k], q, float(totals[row]), int(levels[row]), level_scores[row],
                                 {sid: scores[row] for sid, scores in subdomains.items()}, ratings[row])
    return results


def _plan_matrix(requirement_ids: Sequence[str], records: Sequence[Record]) -> np.ndarray:
    """The records' ratings with columns in the plan's order (N/A stays NaN), gathered sheet by sheet."""
    out = np.empty((len(records), len(requirement_ids)))
    by_sheet: dict[int, list[int]] = {}
    for k, record in enumerate(records):
        by_sheet.setdefault(id(record.sheet), []).append(k)
    for rows in by_sheet.values():
        sheet = records[rows[0]].sheet
        position = sheet.position
        cols = [position[rid] for rid in requirement_ids]
        out[rows] = sheet.ratings[np.ix_([records[k].index for k in rows], cols)]
    return out


def _subdomain_means(q: Questionnaire, requirement_ids: Sequence[str], ratings: np.ndarray) -> dict[str, np.ndarray]:
    """Sub-domain → (n, 5) mean rating at each level over answered (not N/A) requirements; NaN where none."""
    index = q.requirement_index
    answered = ~np.isnan(ratings)
    values = np.nan_to_num(ratings)
    out = {s.id: np.full((len(ratings), len(LEVELS)), np.nan) for s in q.subdomains}
    cols_of: dict[tuple[str, int], list[int]] = {}
    for j, rid in enumerate(requirement_ids):
        cols_of.setdefault((index[rid].subdomain, index[rid].level), []).append(j)
    for (sid, level), cols in cols_of.items():
        counts = answered[:, cols].sum(axis=1)
        sums = values[:, cols].sum(axis=1)
        out[sid][:, level - 1] = np.divide(sums, counts, out=np.full(len(ratings), np.nan), where=counts > 0)
    return out


def _result(record: Record, q: Questionnaire, total: float, level: int, level_scores: np.ndarray,
            subdomains: dict[str, np.ndarray], ratings: np.ndarray) -> dict[str, Any]:
    sheet, row = record.location
    name = q.level_name(level)
    return {
        "credit_code": record.credit_code,
        "name": record.profile.get("name"),
        "score": _round(total),
        "level": level,
        "level_name": {"zh": name.zh, "en": name.en},
        "level_scores": {str(lv): _round(level_scores[lv - 1]) for lv in LEVELS},
        "subdomains": {sid: {str(lv): _round(v[lv - 1]) for lv in LEVELS} for sid, v in subdomains.items()},
        "na_share": _round(float(np.isnan(ratings).sum()) / len(ratings)) if len(ratings) else 0.0,
        "trimmed": dict(record.trimmed),
        "industry": record.industry,
        "assessment_date": record.assessment_date.isoformat(),
        "questionnaire": q.id,
        "questionnaire_version": q.version,
        "file": record.file,
        "sheet": sheet,
        "row": row,
    }
