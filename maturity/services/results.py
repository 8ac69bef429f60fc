"""A submitted assessment's result as stored: read back from its score rows and snapshot, scored again only if stale.

The results page and the PDF report both start here, so they print the same figures, plan and initiatives,
and neither pays for a scoring on every view.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from .. import store
from ..domain.answers import AnswerSet
from ..domain.enums import Status
from ..domain.restore import restorable, restore_result
from ..domain.result import ScoreResult
from ..models import Assessment, AssessmentScore, SubdomainScore
from ..reporting.chart_cache import result_digest
from .assessments import instrument_of, raw_answers, rescore_with_answers

# Stored and restored S agree to float noise; a larger difference means the row was scored under other rules.
SAME = 1e-9


@dataclass(frozen=True)
class StoredResult:
    """A result, the score row it was read from (None when scored again) and the assessment's answers."""

    result: ScoreResult
    answers: AnswerSet
    row: AssessmentScore | None

    @property
    def version_key(self) -> str:
        """What identifies this scoring of the assessment: a new score row (a re-scoring) gives a new key."""
        if self.row is None:
            return "scored-" + result_digest(self.result)
        return f"{self.row.id}@{self.row.scored_at.isoformat()}"


def own_score_row(session: Session, assessment: Assessment) -> AssessmentScore | None:
    """The score row of the questionnaire version the assessment was answered in."""
    return session.exec(
        select(AssessmentScore).where(
            AssessmentScore.assessment_id == assessment.id,
            AssessmentScore.questionnaire_version == assessment.questionnaire_version,
        )
    ).first()


def stored_means(session: Session, row: AssessmentScore) -> dict[int, dict[str, float]]:
    """Each sub-domain's mean per level, as the score row keeps them."""
    means: dict[int, dict[str, float]] = {}
    query = select(SubdomainScore).where(SubdomainScore.score_id == row.id).order_by(col(SubdomainScore.id))
    for sub in session.exec(query):
        means.setdefault(sub.level, {})[sub.subdomain] = sub.mean
    return means


def restored(session: Session, assessment: Assessment) -> tuple[ScoreResult, AssessmentScore] | None:
    """The stored result without scoring; None when the snapshot predates the plan or disagrees with the row."""
    row = own_score_row(session, assessment)
    if row is None or assessment.status != Status.SUBMITTED or not restorable(assessment.result):
        return None
    result = restore_result(instrument_of(assessment).base, stored_means(session, row), assessment.result or {},
                            result_id=(row.questionnaire_id, row.questionnaire_version), indicative=row.indicative)
    if abs(result.score - row.score) > SAME or result.level != row.level:
        return None  # re-scored under changed rules since the snapshot: its plan would not match
    if assessment.score is None or abs(assessment.score - row.score) > SAME:
        return None
    return result, row


def answers_of(session: Session, assessment: Assessment) -> AnswerSet:
    """The assessment's stored answers, validated (not scored)."""
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    missing = "error" if assessment.status == Status.SUBMITTED else "none"
    return instrument_of(assessment).parse(raw_answers(assessment, rows), missing=missing)


def result_of(session: Session, assessment: Assessment) -> StoredResult:
    """The assessment's result from its stored rows, or scored again where nothing usable is stored."""
    found = restored(session, assessment)
    if found is None:
        result, answers = rescore_with_answers(session, assessment)
        return StoredResult(result, answers, None)
    return StoredResult(found[0], answers_of(session, assessment), found[1])
