"""merge: the team's tables (0010_team) join main's head (0009_audit, after second factor, tokens and park indexes)

Revision ID: 0012_team_merge
Revises: 0009_audit, 0010_team
Create Date: 2026-11-22
"""

revision = "0012_team_merge"
down_revision = ("0009_audit", "0010_team")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
