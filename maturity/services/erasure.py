"""Deletion at an enterprise owner's request: everything about the enterprise goes but its anonymous score rows.

Evidence files go with their rows: `carry_out` returns their storage keys, which the caller deletes from the
evidence store (local folder or S3 bucket alike) once the deletion is committed.
The score rows (assessment_scores, subdomain_scores) stay so that park and regional statistics keep counting
the enterprise; what they hang on is scrubbed: the assessments keep only their dates and version, the
enterprise row only its classification (industry, size band, park, region, city), under no name.
Tables are found through their foreign keys, so a table added later is covered without editing this module.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, update
from sqlmodel import Session, SQLModel, col, select

from ..domain.enums import Status
from ..domain.errors import Refused
from ..models import Assessment, Enterprise, User, utcnow
from ..models_audit import DeletionRequest
from . import audit
from .evidence import keys_of

KEPT = frozenset({"assessments", "assessment_scores", "subdomain_scores", "enterprises", "users"})


def _referring(target: str) -> list[tuple[Table, str, bool]]:
    """(table, column, nullable) of every foreign key pointing at `target` (e.g. "users.id")."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.target_fullname == target and fk.parent.table.name not in KEPT:
                found.append((table, fk.parent.name, bool(fk.parent.nullable)))
    return found


def let_go(session: Session, target: str, ids: Sequence[int]) -> None:
    """Before rows at `target` go: other rows pointing at them lose an optional link, or go too if required."""
    if not ids:
        return
    for table, column, nullable in reversed(_referring(target)):
        where = table.c[column].in_(list(ids))
        session.execute(update(table).where(where).values({column: None}) if nullable else delete(table).where(where))


def _assessments(session: Session, enterprise_id: int) -> list[str]:
    """Drafts go; submitted assessments keep what their score rows need, nothing typed or personal.

    Returns the storage keys of every evidence file (the rows go with the assessments' links).
    """
    rows = list(session.exec(select(Assessment).where(Assessment.enterprise_id == enterprise_id)))
    keys = keys_of(session, [a.id or 0 for a in rows])
    let_go(session, "assessments.id", [a.id or 0 for a in rows])
    session.execute(update(Assessment).where(col(Assessment.copied_from).in_([a.id for a in rows]))
                    .values(copied_from=None))
    for assessment in rows:
        if assessment.status != Status.SUBMITTED:
            session.delete(assessment)
            continue
        assessment.started_by = assessment.submitted_by = None
        assessment.result, assessment.trimmed = None, {}
        session.add(assessment)
    session.flush()
    return keys


def _enterprise(session: Session, enterprise: Enterprise) -> None:
    """Its users and every link go; the row keeps only the classification the statistics filter on."""
    users = list(session.exec(select(User.id).where(User.enterprise_id == enterprise.id)))
    let_go(session, "users.id", [u for u in users if u is not None])
    session.execute(update(Assessment).where(col(Assessment.started_by).in_(users)).values(started_by=None))
    session.execute(update(Assessment).where(col(Assessment.submitted_by).in_(users)).values(submitted_by=None))
    session.execute(delete(User).where(col(User.id).in_(users)))
    let_go(session, "enterprises.id", [enterprise.id or 0])
    enterprise.name = "—"
    enterprise.credit_code = f"DELETED{enterprise.id or 0:011d}"[:18]
    enterprise.employees = None
    enterprise.deleted_at = utcnow()
    session.add(enterprise)
    session.flush()


def carry_out(session: Session, *, actor: User, request: DeletionRequest) -> list[str]:
    """Delete the enterprise of a pending request, and close the request (audited with its counts); returns
    the storage keys of its evidence files, to delete from the store once committed."""
    if request.status != "pending":
        raise Refused.one("该删除请求已处理", "this deletion request has already been carried out", "request")
    enterprise = session.get(Enterprise, request.enterprise_id)
    keys: list[str] = []
    if enterprise is not None and enterprise.deleted_at is None:
        keys = _assessments(session, enterprise.id or 0)
        _enterprise(session, enterprise)
    request.status, request.done_by, request.done_at = "done", actor.id, utcnow()
    session.add(request)
    session.flush()
    audit.record(session, actor, "deletion.done", target=("enterprises", request.enterprise_id),
                 detail={"request": request.id, "evidence_files": len(keys)})
    return keys
