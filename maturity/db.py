"""Engine per application, a session per request on `g`, and the migration helpers."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaNotCurrent(RuntimeError):
    """The database is not migrated to the code's schema."""


def database_url(app: Flask) -> str:
    """The configured URL, or SQLite in the instance folder."""
    return app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'maturity.sqlite'}"


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys switched on, as PostgreSQL always has them."""
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at the packaged migrations, no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`."""
    command.upgrade(alembic_config(url), revision)


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision, the code's head revision)."""
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


def init_app(app: Flask) -> None:
    """Create the app's engine and close each request's session when the app context ends."""
    url = database_url(app)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.extensions["maturity.engine"] = make_engine(url)
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["maturity.engine"]


def get_session() -> Session:
    """This request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session, if one was opened."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
