"""merge: revocable sessions and answer versions (0007_sessions) join the audit log and the team (0012_team_merge)

Revision ID: 0013_merge
Revises: 0007_sessions, 0012_team_merge
Create Date: 2026-11-22
"""

revision = "0013_merge"
down_revision = ("0007_sessions", "0012_team_merge")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the two branches touch different tables and columns."""


def downgrade() -> None:
    """Nothing to change."""
