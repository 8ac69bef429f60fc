"""The park tests share one generated world per backend: built once, then copied for each test.

SQLite copies a built file; PostgreSQL clones a built database with CREATE DATABASE … TEMPLATE.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import BACKENDS, PG_URL
from tests.integration.parks.world import build


def _build_into(url: str, folder: Path) -> dict[str, Any]:
    from maturity.web import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True})
    app.instance_path = str(folder / "instance")
    try:
        return build(app)
    finally:
        app.extensions["maturity.engine"].dispose()


@pytest.fixture(scope="session")
def sqlite_world(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("parks")
    path = folder / "world.sqlite"
    shutil.copy(sqlite_template, path)
    return path, _build_into(f"sqlite:///{path}", folder)


@pytest.fixture(scope="session")
def pg_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    from maturity import db

    assert PG_URL
    name = f"maturity_parks_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        db.upgrade(url)
        yield name, _build_into(url, tmp_path_factory.mktemp("pg-parks"))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A copy of the built park world (overrides the empty database of tests/conftest.py)."""
    if request.param == "sqlite":
        source, ids = request.getfixturevalue("sqlite_world")
        shutil.copy(source, tmp_path / "test.sqlite")
        request.node.world_ids = ids
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    template, ids = request.getfixturevalue("pg_world")
    name = f"maturity_p_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    request.node.world_ids = ids
    try:
        yield make_url(PG_URL or "").set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def world(request: pytest.FixtureRequest, db_url: str) -> dict[str, Any]:
    """The IDs of the world's parks and enterprises."""
    return request.node.world_ids  # type: ignore[no-any-return]
