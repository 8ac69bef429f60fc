"""Error pages in one place; every error rolls back the request's database session."""

from __future__ import annotations

import logging

from flask import Flask, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.errors import MaturityError
from .audit_hooks import record_refusal
from .database import rollback
from .i18n import content_lang, localise

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(MaturityError, maturity_error)
    app.register_error_handler(Exception, internal_error)


def _api() -> bool:
    """The request is for the JSON API (whether or not a route matched)."""
    return request.path.startswith("/api/")


def _page(status: int, title: str, message: str, problems: list[str] | None = None) -> tuple[str, int]:
    rollback()
    return (
        render_template("errors/error.html", status=status, title=title, message=message, problems=problems or []),
        status,
    )


def http_error(exc: HTTPException) -> tuple[str, int] | HTTPException:
    """Our own page for 4xx/5xx raised by Flask or abort(); JSON in the API's shape under /api/."""
    if exc.code is None:
        return exc
    rollback()  # first: on SQLite the refused request's own writes would hold the lock the record needs
    record_refusal(exc.code, exc.description or "")
    if _api():
        from .api.auth import message

        response, status = message(exc.code)
        response.headers.update({k: v for k, v in exc.get_headers() if k in ("Allow", "Retry-After")})
        return response, status  # type: ignore[return-value]
    titles = {403: _("Not allowed"), 404: _("Not found"), 429: _("Too many attempts")}
    messages = {
        403: _("You are not allowed to do this."),
        404: _("There is nothing here, or you may not see it."),
        429: _("Too many attempts. Please wait a minute and try again."),
    }
    return _page(exc.code, titles.get(exc.code, exc.name), messages.get(exc.code, exc.description or ""))


def csrf_error(exc: CSRFError) -> tuple[str, int]:
    """A form without a valid CSRF token: usually a page left open until the session ended."""
    return _page(
        400,
        _("The form has expired"),
        _(
            "This form was open too long or came from another site. Go back, reload the page and "
            "send it again."
        ),
    )


def maturity_error(exc: MaturityError) -> tuple[str, int]:
    """A refusal: 404 for what the user may not know exists, 403, else the input's problems, all listed."""
    titles = {403: _("Not allowed"), 404: _("Not found")}
    lines = exc.render(content_lang())
    rollback()
    record_refusal(exc.status, exc.render("en")[0])
    return _page(exc.status, titles.get(exc.status, _("Cannot do this")), lines[0], lines[1:])


def internal_error(exc: Exception) -> tuple[str, int] | HTTPException:
    """Log, roll back the session, answer 500."""
    if isinstance(exc, HTTPException):
        return http_error(exc)
    if current_app.testing and not current_app.config.get("TEST_ERROR_PAGES"):
        raise exc  # let tests see the traceback
    log.exception("unhandled error on %s", request.path)
    if _api():
        from .api.auth import message

        rollback()
        return message(500)  # type: ignore[return-value]
    return _page(500, _("Something went wrong"), _("The error has been logged. Please try again."))


def flash_refusal(exc: MaturityError) -> None:
    """For a form that posts and redirects: undo the request's writes and show a refused input (422) as a
    flash message on the next page; anything else (403, 404…) goes on to the error pages."""
    rollback()
    if exc.status != 422:
        raise exc
    flash(localise(exc.text), "error")
