"""drop users.session_generation: each log-in's user_sessions row now ends it (one mechanism, not two)

Revision ID: 0015_drop_generation
Revises: 0014_user_sessions
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_drop_generation"
down_revision = "0014_user_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))
