"""Log-in sessions the server can end: each holds the user's session generation and the log-in time.

The cookie alone proves nothing after log-out: the user loader compares the generation stored in the
session with the user's row, and refuses a session older than PERMANENT_SESSION_LIFETIME counted from
log-in (stored once, never renewed), whatever the cookie's signature date says.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import Flask, current_app, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import login_user

from ..models import User
from .database import get_session
from .extensions import login_manager

GENERATION, LOGIN_AT = "gen", "login_at"


def begin(user: User) -> None:
    """Log `user` in: remember their session generation and when, for the absolute cap."""
    session.permanent = True
    login_user(user)
    session[GENERATION] = user.session_generation or 0
    session[LOGIN_AT] = time.time()


def _valid(user: User) -> bool:
    """The session was opened since the user's sessions were last ended, and within the absolute cap."""
    login_at = session.get(LOGIN_AT)
    if session.get(GENERATION) != (user.session_generation or 0) or not isinstance(login_at, int | float):
        return False
    return time.time() - login_at <= current_app.permanent_session_lifetime.total_seconds()


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in user, if still active and this session was not ended; an ended session is emptied."""
    user = get_session().get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 10 else None
    if user is not None and user.is_active and _valid(user):
        return user
    session.clear()  # nothing of an ended session (stash rights, CSRF token) outlives it
    return None


class AbsoluteSessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions whose expiry is log-in time + lifetime, not "now + lifetime" on each response."""

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """The cookie's Expires: fixed from the log-in time when logged in."""
        login_at = session.get(LOGIN_AT)
        if session.permanent and isinstance(login_at, int | float):
            return datetime.fromtimestamp(login_at, UTC) + app.permanent_session_lifetime
        return super().get_expiration_time(app, session)


def init_app(app: Flask) -> None:
    """Use the absolute session interface."""
    app.session_interface = AbsoluteSessionInterface()


