"""Security rows of a user: second-factor recovery codes and log-in sessions, each secret stored only as a hash."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .domain.enums import SessionEnd
from .models import _when, one_of


class RecoveryCode(SQLModel, table=True):
    """One recovery code of a user's second factor; only its SHA-256 hash is kept."""

    __tablename__ = "recovery_codes"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = _when()
    used_at: datetime | None = _when(now=False)


class UserSession(SQLModel, table=True):
    """One browser's log-in: the cookie carries a random secret, the row its SHA-256 hash.

    The row is what the server checks on every request, so one session can be ended without the others.
    """

    __tablename__ = "user_sessions"
    __table_args__ = (one_of("ended_reason", SessionEnd, nullable=True),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when()
    last_seen_at: datetime = _when()  # renewed at most every few minutes, not on every request
    user_agent: str | None = Field(default=None, max_length=255)
    address: str | None = Field(default=None, max_length=64)
    ended_at: datetime | None = _when(now=False)
    ended_reason: str | None = Field(default=None, max_length=10)
