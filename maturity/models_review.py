"""Several respondents and evidence: per-person responses, assignments, resolutions, evidence files and reviews.

The `answers` table keeps the consolidated answer, the one scoring reads; `responses` keeps who said what.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .domain.consolidation import Rule
from .domain.enums import EvidenceVerdict
from .models import _when, one_of


class TeamSettings(SQLModel, table=True):
    """An assessment's consolidation rule, and whether respondents may answer sub-domains not assigned to them."""

    __tablename__ = "team_settings"
    __table_args__ = (one_of("rule", Rule),)
    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True)
    rule: str = Field(default=Rule.ASSIGNED.value, max_length=20)
    open_to_all: bool = False


class Assignment(SQLModel, table=True):
    """The respondent a sub-domain of an assessment is assigned to (one per sub-domain)."""

    __tablename__ = "assignments"
    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True)
    subdomain_id: str = Field(max_length=100, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)


class Response(SQLModel, table=True):
    """One respondent's answer to one requirement; the consolidated answer is derived from these."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("assessment_id", "requirement_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    requirement_id: str = Field(max_length=100)
    user_id: int = Field(foreign_key="users.id")
    rating: str | None = Field(default=None, max_length=20)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = _when()


class Resolution(SQLModel, table=True):
    """The owner's decision on a disagreement: the rating used, and why (cleared when a response changes)."""

    __tablename__ = "resolutions"
    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True)
    requirement_id: str = Field(max_length=100, primary_key=True)
    rating: str = Field(max_length=20)
    note: str = Field(sa_column=Column(Text, nullable=False))
    resolved_by: int = Field(foreign_key="users.id")
    resolved_at: datetime = _when()


class EvidenceFile(SQLModel, table=True):
    """A file backing a requirement's answer; the bytes sit in the evidence store under `storage_key`."""

    __tablename__ = "evidence_files"
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    requirement_id: str = Field(max_length=100)
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    size: int
    storage_key: str = Field(max_length=200, unique=True)
    uploaded_by: int = Field(foreign_key="users.id")
    uploaded_at: datetime = _when()


class EvidenceReview(SQLModel, table=True):
    """A reviewer's latest word on a requirement's evidence: checked, or queried with a comment."""

    __tablename__ = "evidence_reviews"
    __table_args__ = (one_of("verdict", EvidenceVerdict),)
    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True)
    requirement_id: str = Field(max_length=100, primary_key=True)
    verdict: str = Field(max_length=10)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reviewed_by: int = Field(foreign_key="users.id")
    reviewed_at: datetime = _when()
