"""Wizard pages posted after the log-in lapsed: kept until their author logs in again, for a while.

Retention: a stash is restored only within STASH_RETENTION_HOURS of being posted; `purge_expired`
deletes older ones (run on every new stash and by maintenance), so nothing posted this way stays.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from .. import store
from ..domain.limits import STASH_MAX_CHARS, STASH_MAX_FIELDS, STASH_MAX_PER_ASSESSMENT, TEXT_MAX_LENGTH
from ..domain.text import has_bad_characters
from ..models import DraftStash, utcnow
from .accounts import hash_secret


def acceptable(data: Mapping[str, str]) -> bool:
    """A page small enough to keep: bounded field count, field length and total size, clean text."""
    if len(data) > STASH_MAX_FIELDS or sum(len(k) + len(v) for k, v in data.items()) > STASH_MAX_CHARS:
        return False
    return all(len(v) <= TEXT_MAX_LENGTH and not has_bad_characters(k + v) for k, v in data.items())


def stash_page(
    session: Session, *, assessment_id: int, page: str, data: Mapping[str, Any], replaces: str | None = None
) -> str:
    """Keep a posted wizard page until someone logs in again; returns the secret to claim it.

    The stash a session held before (`replaces`) is dropped, and an assessment keeps only its newest few.
    """
    if replaces:
        claim_stash(session, token=replaces)
    token = secrets.token_urlsafe(24)
    session.add(DraftStash(token_hash=hash_secret(token), assessment_id=assessment_id, page=page, data=dict(data)))
    session.flush()
    kept = select(DraftStash.id).where(DraftStash.assessment_id == assessment_id)
    newest = kept.order_by(col(DraftStash.id).desc()).limit(STASH_MAX_PER_ASSESSMENT)
    session.exec(  # type: ignore[call-overload]
        delete(DraftStash).where(col(DraftStash.assessment_id) == assessment_id, col(DraftStash.id).not_in(newest))
    )
    return token


def peek_stash(session: Session, *, token: str, hours: float | None = None) -> DraftStash | None:
    """The stashed page a token claims, without taking it; None once older than `hours`."""
    stash = store.stash_by_token_hash(session=session, token_hash=hash_secret(token))
    if stash is None or hours is None:
        return stash
    created = stash.created_at if stash.created_at.tzinfo else stash.created_at.replace(tzinfo=utcnow().tzinfo)
    return stash if utcnow() - created <= timedelta(hours=hours) else None


def claim_stash(session: Session, *, token: str) -> DraftStash | None:
    """Take a stashed page out of storage (it is deleted), or None if unknown."""
    stash = peek_stash(session, token=token)
    if stash is None:
        return None
    session.delete(stash)
    session.flush()
    return stash


def purge_expired(session: Session, *, hours: float) -> int:
    """Delete stashes older than `hours`; returns how many."""
    cutoff = utcnow() - timedelta(hours=hours)
    result = session.exec(delete(DraftStash).where(col(DraftStash.created_at) < cutoff))  # type: ignore[call-overload]
    session.flush()
    return int(result.rowcount or 0)
