"""parks: regions and regional administrators, sharing consent, rosters, indexes for the park statistics

Revision ID: 0003_parks
Revises: 0005_consult
Create Date: 2026-11-25
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_parks"
down_revision = "0005_consult"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('enterprise', 'consultant', 'park_admin', 'admin')"
ROLES_AFTER = "role IN ('enterprise', 'consultant', 'park_admin', 'region_admin', 'admin')"
BANDS = "revenue_band IN ('lt20m', '20m_400m', 'ge400m') OR revenue_band IS NULL"
UNMET = "rating IN ('none', 'partial')"
LATEST = ["is_latest", "variant", "enterprise_id", "level", "id", "assessment_id"]
LATEST_IN_YEAR = ["is_latest_in_year", "variant", "assessed_year", "enterprise_id", "level", "id", "assessment_id"]


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    _roles(ROLES_AFTER)
    op.create_table(
        "regions",
        sa.Column("code", _string(6), nullable=False),
        sa.Column("name", _string(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    op.create_table(
        "region_admins",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_code", _string(6), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_region_admins_region_code_regions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_region_admins_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "region_code", name=op.f("pk_region_admins")),
    )
    _consents()
    _roster()
    with op.batch_alter_table("parks") as batch:
        batch.create_index(batch.f("ix_parks_region_code"), ["region_code"], unique=False)
    with op.batch_alter_table("assessment_scores") as batch:
        batch.add_column(sa.Column("is_latest", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("is_latest_in_year", sa.Boolean(), nullable=False, server_default=sa.false()))
    _mark_latest(op.get_bind())
    with op.batch_alter_table("assessment_scores") as batch:
        batch.create_index("ix_assessment_scores_latest", LATEST, unique=False)
        batch.create_index("ix_assessment_scores_latest_in_year", LATEST_IN_YEAR, unique=False)
    with op.batch_alter_table("subdomain_scores") as batch:
        batch.create_index(
            "ix_subdomain_scores_score_level", ["score_id", "level", "subdomain", "mean"], unique=False
        )
    op.create_index(
        "ix_answers_unmet", "answers", ["assessment_id", "requirement_id"], unique=False,
        postgresql_where=sa.text(UNMET), sqlite_where=sa.text(UNMET),
    )


def _mark_latest(connection: sa.Connection) -> None:
    """Back-fill the flags: each enterprise's latest current row of a variant, overall and of each year."""
    scores = sa.table(
        "assessment_scores", sa.column("id"), sa.column("enterprise_id"), sa.column("variant"),
        sa.column("is_current"), sa.column("submitted_at"), sa.column("assessed_year"),
        sa.column("is_latest"), sa.column("is_latest_in_year"),
    )
    rows = connection.execute(sa.select(
        scores.c.id, scores.c.enterprise_id, scores.c.variant, scores.c.submitted_at, scores.c.assessed_year
    ).where(scores.c.is_current.is_(True))).all()
    newest: dict[tuple, tuple] = {}
    for row in rows:
        stamp = (str(row.submitted_at), row.id)  # the same text form on every row of one database
        for key in ((row.enterprise_id, row.variant, None), (row.enterprise_id, row.variant, row.assessed_year)):
            if key not in newest or stamp > newest[key]:
                newest[key] = stamp
    latest = [stamp[1] for key, stamp in newest.items() if key[2] is None]
    in_year = [stamp[1] for key, stamp in newest.items() if key[2] is not None]
    for ids, column in ((latest, "is_latest"), (in_year, "is_latest_in_year")):
        for start in range(0, len(ids), 500):
            connection.execute(scores.update().where(scores.c.id.in_(ids[start:start + 500])).values({column: True}))


def _consents() -> None:
    op.create_table(
        "sharing_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("agreed_by", sa.Integer(), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agreed_by"], ["users.id"], name=op.f("fk_sharing_consents_agreed_by_users")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprises.id"], name=op.f("fk_sharing_consents_enterprise_id_enterprises")
        ),
        sa.ForeignKeyConstraint(["park_id"], ["parks.id"], name=op.f("fk_sharing_consents_park_id_parks")),
        sa.ForeignKeyConstraint(["revoked_by"], ["users.id"], name=op.f("fk_sharing_consents_revoked_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_consents")),
    )
    with op.batch_alter_table("sharing_consents") as batch:
        batch.create_index(batch.f("ix_sharing_consents_enterprise_id"), ["enterprise_id"], unique=False)
        batch.create_index(batch.f("ix_sharing_consents_park_id"), ["park_id"], unique=False)


def _roster() -> None:
    op.create_table(
        "roster_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("credit_code", _string(18), nullable=False),
        sa.Column("name", _string(200), nullable=False),
        sa.Column("industry_code", _string(3), nullable=False),
        sa.Column("above_designated_size", sa.Boolean(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("revenue_band", _string(20), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(BANDS, name=op.f("ck_roster_entries_revenue_band_valid")),
        sa.ForeignKeyConstraint(["imported_by"], ["users.id"], name=op.f("fk_roster_entries_imported_by_users")),
        sa.ForeignKeyConstraint(["park_id"], ["parks.id"], name=op.f("fk_roster_entries_park_id_parks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_entries")),
        sa.UniqueConstraint("park_id", "credit_code", name=op.f("uq_roster_entries_park_id")),
    )
    with op.batch_alter_table("roster_entries") as batch:
        batch.create_index(batch.f("ix_roster_entries_credit_code"), ["credit_code"], unique=False)
        batch.create_index(batch.f("ix_roster_entries_park_id"), ["park_id"], unique=False)


def _roles(condition: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role_valid"), condition)


def downgrade() -> None:
    op.drop_index("ix_answers_unmet", table_name="answers")
    with op.batch_alter_table("subdomain_scores") as batch:
        batch.drop_index("ix_subdomain_scores_score_level")
    with op.batch_alter_table("assessment_scores") as batch:
        batch.drop_index("ix_assessment_scores_latest_in_year")
        batch.drop_index("ix_assessment_scores_latest")
        batch.drop_column("is_latest_in_year")
        batch.drop_column("is_latest")
    with op.batch_alter_table("parks") as batch:
        batch.drop_index(batch.f("ix_parks_region_code"))
    op.drop_table("roster_entries")
    op.drop_table("sharing_consents")
    op.drop_table("region_admins")
    op.drop_table("regions")
    op.execute("DELETE FROM users WHERE role = 'region_admin'")
    _roles(ROLES_BEFORE)
