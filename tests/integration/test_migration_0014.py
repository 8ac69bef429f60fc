"""Migrations 0014 (user_sessions) and 0015 (no session_generation) go up and down, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from maturity import db

pytestmark = pytest.mark.db


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_user_sessions_come_and_go_with_0014(db_url):
    assert "user_sessions" in _tables(db_url)
    command.downgrade(db.alembic_config(db_url), "0013_merge")
    assert "user_sessions" not in _tables(db_url) and "users" in _tables(db_url)
    db.upgrade(db_url)
    engine = create_engine(db_url)
    try:
        db.require_current_schema(engine)
        assert {c["name"] for c in inspect(engine).get_columns("user_sessions")} >= {
            "user_id", "token_hash", "created_at", "last_seen_at", "user_agent", "address", "ended_at", "ended_reason"}
    finally:
        engine.dispose()


def _user_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()


def test_0015_drops_the_session_generation_that_session_rows_replaced(db_url):
    assert "session_generation" not in _user_columns(db_url)
    command.downgrade(db.alembic_config(db_url), "0014_user_sessions")
    assert "session_generation" in _user_columns(db_url)
    db.upgrade(db_url)
    assert "session_generation" not in _user_columns(db_url)
