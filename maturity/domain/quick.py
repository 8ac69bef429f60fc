"""Quick check: one chosen level per sub-domain, converted to ratings and scored as an indicative level."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .answers import AnswerSet, parse_industry, parse_trimmed, problem, split_entry
from .errors import AnswerError, Problem
from .limits import COMMENT_MAX_LENGTH, comment_too_long
from .model import QuickCheck
from .result import ScoreResult
from .scoring import score
from .text import BAD_TEXT, has_bad_characters


def parse_quick_answers(quick: QuickCheck, raw: Any, *, missing: str = "error") -> AnswerSet:
    """Validate {"industry", "answers": {sub-domain: level}} and expand it to ratings of the base questionnaire."""
    industry = parse_industry(raw)
    base = quick.base
    trimmed, problems = parse_trimmed(raw.get("trimmed"), base, industry)
    answers = raw.get("answers")
    if not isinstance(answers, Mapping):
        raise AnswerError(
            [
                *problems,
                problem("answers", "应为“子域 ID → 等级”的对象", "expected an object {sub-domain ID: level}", "type"),
            ]
        )
    chosen, more = _chosen_levels(quick, industry, answers, trimmed, missing)
    problems += more
    if problems:
        raise AnswerError(problems)
    ratings: dict[str, float | None] = {
        req.id: 1.0 if req.level <= chosen[req.subdomain] else 0.0
        for req in base.requirements_for(industry, trimmed=frozenset(trimmed))
    }
    return AnswerSet(industry=industry, ratings=MappingProxyType(ratings), trimmed=MappingProxyType(trimmed))


def _chosen_levels(
    quick: QuickCheck, industry: str, answers: Mapping[str, Any], trimmed: Mapping[str, str], missing: str
) -> tuple[dict[str, int], list[Problem]]:
    """The level picked for each assessed sub-domain, with one problem per bad or missing answer."""
    questions = {q.subdomain: q for q in quick.questions}
    subs = quick.base.subdomain_index
    chosen: dict[str, int] = {}
    problems: list[Problem] = []
    for sid, entry in answers.items():
        raw_level, comment = split_entry(entry)  # a level, or {"rating": level, "comment": ...} as the API allows
        question = questions.get(sid)
        if question is None:
            problems.append(problem(f"answers.{sid}", "未知的子域 ID", "unknown sub-domain ID", "unknown_subdomain"))
            continue
        if sid in trimmed or industry not in subs[sid].industries:
            continue  # a trimmed or inapplicable sub-domain's answer is simply not used
        allowed = [o.level for o in question.options]
        if len(comment) > COMMENT_MAX_LENGTH or has_bad_characters(comment):
            bad = has_bad_characters(comment)
            message = BAD_TEXT if bad else comment_too_long(sid, len(comment))
            problems.append(Problem(f"answers.{sid}.comment", message, "bad_character" if bad else "too_long"))
            continue
        if (
            isinstance(raw_level, bool)
            or not isinstance(raw_level, int | str)
            or str(raw_level) not in map(str, allowed)
        ):
            problems.append(
                problem(
                    f"answers.{sid}",
                    f"等级 {raw_level!r} 无效；可选：{allowed}",
                    f"invalid level {raw_level!r}; accepted: {allowed}",
                    "invalid_level",
                )
            )
            continue
        chosen[sid] = int(raw_level)
    expected = [
        q.subdomain for q in quick.questions if q.subdomain not in trimmed and industry in subs[q.subdomain].industries
    ]
    absent = [sid for sid in expected if sid not in chosen and sid not in answers]
    if absent and missing == "error":
        problems.append(
            problem(
                "answers",
                f"缺少以下子域的答案：{', '.join(absent)}",
                f"no answer for sub-domain{'s' if len(absent) > 1 else ''}: {', '.join(absent)}",
                "missing",
            )
        )
    for sid in absent:
        chosen[sid] = 0
    return chosen, problems


def score_quick(quick: QuickCheck, answers: AnswerSet) -> ScoreResult:
    """Score expanded quick-check answers through the base questionnaire, flagged indicative."""
    return score(quick.base, answers, indicative=True, result_id=(quick.id, quick.version))


def canonical_level(raw: Any) -> str:
    """A quick-check answer as stored: the chosen level as a string of digits ("0"–"5")."""
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isascii():
        raise AnswerError([problem("level", f"等级 {raw!r} 无效", f"invalid level {raw!r}", "invalid_level")])
    text = str(raw).strip()
    if not text.isdigit():
        raise AnswerError([problem("level", f"等级 {raw!r} 无效", f"invalid level {raw!r}", "invalid_level")])
    return str(int(text))
