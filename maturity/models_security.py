"""Second-factor recovery codes: stored hashed, each usable once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .models import _when


class RecoveryCode(SQLModel, table=True):
    """One recovery code of a user's second factor; only its SHA-256 hash is kept."""

    __tablename__ = "recovery_codes"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = _when()
    used_at: datetime | None = _when(now=False)
