"""Who may see and change what. One query decides visibility; every per-object check derives from it."""

from __future__ import annotations

from sqlalchemy import false
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..domain.enums import Role, Status
from ..domain.errors import Forbidden, NotFound
from ..models import Assessment, ConsultantClient, Enterprise, ParkAdmin, User
from ..models_consult import ProxyEntry


def visible_enterprises(user: User) -> SelectOfScalar[Enterprise]:
    """The enterprises `user` may see: admins all; enterprise users their own; consultants their
    clients; park administrators the enterprises of their parks."""
    query = select(Enterprise)
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.ENTERPRISE:
        return query.where(Enterprise.id == user.enterprise_id) if user.enterprise_id else query.where(false())
    if user.role == Role.CONSULTANT:
        clients = select(ConsultantClient.enterprise_id).where(ConsultantClient.consultant_id == user.id)
        return query.where(col(Enterprise.id).in_(clients))
    if user.role == Role.PARK_ADMIN:
        parks = select(ParkAdmin.park_id).where(ParkAdmin.user_id == user.id)
        return query.where(col(Enterprise.park_id).in_(parks))
    return query.where(false())


def enterprises_visible_to(session: Session, user: User) -> list[Enterprise]:
    """Every enterprise the user may see, by name."""
    return list(session.exec(visible_enterprises(user).order_by(col(Enterprise.name))).all())


def can_view_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Whether `enterprise` is among those `user` may see."""
    query = visible_enterprises(user).where(Enterprise.id == enterprise.id)
    return session.exec(query).first() is not None


def can_edit_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Who may start and answer assessments: all who see it except park administrators (read-only)."""
    return user.role != Role.PARK_ADMIN and can_view_enterprise(session, user, enterprise)


def enterprise_for(session: Session, user: User, enterprise_id: int, *, edit: bool = False) -> Enterprise:
    """The enterprise if `user` may see it (NotFound otherwise) and, with `edit`, change it (Forbidden)."""
    company = session.exec(visible_enterprises(user).where(Enterprise.id == enterprise_id)).first()
    if company is None:
        raise NotFound.one("未找到该企业", "no such enterprise", "enterprise_id")
    if edit and user.role == Role.PARK_ADMIN:
        raise Forbidden.one("您只能查看该企业，不能修改", "you may view this enterprise but not change it")
    return company


def assessment_for(session: Session, user: User, assessment_id: int, *, edit: bool = False) -> Assessment:
    """The assessment if `user` may see it; with `edit`, only a draft its user may change."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound.one("未找到该评估", "no such assessment", "assessment_id")
    try:
        enterprise_for(session, user, assessment.enterprise_id, edit=edit)
    except NotFound:
        raise NotFound.one("未找到该评估", "no such assessment", "assessment_id") from None
    if edit and assessment.status != Status.DRAFT:
        raise Forbidden.one(
            "该评估已提交，不能再修改；可以复制为新的评估",
            "this assessment is submitted and locked; start a new one as a copy",
        )
    if edit:
        _check_proxy_editor(session, user, assessment)
    return assessment


def _check_proxy_editor(session: Session, user: User, assessment: Assessment) -> None:
    """A draft a consultant entered on the client's behalf stays theirs alone until the client's staff take over."""
    entry = session.get(ProxyEntry, assessment.id)
    if entry is None or entry.handed_over_at is not None or entry.entered_by == user.id:
        return
    raise Forbidden.one(
        "该评估由顾问代为填写；在贵企业人员接管账号之前，只有该顾问可以修改",
        "a consultant is entering this assessment on the enterprise's behalf; until the enterprise's staff "
        "take over the account, only that consultant may change it",
        code="proxy_entry",
    )
