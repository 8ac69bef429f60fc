"""Assessments: start, copy, save a page, submit, and store a complete answers document in one step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from .. import store
from ..domain.answers import AnswerSet, split_entry
from ..domain.enums import Role, Status, Variant, values
from ..domain.errors import AnswerError, Forbidden, Refused
from ..domain.instrument import Instrument, instrument
from ..domain.model import Questionnaire, QuickCheck
from ..domain.result import ScoreResult
from ..domain.serialize import result_to_dict
from ..domain.versioning import map_answers
from ..models import Answer, Assessment, Enterprise, User, utcnow
from ..models_consult import ProxyEntry
from ..questionnaires import shipped
from .access import can_edit_enterprise, enterprise_for
from .scores import write_score_rows

QUICK_ID = "gbt39116-2020-quick"
FULL_ID = "gbt39116-2020"


def questionnaire_of(assessment: Assessment) -> Questionnaire | QuickCheck:
    """The questionnaire (or quick check) an assessment answers, in the version it was answered with."""
    return shipped().get(assessment.questionnaire_id, assessment.questionnaire_version)


def instrument_of(assessment: Assessment) -> Instrument:
    """The instrument (full questionnaire or quick check) of an assessment's version."""
    return instrument(questionnaire_of(assessment))


def start_assessment(session: Session, *, user: User, enterprise: Enterprise, variant: str) -> Assessment:
    """Add a new draft of the newest full questionnaire or quick check for `enterprise`."""
    if not can_edit_enterprise(session, user, enterprise):
        raise Forbidden.one("您不能为该企业发起评估", "you may not start assessments for this enterprise")
    if variant not in values(Variant):
        raise Refused.one("评估类型应为 full 或 quick", "the variant is full or quick", "variant", given=variant)
    questionnaire = shipped().get(QUICK_ID if variant == Variant.QUICK else FULL_ID)
    assessment = Assessment(
        enterprise_id=enterprise.id or 0,
        questionnaire_id=questionnaire.id,
        variant=variant,
        questionnaire_version=questionnaire.version,
        industry_type=enterprise.industry_type,
        started_by=user.id,
        trimmed={},
    )
    session.add(assessment)
    session.flush()
    _record_if_proxy(session, assessment, user)
    return assessment


def _record_if_proxy(session: Session, assessment: Assessment, user: User) -> None:
    """A consultant's assessment of a client is entered on the client's behalf: record it as such."""
    if user.role == Role.CONSULTANT:
        session.add(ProxyEntry(assessment_id=assessment.id or 0, entered_by=user.id or 0))
        session.flush()


def carried_ids(source: Assessment, target: Questionnaire | QuickCheck, answered: set[str]) -> dict[str, str]:
    """{target item ID: source item ID} for the answers of `source` that carry into `target`."""
    if instrument(target).variant == Variant.FULL and source.questionnaire_version != target.version:
        chain = shipped().chain(source.questionnaire_id, source.questionnaire_version, target.version)
        mapping = map_answers({k: k for k in answered}, chain, source.industry_type, source.trimmed or {})
        return {new: str(old) for new, old in mapping.answers.items()}
    return {k: k for k in answered}


def copy_assessment(session: Session, *, user: User, source: Assessment) -> Assessment:
    """A new draft of the newest version holding the answers and trimming of `source`, ready to be revised."""
    enterprise = enterprise_for(session, user, source.enterprise_id, edit=True)
    target = shipped().get(source.questionnaire_id)
    copy = Assessment(
        enterprise_id=source.enterprise_id,
        questionnaire_id=source.questionnaire_id,
        variant=source.variant,
        questionnaire_version=target.version,
        industry_type=enterprise.industry_type,
        started_by=user.id,
        copied_from=source.id,
        trimmed=dict(source.trimmed or {}),
    )
    session.add(copy)
    session.flush()
    _record_if_proxy(session, copy, user)
    rows = store.answers_of(session=session, assessment_id=source.id or 0)
    for new_id, old_id in sorted(carried_ids(source, target, set(rows)).items()):
        row = rows[old_id]
        session.add(
            Answer(
                assessment_id=copy.id or 0,
                requirement_id=new_id,
                rating=row.rating,
                comment=row.comment,
                answered_by=row.answered_by,
                answered_at=row.answered_at,
            )
        )
    session.flush()
    return copy


def _stored_rating(inst: Instrument, item: str, rating: Any) -> str | None:
    """A rating as the answers table keeps it: the canonical ID (quick check: the level's digits)."""
    return None if rating is None or rating == "" else inst.canonical(item, rating)


def save_answers(
    session: Session,
    *,
    user: User,
    assessment: Assessment,
    answers: Mapping[str, tuple[Any, str | None]],
    trimmed: Mapping[str, str | None] | None = None,
) -> int:
    """Store a page of a draft: {item ID: (rating, comment)} and trimming changes; returns rows changed.

    A row records who last changed it, so several respondents of one enterprise can be told apart.
    """
    if assessment.status != Status.DRAFT:
        raise Forbidden.one("该评估已提交，不能再修改", "this assessment is submitted and locked")
    inst = instrument_of(assessment)
    existing = store.answers_of(session=session, assessment_id=assessment.id or 0)
    now, changed = utcnow(), 0
    for item, (raw_rating, raw_comment) in answers.items():
        rating, comment = _stored_rating(inst, item, raw_rating), (raw_comment or "").strip() or None
        row = existing.get(item)
        if (row is None and rating is None and comment is None) or (
            row is not None and row.rating == rating and (row.comment or None) == comment
        ):
            continue
        row = row or Answer(assessment_id=assessment.id or 0, requirement_id=item, version=0)
        row.rating, row.comment, row.answered_by, row.answered_at = rating, comment, user.id, now
        row.version = (row.version or 0) + 1  # a save from a form rendered before this is recognised as stale
        session.add(row)
        changed += 1
    if trimmed is not None and _apply_trimming(assessment, trimmed):
        changed += 1
    assessment.updated_at = now
    session.add(assessment)
    session.flush()
    return changed


def _apply_trimming(assessment: Assessment, trimmed: Mapping[str, str | None]) -> bool:
    """Trim (with a reason) or untrim (None) sub-domains; whether anything changed."""
    new = dict(assessment.trimmed or {})
    for sid, reason in trimmed.items():
        if reason is None:
            new.pop(sid, None)
        else:
            new[sid] = reason
    if new == assessment.trimmed:
        return False
    assessment.trimmed = new
    return True


def raw_answers(assessment: Assessment, rows: Mapping[str, Answer]) -> dict[str, Any]:
    """Stored answers in the CLI/API answers format, leaving out what trimming or the industry excludes."""
    inst = instrument_of(assessment)
    trimmed = dict(assessment.trimmed or {})
    asked = set(inst.items(assessment.industry_type, frozenset(trimmed)))
    answers: dict[str, Any] = {}
    for item, row in rows.items():
        if row.rating is None or item not in asked:
            continue
        rating: Any = int(row.rating) if inst.variant == Variant.QUICK else row.rating
        answers[item] = {"rating": rating, "comment": row.comment} if row.comment else rating
    return {"industry": assessment.industry_type, "answers": answers, "trimmed": trimmed}


def check_complete(session: Session, assessment: Assessment, lang: str = "zh") -> list[str]:
    """Problems that would stop submission, rendered in `lang`; empty when it can be submitted."""
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    try:
        instrument_of(assessment).parse(raw_answers(assessment, rows))
    except AnswerError as exc:
        return exc.render(lang)
    return []


def submit(session: Session, *, user: User, assessment: Assessment) -> ScoreResult:
    """Validate every answer (none may be missing), score, store the snapshot and score rows, and lock."""
    from .access import assessment_for

    assessment = assessment_for(session, user, assessment.id or 0, edit=True)
    inst = instrument_of(assessment)
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    result = inst.score(inst.parse(raw_answers(assessment, rows), missing="error"))
    _lock(session, assessment, result, inst, user)
    return result


def _lock(
    session: Session,
    assessment: Assessment,
    result: ScoreResult,
    inst: Instrument,
    user: User,
    submitted_at: datetime | None = None,
) -> None:
    """Record the score snapshot and score rows, and mark the assessment submitted (now, unless told when)."""
    assessment.result = result_to_dict(result, inst.base, exact=True)  # restore_result reads it
    assessment.score, assessment.level = result.score, result.level
    assessment.status, assessment.submitted_by = Status.SUBMITTED, user.id
    assessment.submitted_at = submitted_at or utcnow()
    assessment.updated_at = assessment.submitted_at
    session.add(assessment)
    session.flush()
    write_score_rows(session, assessment, result, variant=inst.variant)


def create_submitted(
    session: Session,
    *,
    user: User,
    enterprise: Enterprise,
    raw: Mapping[str, Any],
    missing: str = "error",
    submitted_at: datetime | None = None,
) -> tuple[Assessment, ScoreResult]:
    """Store and score a complete answers document in one step (API, import, demo); raises AnswerError.

    With `missing="none"` unanswered items are stored as not met, so the stored set re-scores alike.
    `submitted_at` dates an assessment made earlier (an imported survey's assessment date).
    """
    if not can_edit_enterprise(session, user, enterprise):
        raise Forbidden.one("您不能为该企业提交评估", "you may not submit assessments for this enterprise")
    inst: Instrument = instrument(shipped().get(raw.get("questionnaire") or FULL_ID, raw.get("questionnaire_version")))
    raw = {**raw, "industry": raw.get("industry") or enterprise.industry_type}
    if missing == "none":
        raw = inst.fill_missing(raw)
    answer_set = inst.parse(raw)
    if answer_set.industry != enterprise.industry_type:
        raise Refused.one(
            "答案的行业类型与企业档案不一致", "the answers' industry type differs from the enterprise's", "industry"
        )
    assessment = Assessment(
        enterprise_id=enterprise.id or 0,
        questionnaire_id=inst.id,
        variant=inst.variant,
        questionnaire_version=inst.version,
        industry_type=answer_set.industry,
        started_by=user.id,
        trimmed=dict(answer_set.trimmed),
    )
    session.add(assessment)
    session.flush()
    _record_if_proxy(session, assessment, user)
    _add_answers(session, assessment, inst, answer_set, raw, user)
    result = inst.score(answer_set)
    _lock(session, assessment, result, inst, user, submitted_at)
    return assessment, result


def _add_answers(
    session: Session, assessment: Assessment, inst: Instrument, answers: AnswerSet, raw: Mapping[str, Any], user: User
) -> None:
    """Store each used answer of a validated document in its canonical form."""
    used = set(inst.items(answers.industry, frozenset(answers.trimmed)))
    for item, value in dict(raw.get("answers") or {}).items():
        if item not in used:
            continue  # a quick-check answer for a trimmed or inapplicable sub-domain is not used
        rating, comment = split_entry(value)
        session.add(
            Answer(
                assessment_id=assessment.id or 0,
                requirement_id=item,
                rating=inst.canonical(item, rating),
                comment=comment or None,
                answered_by=user.id,
            )
        )
    session.flush()


def rescore(session: Session, assessment: Assessment) -> ScoreResult:
    """Score an assessment's stored answers again (missing answers count as not met, for drafts)."""
    return rescore_with_answers(session, assessment)[0]


def rescore_with_answers(session: Session, assessment: Assessment) -> tuple[ScoreResult, AnswerSet]:
    """The result of an assessment's stored answers under its own version, with the validated answers."""
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    inst = instrument_of(assessment)
    missing = "error" if assessment.status == Status.SUBMITTED else "none"
    answer_set = inst.parse(raw_answers(assessment, rows), missing=missing)
    return inst.score(answer_set), answer_set
