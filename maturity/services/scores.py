"""Typed score rows beside the JSON snapshot: what park and consultant aggregates read with GROUP BY."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select, update

from ..domain.result import ScoreResult, level_shares
from ..models import Assessment, AssessmentScore, SubdomainScore, utcnow


def write_score_rows(session: Session, assessment: Assessment, result: ScoreResult, *, variant: str) -> AssessmentScore:
    """Store `result` as the assessment's current score row (replacing one of the same version)."""
    version = result.questionnaire_version
    old = session.exec(
        select(AssessmentScore).where(
            AssessmentScore.assessment_id == assessment.id, AssessmentScore.questionnaire_version == version
        )
    ).first()
    if old is not None:
        for sub in session.exec(select(SubdomainScore).where(SubdomainScore.score_id == old.id)):
            session.delete(sub)
        session.flush()  # children first: the unit of work does not order deletes without a relationship
        session.delete(old)
        session.flush()
    session.execute(
        update(AssessmentScore).where(col(AssessmentScore.assessment_id) == assessment.id).values(is_current=False)
    )
    submitted = assessment.submitted_at or utcnow()
    row = AssessmentScore(
        assessment_id=assessment.id or 0,
        enterprise_id=assessment.enterprise_id,
        questionnaire_id=result.questionnaire_id,
        questionnaire_version=version,
        variant=variant,
        industry_type=result.industry,
        indicative=result.indicative,
        is_current=True,
        score=result.score,
        level=result.level,
        na_share=result.na_share,
        submitted_at=submitted,
        assessed_year=submitted.year,
    )
    session.add(row)
    session.flush()
    session.add_all(_subdomain_rows(row, result))
    session.flush()
    refresh_latest(session, assessment.enterprise_id)
    return row


def refresh_latest(session: Session, enterprise_id: int) -> None:
    """Mark the enterprise's latest current row of each variant, overall and of each year (by submission time)."""
    rows = session.exec(select(AssessmentScore).where(AssessmentScore.enterprise_id == enterprise_id)).all()
    newest: dict[tuple[str, int | None], AssessmentScore] = {}
    for row in rows:
        if not row.is_current:
            continue
        for key in ((row.variant, None), (row.variant, row.assessed_year)):
            best = newest.get(key)
            if best is None or (_aware(row.submitted_at), row.id or 0) > (_aware(best.submitted_at), best.id or 0):
                newest[key] = row
    for row in rows:
        latest = newest.get((row.variant, None)) is row
        in_year = newest.get((row.variant, row.assessed_year)) is row
        if (row.is_latest, row.is_latest_in_year) != (latest, in_year):
            row.is_latest, row.is_latest_in_year = latest, in_year
            session.add(row)
    session.flush()


def _aware(value: datetime) -> datetime:
    """SQLite returns naive timestamps (stored in UTC); compare them as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _subdomain_rows(row: AssessmentScore, result: ScoreResult) -> list[SubdomainScore]:
    """One row per sub-domain and level where the sub-domain had something to assess."""
    shares = {level: level_shares(result, level) for level in result.level_scores}
    return [
        SubdomainScore(
            score_id=row.id or 0,
            assessment_id=row.assessment_id,
            subdomain=node.id,
            level=level,
            mean=value,
            weight=shares[level].get(node.id, 0.0),
        )
        for node in result.subdomains
        for level, value in node.scores.items()
        if value is not None
    ]


def current_score(session: Session, assessment_id: int) -> AssessmentScore | None:
    """The score row aggregates read for this assessment."""
    return session.exec(
        select(AssessmentScore).where(
            AssessmentScore.assessment_id == assessment_id, col(AssessmentScore.is_current).is_(True)
        )
    ).first()


def score_rows(session: Session, assessment_id: int) -> list[AssessmentScore]:
    """Every score row of an assessment (one per questionnaire version it was scored under)."""
    query = select(AssessmentScore).where(AssessmentScore.assessment_id == assessment_id)
    return list(session.exec(query.order_by(col(AssessmentScore.id))).all())
