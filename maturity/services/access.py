"""Who may see and change what. One query decides visibility; every per-object check derives from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Exists, and_, exists, false, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..domain.enums import MemberRole, Role, Status
from ..domain.errors import Forbidden, NotFound
from ..models import Assessment, ConsultantClient, Enterprise, Park, ParkAdmin, RegionAdmin, SharingConsent, User
from ..models_consult import ProxyEntry
from ..models_team import Membership

READ_ONLY = (Role.PARK_ADMIN, Role.REGION_ADMIN)


def administered_park_ids(user: User) -> SelectOfScalar[Any] | None:
    """The IDs of the parks a park or regional administrator looks after (None: the user administers none).

    A regional administrator holds a province or city code and sees every park whose code starts with it.
    """
    if user.role == Role.PARK_ADMIN:
        return select(ParkAdmin.park_id).where(ParkAdmin.user_id == user.id)
    if user.role == Role.REGION_ADMIN:
        return (
            select(Park.id)
            .join(RegionAdmin, col(Park.region_code).startswith(col(RegionAdmin.region_code)))
            .where(RegionAdmin.user_id == user.id)
        )
    return None


def visible_parks(user: User) -> SelectOfScalar[Park]:
    """The parks whose figures `user` may see: admins all, park and regional administrators their own."""
    query = select(Park)
    if user.role == Role.ADMIN:
        return query
    parks = administered_park_ids(user)
    return query.where(col(Park.id).in_(parks)) if parks is not None else query.where(false())


def shared_with_park() -> Exists:
    """EXISTS: the enterprise has agreed, and not revoked, to show its details to its park's administrators."""
    return exists().where(
        and_(
            col(SharingConsent.enterprise_id) == col(Enterprise.id),
            col(SharingConsent.park_id) == col(Enterprise.park_id),
            col(SharingConsent.revoked_at).is_(None),
        )
    )


def visible_enterprises(user: User, *, detail: bool = False) -> SelectOfScalar[Enterprise]:
    """The enterprises `user` may see: admins all; enterprise users their own; consultants their
    clients; park and regional administrators the enterprises of their parks. With `detail` (answers,
    levels, gaps, reports), administrators only those that agreed to share them. An enterprise deleted at its
    owner's request is seen by no one (its anonymous score rows still count in the park's statistics)."""
    query = select(Enterprise).where(col(Enterprise.deleted_at).is_(None))
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.ENTERPRISE:
        teams = select(Membership.enterprise_id).where(Membership.user_id == user.id)
        own = col(Enterprise.id).in_(teams)
        return query.where(or_(col(Enterprise.id) == user.enterprise_id, own) if user.enterprise_id else own)
    if user.role == Role.CONSULTANT:
        clients = select(ConsultantClient.enterprise_id).where(ConsultantClient.consultant_id == user.id)
        return query.where(col(Enterprise.id).in_(clients))
    parks = administered_park_ids(user)
    if parks is None:
        return query.where(false())
    query = query.where(col(Enterprise.park_id).in_(parks))
    return query.where(shared_with_park()) if detail else query


def enterprises_visible_to(session: Session, user: User, *, detail: bool = False) -> list[Enterprise]:
    """Every enterprise the user may see (with `detail`: whose results the user may see), by name."""
    return list(session.exec(visible_enterprises(user, detail=detail).order_by(col(Enterprise.name))).all())


def can_view_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Whether `enterprise` is among those `user` may see."""
    query = visible_enterprises(user).where(Enterprise.id == enterprise.id)
    return session.exec(query).first() is not None


def can_see_details(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Whether `user` may see the enterprise's assessments, levels and reports (not only its profile)."""
    query = visible_enterprises(user, detail=True).where(Enterprise.id == enterprise.id)
    return session.exec(query).first() is not None


def member_role(session: Session, user: User, enterprise_id: int) -> str | None:
    """The user's role in the enterprise's team (owner, respondent, reviewer), None for outsiders.

    An enterprise account made before teams existed, and not yet migrated, owns its own enterprise.
    """
    if user.role != Role.ENTERPRISE:
        return None
    row = session.get(Membership, (enterprise_id, user.id))
    if row is not None:
        return row.role
    return MemberRole.OWNER.value if user.enterprise_id == enterprise_id else None


def can_edit_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Who may answer assessments: all who see it except park and regional administrators and reviewers."""
    if user.role in READ_ONLY or not can_view_enterprise(session, user, enterprise):
        return False
    return user.role != Role.ENTERPRISE or member_role(session, user, enterprise.id or 0) != MemberRole.REVIEWER


def can_manage(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Who starts, submits and deletes assessments, edits the profile and runs the team: the owner, an
    administrator, and the enterprise's consultant (who enters assessments on its behalf)."""
    if user.role in READ_ONLY or not can_view_enterprise(session, user, enterprise):
        return False
    return user.role != Role.ENTERPRISE or member_role(session, user, enterprise.id or 0) == MemberRole.OWNER


def can_review(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Who checks or queries evidence: the owner, invited reviewers, the consultant and administrators."""
    if user.role in READ_ONLY or not can_view_enterprise(session, user, enterprise):
        return False
    return user.role != Role.ENTERPRISE or member_role(session, user, enterprise.id or 0) in (
        MemberRole.OWNER, MemberRole.REVIEWER)


def enterprise_for(
    session: Session, user: User, enterprise_id: int, *, edit: bool = False, detail: bool = False,
    manage: bool = False, review: bool = False,
) -> Enterprise:
    """The enterprise if `user` may see it (NotFound otherwise) and, with `edit`, answer for it (Forbidden);
    with `manage`, run it as its owner; with `review`, check its evidence.

    With `detail`, an administrator whose park the enterprise has not agreed to share with is refused (403).
    """
    company = session.exec(visible_enterprises(user).where(Enterprise.id == enterprise_id)).first()
    if company is None:
        raise NotFound.one("未找到该企业", "no such enterprise", "enterprise_id")
    if edit and user.role in READ_ONLY:
        raise Forbidden.one("您只能查看该企业，不能修改", "you may view this enterprise but not change it")
    if edit and not can_edit_enterprise(session, user, company):
        raise Forbidden.one(
            "评审人只能查看和核对证据，不能作答", "a reviewer may read and check evidence but not answer",
            code="reviewer",
        )
    if manage and not can_manage(session, user, company):
        raise Forbidden.one("只有企业的负责人可以这样做", "only the enterprise's owner may do this", code="owner_only")
    if review and not can_review(session, user, company):
        raise Forbidden.one("只有负责人、评审人或顾问可以核对证据",
                            "only the owner, a reviewer or the consultant may review evidence", code="reviewer_only")
    if detail and not can_see_details(session, user, company):
        raise Forbidden.one(
            "该企业尚未同意向园区共享详细评估结果",
            "this enterprise has not agreed to share its detailed results with its park",
            code="not_shared",
        )
    return company


def park_for(session: Session, user: User, park_id: int) -> Park:
    """The park if `user` may see its figures; NotFound otherwise (another park's figures do not exist for them)."""
    park = session.exec(visible_parks(user).where(Park.id == park_id)).first()
    if park is None:
        raise NotFound.one("未找到该园区", "no such park", "park_id")
    return park


def assessment_for(
    session: Session, user: User, assessment_id: int, *, edit: bool = False, manage: bool = False,
    review: bool = False,
) -> Assessment:
    """The assessment if `user` may see it; with `edit`, only a draft its user may change; with `manage`,
    one its owner runs (and, with `edit`, submits); with `review`, one whose evidence the user may check."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound.one("未找到该评估", "no such assessment", "assessment_id")
    try:
        enterprise_for(session, user, assessment.enterprise_id, edit=edit, detail=True, manage=manage, review=review)
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
