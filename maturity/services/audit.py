"""The audit log: `record` adds an event in the caller's transaction, so it is kept exactly when the change is.

Entry points say where a request came from once (`set_origin`); services then only say who did what.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ..models import User
from ..models_audit import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where the current request, command or job comes from."""

    channel: str = "cli"  # web | api | cli | job
    address: str | None = None
    user_agent: str | None = None


_origin: ContextVar[Origin] = ContextVar("maturity_audit_origin", default=Origin())  # noqa: B039 - frozen


def set_origin(origin: Origin) -> None:
    """Say where the work now starting comes from (the web does so before each request)."""
    _origin.set(origin)


@contextmanager
def origin(value: Origin) -> Iterator[None]:
    """Run a block (a job, a command) under `value`, restoring the previous origin after it."""
    token = _origin.set(value)
    try:
        yield
    finally:
        _origin.reset(token)


def _target(target: Any) -> tuple[str | None, str | None]:
    """(type, id) of a target given as a tuple, a table row, or nothing."""
    if target is None:
        return None, None
    if isinstance(target, tuple):
        kind, ident = target
        return str(kind), None if ident is None else str(ident)
    return str(getattr(target, "__tablename__", type(target).__name__)), str(getattr(target, "id", "") or "")


def record(
    session: Session,
    actor: User | None,
    action: str,
    *,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
    email: str | None = None,
) -> AuditEvent:
    """Add one event (the caller's transaction commits or rolls it back with the change it records).

    `actor` None is someone not logged in (a failed log-in: `email` is what they typed) or the system.
    """
    where = _origin.get()
    kind, ident = _target(target)
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_email=(actor.email if actor is not None else email or None),
        action=action,
        target_type=kind,
        target_id=ident,
        detail=detail or {},
        address=(address or where.address or None),
        user_agent=(where.user_agent or "")[:255] or None,
        channel=where.channel,
    )
    if event.actor_email:
        event.actor_email = event.actor_email[:254]
    session.add(event)
    session.flush()
    return event


def answer_change(item: str, row: Any, rating: str | None, comment: str | None) -> dict[str, Any]:
    """One answer's change, old and new (`row` is the stored answer, None when there was none)."""
    old = {"rating": row.rating, "comment": row.comment} if row is not None else None
    return {"item": item, "old": old, "new": {"rating": rating, "comment": comment}}


def answers_changed(session: Session, actor: User, assessment: Any, changes: list[dict[str, Any]]) -> None:
    """Record a page's answer changes as one event (nothing when nothing changed)."""
    if changes:
        record(session, actor, "answer.change", target=assessment, detail={"changes": changes})
