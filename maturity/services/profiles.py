"""The owner's housekeeping: the enterprise profile with its history kept, and deleting drafts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, delete, select

from ..domain.enums import Status
from ..domain.errors import Forbidden, Refused
from ..models import Answer, Assessment, DraftStash, Enterprise, User
from ..models_consult import ProxyEntry
from ..models_review import Assignment, EvidenceFile, EvidenceReview, Resolution, Response, TeamSettings
from ..models_team import ProfileChange
from .access import assessment_for, enterprise_for
from .evidence import keys_of
from .organisations import check_profile

EDITABLE = (
    "name",
    "industry_code",
    "industry_type",
    "region_code",
    "city",
    "above_designated_size",
    "employees",
    "revenue_band",
)


def update_profile(
    session: Session, *, user: User, enterprise_id: int, data: Mapping[str, Any]
) -> ProfileChange | None:
    """The owner edits the profile; the fields before and after are kept. None when nothing changed.

    A new industry type applies to assessments started afterwards; earlier ones keep the type they began with.
    """
    company = enterprise_for(session, user, enterprise_id, manage=True)
    name = str(data.get("name") or "").strip()
    if not name:
        raise Refused.one("企业名称不能为空", "the enterprise needs a name", "name")
    new = {
        **{k: data.get(k) or None for k in EDITABLE},
        "name": name,
        "industry_code": str(data.get("industry_code") or "").upper(),
        "above_designated_size": bool(data.get("above_designated_size")),
    }
    check_profile(session, new)
    before = {k: getattr(company, k) for k in EDITABLE if getattr(company, k) != new[k]}
    if not before:
        return None
    after = {k: new[k] for k in before}
    for key, value in after.items():
        setattr(company, key, value)
    change = ProfileChange(enterprise_id=company.id or 0, changed_by=user.id, before=before, after=after)
    session.add_all([company, change])
    session.flush()
    return change


def profile_history(session: Session, enterprise_id: int) -> list[tuple[ProfileChange, User | None]]:
    """Every edit of the profile, newest first, with who made it."""
    rows = session.exec(
        select(ProfileChange)
        .where(ProfileChange.enterprise_id == enterprise_id)
        .order_by(col(ProfileChange.changed_at).desc(), col(ProfileChange.id).desc())
    ).all()
    return [(row, session.get(User, row.changed_by) if row.changed_by else None) for row in rows]


def delete_draft(session: Session, *, user: User, assessment_id: int) -> list[str]:
    """The owner deletes a draft and everything hanging on it; returns the evidence storage keys to remove."""
    assessment = assessment_for(session, user, assessment_id, manage=True)
    if assessment.status != Status.DRAFT:
        raise Forbidden.one("已提交的评估不能删除", "a submitted assessment cannot be deleted", code="submitted")
    keys = keys_of(session, [assessment_id])
    for table in (
        Answer,
        Response,
        Resolution,
        Assignment,
        TeamSettings,
        EvidenceFile,
        EvidenceReview,
        DraftStash,
        ProxyEntry,
    ):
        session.execute(delete(table).where(col(table.assessment_id) == assessment_id))  # type: ignore[attr-defined]
    later = select(Assessment).where(Assessment.copied_from == assessment_id)
    for copy in session.exec(later):
        copy.copied_from = None
        session.add(copy)
    session.flush()
    session.delete(assessment)
    session.flush()
    return keys


def enterprise_of(session: Session, enterprise_id: int) -> Enterprise | None:
    """The enterprise by ID (no access check: for callers that checked already)."""
    return session.get(Enterprise, enterprise_id)
