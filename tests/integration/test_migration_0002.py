"""Migration 0002 on SQLite and PostgreSQL: legacy spellings become rating IDs, score rows are back-filled."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from maturity import db
from tests.conftest import credit_code

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def _legacy_rows(connection, answers: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2024, 6, 1, tzinfo=UTC)
    connection.execute(
        text(
            "INSERT INTO enterprises (id, name, credit_code, industry_code, industry_type, above_designated_size, "
            "created_at) VALUES (1, 'Legacy', :code, 'C34', 'discrete', true, :now)"
        ),
        {"code": credit_code(1), "now": now},
    )
    for aid, variant, qid in ((1, "full", "gbt39116-2020"), (2, "quick", "gbt39116-2020-quick")):
        connection.execute(
            text(
                "INSERT INTO assessments (id, enterprise_id, questionnaire_id, questionnaire_version, variant, "
                "industry_type, status, started_at, updated_at, submitted_at, trimmed) VALUES "
                "(:id, 1, :q, '1.0.0', :v, 'discrete', 'submitted', :now, :now, :now, '{}')"
            ),
            {"id": aid, "q": qid, "v": variant, "now": now},
        )
    for n, (rid, rating) in enumerate(answers.items(), start=1):
        connection.execute(
            text(
                "INSERT INTO answers (id, assessment_id, requirement_id, rating, answered_at) "
                "VALUES (:i, 1, :r, :v, :t)"
            ),
            {"i": n, "r": rid, "v": str(rating), "t": now},
        )
    connection.execute(
        text(
            "INSERT INTO answers (id, assessment_id, requirement_id, rating, answered_at) "
            "VALUES (9999, 2, 'data', '3.0', :t)"
        ),
        {"t": now},
    )


def test_legacy_spellings_become_ids_and_scores_are_back_filled(db_url):
    raw = json.loads((DEMO / "demo-discrete-l3.json").read_text("utf-8"))
    answers = {k: (v["rating"] if isinstance(v, dict) else v) for k, v in raw["answers"].items()}
    ids = sorted(answers)
    answers.update({ids[0]: "0.8", ids[1]: "LARGELY", ids[2]: "全部满足", ids[3]: "1", ids[4]: "Partially met"})
    command.downgrade(db.alembic_config(db_url), "0001")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            _legacy_rows(connection, answers)
        db.upgrade(db_url)
        with engine.connect() as connection:
            stored = dict(
                connection.execute(text("SELECT requirement_id, rating FROM answers WHERE assessment_id = 1")).all()
            )
            quick = connection.execute(text("SELECT rating FROM answers WHERE assessment_id = 2")).scalar_one()
            scores = connection.execute(
                text(
                    "SELECT assessment_id, level, indicative, assessed_year "
                    "FROM assessment_scores ORDER BY assessment_id"
                )
            ).all()
            subdomain_rows = connection.execute(
                text("SELECT count(*) FROM subdomain_scores WHERE assessment_id = 1")
            ).scalar_one()
    finally:
        engine.dispose()
    assert [stored[i] for i in ids[:5]] == ["largely", "largely", "full", "full", "partial"]
    assert set(stored.values()) <= {"full", "largely", "partial", "none", "na"}
    assert quick == "3"
    assert [tuple(r) for r in scores] == [(1, 3, False, 2024), (2, scores[1][1], True, 2024)]
    assert subdomain_rows > 20
