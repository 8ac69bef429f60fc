"""Typed score rows (what park and consultant aggregates read with GROUP BY) and background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .domain.enums import IndustryType, JobStatus, Variant
from .models import _when, one_of

LATEST_COVERED = ["level", "id", "assessment_id"]  # what the statistics read from a latest row, index-only


class AssessmentScore(SQLModel, table=True):
    """A submitted assessment's score under one questionnaire version, as typed columns for SQL.

    One row per assessment is current: the one aggregates read. Re-scoring onto another version adds
    a row and makes it current; the row of the version the answers were given in stays.
    """

    __tablename__ = "assessment_scores"
    __table_args__ = (
        UniqueConstraint("assessment_id", "questionnaire_version"),
        one_of("variant", Variant),
        one_of("industry_type", IndustryType),
        Index("ix_assessment_scores_current_enterprise", "is_current", "enterprise_id"),
        # The park statistics read each enterprise's latest row (overall, or of a year) of a variant.
        Index("ix_assessment_scores_latest", "is_latest", "variant", "enterprise_id", "level", "id", "assessment_id"),
        Index(
            "ix_assessment_scores_latest_in_year",
            "is_latest_in_year", "variant", "assessed_year", "enterprise_id", "level", "id", "assessment_id",
        ),
        # A park's dashboard probes its few hundred enterprises instead of scanning every latest row (0011).
        Index("ix_assessment_scores_latest_by_enterprise", "enterprise_id", "variant",
              postgresql_include=LATEST_COVERED, postgresql_where=text("is_latest IS true")),
        Index("ix_assessment_scores_latest_in_year_by_enterprise", "enterprise_id", "variant", "assessed_year",
              postgresql_include=LATEST_COVERED, postgresql_where=text("is_latest_in_year IS true")),
    )
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    questionnaire_id: str = Field(max_length=100)
    questionnaire_version: str = Field(max_length=40)
    variant: str = Field(max_length=10)
    industry_type: str = Field(max_length=10)
    indicative: bool = False
    is_current: bool = True
    # Of the enterprise's current rows of this variant: the latest overall, and the latest of its year
    # (kept by services.scores.refresh_latest), so that aggregates need no window over every row.
    is_latest: bool = False
    is_latest_in_year: bool = False
    score: float
    level: int
    na_share: float = 0.0
    submitted_at: datetime = _when()
    assessed_year: int
    scored_at: datetime = _when()


class SubdomainScore(SQLModel, table=True):
    """One sub-domain's mean rating at one level, and its weight there, for one score row."""

    __tablename__ = "subdomain_scores"
    __table_args__ = (
        UniqueConstraint("score_id", "subdomain", "level"),
        # Weakest capabilities read one level of many score rows.
        Index("ix_subdomain_scores_score_level", "score_id", "level", "subdomain", "mean"),
    )
    id: int | None = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="assessment_scores.id", index=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    subdomain: str = Field(max_length=100, index=True)
    level: int
    mean: float
    weight: float


class Job(SQLModel, table=True):
    """A background job (bulk reports, imports, re-scoring): what a page or the API polls for progress."""

    __tablename__ = "jobs"
    __table_args__ = (one_of("status", JobStatus),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    status: str = Field(default=JobStatus.QUEUED, max_length=10)
    done: int = 0
    total: int = 0
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    failures: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    output: str | None = Field(default=None, max_length=255)  # file name inside the job's folder
    message: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_by: int | None = Field(default=None, foreign_key="users.id", index=True)
    created_at: datetime = _when()
    started_at: datetime | None = _when(now=False)
    finished_at: datetime | None = _when(now=False)
