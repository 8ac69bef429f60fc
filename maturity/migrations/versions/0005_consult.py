"""consultants: entries on a client's behalf, batch uploads, job parts, client invitations

Revision ID: 0005_consult
Revises: 0003_jobs
Create Date: 2026-11-22
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_consult"
down_revision = "0003_jobs"
branch_labels = None
depends_on = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "batch_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_batch_uploads_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_uploads")),
    )
    op.create_index(op.f("ix_batch_uploads_created_by"), "batch_uploads", ["created_by"])
    op.create_table(
        "client_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_client_invites_created_by_users")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprises.id"], name=op.f("fk_client_invites_enterprise_id_enterprises")
        ),
        sa.ForeignKeyConstraint(["used_by"], ["users.id"], name=op.f("fk_client_invites_used_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_invites")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_client_invites_token_hash")),
    )
    op.create_index(op.f("ix_client_invites_enterprise_id"), "client_invites", ["enterprise_id"])
    op.create_table(
        "job_parts",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_parts_job_id_jobs")),
        sa.PrimaryKeyConstraint("job_id", "part", name=op.f("pk_job_parts")),
    )
    op.create_table(
        "proxy_entries",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("file", String(length=255), nullable=True),
        sa.Column("sheet", String(length=100), nullable=True),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("import_key", String(length=64), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_proxy_entries_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["entered_by"], ["users.id"], name=op.f("fk_proxy_entries_entered_by_users")),
        sa.ForeignKeyConstraint(
            ["upload_id"], ["batch_uploads.id"], name=op.f("fk_proxy_entries_upload_id_batch_uploads")
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_proxy_entries")),
        sa.UniqueConstraint("import_key", name=op.f("uq_proxy_entries_import_key")),
    )
    op.create_index(op.f("ix_proxy_entries_entered_by"), "proxy_entries", ["entered_by"])


def downgrade() -> None:
    op.drop_index(op.f("ix_proxy_entries_entered_by"), table_name="proxy_entries")
    op.drop_table("proxy_entries")
    op.drop_table("job_parts")
    op.drop_index(op.f("ix_client_invites_enterprise_id"), table_name="client_invites")
    op.drop_table("client_invites")
    op.drop_index(op.f("ix_batch_uploads_created_by"), table_name="batch_uploads")
    op.drop_table("batch_uploads")
