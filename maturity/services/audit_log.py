"""Reading the audit log: filters, pages and the rows of an export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..models_audit import AuditEvent

PAGE = 50
EXPORT_LIMIT = 100_000  # an export bigger than this is narrowed by its filters first
COLUMNS = ("id", "at", "actor_id", "actor_email", "action", "target_type", "target_id", "address", "user_agent",
           "channel", "detail")


@dataclass(frozen=True)
class AuditFilters:
    """What the administrator narrows the log to; dates are whole days, UTC, both ends included."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None

    def as_dict(self) -> dict[str, str]:
        """The filters set, as query arguments."""
        return {k: str(v) for k, v in vars(self).items() if v not in (None, "")}


def _query(filters: AuditFilters) -> SelectOfScalar[AuditEvent]:
    query = select(AuditEvent)
    if filters.actor:
        query = query.where(col(AuditEvent.actor_email).contains(filters.actor.strip().lower()))
    if filters.action:
        query = query.where(col(AuditEvent.action).startswith(filters.action))
    if filters.target_type:
        query = query.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id:
        query = query.where(AuditEvent.target_id == filters.target_id)
    if filters.since:
        query = query.where(col(AuditEvent.at) >= datetime.combine(filters.since, time.min, UTC))
    if filters.until:
        query = query.where(col(AuditEvent.at) < datetime.combine(filters.until + timedelta(days=1), time.min, UTC))
    return query


def page_of(session: Session, filters: AuditFilters, page: int = 1) -> tuple[list[AuditEvent], bool]:
    """One page of matching events, newest first, and whether an older page follows."""
    query = _query(filters).order_by(col(AuditEvent.id).desc()).offset((max(page, 1) - 1) * PAGE).limit(PAGE + 1)
    rows = list(session.exec(query))
    return rows[:PAGE], len(rows) > PAGE


def actions(session: Session) -> list[str]:
    """Every action code present, for the filter's list."""
    return sorted(session.exec(select(AuditEvent.action).distinct()))


def export_rows(session: Session, filters: AuditFilters) -> Iterator[list[Any]]:
    """The matching events, oldest first, as export rows in COLUMNS order (detail as JSON text)."""
    query = _query(filters).order_by(col(AuditEvent.id)).limit(EXPORT_LIMIT)
    for event in session.exec(query):
        values = event.model_dump()
        values["at"] = event.at.astimezone(UTC).isoformat(timespec="seconds")
        values["detail"] = json.dumps(event.detail, ensure_ascii=False, sort_keys=True)
        yield [values[name] for name in COLUMNS]
