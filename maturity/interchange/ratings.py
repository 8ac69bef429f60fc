"""The answer cells of a block, checked as whole arrays: one parse per distinct value, masks for every rule.

A 10,000 × 258 sheet is 2.6 million cells; parsing each one in Python would cost more than reading the file.
Cells are interned (see readers.py), so each distinct value is parsed once and the rules become numpy masks;
only the cells that break a rule turn into Python objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..domain.answers import accepted_ratings, parse_rating, rating_lookup
from ..domain.model import INDUSTRY_TYPES, Questionnaire, Text
from .fields import is_empty

EMPTY, INVALID = -2.0, -1.0  # codes in the ratings array beside values in [0, 1] and NaN (not applicable)
MISSING_PER_CELL = 10  # beyond this many empty answers in one record, one problem lists them instead


@dataclass(frozen=True)
class RatingIssue:
    """A rule broken by record `row` (index in the block), at answer column `column` (None: the whole record)."""

    row: int
    column: int | None
    code: str
    message: Text


def rating_array(questionnaire: Questionnaire, values: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    """(n, m) ratings: the value, NaN for not applicable, EMPTY or INVALID; each distinct value parsed once."""
    scoring = questionnaire.scoring
    lookup = rating_lookup(scoring)
    table = np.full(len(values), INVALID)
    for code in np.unique(codes):
        raw = values[code]
        parsed = EMPTY if is_empty(raw) else parse_rating(raw, scoring, lookup)
        table[code] = np.nan if parsed is None else parsed if isinstance(parsed, float) else INVALID
    return table[codes]


def _industry_index(industries: Sequence[str | None]) -> np.ndarray:
    return np.array([INDUSTRY_TYPES.index(i) if i in INDUSTRY_TYPES else -1 for i in industries], dtype=int)


def check_ratings(questionnaire: Questionnaire, req_ids: Sequence[str], ratings: np.ndarray,
                  industries: Sequence[str | None], trimmed: Sequence[frozenset[str]]) -> Iterator[RatingIssue]:
    """Every broken rule: wrong industry, trimmed, invalid rating, N/A not allowed, missing answers, N/A share."""
    index = questionnaire.requirement_index
    subs = questionnaire.subdomain_index
    reqs = [index[r] for r in req_ids]
    applies = np.array([[r.applies_to(t) and t in subs[r.subdomain].industries for r in reqs] for t in INDUSTRY_TYPES],
                       dtype=bool).reshape(len(INDUSTRY_TYPES), len(reqs))
    na_ok = np.array([r.na_allowed for r in reqs], dtype=bool)
    kind = _industry_index(industries)
    known = kind >= 0
    applicable = applies[np.maximum(kind, 0)] & known[:, None]
    in_trimmed = np.zeros_like(applicable)
    for i in (k for k, t in enumerate(trimmed) if t):
        in_trimmed[i] = [r.subdomain in trimmed[i] for r in reqs]
    empty = ratings == EMPTY
    filled = ~empty
    wrong = filled & ~applicable & known[:, None]
    cleared = filled & in_trimmed & ~wrong
    rest = ~wrong & ~cleared
    required = applicable & ~in_trimmed
    na = np.isnan(ratings)
    yield from _cells(wrong, "wrong_industry", lambda i, j: _wrong_industry(reqs[j], industries[i]))
    yield from _cells(cleared, "trimmed", lambda i, j: _trimmed(reqs[j].subdomain))
    yield from _cells(rest & (ratings == INVALID), "invalid_rating", lambda i, j: _invalid(questionnaire))
    yield from _cells(rest & na & ~na_ok, "na_not_allowed", lambda i, j: _na_not_allowed(questionnaire))
    yield from _missing(empty & required, req_ids, questionnaire)
    yield from _na_share(questionnaire, na & required, required, known)


def _cells(mask: np.ndarray, code: str, message: Any) -> Iterator[RatingIssue]:
    for i, j in zip(*np.nonzero(mask), strict=True):
        yield RatingIssue(int(i), int(j), code, message(int(i), int(j)))


def _wrong_industry(req: Any, industry: str | None) -> Text:
    zh_type = {"discrete": "离散型", "process": "流程型"}.get(str(industry), str(industry))
    return Text(f"该要求不适用于{zh_type}企业（适用：{', '.join(req.industries)}），此格应留空",
                f"this requirement does not apply to {industry} manufacturers (applies to: "
                f"{', '.join(req.industries)}); leave the cell empty")


def _trimmed(subdomain: str) -> Text:
    return Text(f"子域 {subdomain} 已裁剪，其要求不再作答，此格应留空",
                f"sub-domain {subdomain} is trimmed, so its requirements take no answer; leave the cell empty")


def _invalid(questionnaire: Questionnaire) -> Text:
    accepted = accepted_ratings(questionnaire.scoring)
    return Text(f"评分无效；可接受：{accepted}", f"invalid rating; accepted: {accepted}")


def _na_not_allowed(questionnaire: Questionnaire) -> Text:
    scale = questionnaire.scoring.answer_scale
    return Text(f"该要求不允许选择“不适用”；可接受：{'、'.join(o.label.zh for o in scale)}",
                f"this requirement may not be rated not applicable; accepted: {', '.join(o.label.en for o in scale)}")


def _missing(mask: np.ndarray, req_ids: Sequence[str], questionnaire: Questionnaire) -> Iterator[RatingIssue]:
    """One problem per empty answer cell, or one per record when it has many (an empty row is one problem)."""
    counts = mask.sum(axis=1)
    for i in np.flatnonzero(counts):
        cols = np.flatnonzero(mask[i])
        if len(cols) <= MISSING_PER_CELL:
            for j in cols:
                yield RatingIssue(int(i), int(j), "missing", _missing_one(questionnaire))
            continue
        shown = ", ".join(req_ids[j] for j in cols[:MISSING_PER_CELL]) + ", …"
        yield RatingIssue(int(i), None, "missing", Text(
            f"缺少 {len(cols)} 项要求的答案：{shown}；每项都需评分",
            f"{len(cols)} requirements have no answer: {shown}; each one needs a rating"))


def _missing_one(questionnaire: Questionnaire) -> Text:
    accepted = accepted_ratings(questionnaire.scoring)
    return Text(f"缺少答案；请填写评分（可接受：{accepted}）", f"no answer; give a rating (accepted: {accepted})")


def _na_share(questionnaire: Questionnaire, na: np.ndarray, required: np.ndarray,
              known: np.ndarray) -> Iterator[RatingIssue]:
    cap = questionnaire.scoring.not_applicable.max_share
    counts, totals = na.sum(axis=1), required.sum(axis=1)
    over = known & (totals > 0) & (counts > cap * totals + 1e-9)
    for i in np.flatnonzero(over):
        n, total = int(counts[i]), int(totals[i])
        yield RatingIssue(int(i), None, "na_share", Text(
            f"“不适用”占比 {n / total:.0%}（{n}/{total}）超过上限 {cap:.0%}；请减少“不适用”或裁剪整个子域",
            f"not-applicable share {n / total:.0%} ({n}/{total}) exceeds the cap of {cap:.0%}; "
            "rate more requirements or trim whole sub-domains"))
