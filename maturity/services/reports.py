"""PDF reports of submitted assessments."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ..domain.answers import AnswerSet
from ..domain.enums import Status
from ..domain.errors import Forbidden
from ..domain.result import ScoreResult
from ..models import Assessment, Enterprise, User
from .access import assessment_for, enterprise_for
from .assessments import instrument_of
from .results import result_of


def enterprise_facts(enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise as the report's cover expects it."""
    return {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "industry_code": enterprise.industry_code,
        "region": enterprise.region_code,
        "city": enterprise.city,
    }


def team_facts(
    session: Session, assessment: Assessment, scored: tuple[ScoreResult, AnswerSet] | None = None
) -> dict[str, Any]:
    """The respondents, the consolidation rule and the share of S backed by checked evidence, for the cover."""
    from .evidence import backed_share
    from .respondents import respondent_ids, settings_of

    names = [(u.name or u.email) for uid in respondent_ids(session, assessment.id or 0)
             if (u := session.get(User, uid)) is not None]
    if not names:
        return {}
    facts: dict[str, Any] = {"respondents": names, "rule": settings_of(session, assessment.id or 0).rule}
    if assessment.variant == "full":
        facts["evidence_share"] = backed_share(session, assessment, scored).share
    return facts


def report_pdf(
    session: Session, *, user: User, assessment_id: int, lang: str = "zh", appendix: bool = False
) -> bytes:
    """The PDF report of a submitted assessment `user` may see (NotFound otherwise, Forbidden for drafts)."""
    return render_report(report_inputs(session, user=user, assessment_id=assessment_id, lang=lang, appendix=appendix))


def render_report(inputs: dict[str, Any]) -> bytes:
    """Render a report from `report_inputs` (touches no database, so it may run on another thread)."""
    from ..reporting import pdf  # WeasyPrint loads only when a report is asked for

    result, questionnaire = inputs.pop("result"), inputs.pop("questionnaire")
    return pdf.build_report(result, questionnaire, **inputs)


def report_inputs(
    session: Session, *, user: User, assessment_id: int, lang: str = "zh", appendix: bool = False
) -> dict[str, Any]:
    """Everything a report of a submitted assessment `user` may see is drawn from (NotFound, Forbidden for drafts)."""
    assessment = assessment_for(session, user, assessment_id)
    if assessment.status != Status.SUBMITTED:
        raise Forbidden.one(
            "评估尚未提交，提交后才能生成报告",
            "the assessment is not submitted yet; its report is available once it is",
        )
    enterprise = enterprise_for(session, user, assessment.enterprise_id)
    stored = result_of(session, assessment)  # the same stored result the results page shows
    return dict(
        result=stored.result,
        questionnaire=instrument_of(assessment).base,
        answers=stored.answers,
        enterprise={**enterprise_facts(enterprise), **team_facts(session, assessment, (stored.result, stored.answers))},
        lang=lang,
        generated_on=assessment.submitted_at.date() if assessment.submitted_at else None,
        appendix=appendix,
    )
