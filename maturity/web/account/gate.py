"""Staff must set up a second factor: until they do, every page sends them to the set-up."""

from __future__ import annotations

from flask import Flask, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

OPEN = frozenset({"account.second_factor", "auth.logout", "static", "main.set_language", "main.favicon",
                  "main.healthz"})


def init_app(app: Flask) -> None:
    """Check every request (after idle expiry has run)."""
    app.before_request(require_second_factor)


def needs_second_factor(user: object) -> bool:
    """Whether `user`'s role requires a second factor they have not set up yet."""
    roles = current_app.config["SECOND_FACTOR_ROLES"]
    return getattr(user, "role", None) in roles and not getattr(user, "totp_secret", None)


def require_second_factor() -> Response | None:
    """Redirect a logged-in user who needs a second factor to its set-up (the API answers with its tokens)."""
    if request.blueprint == "api" or request.endpoint in OPEN or not current_user.is_authenticated:
        return None
    if needs_second_factor(current_user):
        return redirect(url_for("account.second_factor"))
    return None
