"""sessions: a per-user session generation (log-out ends every session) and a version on each answer

Revision ID: 0007_sessions
Revises: 0008_auth_merge
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_sessions"
down_revision = "0008_auth_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
