"""The retention rule `maturity maintenance` applies: what expires, and when (MATURITY_* settings, see README).

- an unfinished draft assessment not changed for DRAFT_RETENTION_DAYS (0: drafts never expire) is deleted with
  its answers, stashed pages and evidence files (`purge` returns the files' storage keys; the caller deletes
  them from the evidence store, local folder or S3 bucket alike, once the deletion is committed);
- a stashed page (posted after the log-in lapsed) is deleted STASH_RETENTION_HOURS after it was posted;
- a row of any table with an `expires_at` column (client invitations; reset links and tokens where they have
  one) is deleted EXPIRED_RETENTION_DAYS after it expired, the delay leaving time to say "expired" rather
  than "unknown";
- a log-in session row is deleted SESSION_RETENTION_DAYS after it ended (or was last seen, for one nobody
  ended: idle that long, it is long over).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from ..domain.enums import Status
from ..models import Assessment, DraftStash, utcnow
from . import audit, sessions
from .erasure import let_go
from .evidence import keys_of


@dataclass(frozen=True)
class Retention:
    """How long each kind of leftover is kept."""

    draft_days: int = 365
    stash_hours: int = 24
    expired_days: int = 30
    session_days: int = 30

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Retention:
        """The rule as configured (DRAFT_RETENTION_DAYS, STASH_RETENTION_HOURS, EXPIRED_RETENTION_DAYS,
        SESSION_RETENTION_DAYS)."""
        return cls(int(config.get("DRAFT_RETENTION_DAYS", cls.draft_days)),
                   int(config.get("STASH_RETENTION_HOURS", cls.stash_hours)),
                   int(config.get("EXPIRED_RETENTION_DAYS", cls.expired_days)),
                   int(config.get("SESSION_RETENTION_DAYS", cls.session_days)))


@dataclass(frozen=True)
class Purged:
    """What a purge deleted: counts by kind, and the storage keys of the evidence files whose rows went."""

    counts: dict[str, int]
    files: list[str]


def _drafts(session: Session, rule: Retention, now: datetime) -> tuple[int, list[str]]:
    if rule.draft_days <= 0:
        return 0, []
    cutoff = now - timedelta(days=rule.draft_days)
    ids = [i or 0 for i in session.exec(select(Assessment.id).where(
        Assessment.status == Status.DRAFT, col(Assessment.updated_at) < cutoff))]
    keys = keys_of(session, ids)
    let_go(session, "assessments.id", ids)  # answers, stashes, evidence rows, proxy entries go; copies lose origin
    if ids:
        session.execute(delete(Assessment).where(col(Assessment.id).in_(ids)))
    return len(ids), keys


def _deleted(session: Session, statement: Any) -> int:
    """Run a DELETE; how many rows it removed."""
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)


def _expired(session: Session, rule: Retention, now: datetime) -> int:
    cutoff, removed = now - timedelta(days=rule.expired_days), 0
    for table in SQLModel.metadata.sorted_tables:
        if "expires_at" in table.c:
            removed += _deleted(session, delete(table).where(table.c.expires_at < cutoff))
    return removed


def purge(session: Session, rule: Retention, now: datetime | None = None) -> Purged:
    """Apply the rule: how many drafts, evidence files, stashed pages, expired links or tokens and old log-in
    sessions were deleted (audited), and the evidence files' storage keys to delete from the store once committed."""
    now = now or utcnow()
    stashes = _deleted(session, delete(DraftStash).where(
        col(DraftStash.created_at) < now - timedelta(hours=rule.stash_hours)))
    drafts, keys = _drafts(session, rule, now)
    counts = {"drafts": drafts, "evidence_files": len(keys), "stashes": stashes,
              "expired": _expired(session, rule, now),
              "sessions": sessions.purge(session, days=rule.session_days, now=now)}
    session.flush()
    audit.record(session, None, "maintenance", detail={**counts, "rule": vars(rule)})
    return Purged(counts, keys)
