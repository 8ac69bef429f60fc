"""user_sessions: one row per browser log-in, so one session can be listed and ended without the others

Revision ID: 0014_user_sessions
Revises: 0013_merge
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014_user_sessions"
down_revision = "0013_merge"
branch_labels = None
depends_on = None

String = sqlmodel.sql.sqltypes.AutoString
# The reasons as they were at this revision (domain/enums.py SessionEnd may grow later, with its own revision).
REASONS = "ended_reason IN ('logout', 'ended', 'others', 'all', 'idle', 'expired') OR ended_reason IS NULL"


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_agent", String(length=255), nullable=True),
        sa.Column("address", String(length=64), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", String(length=10), nullable=True),
        sa.CheckConstraint(REASONS, name=op.f("ck_user_sessions_ended_reason_valid")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    with op.batch_alter_table("user_sessions") as batch:
        batch.create_index(batch.f("ix_user_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_sessions") as batch:
        batch.drop_index(batch.f("ix_user_sessions_user_id"))
    op.drop_table("user_sessions")
