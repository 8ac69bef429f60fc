"""merge heads: 0008_auth (account security) and 0011_park_idx (park indexes), both after 0003_parks

Revision ID: 0008_auth_merge
Revises: 0008_auth, 0011_park_idx
Create Date: 2026-11-22
"""

revision = "0008_auth_merge"
down_revision = ("0008_auth", "0011_park_idx")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
