"""The web's side of the audit log: where each request comes from, and refusals (403) kept despite the rollback."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request
from flask_login import current_user

from .. import db
from ..services import audit
from .database import engine, get_session

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Note each request's origin before anything else runs; record downloads before the request commits."""
    app.before_request(note_origin)
    app.after_request(record_export)  # registered after the commit hook, so it runs before it


def _actor():  # type: ignore[no-untyped-def]
    """The user the request acts for: the API's token holder or the logged-in browser user."""
    if g.get("api_user") is not None:
        return g.api_user
    return current_user._get_current_object() if current_user and current_user.is_authenticated else None


def record_export(response: Response) -> Response:
    """Every file handed out (a report, a workbook, a job's output) is an export: record it with the request."""
    disposition = response.headers.get("Content-Disposition", "")
    if response.status_code != 200 or "attachment" not in disposition or g.get("db_failed"):
        return response
    detail = {"path": request.path[:200], "file": disposition.partition("filename=")[2].strip('"')[:200],
              "type": response.mimetype, "query": request.query_string.decode("utf-8", "replace")[:200]}
    target = ("path", request.endpoint or "-")
    audit.record(get_session(), _actor(), "export", target=target, detail=detail)
    return response


def note_origin() -> None:
    """The channel, client address and user agent every event of this request is recorded with.

    `remote_addr` is the real client's when a reverse proxy is configured (ProxyFix rewrites it).
    """
    audit.set_origin(
        audit.Origin(
            channel="api" if request.path.startswith("/api/") else "web",
            address=request.remote_addr,
            user_agent=request.user_agent.string or None,
        )
    )


def record_refusal(status: int, reason: str = "") -> None:
    """Record a refusal in a transaction of its own: the request's own work has just been rolled back."""
    if status != 403:
        return
    note_origin()  # a refusal raised before the request's hooks ran still says where it came from
    user = _actor()
    detail = {"method": request.method, "path": request.path[:200], "reason": reason[:300]}
    try:
        with db.transaction(engine()) as session:
            audit.record(session, user, "refused", target=("path", request.endpoint or "-"), detail=detail)
    except Exception:  # noqa: BLE001 - a failing log must not turn a refusal into a 500; say so in the server log
        log.exception("could not record the refusal of %s", request.path)
