"""Use cases of the JSON API that services.py lacks: answer documents scored with `missing`, PDF reports.

They call the services (which alone commit) and add only what the API needs on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from . import services
from .domain.model import Questionnaire, QuickCheck
from .domain.result import ScoreResult
from .models import Assessment, Enterprise, User
from .questionnaires import shipped


def zero_rating(questionnaire: Questionnaire) -> str:
    """The answer-scale ID worth nothing ("none"): what `missing=none` rates an unanswered requirement."""
    return next(o.id for o in questionnaire.scoring.answer_scale if o.value == 0)


def fill_missing(questionnaire: Questionnaire | QuickCheck, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The document with every applicable unanswered item rated not met (quick check: level 0).

    Stored this way, a submitted assessment holds a complete answer set and re-scores like the original.
    Validates first, so an invalid document raises the same AnswerError as the CLI.
    """
    answer_set = services.parse_raw(questionnaire, raw, missing="none")
    answers = dict(raw.get("answers") or {})
    if isinstance(questionnaire, QuickCheck):
        subs = questionnaire.base.subdomain_index
        for question in questionnaire.questions:
            sid = question.subdomain
            if sid not in answer_set.trimmed and answer_set.industry in subs[sid].industries:
                answers.setdefault(sid, 0)
    else:
        none = zero_rating(questionnaire)
        for req in questionnaire.requirements_for(answer_set.industry, trimmed=frozenset(answer_set.trimmed)):
            answers.setdefault(req.id, none)
    return {**raw, "answers": answers}


def submit_document(
    session: Session, *, user: User, enterprise: Enterprise, raw: Mapping[str, Any], missing: str = "error"
) -> tuple[Assessment, ScoreResult, Questionnaire]:
    """Store and score a complete answers document; returns (assessment, result, full questionnaire)."""
    if missing == "none":
        questionnaire = shipped().get(raw.get("questionnaire") or services.FULL_ID)
        raw = fill_missing(
            questionnaire, {**raw, "industry": raw.get("industry") or enterprise.industry_type}
        )
    assessment, result = services.create_submitted(session, user=user, enterprise=enterprise, raw=raw)
    return assessment, result, services.base_of(services.questionnaire_of(assessment))


def enterprise_facts(enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise as the report's cover expects it."""
    return {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "industry_code": enterprise.industry_code,
        "region": enterprise.region_code,
        "city": enterprise.city,
    }


def report_pdf(
    session: Session, *, user: User, assessment_id: int, lang: str = "zh", appendix: bool = False
) -> bytes:
    """The PDF report of a submitted assessment `user` may see (NotFound otherwise, Forbidden for drafts)."""
    assessment = services.assessment_for(session, user, assessment_id)
    if assessment.status != "submitted":
        raise services.Forbidden(
            "评估尚未提交，提交后才能生成报告",
            "the assessment is not submitted yet; its report is available once it is",
        )
    enterprise = services.enterprise_for(session, user, assessment.enterprise_id)
    result, answer_set = services.rescore_with_answers(session, assessment)
    from .reporting.pdf import build_report  # WeasyPrint loads only when a report is asked for

    return build_report(
        result,
        services.base_of(services.questionnaire_of(assessment)),
        answers=answer_set,
        enterprise=enterprise_facts(enterprise),
        lang=lang,
        generated_on=assessment.submitted_at.date() if assessment.submitted_at else None,
        appendix=appendix,
    )
