"""The migration runs up and down on every configured database and matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from maturity import db

pytestmark = pytest.mark.db


def test_migrated_schema_matches_the_models(db_url):
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == []
        current, head = db.schema_state(engine)
        assert current == head
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(db_url):
    from alembic import command

    command.downgrade(db.alembic_config(db_url), "base")
    engine = create_engine(db_url)
    try:
        assert "assessments" not in inspect(engine).get_table_names()
        with pytest.raises(db.SchemaNotCurrent):
            db.require_current_schema(engine)
    finally:
        engine.dispose()
    db.upgrade(db_url)
    engine = create_engine(db_url)
    try:
        db.require_current_schema(engine)
        assert "answers" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
