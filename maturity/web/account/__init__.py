"""Account security in the browser: second factor, password change and reset, API tokens, log-in sessions;
log-in throttling."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("account", __name__)


def init_app(app: Flask) -> None:
    """Trust the configured reverse proxies and send staff without a second factor to set one up."""
    from . import gate, throttle

    throttle.init_app(app)
    gate.init_app(app)


from . import login_sessions, password, second_factor, tokens  # noqa: E402,F401  (routes attach themselves to bp)
