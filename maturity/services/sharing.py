"""Sharing consent: an enterprise agrees (and may stop agreeing) to show its detailed results to its park.

Aggregates always include every enterprise of a park; what consent opens is the enterprise's own level
in lists, its assessments, answers, gaps and reports, to the park's and its region's administrators.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..domain.enums import MemberRole
from ..domain.errors import Forbidden, Refused
from ..models import Enterprise, SharingConsent, User, utcnow
from .access import member_role


def active_consent(session: Session, enterprise: Enterprise) -> SharingConsent | None:
    """The unrevoked consent of the enterprise towards its current park, if any."""
    return session.exec(
        select(SharingConsent).where(
            SharingConsent.enterprise_id == enterprise.id,
            SharingConsent.park_id == enterprise.park_id,
            col(SharingConsent.revoked_at).is_(None),
        )
    ).first()


def consent_history(session: Session, enterprise: Enterprise) -> list[SharingConsent]:
    """Every consent the enterprise gave, newest first (revoked ones included: the record stays)."""
    query = select(SharingConsent).where(SharingConsent.enterprise_id == enterprise.id)
    return list(session.exec(query.order_by(col(SharingConsent.agreed_at).desc(), col(SharingConsent.id).desc())))


def _check_may_decide(session: Session, user: User, enterprise: Enterprise) -> None:
    """Only the enterprise's owner decides what is shared about it (not a respondent or reviewer of its team)."""
    if member_role(session, user, enterprise.id or 0) != MemberRole.OWNER:
        raise Forbidden.one(
            "只有企业的负责人可以决定是否共享详细结果",
            "only the enterprise's owner decides whether its detailed results are shared",
            code="owner_only",
        )


def agree(session: Session, *, user: User, enterprise: Enterprise) -> SharingConsent:
    """Record that `user`, for `enterprise`, agrees to share detailed results with its park (idempotent)."""
    _check_may_decide(session, user, enterprise)
    if enterprise.park_id is None:
        raise Refused.one("该企业不属于任何园区，无需共享", "this enterprise belongs to no park", "park_id")
    existing = active_consent(session, enterprise)
    if existing is not None:
        return existing
    consent = SharingConsent(enterprise_id=enterprise.id or 0, park_id=enterprise.park_id, agreed_by=user.id or 0)
    session.add(consent)
    session.flush()
    return consent


def revoke(session: Session, *, user: User, enterprise: Enterprise) -> SharingConsent | None:
    """Stop sharing: the consent is stamped revoked by `user` now; None when nothing was shared."""
    _check_may_decide(session, user, enterprise)
    consent = active_consent(session, enterprise)
    if consent is None:
        return None
    consent.revoked_at, consent.revoked_by = utcnow(), user.id
    session.add(consent)
    session.flush()
    return consent
