"""Query helpers: keyword-only functions taking a session; they never commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from .models import (
    Answer,
    ApiToken,
    Assessment,
    DraftStash,
    Enterprise,
    Park,
    User,
)


def user_by_email(*, session: Session, email: str) -> User | None:
    """The user with this e-mail address (case-insensitive)."""
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def user_by_token_hash(*, session: Session, token_hash: str) -> User | None:
    """The active user owning an unrevoked token with this hash."""
    row = session.exec(
        select(User)
        .join(ApiToken, col(ApiToken.user_id) == col(User.id))
        .where(ApiToken.token_hash == token_hash, col(ApiToken.revoked).is_(False))
    ).first()
    return row if row is not None and row.is_active else None


def enterprise_by_credit_code(*, session: Session, credit_code: str) -> Enterprise | None:
    """The enterprise registered under this credit code."""
    return session.exec(select(Enterprise).where(Enterprise.credit_code == credit_code)).first()


def assessments_of(
    *, session: Session, enterprise_id: int, status: str | None = None
) -> Sequence[Assessment]:
    """An enterprise's assessments, newest first."""
    query = select(Assessment).where(Assessment.enterprise_id == enterprise_id)
    if status:
        query = query.where(Assessment.status == status)
    return session.exec(query.order_by(col(Assessment.started_at).desc(), col(Assessment.id).desc())).all()


def answers_of(*, session: Session, assessment_id: int) -> dict[str, Answer]:
    """An assessment's answers by requirement (quick check: sub-domain) ID."""
    rows = session.exec(select(Answer).where(Answer.assessment_id == assessment_id)).all()
    return {row.requirement_id: row for row in rows}


def earlier_submitted(*, session: Session, assessment: Assessment) -> Sequence[Assessment]:
    """The enterprise's assessments submitted before this one, newest first."""
    query = select(Assessment).where(
        Assessment.enterprise_id == assessment.enterprise_id,
        Assessment.status == "submitted",
        Assessment.id != assessment.id,
    )
    if assessment.submitted_at is not None:
        query = query.where(col(Assessment.submitted_at) <= assessment.submitted_at)
    return session.exec(query.order_by(col(Assessment.submitted_at).desc(), col(Assessment.id).desc())).all()


def stash_by_token_hash(*, session: Session, token_hash: str) -> DraftStash | None:
    """A stashed wizard page by its token's hash."""
    return session.exec(select(DraftStash).where(DraftStash.token_hash == token_hash)).first()


def all_parks(*, session: Session) -> Sequence[Park]:
    """Every park, by name."""
    return session.exec(select(Park).order_by(col(Park.name))).all()
