"""Wizard pages posted after the log-in lapsed: kept until their author logs in again."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from .. import store
from ..models import DraftStash
from .accounts import hash_secret


def stash_page(session: Session, *, assessment_id: int, page: str, data: Mapping[str, Any]) -> str:
    """Keep a posted wizard page until someone logs in again; returns the secret to claim it."""
    token = secrets.token_urlsafe(24)
    session.add(DraftStash(token_hash=hash_secret(token), assessment_id=assessment_id, page=page, data=dict(data)))
    session.flush()
    return token


def peek_stash(session: Session, *, token: str) -> DraftStash | None:
    """The stashed page a token claims, without taking it."""
    return store.stash_by_token_hash(session=session, token_hash=hash_secret(token))


def claim_stash(session: Session, *, token: str) -> DraftStash | None:
    """Take a stashed page out of storage (it is deleted), or None if unknown."""
    stash = peek_stash(session, token=token)
    if stash is None:
        return None
    session.delete(stash)
    session.flush()
    return stash
