"""Log-in throttling: limits per client address and per account (Flask-Limiter, in Redis when
RATELIMIT_STORAGE_URI names it, so every worker shares the counts), the real client address behind
PROXY_FIX_X_FOR trusted proxies, and the words of a lock-out."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from limits import parse
from werkzeug.middleware.proxy_fix import ProxyFix

from ...services.security.lockout import Policy
from ..extensions import limiter


def init_app(app: Flask) -> None:
    """Behind N trusted proxies, take the client address from their X-Forwarded-For (never more than N hops)."""
    trusted = int(app.config["PROXY_FIX_X_FOR"])
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)  # type: ignore[method-assign]


def address_limit() -> str:
    """The limit per client address (LOGIN_RATE_LIMIT)."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def account_limit() -> str:
    """The limit per e-mail address, whichever client sends it (LOGIN_ACCOUNT_RATE_LIMIT)."""
    return str(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])


def account_key() -> str:
    """The rate-limit key of the account a log-in form names."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def policy() -> Policy:
    """The configured lock-out policy."""
    config = current_app.config
    return Policy(failures=int(config["LOGIN_LOCKOUT_FAILURES"]), minutes=int(config["LOGIN_LOCKOUT_MINUTES"]))


def lock_message(until: datetime) -> str:
    """Why the log-in is refused and what to do, in the page's language."""
    return _("This account is locked after too many failed log-ins. Try again after %(time)s, or ask an "
             "administrator to unlock it.", time=format_datetime(until, "yyyy-MM-dd HH:mm"))


def unknown_account_failure(email: str) -> datetime | None:
    """Count a failure for an e-mail no account has, in the limiter's storage, and lock it as an account would be.

    Without this, only real accounts would ever answer "locked", telling an attacker which e-mails exist.
    """
    rule = policy()
    item = parse(f"{max(rule.failures - 1, 1)} per {rule.minutes} minutes")
    key = ("unknown-account", email.strip().lower()[:254])
    if limiter.limiter.hit(item, *key):
        return None
    reset_at = limiter.limiter.get_window_stats(item, *key).reset_time
    return datetime.fromtimestamp(reset_at, UTC)
