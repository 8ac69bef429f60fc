"""Ending log-in sessions on the server: every session carries the user's session generation, and
raising it (log-out, password change, deactivation) makes all of them worthless at their next request."""

from __future__ import annotations

from sqlmodel import Session

from ..models import User


def end_sessions(session: Session, user: User) -> None:
    """End every log-in session of `user` (each browser must log in again); API tokens are not touched."""
    user.session_generation = (user.session_generation or 0) + 1
    session.add(user)
    session.flush()


def deactivate(session: Session, user: User) -> None:
    """Stop `user` from logging in and end the sessions already open."""
    user.is_active = False
    end_sessions(session, user)


def _register() -> None:
    """A password change (or reset) ends every session of the user (the changing browser logs in afresh)."""
    from .security.passwords import password_changed_hooks

    if end_sessions not in password_changed_hooks:
        password_changed_hooks.append(end_sessions)


_register()
