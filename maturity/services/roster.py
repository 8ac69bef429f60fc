"""A park's roster: replaced as a whole by an upload, validated row by row before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select, update

from ..models import Enterprise, RosterEntry, User, utcnow

FIELDS = ("name", "industry_code", "above_designated_size", "employees", "revenue_band")


@dataclass(frozen=True)
class RosterChange:
    """What an upload did: entries added, updated, removed; registered enterprises linked to the park."""

    added: int
    updated: int
    removed: int
    linked: int

    def as_json(self) -> dict[str, int]:
        """The counts as the API and CLI print them."""
        return dict(vars(self))


def replace_roster(session: Session, *, park_id: int, rows: Sequence[Mapping[str, Any]], user: User | None
                   ) -> RosterChange:
    """Make the park's roster exactly `rows` (validated already); link unparked enterprises it names."""
    existing = {e.credit_code: e for e in session.exec(select(RosterEntry).where(RosterEntry.park_id == park_id))}
    wanted = {str(r["credit_code"]): r for r in rows}
    added = updated = 0
    now = utcnow()
    for code, row in wanted.items():
        entry = existing.get(code)
        if entry is None:
            entry = RosterEntry(park_id=park_id, credit_code=code, name=str(row["name"]), industry_code="")
            added += 1
        elif any(getattr(entry, f) != row.get(f) for f in FIELDS):
            updated += 1
        for field in FIELDS:
            setattr(entry, field, row.get(field))
        entry.imported_at, entry.imported_by = now, user.id if user else None
        session.add(entry)
    gone = [e for code, e in existing.items() if code not in wanted]
    for entry in gone:
        session.delete(entry)
    session.flush()
    result = session.execute(
        update(Enterprise)
        .where(col(Enterprise.credit_code).in_(list(wanted)), col(Enterprise.park_id).is_(None))
        .values(park_id=park_id)
    )
    linked = getattr(result, "rowcount", 0)  # an UPDATE's result is a CursorResult
    session.flush()
    return RosterChange(added, updated, len(gone), int(linked or 0))


def roster_of(session: Session, park_id: int) -> list[RosterEntry]:
    """The park's roster, by name."""
    return list(session.exec(select(RosterEntry).where(RosterEntry.park_id == park_id).order_by(col(RosterEntry.name))))
