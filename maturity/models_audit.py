"""The audit log (append-only: the migration adds triggers refusing UPDATE and DELETE) and deletion requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, TypeDecorator
from sqlmodel import Field, SQLModel

from .models import _when, utcnow


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every backend: SQLite keeps no zone, so values read back are UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Attach UTC to the naive values SQLite returns."""
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class AuditEvent(SQLModel, table=True):
    """Who did what, to what, when and from where. Never changed nor deleted once written.

    IDs carry no foreign keys: the log outlives the users and enterprises it names (a deletion must not
    need to touch it), so the actor's e-mail is kept as it was at the time.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_target", "target_type", "target_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, index=True)
    actor_email: str | None = Field(default=None, max_length=254)
    action: str = Field(max_length=50, index=True)
    target_type: str | None = Field(default=None, max_length=40)
    target_id: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    address: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=255)
    channel: str = Field(default="web", max_length=10)  # web | api | cli | job


class DeletionRequest(SQLModel, table=True):
    """An enterprise owner's request that the product forget the enterprise; an administrator carries it out."""

    __tablename__ = "deletion_requests"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(index=True)  # no foreign key: the request stays on record after the deletion
    enterprise_name: str = Field(max_length=200)
    requested_by: int | None = None
    requested_at: datetime = _when()
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default="pending", max_length=10)  # pending | done
    done_by: int | None = None
    done_at: datetime | None = _when(now=False)
