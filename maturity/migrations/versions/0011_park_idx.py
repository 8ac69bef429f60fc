"""park_idx: each enterprise's latest score rows found from the enterprise (a park's dashboard probes 500 of 50,000)

Revision ID: 0011_park_idx
Revises: 0003_parks
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_park_idx"
down_revision = "0003_parks"
branch_labels = None
depends_on = None

COVERED = ["level", "id", "assessment_id"]


def upgrade() -> None:
    # Partial and covering on PostgreSQL (index-only probes per enterprise); plain on SQLite, which has no INCLUDE.
    op.create_index(
        "ix_assessment_scores_latest_by_enterprise", "assessment_scores", ["enterprise_id", "variant"], unique=False,
        postgresql_include=COVERED, postgresql_where=sa.text("is_latest IS true"),
    )
    op.create_index(
        "ix_assessment_scores_latest_in_year_by_enterprise", "assessment_scores",
        ["enterprise_id", "variant", "assessed_year"], unique=False,
        postgresql_include=COVERED, postgresql_where=sa.text("is_latest_in_year IS true"),
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_scores_latest_in_year_by_enterprise", table_name="assessment_scores")
    op.drop_index("ix_assessment_scores_latest_by_enterprise", table_name="assessment_scores")
