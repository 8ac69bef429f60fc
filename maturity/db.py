"""Engines, sessions and migrations, free of Flask: the web, the CLI and jobs each open their own
unit of work with `transaction()` (or, in the web, one session per request)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaNotCurrent(RuntimeError):
    """The database is not migrated to the code's schema."""


def database_url(config: Mapping[str, Any], instance_path: str | Path) -> str:
    """The configured URL, or SQLite in the instance folder."""
    return config.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'maturity.sqlite'}"


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys switched on (as PostgreSQL always has them) and waits for locks."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit (pages render after it)."""
    return sessionmaker(engine, class_=Session, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block ends normally, rolls back on any exception."""
    with session_factory(engine)() as session, session.begin():
        yield session


def begin_for_savepoints(session: Session) -> None:
    """Make sure a real transaction is open before the first `begin_nested()` (a savepoint per row).

    pysqlite opens a transaction only at the first write; a SAVEPOINT issued before it starts one of its own, and
    its RELEASE then commits, so a later rollback would keep the rows already released. PostgreSQL needs nothing.
    """
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and raw is not None and not getattr(raw, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def alembic_config(url: str) -> Any:
    """An Alembic configuration pointing at the packaged migrations, no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision, the code's head revision)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head or ""


def require_current_schema(engine: Engine) -> None:
    """Refuse to run on a database that `maturity db upgrade` has not brought to the head revision."""
    current, head = schema_state(engine)
    if current != head:
        engine.dispose()
        raise SchemaNotCurrent(
            f"The database {engine.url.render_as_string(hide_password=True)} "
            f"is at revision {current or 'none'} "
            f"but the code needs {head}. Run `maturity db upgrade` first."
        )
