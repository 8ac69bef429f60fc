"""The web's unit of work: one session per request, committed when the request succeeds.

Error handlers call `rollback()`; a request that ends in a refusal or an error writes nothing,
while a page that answers 422 after saving what was valid (the wizard) still commits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, current_app, g
from sqlalchemy import Engine
from sqlmodel import Session

from .. import db


def init_app(app: Flask) -> None:
    """Create the app's engine; commit each request's session after it, close it at teardown."""
    url = db.database_url(app.config, app.instance_path)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(url)
    app.extensions["maturity.engine"] = engine
    app.extensions["maturity.sessions"] = db.session_factory(engine)
    app.after_request(commit)
    app.teardown_appcontext(close)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["maturity.engine"]  # type: ignore[no-any-return]


def get_session() -> Session:
    """This request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["maturity.sessions"]()
    return g.db_session  # type: ignore[no-any-return]


def rollback() -> None:
    """Undo everything the request did; nothing more is committed for it."""
    g.db_failed = True
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the request's work is committed (e.g. start a job another process will read)."""
    g.setdefault("db_after_commit", []).append(callback)


def commit(response: Response) -> Response:
    """Commit the request's work unless it failed (a server error always rolls back), then run the
    callbacks waiting for the commit."""
    session = g.get("db_session")
    if session is not None:
        if g.get("db_failed") or response.status_code >= 500:
            session.rollback()
            return response
        session.commit()
    for callback in g.pop("db_after_commit", []):
        callback()
    return response


def close(_exc: BaseException | None = None) -> None:
    """Close the session (rolling back whatever was not committed)."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
