"""SQLModel tables: people, organisations, assessments and their answers (one row per requirement)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, Index, MetaData, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .domain.enums import IndustryType, RevenueBand, Role, Status, Variant, values

# Named constraints let Alembic's batch mode alter SQLite tables and keep migrations portable.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

ROLES = values(Role)
UNMET_CONDITION = "rating IN ('none', 'partial')"  # rated not met or only partially met


def one_of(column: str, enum: type, *, nullable: bool = False) -> CheckConstraint:
    """A check constraint keeping `column` inside the enum's values (named `<column>_valid`)."""
    listed = ", ".join(f"'{v}'" for v in values(enum))
    condition = f"{column} IN ({listed})" + (f" OR {column} IS NULL" if nullable else "")
    return CheckConstraint(condition, name=f"{column}_valid")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def _when(*, now: bool = True) -> Any:
    """A timezone-aware timestamp column, defaulting to now unless `now` is False."""
    if now:
        return Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    return Field(default=None, sa_type=DateTime(timezone=True))


class Region(SQLModel, table=True):
    """A province or city (GB/T 2260 code, 2 or 4 digits) grouping parks: a city's code starts with its province's."""

    __tablename__ = "regions"
    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=100)
    created_at: datetime = _when()


class Park(SQLModel, table=True):
    """An industrial park whose administrators see the enterprises located in it."""

    __tablename__ = "parks"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    region_code: str | None = Field(default=None, max_length=6, index=True)
    created_at: datetime = _when()


class Enterprise(SQLModel, table=True):
    """A manufacturing enterprise and the profile its assessments are read against."""

    __tablename__ = "enterprises"
    __table_args__ = (one_of("industry_type", IndustryType), one_of("revenue_band", RevenueBand, nullable=True))
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    credit_code: str = Field(max_length=18, unique=True)
    industry_code: str = Field(max_length=3)  # GB/T 4754-2017 division C13–C43
    industry_type: str = Field(max_length=10)  # discrete | process
    region_code: str | None = Field(default=None, max_length=6)  # GB/T 2260 province
    city: str | None = Field(default=None, max_length=100)
    park_id: int | None = Field(default=None, foreign_key="parks.id", index=True)
    above_designated_size: bool = False
    employees: int | None = None
    revenue_band: str | None = Field(default=None, max_length=20)
    created_at: datetime = _when()
    # Set when the enterprise was forgotten at its owner's request: only its anonymous score rows remain.
    deleted_at: datetime | None = _when(now=False)


class User(SQLModel, table=True):
    """Someone who logs in; an enterprise user belongs to one enterprise."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", Role),)
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    name: str | None = Field(default=None, max_length=100)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprises.id", index=True)
    is_active: bool = True
    created_at: datetime = _when()
    failed_logins: int = 0  # wrong passwords or codes in a row; reset by a good log-in or an unlock
    locked_until: datetime | None = _when(now=False)
    totp_secret: str | None = Field(default=None, max_length=64)  # set once the second factor is confirmed
    totp_last_step: int | None = None  # the last accepted TOTP time step: a code works once

    # Flask-Login's user protocol, kept to four trivial members.
    @property
    def is_authenticated(self) -> bool:
        """Every stored user is authenticated once loaded."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Stored users are never anonymous."""
        return False

    def get_id(self) -> str:
        """The ID Flask-Login keeps in the session."""
        return str(self.id)


class ParkAdmin(SQLModel, table=True):
    """A park administrator's charge: which parks the user administers."""

    __tablename__ = "park_admins"
    user_id: int = Field(foreign_key="users.id", primary_key=True)
    park_id: int = Field(foreign_key="parks.id", primary_key=True)


class RegionAdmin(SQLModel, table=True):
    """A regional administrator's charge: every park whose region code starts with `region_code`."""

    __tablename__ = "region_admins"
    user_id: int = Field(foreign_key="users.id", primary_key=True)
    region_code: str = Field(foreign_key="regions.code", primary_key=True, max_length=6)


class SharingConsent(SQLModel, table=True):
    """An enterprise's agreement to show its detailed results to its park's (and region's) administrators.

    Never deleted: revoking stamps `revoked_at`, so who agreed and when stays on record.
    """

    __tablename__ = "sharing_consents"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    park_id: int = Field(foreign_key="parks.id", index=True)
    agreed_by: int = Field(foreign_key="users.id")
    agreed_at: datetime = _when()
    revoked_by: int | None = Field(default=None, foreign_key="users.id")
    revoked_at: datetime | None = _when(now=False)


class RosterEntry(SQLModel, table=True):
    """One enterprise on a park's roster (名录) as the administrator uploaded it: coverage is measured against it."""

    __tablename__ = "roster_entries"
    __table_args__ = (
        UniqueConstraint("park_id", "credit_code"),
        one_of("revenue_band", RevenueBand, nullable=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="parks.id", index=True)
    credit_code: str = Field(max_length=18, index=True)
    name: str = Field(max_length=200)
    industry_code: str = Field(max_length=3)
    above_designated_size: bool = False
    employees: int | None = None
    revenue_band: str | None = Field(default=None, max_length=20)
    imported_at: datetime = _when()
    imported_by: int | None = Field(default=None, foreign_key="users.id")


class ConsultantClient(SQLModel, table=True):
    """A consultant's client enterprise."""

    __tablename__ = "consultant_clients"
    consultant_id: int = Field(foreign_key="users.id", primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", primary_key=True)
    created_at: datetime = _when()


class ApiToken(SQLModel, table=True):
    """An API token; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    name: str | None = Field(default=None, max_length=100)
    created_at: datetime = _when()
    last_used_at: datetime | None = _when(now=False)
    expires_at: datetime | None = _when(now=False)
    revoked: bool = False


class Assessment(SQLModel, table=True):
    """One assessment of one enterprise against one questionnaire version; immutable once submitted."""

    __tablename__ = "assessments"
    __table_args__ = (
        one_of("status", Status),
        one_of("variant", Variant),
        one_of("industry_type", IndustryType),
    )
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    questionnaire_id: str = Field(max_length=100)
    questionnaire_version: str = Field(max_length=40)
    variant: str = Field(max_length=10)  # full | quick
    industry_type: str = Field(max_length=10)  # the enterprise's type when the assessment started
    status: str = Field(default="draft", max_length=10)
    started_at: datetime = _when()
    started_by: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = _when()
    submitted_at: datetime | None = _when(now=False)
    submitted_by: int | None = Field(default=None, foreign_key="users.id")
    copied_from: int | None = Field(default=None, foreign_key="assessments.id")
    trimmed: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    score: float | None = None
    level: int | None = None
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Answer(SQLModel, table=True):
    """One answer: a requirement's rating (quick check: a sub-domain's chosen level) and an optional note."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "requirement_id"),
        # The park's "requirements most often not met": only those answers, read without touching the table.
        Index("ix_answers_unmet", "assessment_id", "requirement_id",
              postgresql_where=text(UNMET_CONDITION), sqlite_where=text(UNMET_CONDITION)),
    )
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    requirement_id: str = Field(max_length=100)
    rating: str | None = Field(default=None, max_length=20)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answered_by: int | None = Field(default=None, foreign_key="users.id")
    answered_at: datetime = _when()
    # Raised on every change, so a save from a page rendered with an older version is recognised as stale.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class DraftStash(SQLModel, table=True):
    """A wizard page posted after the log-in lapsed: kept until its author logs in again."""

    __tablename__ = "draft_stashes"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    assessment_id: int = Field(foreign_key="assessments.id")
    page: str = Field(max_length=100)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _when()


# Typed score rows and background jobs live beside this module; importing them here registers their tables
# on the same metadata and keeps `from maturity.models import AssessmentScore, Job` working.
from . import (  # noqa: E402,F401  (registers their tables on the same metadata)
    models_audit,
    models_consult,
    models_review,
    models_team,
)
from .models_scores import AssessmentScore, Job, SubdomainScore  # noqa: E402,F401
from .models_security import RecoveryCode, UserSession  # noqa: E402,F401
