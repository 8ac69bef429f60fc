"""Import validated spreadsheet rows as clients' submitted assessments, entered on their behalf by a consultant.

Each row runs in its own savepoint: a refused row rolls back alone. An enterprise unknown by its credit code is
created and linked to the consultant; a known one must already be the consultant's client (importing a row
never grants sight of someone else's enterprise). Each stored assessment carries an import key, a hash of what
was imported, so that importing the same rows again, from the same file or a corrected copy, adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from .. import db, store
from ..domain.enums import Role
from ..domain.errors import MaturityError, NotFound, Refused
from ..domain.model import Text
from ..interchange.records import Record
from ..models import Enterprise, Park, User
from ..models_consult import ProxyEntry
from . import access, assessments, audit, organisations

PROFILE_KEYS = ("name", "credit_code", "industry_code", "industry_type", "region_code", "city", "employees",
                "above_designated_size", "revenue_band")
ASSESSED_AT = dt.time(12, 0)  # an imported survey's assessment date, at noon China time (stored in UTC)
CHINA = ZoneInfo("Asia/Shanghai")
CREATED, EXISTING, REFUSED = "created", "existing", "refused"


@dataclass
class RowOutcome:
    """What became of one row: a new assessment, one imported before, or a refusal with its reason."""

    record: Record
    status: str
    assessment_id: int | None = None
    enterprise_id: int | None = None
    enterprise_created: bool = False
    message: Text | None = None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The row's place and outcome, as the CLI and the API print it."""
        sheet, row = self.record.location
        return {"credit_code": self.record.credit_code, "name": self.record.profile.get("name"),
                "file": self.record.file, "sheet": sheet, "row": row, "outcome": self.status,
                "assessment_id": self.assessment_id, "enterprise_id": self.enterprise_id,
                "enterprise_created": self.enterprise_created,
                "message": self.message.get(lang) if self.message else None}


def consultant_by_email(session: Session, email: str) -> User:
    """The consultant an import is for; refused when unknown or not a consultant."""
    user = store.user_by_email(session=session, email=email)
    if user is None:
        raise NotFound.one(f"没有邮箱为 {email} 的用户", f"no user with e-mail {email}", "consultant")
    if user.role != Role.CONSULTANT:
        raise Refused.one(f"{email} 不是顾问账号；导入需要顾问账号", f"{email} is not a consultant; imports are "
                          "made for a consultant", "consultant", given=user.role, accepted="consultant")
    return user


def check_park(session: Session, park_id: int | None) -> None:
    """Refuse a park that does not exist before any row is imported."""
    if park_id is not None and session.get(Park, park_id) is None:
        raise Refused.one(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park", given=park_id)


def import_key(record: Record) -> str:
    """A hash of what a row imports: enterprise, date, questionnaire version, industry, answers and trimming."""
    q = record.sheet.questionnaire
    content = {"credit_code": record.credit_code, "date": record.assessment_date.isoformat(),
               "questionnaire": [q.id, q.version], "industry": record.industry, "ratings": record.ratings(),
               "trimmed": record.trimmed, "comments": record.comments()}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def raw_answers(record: Record) -> dict[str, Any]:
    """A valid record as the answers document the services store (N/A written as its rating ID)."""
    q = record.sheet.questionnaire
    na, comments = q.scoring.not_applicable.id, record.comments()
    answers: dict[str, Any] = {}
    for rid, value in record.ratings().items():
        rating: Any = na if value is None else value
        answers[rid] = {"rating": rating, "comment": comments[rid]} if comments.get(rid) else rating
    return {"questionnaire": q.id, "questionnaire_version": q.version, "industry": record.industry,
            "answers": answers, "trimmed": dict(record.trimmed)}


def import_records(session: Session, *, consultant: User, records: Sequence[Record], upload_id: int | None = None,
                   park_id: int | None = None, on_row: Callable[[RowOutcome], None] | None = None,
                   ) -> list[RowOutcome]:
    """Import each valid record in its own savepoint; returns one outcome per record, in order."""
    check_park(session, park_id)
    db.begin_for_savepoints(session)
    outcomes = []
    for record in records:
        try:
            with session.begin_nested():
                outcome = _import_one(session, consultant, record, upload_id, park_id)
        except MaturityError as exc:
            outcome = RowOutcome(record, REFUSED, message=_joined(exc))
        except IntegrityError:  # the same row imported by another run at the same moment
            outcome = RowOutcome(record, REFUSED, message=Text("同一行正被另一次导入处理；请稍后重试",
                                                               "another import is storing this row; try again"))
        outcomes.append(outcome)
        if on_row:
            on_row(outcome)
    audit.record(session, consultant, "import", target=("batch_upload", upload_id), detail={
        "rows": len(outcomes), "assessments": [o.assessment_id for o in outcomes if o.assessment_id],
        "refused": sum(o.status == REFUSED for o in outcomes), "park": park_id})
    return outcomes


def _joined(exc: MaturityError) -> Text:
    return Text("；".join(p.render("zh") for p in exc.problems), "; ".join(p.render("en") for p in exc.problems))


def _import_one(session: Session, consultant: User, record: Record, upload_id: int | None,
                park_id: int | None) -> RowOutcome:
    key = import_key(record)
    before = session.exec(select(ProxyEntry).where(ProxyEntry.import_key == key)).first()
    if before is not None:
        company = _client(session, consultant, record, park_id, existing_only=True)
        return RowOutcome(record, EXISTING, before.assessment_id, company.id)
    company = _client(session, consultant, record, park_id)
    created = company.id is None
    session.flush()
    if created:
        organisations.link_consultant(session, consultant=consultant, enterprise=company)
    assessment, _result = assessments.create_submitted(
        session, user=consultant, enterprise=company, raw=raw_answers(record),
        submitted_at=dt.datetime.combine(record.assessment_date, ASSESSED_AT, CHINA).astimezone(dt.UTC))
    entry = session.get(ProxyEntry, assessment.id)
    assert entry is not None  # create_submitted records a consultant's entry
    sheet, row = record.location
    entry.upload_id, entry.file, entry.sheet, entry.row = upload_id, record.file[:255], sheet, row
    entry.import_key = key
    session.add(entry)
    session.flush()
    return RowOutcome(record, CREATED, assessment.id, company.id, enterprise_created=created)


def _client(session: Session, consultant: User, record: Record, park_id: int | None,
            existing_only: bool = False) -> Enterprise:
    """The consultant's client this row is about: found by credit code, or new (not yet flushed)."""
    code = str(record.credit_code)
    company = store.enterprise_by_credit_code(session=session, credit_code=code)
    if company is None and not existing_only:
        profile = {k: record.profile.get(k) for k in PROFILE_KEYS}
        return organisations.new_enterprise(session, {**profile, "park_id": park_id})
    if company is None or not access.can_view_enterprise(session, consultant, company):
        raise Refused.one(
            f"统一社会信用代码 {code} 已由他人登记，且该企业不是您的客户；请该企业的账号持有人或管理员将其设为您的客户",
            f"the credit code {code} is registered by someone else and the enterprise is not your client; ask its "
            "account holder or an administrator to make it your client", "credit_code", code="not_client")
    return company
