"""merge: the team's tables (0010_team) join main's head (0008_auth_merge: second factor, tokens, park indexes)

Revision ID: 0012_team_merge
Revises: 0008_auth_merge, 0010_team
Create Date: 2026-11-22
"""

revision = "0012_team_merge"
down_revision = ("0008_auth_merge", "0010_team")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
