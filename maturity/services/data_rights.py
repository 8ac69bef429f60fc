"""An enterprise owner's data rights: everything held about the enterprise, and the request to delete it."""

from __future__ import annotations

from datetime import date, datetime
from typing import IO, Any

from sqlmodel import Session, SQLModel, col, select

from ..domain.enums import MemberRole, Status
from ..domain.errors import Forbidden, Refused
from ..interchange.xlsx import new_workbook, write_row
from ..models import (
    Answer,
    Assessment,
    AssessmentScore,
    ConsultantClient,
    Enterprise,
    SharingConsent,
    SubdomainScore,
    User,
)
from ..models_audit import DeletionRequest
from ..models_consult import ProxyEntry
from . import audit
from .access import member_role

USER_FIELDS = ("id", "email", "name", "role", "is_active", "created_at")  # never the password hash
REASON_LIMIT = 2000


def check_owner(session: Session, user: User, enterprise: Enterprise) -> None:
    """Only the enterprise's owner exercises its data rights (no respondent, reviewer, consultant or admin)."""
    if member_role(session, user, enterprise.id or 0) != MemberRole.OWNER:
        raise Forbidden.one("只有企业的负责人可以导出或申请删除企业数据",
                            "only the enterprise's owner exports its data or asks for its deletion", code="owner_only")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _rows(session: Session, model: type[SQLModel], *where: Any, fields: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every row of `model` matching `where`, as plain JSON values (only `fields`, when given)."""
    found = []
    for row in session.exec(select(model).where(*where)):
        data = row.model_dump()
        found.append({k: _plain(v) for k, v in data.items() if not fields or k in fields})
    return found


def enterprise_export(session: Session, *, user: User, enterprise: Enterprise) -> dict[str, Any]:
    """Everything held about the enterprise, by section: profile, users, assessments, answers, scores, reports."""
    check_owner(session, user, enterprise)
    ids = [a for a in session.exec(select(Assessment.id).where(Assessment.enterprise_id == enterprise.id))]
    assessments = _rows(session, Assessment, col(Assessment.id).in_(ids))
    # Reports are drawn on request from the stored answers and never kept: their metadata is where to get them.
    reports = [{"assessment_id": a["id"], "languages": ["zh", "en"],
                "path": f"/api/v1/assessments/{a['id']}/report.pdf"}
               for a in assessments if a["status"] == Status.SUBMITTED]
    audit.record(session, user, "export.data", target=enterprise)
    return {
        "format": "maturity-enterprise-export", "version": 1,
        "profile": _rows(session, Enterprise, Enterprise.id == enterprise.id)[0],
        "users": _rows(session, User, User.enterprise_id == enterprise.id, fields=USER_FIELDS),
        "assessments": assessments,
        "answers": _rows(session, Answer, col(Answer.assessment_id).in_(ids)),
        "scores": _rows(session, AssessmentScore, col(AssessmentScore.assessment_id).in_(ids)),
        "subdomain_scores": _rows(session, SubdomainScore, col(SubdomainScore.assessment_id).in_(ids)),
        "reports": reports,
        "proxy_entries": _rows(session, ProxyEntry, col(ProxyEntry.assessment_id).in_(ids)),
        "consultants": _rows(session, ConsultantClient, ConsultantClient.enterprise_id == enterprise.id),
        "sharing_consents": _rows(session, SharingConsent, SharingConsent.enterprise_id == enterprise.id),
        "deletion_requests": _rows(session, DeletionRequest, DeletionRequest.enterprise_id == enterprise.id),
    }


def write_workbook(target: IO[bytes], export: dict[str, Any]) -> None:
    """The export as a workbook: one sheet per section, every value written as data, never as a formula."""
    book = new_workbook(target)
    for section, rows in export.items():
        if not isinstance(rows, list | dict):
            continue
        rows = [rows] if isinstance(rows, dict) else rows
        sheet = book.add_worksheet(section[:31])
        columns = sorted({key for row in rows for key in row})
        write_row(sheet, 0, list(columns))
        for number, row in enumerate(rows, start=1):
            write_row(sheet, number, [_cell(row.get(c)) for c in columns])
    book.close()


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, list | dict) else value


def request_deletion(session: Session, *, user: User, enterprise: Enterprise, reason: str = "") -> DeletionRequest:
    """Ask for the enterprise to be deleted; one pending request at a time."""
    check_owner(session, user, enterprise)
    if len(reason) > REASON_LIMIT:
        raise Refused.one(f"原因最多 {REASON_LIMIT} 个字符", f"the reason takes at most {REASON_LIMIT} characters",
                          "reason")
    pending = session.exec(select(DeletionRequest).where(
        DeletionRequest.enterprise_id == enterprise.id, DeletionRequest.status == "pending")).first()
    if pending is not None:
        return pending
    request = DeletionRequest(enterprise_id=enterprise.id or 0, enterprise_name=enterprise.name,
                              requested_by=user.id, reason=reason.strip() or None)
    session.add(request)
    session.flush()
    audit.record(session, user, "deletion.request", target=enterprise, detail={"request": request.id})
    return request


def pending_requests(session: Session) -> list[DeletionRequest]:
    """Requests waiting for an administrator, oldest first."""
    query = select(DeletionRequest).where(DeletionRequest.status == "pending").order_by(col(DeletionRequest.id))
    return list(session.exec(query))
