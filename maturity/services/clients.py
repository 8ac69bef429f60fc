"""A consultant's clients: the list with each one's latest assessment, and the portfolio (levels and changes).

Everything is read through `access.visible_enterprises`, so a consultant sees their clients and nobody else's.
Changes set an assessment against the previous submitted one of the same kind only (full with full, quick check
with quick check), as the enterprise's own history does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlmodel import Session, col, select

from ..domain.enums import IndustryType, Status, Variant, values
from ..models import Assessment, Enterprise, User
from ..models_consult import ProxyEntry
from .access import visible_enterprises

STATUS_FILTERS = ("none", Status.DRAFT.value, Status.SUBMITTED.value)


@dataclass
class ClientRow:
    """One client with its newest assessment (any status) and its newest submitted one."""

    enterprise: Enterprise
    latest: Assessment | None = None
    latest_submitted: Assessment | None = None
    proxy: ProxyEntry | None = None  # set when the newest assessment was entered on the client's behalf

    @property
    def status(self) -> str:
        """none, draft or submitted: where the newest assessment stands."""
        return self.latest.status if self.latest is not None else "none"

    @property
    def date(self) -> object:
        """When the newest assessment was submitted, or started when it is a draft."""
        return None if self.latest is None else self.latest.submitted_at or self.latest.started_at


def _order(a: Assessment) -> tuple:
    return (a.submitted_at or a.started_at, a.id or 0)


def _assessments(session: Session, user: User, enterprise_ids: Sequence[int]) -> dict[int, list[Assessment]]:
    """The assessments of the given visible enterprises, oldest first, by enterprise."""
    visible = visible_enterprises(user).with_only_columns(col(Enterprise.id))
    query = select(Assessment).where(col(Assessment.enterprise_id).in_(visible),
                                     col(Assessment.enterprise_id).in_(list(enterprise_ids)))
    by_enterprise: dict[int, list[Assessment]] = {}
    for a in sorted(session.exec(query).all(), key=_order):
        by_enterprise.setdefault(a.enterprise_id, []).append(a)
    return by_enterprise


def client_rows(session: Session, user: User, *, search: str = "", status: str = "", level: int | None = None,
                industry_type: str = "") -> list[ClientRow]:
    """The user's clients by name, each with its newest assessments; filtered and searched as asked."""
    query = visible_enterprises(user)
    if search.strip():
        like = f"%{search.strip()}%"
        query = query.where(or_(col(Enterprise.name).ilike(like), col(Enterprise.credit_code).ilike(like)))
    if industry_type in values(IndustryType):
        query = query.where(Enterprise.industry_type == industry_type)
    companies = session.exec(query.order_by(col(Enterprise.name))).all()
    history = _assessments(session, user, [e.id or 0 for e in companies])
    rows = []
    for company in companies:
        found = history.get(company.id or 0, [])
        submitted = [a for a in found if a.status == Status.SUBMITTED]
        latest = max(found, key=lambda a: (a.started_at, a.id or 0)) if found else None
        rows.append(ClientRow(company, latest, submitted[-1] if submitted else None,
                              session.get(ProxyEntry, latest.id) if latest is not None else None))
    if status in STATUS_FILTERS:
        rows = [r for r in rows if r.status == status]
    if level is not None:
        rows = [r for r in rows if r.latest_submitted is not None and r.latest_submitted.level == level]
    return rows


@dataclass
class Change:
    """A client's newest submitted assessment of one kind against the previous one of the same kind."""

    enterprise: Enterprise
    variant: str
    latest: Assessment
    previous: Assessment | None

    @property
    def delta(self) -> float | None:
        """The change in S; None for a first assessment."""
        if self.previous is None or self.previous.score is None or self.latest.score is None:
            return None
        return self.latest.score - self.previous.score

    @property
    def level_change(self) -> int | None:
        """Levels gained (negative: lost); None for a first assessment."""
        if self.previous is None or self.previous.level is None or self.latest.level is None:
            return None
        return self.latest.level - self.previous.level


@dataclass
class Portfolio:
    """Where a consultant's clients stand: the level distribution of their newest full assessments, and changes."""

    clients: int = 0
    levels: Counter[int] = field(default_factory=Counter)  # level (0–5) → clients, newest full assessment
    quick_levels: Counter[int] = field(default_factory=Counter)  # indicative: clients with quick checks only
    not_assessed: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def largest(self) -> int:
        """The largest count in either distribution (for drawing bars to scale)."""
        return max([1, *self.levels.values(), *self.quick_levels.values()])


def portfolio(session: Session, user: User) -> Portfolio:
    """The level distribution and each client's change since its previous assessment of the same kind."""
    companies = session.exec(visible_enterprises(user).order_by(col(Enterprise.name))).all()
    history = _assessments(session, user, [e.id or 0 for e in companies])
    result = Portfolio(clients=len(companies))
    for company in companies:
        submitted = [a for a in history.get(company.id or 0, []) if a.status == Status.SUBMITTED]
        kinds = {}
        for variant in values(Variant):
            same = [a for a in submitted if a.variant == variant]
            if same:
                kinds[variant] = Change(company, variant, same[-1], _previous(same))
        if Variant.FULL in kinds:
            result.levels[kinds[Variant.FULL].latest.level or 0] += 1
        elif Variant.QUICK in kinds:
            result.quick_levels[kinds[Variant.QUICK].latest.level or 0] += 1
        else:
            result.not_assessed += 1
        result.changes.extend(kinds.values())
    return result


def _previous(same: list[Assessment]) -> Assessment | None:
    """The assessment before the newest one, of the same questionnaire (a full one is never set against a quick one)."""
    newest = same[-1]
    earlier = [a for a in same[:-1] if a.questionnaire_id == newest.questionnaire_id]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class ProxyNote:
    """How an assessment entered on a client's behalf is shown: by whom, when, from which file and row."""

    consultant_id: int
    consultant: str  # the consultant's name, else e-mail
    entered_at: object
    file: str | None
    sheet: str | None
    row: int | None
    handed_over: bool


def proxy_notes(session: Session, assessment_ids: Sequence[int]) -> dict[int, ProxyNote]:
    """The entries made on a client's behalf among these assessments, by assessment ID."""
    if not assessment_ids:
        return {}
    rows = session.exec(select(ProxyEntry, User).join(User, col(User.id) == col(ProxyEntry.entered_by))
                        .where(col(ProxyEntry.assessment_id).in_(list(assessment_ids)))).all()
    return {entry.assessment_id: ProxyNote(entry.entered_by, who.name or who.email, entry.entered_at, entry.file,
                                           entry.sheet, entry.row, entry.handed_over_at is not None)
            for entry, who in rows}
