"""The consultants' tables: entries made on a client's behalf, batch uploads, job parts and client invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from .models import _when


class ProxyEntry(SQLModel, table=True):
    """An assessment a consultant entered on the client's behalf: by whom, when, and from which file and row.

    Until the client's own staff take the account over (`handed_over_at`), a draft entered this way is
    editable by the consultant who entered it, and by no one else.
    """

    __tablename__ = "proxy_entries"
    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True)
    entered_by: int = Field(foreign_key="users.id", index=True)
    entered_at: datetime = _when()
    upload_id: int | None = Field(default=None, foreign_key="batch_uploads.id")
    file: str | None = Field(default=None, max_length=255)
    sheet: str | None = Field(default=None, max_length=100)
    row: int | None = None
    # Hash of what was imported (enterprise, date, questionnaire version, answers, trimming): importing the same
    # content again, from the same file or another, finds this row instead of adding an assessment.
    import_key: str | None = Field(default=None, max_length=64, unique=True)
    handed_over_at: datetime | None = _when(now=False)


class BatchUpload(SQLModel, table=True):
    """Files a consultant uploaded for validation, import or bulk reports; the files sit under the jobs folder."""

    __tablename__ = "batch_uploads"
    id: int | None = Field(default=None, primary_key=True)
    created_by: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = _when()
    files: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rows: int = 0
    valid: int = 0
    problems: int = 0


class JobPart(SQLModel, table=True):
    """One finished part of a job split over workers (a handful of reports); recorded once, whoever ran it."""

    __tablename__ = "job_parts"
    job_id: int = Field(foreign_key="jobs.id", primary_key=True)
    part: int = Field(primary_key=True)
    outcomes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    finished_at: datetime = _when()


class ClientInvite(SQLModel, table=True):
    """A one-time link a consultant passes to a client's staff so that they take over the enterprise's account."""

    __tablename__ = "client_invites"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    created_by: int = Field(foreign_key="users.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: datetime | None = _when(now=False)
    used_by: int | None = Field(default=None, foreign_key="users.id")
