"""Log-in sessions the server can end: each holds a session row's secret, the user's session generation and
the log-in time.

The cookie alone proves nothing after log-out: the user loader looks up the open session row the cookie
names (ended one by one from the account page), compares the generation stored in the session with the
user's row (ended all at once), and refuses a session older than PERMANENT_SESSION_LIFETIME counted from
log-in (stored once, never renewed), whatever the cookie's signature date says.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import login_user

from ..domain.enums import SessionEnd
from ..models import User
from ..models_security import UserSession
from ..services import sessions as rows
from .database import get_session
from .extensions import login_manager

LOGIN_AT, SECRET = "login_at", "sid"


def begin(user: User) -> None:
    """Log `user` in: open a session row, remember its secret, their session generation and when (for the cap)."""
    _row, secret = rows.start(get_session(), user=user, user_agent=request.user_agent.string,
                              address=request.remote_addr)
    session.permanent = True
    login_user(user)
    session[SECRET] = secret
    session[LOGIN_AT] = time.time()


def current() -> UserSession | None:
    """This request's session row (set by the user loader once the log-in is accepted)."""
    return g.get("login_session")


def seen() -> None:
    """Note that this session was used (written at most every few minutes)."""
    row = current()
    if row is not None:
        rows.touch(get_session(), row)


def lapse() -> None:
    """The log-in lapsed for want of requests: its row ends, the rest of the cookie stays (stashed drafts)."""
    row = current()
    if row is not None:
        rows.end(get_session(), row, SessionEnd.IDLE)
    session.pop(SECRET, None)
    g.pop("login_session", None)


def _valid(user: User) -> bool:
    """The session is within the absolute cap counted from its log-in (ending sessions is its row's business)."""
    login_at = session.get(LOGIN_AT)
    if not isinstance(login_at, int | float):
        return False
    return time.time() - login_at <= current_app.permanent_session_lifetime.total_seconds()


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in user, if still active and this session was not ended; an ended session is emptied."""
    db = get_session()
    user = db.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 10 else None
    row = rows.find(db, session.get(SECRET))
    if row is not None and user is not None and row.user_id == user.id:
        if user.is_active and _valid(user):
            g.login_session = row
            return user
        rows.end(db, row, SessionEnd.EXPIRED)  # past the cap (the other ways out end the row themselves)
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


