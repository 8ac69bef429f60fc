"""Scores of many valid records at once, with the vectorised batch path of the domain (same figures as `score`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np

from ..domain.batch import BatchPlan, build_plan, score_matrix
from ..domain.model import LEVELS, Questionnaire
from .records import Record

LEVEL_KEYS = tuple(str(level) for level in LEVELS)


def _rounded(values: np.ndarray) -> list:
    """Four decimals, NaN as None, as nested Python lists: one numpy pass instead of a call per number."""
    out = np.round(values, 4).astype(object)
    out[np.isnan(values)] = None
    return out.tolist()


def _group_key(record: Record) -> tuple[int, str, frozenset[str]]:
    return id(record.sheet.questionnaire), str(record.industry), frozenset(record.trimmed)


@dataclass
class _Group:
    """Records scored together (same questionnaire, industry type and trimming) and their figures as arrays."""

    questionnaire: Questionnaire
    members: list[int]  # positions in the records given to score_records
    totals: np.ndarray  # (n,)
    levels: np.ndarray  # (n,)
    level_scores: np.ndarray  # (n, 5)
    subdomains: np.ndarray  # (n, sub-domains, 5)
    na_share: np.ndarray  # (n,)


@dataclass
class ScoreTable(Sequence[dict[str, Any]]):
    """The scores of many records, kept as arrays; each result becomes a dict only when it is read (written out)."""

    records: Sequence[Record]
    groups: list[_Group] = field(default_factory=list)
    _where: dict[int, tuple[_Group, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, k: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, k: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, k: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        group, row = self._where[range(len(self))[k]]
        return _result(self.records[group.members[row]], group, row)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for k in range(len(self)):
            yield self[k]


def score_records(records: Sequence[Record]) -> ScoreTable:
    """The scores of valid records, in the order given: S, level, level scores, sub-domain means, N/A share."""
    by_key: dict[tuple[int, str, frozenset[str]], list[int]] = {}
    for k, record in enumerate(records):
        by_key.setdefault(_group_key(record), []).append(k)
    table = ScoreTable(records)
    for (_qid, industry, trimmed), members in by_key.items():
        q = records[members[0]].sheet.questionnaire
        plan = build_plan(q, industry, trimmed)
        ratings = _plan_matrix(plan.requirement_ids, [records[k] for k in members])
        totals, levels, level_scores = score_matrix(plan, ratings)
        na_share = np.isnan(ratings).sum(axis=1) / max(ratings.shape[1], 1)
        group = _Group(q, members, totals, levels, level_scores, _subdomain_means(q, plan, ratings), na_share)
        table.groups.append(group)
        table._where.update({k: (group, row) for row, k in enumerate(members)})
    return table


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


def _subdomain_means(q: Questionnaire, plan: BatchPlan, ratings: np.ndarray) -> np.ndarray:
    """(n, sub-domains, 5): each sub-domain's mean rating at each level over answered (not N/A) requirements;
    NaN where it has none. The plan's columns run in (level, sub-domain) groups: one reduceat per array."""
    index = q.requirement_index
    order = {s.id: k for k, s in enumerate(q.subdomains)}
    out = np.full((len(ratings), len(order), len(LEVELS)), np.nan)
    if not len(plan.group_starts) or not len(ratings):
        return out
    answered = ~np.isnan(ratings)
    counts = np.add.reduceat(answered, plan.group_starts, axis=1, dtype=float)
    sums = np.add.reduceat(np.nan_to_num(ratings), plan.group_starts, axis=1)
    means = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
    firsts = [index[plan.requirement_ids[start]] for start in plan.group_starts.tolist()]
    out[:, [order[r.subdomain] for r in firsts], [r.level - 1 for r in firsts]] = means
    return out


def _result(record: Record, group: _Group, row: int) -> dict[str, Any]:
    """One result as the JSON contract has it."""
    sheet, excel_row = record.location
    q, level = group.questionnaire, int(group.levels[row])
    name = q.level_name(level)
    subs = _rounded(group.subdomains[row])
    return {
        "credit_code": record.credit_code,
        "name": record.profile.get("name"),
        "score": _rounded(group.totals[row : row + 1])[0],
        "level": level,
        "level_name": {"zh": name.zh, "en": name.en},
        "level_scores": dict(zip(LEVEL_KEYS, _rounded(group.level_scores[row]), strict=True)),
        "subdomains": {s.id: dict(zip(LEVEL_KEYS, subs[k], strict=True)) for k, s in enumerate(q.subdomains)},
        "na_share": _rounded(group.na_share[row : row + 1])[0],
        "trimmed": dict(record.trimmed),
        "industry": record.industry,
        "assessment_date": record.assessment_date.isoformat(),
        "questionnaire": q.id,
        "questionnaire_version": q.version,
        "file": record.file,
        "sheet": sheet,
        "row": excel_row,
    }
