"""Log-in sessions (idle expiry) and the security headers of every response."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from ..domain.text import clean_text, has_bad_characters
from . import sessions
from .extensions import login_manager

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Wire the user loader, idle expiry and headers."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    sessions.init_app(app)
    app.before_request(refuse_bad_text)
    app.before_request(expire_idle_login)
    app.after_request(add_security_headers)


# Wizard pages check each field themselves, so a bad note is refused beside it and the rest is still saved.
PER_FIELD = frozenset({"assessments.page", "assessments.trial_page"})


def refuse_bad_text() -> None:
    """A NUL byte in a query string or form is refused naming the field (PostgreSQL cannot store it)."""
    fields = list(request.args.items(multi=True))
    if not request.path.startswith("/api/") and request.endpoint not in PER_FIELD:
        fields += request.form.items(multi=True)  # the API reads JSON bodies (checked in api/body.py)
    for name, value in fields:
        if has_bad_characters(name + value):
            clean_text(name + value, name[:40], len(name + value))  # raises, naming the field


def expire_idle_login() -> None:
    """Log out a user idle for longer than SESSION_IDLE_MINUTES, keeping the rest of the session.

    The session (and its CSRF token) survives, so a page posted just after expiry is still trusted
    and can be stashed until its author logs in again.
    """
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = time.time()
    last = session.get("seen", now)
    if now - float(last) > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        sessions.lapse()
        logout_user()
        session.pop("seen", None)
        session["expired"] = True
        return
    session["seen"] = now
    sessions.seen()


def add_security_headers(response: Response) -> Response:
    """CSP without inline scripts, no framing, no MIME sniffing, a strict referrer."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if "text/html" in (response.content_type or ""):
        headers.setdefault("Cache-Control", "no-store")
    return response


BATCH_UPLOADS = frozenset({"consultants.upload", "api.create_upload"})


def allow_batch_uploads() -> None:
    """Batch uploads may be larger than other requests (MATURITY_BATCH_UPLOAD_MAX_BYTES, not MAX_CONTENT_LENGTH)."""
    if request.endpoint in BATCH_UPLOADS:
        request.max_content_length = current_app.config["BATCH_UPLOAD_MAX_BYTES"]
    elif request.endpoint == "assessments.upload_evidence":  # a file plus the form around it
        request.max_content_length = current_app.config["EVIDENCE_MAX_BYTES"] + 64 * 1024
