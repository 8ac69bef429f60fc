"""Re-scoring submitted assessments onto another questionnaire version, with the difference shown.

Answers map by requirement ID (and the target's `replaces` / `removed` declarations). Requirements
that are new to the target are either rated not met or left for the respondent in a new draft.
The answers as given, and the score row of the version they were given in, are always kept.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from .. import store
from ..domain.enums import Status, Variant
from ..domain.errors import AnswerError, Refused
from ..domain.instrument import FullInstrument, instrument
from ..domain.model import Questionnaire
from ..domain.versioning import map_answers
from ..models import Answer, Assessment, User
from ..questionnaires import shipped
from . import audit
from .assessments import raw_answers
from .scores import write_score_rows

UNANSWERED = ("none", "respondent")


@dataclass
class RescoreOutcome:
    """What re-scoring one assessment did (or, in a dry run, would do)."""

    assessment_id: int
    enterprise_id: int
    from_version: str
    to_version: str
    status: str  # rescored | draft_created | would_rescore | skipped | failed
    old_score: float | None = None
    old_level: int | None = None
    new_score: float | None = None
    new_level: int | None = None
    new_requirements: list[str] = field(default_factory=list)
    replaced: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    draft_id: int | None = None
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The outcome as the CLI's and the API's JSON."""
        data = asdict(self)
        for key in ("old_score", "new_score"):
            data[key] = None if data[key] is None else round(data[key], 4)
        return data


def _target(questionnaire_id: str, version: str) -> Questionnaire:
    found = shipped().get(questionnaire_id, version)
    if instrument(found).variant != Variant.FULL or not isinstance(found, Questionnaire):
        raise Refused.one(
            "只有完整问卷可以换版本重新计分", "only full questionnaires are re-scored onto a version", "to"
        )
    return found


def rescore_onto(
    session: Session,
    assessment: Assessment,
    *,
    to_version: str,
    unanswered: str = "none",
    dry_run: bool = False,
    user: User | None = None,
) -> RescoreOutcome:
    """Re-score one submitted full assessment onto `to_version`; writes nothing when `dry_run`."""
    if unanswered not in UNANSWERED:
        raise Refused.one(
            f"unanswered 应为 {' 或 '.join(UNANSWERED)}", f"unanswered must be {' or '.join(UNANSWERED)}", "unanswered"
        )
    outcome = RescoreOutcome(
        assessment.id or 0,
        assessment.enterprise_id,
        assessment.questionnaire_version,
        to_version,
        "skipped",
        old_score=assessment.score,
        old_level=assessment.level,
    )
    if assessment.variant != Variant.FULL or assessment.status != Status.SUBMITTED:
        outcome.problems.append("only submitted full assessments are re-scored")
        return outcome
    target = _target(assessment.questionnaire_id, to_version)
    chain = shipped().chain(assessment.questionnaire_id, assessment.questionnaire_version, to_version)
    raw = raw_answers(assessment, store.answers_of(session=session, assessment_id=assessment.id or 0))
    mapping = map_answers(raw["answers"], chain, assessment.industry_type, raw["trimmed"])
    outcome.new_requirements, outcome.replaced, outcome.dropped = (
        list(mapping.new),
        mapping.replaced,
        list(mapping.dropped),
    )
    inst = FullInstrument(target)
    try:
        answer_set = inst.parse({**raw, "answers": mapping.answers, "trimmed": mapping.trimmed}, missing="none")
    except AnswerError as exc:
        outcome.status, outcome.problems = "failed", exc.render("en")
        return outcome
    result = inst.score(answer_set)
    outcome.new_score, outcome.new_level = result.score, result.level
    if dry_run:
        outcome.status = "would_rescore"
    elif unanswered == "respondent" and mapping.new:
        outcome.draft_id, outcome.status = (
            _draft_for_respondent(session, assessment, target, mapping.answers, mapping.trimmed, user),
            "draft_created",
        )
    else:
        write_score_rows(session, assessment, result, variant=inst.variant)
        outcome.status = "rescored"
    if not dry_run:
        audit.record(session, user, "assessment.rescore", target=assessment, detail=outcome.as_json())
    return outcome


def _draft_for_respondent(
    session: Session,
    source: Assessment,
    target: Questionnaire,
    answers: dict[str, Any],
    trimmed: dict[str, str],
    user: User | None,
) -> int:
    """A new draft of `target` holding the carried answers; the new requirements wait for the respondent."""
    draft = Assessment(
        enterprise_id=source.enterprise_id,
        questionnaire_id=target.id,
        variant=Variant.FULL,
        questionnaire_version=target.version,
        industry_type=source.industry_type,
        started_by=user.id if user else None,
        copied_from=source.id,
        trimmed=trimmed,
    )
    session.add(draft)
    session.flush()
    inst = FullInstrument(target)
    for rid, entry in answers.items():
        rating, comment = (entry["rating"], entry.get("comment")) if isinstance(entry, dict) else (entry, None)
        session.add(
            Answer(assessment_id=draft.id or 0, requirement_id=rid, rating=inst.canonical(rid, rating), comment=comment)
        )
    session.flush()
    return draft.id or 0


def submitted_full(session: Session, questionnaire_id: str, ids: list[int] | None = None) -> list[Assessment]:
    """Submitted full assessments of a questionnaire (all, or those with the given IDs), oldest first."""
    query = select(Assessment).where(
        Assessment.questionnaire_id == questionnaire_id,
        Assessment.status == Status.SUBMITTED,
        Assessment.variant == Variant.FULL,
    )
    if ids is not None:
        query = query.where(col(Assessment.id).in_(ids))
    return list(session.exec(query.order_by(col(Assessment.id))).all())
