"""Answer sets: parse raw answers (CLI JSON, API body, form data) into validated ratings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import AnswerError, Problem
from .limits import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH, comment_too_long, reason_too_long
from .model import INDUSTRY_TYPES, Questionnaire, ScoringSettings, Text
from .text import BAD_TEXT, has_bad_characters

MISSING_POLICIES = ("error", "none")


@dataclass(frozen=True)
class AnswerSet:
    """Validated answers: a value in [0, 1] per requirement, or None for not applicable."""

    industry: str
    ratings: Mapping[str, float | None]
    comments: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    trimmed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # sub-domain → reason


def accepted_ratings(scoring: ScoringSettings) -> str:
    """A human list of every accepted rating spelling, for error messages."""
    words = [o.id for o in scoring.answer_scale] + [scoring.not_applicable.id]
    labels = [o.label.zh for o in scoring.answer_scale] + [scoring.not_applicable.label.zh]
    numbers = [_number_text(o.value) for o in scoring.answer_scale]
    return ", ".join(words) + " / " + " / ".join(labels) + " / " + ", ".join(numbers)


def _number_text(value: float) -> str:
    return f"{value:g}"


def rating_lookup(scoring: ScoringSettings) -> dict[str, float | None]:
    """Map every accepted spelling (case-folded) to its value; not-applicable maps to None."""
    table: dict[str, float | None] = {}
    for option in scoring.answer_scale:
        for spelling in (option.id, option.label.zh, option.label.en, *option.aliases):
            table[str(spelling).strip().casefold()] = option.value
    na = scoring.not_applicable
    for spelling in (na.id, na.label.zh, na.label.en, *na.aliases):
        table[str(spelling).strip().casefold()] = None
    return table


_UNKNOWN = object()


def parse_rating(
    raw: Any, scoring: ScoringSettings, lookup: Mapping[str, float | None] | None = None
) -> float | None | object:
    """The value of one rating (None for not applicable), or a sentinel when it is not accepted.

    `lookup` is `rating_lookup(scoring)`, passed in when many ratings are parsed at once.
    """
    if isinstance(raw, bool):
        return _UNKNOWN
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            return _UNKNOWN
        return next((o.value for o in scoring.answer_scale if abs(o.value - raw) < 1e-9), _UNKNOWN)
    if isinstance(raw, str):
        return (lookup or rating_lookup(scoring)).get(raw.strip().casefold(), _UNKNOWN)
    return _UNKNOWN


def split_entry(raw: Any) -> tuple[Any, str]:
    """An answer may be a bare rating or {"rating": ..., "comment": ...}."""
    if isinstance(raw, Mapping):
        comment = raw.get("comment") or ""
        return raw.get("rating"), str(comment)
    return raw, ""


def problem(where: str, zh: str, en: str, code: str) -> Problem:
    """A located problem with its message in both languages."""
    return Problem(where=where, message=Text(zh=zh, en=en), code=code)


def parse_trimmed(raw: Any, questionnaire: Questionnaire, industry: str) -> tuple[dict[str, str], list[Problem]]:
    """Trimmed sub-domains with reasons; refuses what the questionnaire does not let be trimmed."""
    if raw is None:
        return {}, []
    if isinstance(raw, list):
        raw = {sid: "" for sid in raw}
    if not isinstance(raw, Mapping):
        return {}, [
            problem(
                "trimmed",
                "应为“子域 ID → 裁剪理由”的对象或子域 ID 列表",
                "expected an object {sub-domain ID: reason} or a list of sub-domain IDs",
                "type",
            )
        ]
    subs = questionnaire.subdomain_index
    trimmable = sorted(s.id for s in questionnaire.subdomains if s.trimmable and industry in s.industries)
    problems, trimmed = [], {}
    for sid, reason in raw.items():
        sub = subs.get(sid)
        if sub is None:
            problems.append(problem(f"trimmed.{sid}", "未知的子域 ID", "unknown sub-domain ID", "unknown_subdomain"))
        elif not sub.trimmable or industry not in sub.industries:
            problems.append(
                problem(
                    f"trimmed.{sid}",
                    f"该子域不可裁剪；可裁剪的子域：{', '.join(trimmable)}",
                    f"this sub-domain may not be trimmed; trimmable sub-domains: {', '.join(trimmable)}",
                    "not_trimmable",
                )
            )
        elif has_bad_characters(str(reason or "")):
            problems.append(Problem(f"trimmed.{sid}", BAD_TEXT, "bad_character"))
        elif len(str(reason or "")) > REASON_MAX_LENGTH:
            problems.append(Problem(f"trimmed.{sid}", reason_too_long(sid, len(str(reason))), "too_long"))
        else:
            trimmed[sid] = str(reason or "")
    return trimmed, problems


def parse_industry(raw: Any) -> str:
    """The industry type of a raw answers document, which must be a JSON object; AnswerError otherwise."""
    if not isinstance(raw, Mapping):
        raise AnswerError([problem("", "答案文件应为 JSON 对象", "the answers file must hold a JSON object", "type")])
    industry = raw.get("industry")
    if industry not in INDUSTRY_TYPES:
        raise AnswerError(
            [
                problem(
                    "industry",
                    f"行业类型 {industry!r} 无效；可选：discrete（离散型）、process（流程型）",
                    f"invalid industry type {industry!r}; accepted: discrete, process",
                    "industry",
                )
            ]
        )
    return str(industry)


def parse_answers(questionnaire: Questionnaire, raw: Any, *, missing: str = "error") -> AnswerSet:
    """Validate raw answers against the questionnaire; raise AnswerError naming every problem."""
    if missing not in MISSING_POLICIES:
        raise ValueError(f"missing must be one of {MISSING_POLICIES}")
    industry = parse_industry(raw)
    trimmed, problems = parse_trimmed(raw.get("trimmed"), questionnaire, industry)
    answers = raw.get("answers")
    if not isinstance(answers, Mapping):
        problems.append(
            problem("answers", "应为“要求 ID → 评分”的对象", "expected an object {requirement ID: rating}", "type")
        )
        raise AnswerError(problems)
    ratings, comments, entry_problems = _parse_entries(questionnaire, industry, answers, trimmed)
    problems += entry_problems
    problems += _check_missing(questionnaire, industry, trimmed, ratings, answers, missing)
    if not problems:
        problems += _check_na_share(questionnaire, industry, trimmed, ratings)
    if problems:
        raise AnswerError(problems)
    return AnswerSet(
        industry=industry,
        ratings=MappingProxyType(ratings),
        comments=MappingProxyType(comments),
        trimmed=MappingProxyType(trimmed),
    )


def _parse_entries(
    questionnaire: Questionnaire, industry: str, answers: Mapping[str, Any], trimmed: Mapping[str, str]
) -> tuple[dict[str, float | None], dict[str, str], list[Problem]]:
    """Rate each answered requirement, collecting one problem per offending ID."""
    index = questionnaire.requirement_index
    scoring = questionnaire.scoring
    spellings = rating_lookup(scoring)
    ratings: dict[str, float | None] = {}
    comments: dict[str, str] = {}
    problems: list[Problem] = []
    for rid, entry in answers.items():
        raw_rating, comment = split_entry(entry)
        req = index.get(rid)
        where = f"answers.{rid}"
        if req is None:
            problems.append(problem(where, "未知的要求 ID", "unknown requirement ID", "unknown_requirement"))
            continue
        if not req.applies_to(industry) or industry not in questionnaire.subdomain_index[req.subdomain].industries:
            problems.append(
                problem(
                    where,
                    f"该要求不适用于{_industry_zh(industry)}企业（适用：{', '.join(req.industries)}）",
                    f"this requirement does not apply to {industry} manufacturers "
                    f"(applies to: {', '.join(req.industries)})",
                    "wrong_industry",
                )
            )
            continue
        if req.subdomain in trimmed:
            problems.append(
                problem(
                    where,
                    f"子域 {req.subdomain} 已裁剪，不应再回答其要求",
                    f"sub-domain {req.subdomain} is trimmed; its requirements take no answers",
                    "trimmed",
                )
            )
            continue
        value = parse_rating(raw_rating, scoring, spellings)
        if value is _UNKNOWN:
            problems.append(
                problem(
                    where,
                    f"评分 {raw_rating!r} 无效；可接受：{accepted_ratings(scoring)}",
                    f"invalid rating {raw_rating!r}; accepted: {accepted_ratings(scoring)}",
                    "invalid_rating",
                )
            )
            continue
        if value is None and not req.na_allowed:
            problems.append(
                problem(
                    where,
                    "该要求不允许选择“不适用”",
                    "this requirement may not be rated not applicable",
                    "na_not_allowed",
                )
            )
            continue
        if len(comment) > COMMENT_MAX_LENGTH or has_bad_characters(comment):
            bad = has_bad_characters(comment)
            message = BAD_TEXT if bad else comment_too_long(rid, len(comment))
            problems.append(Problem(f"{where}.comment", message, "bad_character" if bad else "too_long"))
            continue
        ratings[rid] = value  # type: ignore[assignment]
        if comment:
            comments[rid] = comment
    return ratings, comments, problems


def _industry_zh(industry: str) -> str:
    return {"discrete": "离散型", "process": "流程型"}.get(industry, industry)


def _check_missing(
    questionnaire: Questionnaire,
    industry: str,
    trimmed: Mapping[str, str],
    ratings: dict[str, float | None],
    answered: Mapping[str, Any],
    missing: str,
) -> list[Problem]:
    """With `missing="error"` every applicable requirement needs an answer; with "none" it rates 0.

    An answer given with an invalid rating is reported as invalid, not also as missing.
    """
    required = questionnaire.requirements_for(industry, trimmed=frozenset(trimmed))
    absent = [r.id for r in required if r.id not in answered]
    if not absent:
        return []
    if missing == "none":
        for rid in absent:
            ratings[rid] = 0.0
        return []
    # No hint about how to proceed: that depends on the caller (the CLI's --missing, the web's review page).
    shown = ", ".join(absent)
    count = "1 requirement has" if len(absent) == 1 else f"{len(absent)} requirements have"
    return [problem("answers", f"缺少 {len(absent)} 项要求的答案：{shown}", f"{count} no answer: {shown}", "missing")]


def _check_na_share(
    questionnaire: Questionnaire, industry: str, trimmed: Mapping[str, str], ratings: Mapping[str, float | None]
) -> list[Problem]:
    """Not-applicable answers are capped at the questionnaire's max_share of applicable requirements."""
    total = len(questionnaire.requirements_for(industry, trimmed=frozenset(trimmed)))
    na = sum(1 for v in ratings.values() if v is None)
    cap = questionnaire.scoring.not_applicable.max_share
    if total and na / total > cap + 1e-12:
        return [
            problem(
                "answers",
                f"“不适用”占比 {na / total:.0%}（{na}/{total}）超过上限 {cap:.0%}",
                f"not-applicable share {na / total:.0%} ({na}/{total}) exceeds the cap of {cap:.0%}",
                "na_share",
            )
        ]
    return []
