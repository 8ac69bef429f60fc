"""Evidence: files backing a requirement's answer, reviewers' checks and queries, and the share of S they back."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import filetype
from sqlmodel import Session, col, select

from ..domain import evidence_share
from ..domain.answers import AnswerSet
from ..domain.enums import EvidenceVerdict, Status, values
from ..domain.errors import Forbidden, NotFound, Refused
from ..domain.evidence_share import contributions
from ..domain.result import ScoreResult
from ..domain.scoring import figures
from ..models import Assessment, User, utcnow
from ..models_review import EvidenceFile, EvidenceReview
from .access import assessment_for
from .evidence_store import EvidenceStore

# PDF, images and office documents, recognised by their content; never HTML, SVG or scripts.
ACCEPTED = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ACCEPTED_NAMES = "PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, OpenDocument"
COMMENT_MAX = 2000


def _requirement(assessment: Assessment, requirement_id: str) -> str:
    from .assessments import instrument_of

    if requirement_id not in instrument_of(assessment).base.requirement_index:
        raise NotFound.one(f"要求 {requirement_id!r} 不存在", f"no requirement {requirement_id!r}", "requirement_id")
    return requirement_id


def media_type(data: bytes) -> str:
    """The file's type as read from its first bytes; Refused unless it is one of the accepted kinds."""
    kind = filetype.guess(data[:8192] if not data.startswith(b"PK") else data)  # office files: look into the zip
    if kind is None or kind.mime not in ACCEPTED:
        raise Refused.one(
            f"不支持该文件类型；可以上传：{ACCEPTED_NAMES}",
            f"this kind of file is not accepted; accepted: {ACCEPTED_NAMES}",
            "file",
            accepted=ACCEPTED_NAMES,
        )
    return str(kind.mime)


def safe_filename(name: str) -> str:
    """The uploaded file's name as shown and offered on download: no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*').strip(" .")
    return cleaned[:200] or "evidence"


def attach(
    session: Session,
    *,
    user: User,
    assessment_id: int,
    requirement_id: str,
    filename: str,
    data: bytes,
    store: EvidenceStore,
    max_bytes: int,
) -> EvidenceFile:
    """A respondent attaches a file to a requirement of a draft; size and type (by content) are checked."""
    assessment = assessment_for(session, user, assessment_id, edit=True)
    _requirement(assessment, requirement_id)
    if not data:
        raise Refused.one("文件是空的", "the file is empty", "file")
    if len(data) > max_bytes:
        raise Refused.one(
            f"文件过大：最多 {max_bytes // (1024 * 1024)} MB",
            f"the file is too large: at most {max_bytes // (1024 * 1024)} MB",
            "file",
            given=len(data),
        )
    mime = media_type(data)
    key = f"{assessment_id}/{secrets.token_urlsafe(24)}"
    row = EvidenceFile(
        assessment_id=assessment_id,
        requirement_id=requirement_id,
        filename=safe_filename(filename),
        media_type=mime,
        size=len(data),
        storage_key=key,
        uploaded_by=user.id or 0,
    )
    session.add(row)
    session.flush()
    store.put(key, data)
    return row


def file_for(session: Session, *, user: User, file_id: int) -> EvidenceFile:
    """An evidence file the user may see (NotFound otherwise)."""
    row = session.get(EvidenceFile, file_id)
    if row is None:
        raise NotFound.one("未找到该文件", "no such file", "file_id")
    try:
        assessment_for(session, user, row.assessment_id)
    except (NotFound, Forbidden):
        raise NotFound.one("未找到该文件", "no such file", "file_id") from None
    return row


def remove(session: Session, *, user: User, file_id: int) -> str:
    """Take a file off a draft (its uploader or the owner); returns its storage key, to delete after commit."""
    row = file_for(session, user=user, file_id=file_id)
    assessment = assessment_for(session, user, row.assessment_id, edit=True)
    if row.uploaded_by != user.id:
        assessment_for(session, user, assessment.id or 0, manage=True)
    session.delete(row)
    session.flush()
    return row.storage_key


def keys_of(session: Session, assessment_ids: list[int]) -> list[str]:
    """The storage keys of the assessments' files: what to delete from the store once their rows are gone."""
    if not assessment_ids:
        return []
    query = select(EvidenceFile.storage_key).where(col(EvidenceFile.assessment_id).in_(assessment_ids))
    return list(session.exec(query))


def files_of(session: Session, assessment_id: int) -> dict[str, list[EvidenceFile]]:
    """{requirement ID: its files, oldest first}."""
    found: dict[str, list[EvidenceFile]] = {}
    rows = session.exec(
        select(EvidenceFile).where(EvidenceFile.assessment_id == assessment_id).order_by(col(EvidenceFile.id))
    )
    for row in rows:
        found.setdefault(row.requirement_id, []).append(row)
    return found


def review(
    session: Session, *, user: User, assessment_id: int, requirement_id: str, verdict: str, comment: str | None
) -> EvidenceReview:
    """A reviewer marks a requirement's evidence checked, or queries it with a comment (draft or submitted)."""
    assessment = assessment_for(session, user, assessment_id, review=True)
    _requirement(assessment, requirement_id)
    if verdict not in values(EvidenceVerdict):
        raise Refused.one(
            "核对结果应为 checked 或 queried", "the verdict is checked or queried", "verdict", given=verdict
        )
    comment = (comment or "").replace("\x00", "").strip() or None
    if verdict == EvidenceVerdict.QUERIED and not comment:
        raise Refused.one("提出疑问时请写明问题", "say what is in question when querying evidence", "comment")
    if comment and len(comment) > COMMENT_MAX:
        raise Refused.one(
            f"意见最多 {COMMENT_MAX} 个字符", f"the comment holds at most {COMMENT_MAX} characters", "comment"
        )
    row = session.get(EvidenceReview, (assessment_id, requirement_id)) or EvidenceReview(
        assessment_id=assessment_id, requirement_id=requirement_id, verdict=verdict, reviewed_by=user.id or 0
    )
    row.verdict, row.comment, row.reviewed_by, row.reviewed_at = verdict, comment, user.id or 0, utcnow()
    session.add(row)
    session.flush()
    return row


def reviews_of(session: Session, assessment_id: int) -> dict[str, EvidenceReview]:
    """{requirement ID: the latest review}."""
    rows = session.exec(select(EvidenceReview).where(EvidenceReview.assessment_id == assessment_id))
    return {r.requirement_id: r for r in rows}


@dataclass(frozen=True)
class Backing:
    """How much of the score S is backed by evidence a reviewer checked."""

    checked: int  # requirements checked
    share: float  # of S, each requirement weighted as S weighs it (domain/evidence_share.py), 0–1


def _scored(session: Session, assessment: Assessment) -> tuple[ScoreResult, AnswerSet]:
    """The result the results page shows (submitted), or a draft's figures from its answers so far."""
    from .assessments import instrument_of
    from .results import answers_of, result_of

    if assessment.status == Status.SUBMITTED:
        stored = result_of(session, assessment)
        return stored.result, stored.answers
    answers = answers_of(session, assessment)
    return figures(instrument_of(assessment).base, answers), answers


def backed_share(
    session: Session, assessment: Assessment, scored: tuple[ScoreResult, AnswerSet] | None = None
) -> Backing:
    """The share of S backed by checked evidence: the checked requirements' contributions to S over S.

    A requirement contributes its rating × its weight in its sub-domain's level mean × the sub-domain's share
    of the level score, at the levels S counts (the rule: `maturity.domain.evidence_share`). `scored` saves
    scoring again when the caller holds the result and answers; a quick check has no requirement-level
    evidence (share 0).
    """
    from .assessments import instrument_of

    checked = {r for r, v in reviews_of(session, assessment.id or 0).items() if v.verdict == EvidenceVerdict.CHECKED}
    inst = instrument_of(assessment)
    if inst.indicative or not checked:
        return Backing(len(checked), 0.0)
    result, answers = scored or _scored(session, assessment)
    return Backing(len(checked), evidence_share.backed_share(contributions(inst.base, answers, result), checked))


def uploads_open(assessment: Assessment) -> bool:
    """Files are attached while the assessment is a draft."""
    return assessment.status == Status.DRAFT
