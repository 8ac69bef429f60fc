"""canonical answers, enum check constraints, typed score rows (back-filled)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import json
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

CHECKS = {
    "users": [("role_valid", "role IN ('enterprise', 'consultant', 'park_admin', 'admin')")],
    "enterprises": [
        ("industry_type_valid", "industry_type IN ('discrete', 'process')"),
        ("revenue_band_valid", "revenue_band IN ('lt20m', '20m_400m', 'ge400m') OR revenue_band IS NULL"),
    ],
    "assessments": [
        ("status_valid", "status IN ('draft', 'submitted')"),
        ("variant_valid", "variant IN ('full', 'quick')"),
        ("industry_type_valid", "industry_type IN ('discrete', 'process')"),
    ],
}


def upgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, condition in checks:
                batch.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)
    _create_score_tables()
    connection = op.get_bind()
    _canonical_answers(connection)
    _backfill_scores(connection)


def downgrade() -> None:
    op.drop_table("subdomain_scores")
    op.drop_table("assessment_scores")
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, _condition in checks:
                batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")


def _create_score_tables() -> None:
    op.create_table(
        "assessment_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("questionnaire_version", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("industry_type", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("indicative", sa.Boolean(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("na_share", sa.Float(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessed_year", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("variant IN ('full', 'quick')", name=op.f("ck_assessment_scores_variant_valid")),
        sa.CheckConstraint(
            "industry_type IN ('discrete', 'process')", name=op.f("ck_assessment_scores_industry_type_valid")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_assessment_scores_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprises.id"], name=op.f("fk_assessment_scores_enterprise_id_enterprises")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_scores")),
        sa.UniqueConstraint("assessment_id", "questionnaire_version", name=op.f("uq_assessment_scores_assessment_id")),
    )
    op.create_index(op.f("ix_assessment_scores_assessment_id"), "assessment_scores", ["assessment_id"])
    op.create_index(op.f("ix_assessment_scores_enterprise_id"), "assessment_scores", ["enterprise_id"])
    op.create_index("ix_assessment_scores_current_enterprise", "assessment_scores", ["is_current", "enterprise_id"])
    op.create_table(
        "subdomain_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("subdomain", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_subdomain_scores_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(
            ["score_id"], ["assessment_scores.id"], name=op.f("fk_subdomain_scores_score_id_assessment_scores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subdomain_scores")),
        sa.UniqueConstraint("score_id", "subdomain", "level", name=op.f("uq_subdomain_scores_score_id")),
    )
    op.create_index(op.f("ix_subdomain_scores_assessment_id"), "subdomain_scores", ["assessment_id"])
    op.create_index(op.f("ix_subdomain_scores_score_id"), "subdomain_scores", ["score_id"])
    op.create_index(op.f("ix_subdomain_scores_subdomain"), "subdomain_scores", ["subdomain"])


def _spellings(questionnaire_id: str, version: str) -> dict[str, str]:
    """Every accepted spelling of a rating (case-folded) → its canonical ID, from that version's own scale.

    Published versions stay loadable, so this reads the scale the answers were given against.
    """
    from maturity.domain.answers import rating_lookup
    from maturity.questionnaires import shipped

    scoring = shipped().get(questionnaire_id, version).scoring  # type: ignore[union-attr]
    by_value = {o.value: o.id for o in scoring.answer_scale}
    table = {k: (scoring.not_applicable.id if v is None else by_value[v]) for k, v in rating_lookup(scoring).items()}
    for option in scoring.answer_scale:  # numbers as text, as the API stored them ("0.8", "1", "1.0")
        for text in {
            f"{option.value:g}",
            str(option.value),
            str(int(option.value)) if option.value.is_integer() else "",
        }:
            if text:
                table.setdefault(text, option.id)
    return table


def _canonical(raw: str | None, variant: str, table: dict[str, str]) -> str | None:
    if raw is None:
        return None
    if variant == "quick":
        text = raw.strip()
        return str(int(float(text))) if text.replace(".", "", 1).isdigit() else raw
    return table.get(raw.strip().casefold(), raw)


def _canonical_answers(connection: sa.Connection) -> None:
    """Rewrite every stored rating in its canonical spelling (full: rating ID; quick: level digits)."""
    rows = connection.execute(
        sa.text(
            "SELECT a.id, a.rating, s.variant, s.questionnaire_id, s.questionnaire_version "
            "FROM answers a JOIN assessments s ON s.id = a.assessment_id WHERE a.rating IS NOT NULL"
        )
    ).all()
    tables: dict[tuple[str, str], dict[str, str]] = {}
    for answer_id, rating, variant, qid, version in rows:
        table = tables.setdefault((qid, version), _spellings(qid, version) if variant == "full" else {})
        canonical = _canonical(rating, variant, table)
        if canonical != rating:
            connection.execute(
                sa.text("UPDATE answers SET rating = :r WHERE id = :i"), {"r": canonical, "i": answer_id}
            )


def _backfill_scores(connection: sa.Connection) -> None:
    """One score row per submitted assessment (and its sub-domain rows), re-scored under its own version."""
    submitted = connection.execute(
        sa.text(
            "SELECT id, enterprise_id, questionnaire_id, questionnaire_version, variant, industry_type, "
            "submitted_at, trimmed FROM assessments WHERE status = 'submitted'"
        )
    ).all()
    written = 0
    for row in submitted:
        result = _rescore(connection, row)
        if result is None:
            continue
        _insert_score(connection, row, result)
        written += 1
    log.info("score rows back-filled for %d of %d submitted assessments", written, len(submitted))


def _rescore(connection: sa.Connection, row):  # type: ignore[no-untyped-def]
    """The assessment's result from its stored answers, or None (logged) when they no longer validate."""
    from maturity.domain.errors import MaturityError
    from maturity.domain.instrument import instrument
    from maturity.questionnaires import shipped

    answers = connection.execute(
        sa.text("SELECT requirement_id, rating FROM answers WHERE assessment_id = :a AND rating IS NOT NULL"),
        {"a": row.id},
    ).all()
    trimmed = row.trimmed if isinstance(row.trimmed, dict) else json.loads(row.trimmed or "{}")
    quick = row.variant == "quick"
    raw = {
        "industry": row.industry_type,
        "trimmed": trimmed,
        "answers": {rid: (int(rating) if quick else rating) for rid, rating in answers},
    }
    try:
        inst = instrument(shipped().get(row.questionnaire_id, row.questionnaire_version))
        return inst.score(inst.parse(raw, missing="none"))
    except (MaturityError, ValueError) as exc:
        log.warning("assessment %s not back-filled: %s", row.id, exc)
        return None


def _insert_score(connection: sa.Connection, row, result) -> None:  # type: ignore[no-untyped-def]
    from maturity.domain.result import level_shares

    submitted_at = _aware(row.submitted_at)
    score_id = connection.execute(
        sa.text(
            "INSERT INTO assessment_scores (assessment_id, enterprise_id, questionnaire_id, questionnaire_version, "
            "variant, industry_type, indicative, is_current, score, level, na_share, submitted_at, assessed_year, "
            "scored_at) VALUES (:a, :e, :q, :v, :variant, :t, :ind, :cur, :s, :l, :na, :at, :y, :now) RETURNING id"
        ),
        {
            "a": row.id,
            "e": row.enterprise_id,
            "q": row.questionnaire_id,
            "v": row.questionnaire_version,
            "variant": row.variant,
            "t": row.industry_type,
            "ind": result.indicative,
            "cur": True,
            "s": result.score,
            "l": result.level,
            "na": result.na_share,
            "at": submitted_at,
            "y": submitted_at.year,
            "now": datetime.now(UTC),
        },
    ).scalar_one()
    shares = {level: level_shares(result, level) for level in result.level_scores}
    rows = [
        {"sid": score_id, "a": row.id, "sub": node.id, "l": level, "m": mean, "w": shares[level].get(node.id, 0.0)}
        for node in result.subdomains
        for level, mean in node.scores.items()
        if mean is not None
    ]
    if rows:
        connection.execute(
            sa.text(
                "INSERT INTO subdomain_scores (score_id, assessment_id, subdomain, level, mean, weight) "
                "VALUES (:sid, :a, :sub, :l, :m, :w)"
            ),
            rows,
        )


def _aware(value: datetime | str | None) -> datetime:
    """A stored timestamp as an aware datetime (SQLite returns text without a zone)."""
    if value is None:
        return datetime.now(UTC)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
