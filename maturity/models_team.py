"""The enterprise team's tables: memberships, invitations, requests to join, the profile's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .domain.enums import MemberRole
from .models import _when, one_of


class Membership(SQLModel, table=True):
    """A person's place in an enterprise: owner (manages and submits), respondent (answers) or reviewer."""

    __tablename__ = "memberships"
    __table_args__ = (one_of("role", MemberRole),)
    enterprise_id: int = Field(foreign_key="enterprises.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True, index=True)
    role: str = Field(max_length=20)
    created_at: datetime = _when()
    added_by: int | None = Field(default=None, foreign_key="users.id")


class TeamInvite(SQLModel, table=True):
    """An owner's invitation to join the enterprise with a role: a one-time link (only its hash is stored)."""

    __tablename__ = "team_invites"
    __table_args__ = (one_of("role", MemberRole),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    email: str | None = Field(default=None, max_length=254)
    role: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    created_by: int = Field(foreign_key="users.id")
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: datetime | None = _when(now=False)
    used_by: int | None = Field(default=None, foreign_key="users.id")


class JoinRequest(SQLModel, table=True):
    """Someone who registered with a credit code already claimed asks to join; the owner or an admin decides."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("enterprise_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = _when()
    decided_at: datetime | None = _when(now=False)
    decided_by: int | None = Field(default=None, foreign_key="users.id")
    approved: bool | None = None


class ProfileChange(SQLModel, table=True):
    """One edit of an enterprise's profile: the fields before and after, by whom and when (never edited)."""

    __tablename__ = "profile_changes"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    changed_by: int | None = Field(default=None, foreign_key="users.id")
    changed_at: datetime = _when()
    before: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
