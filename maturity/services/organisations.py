"""Organisations: parks, enterprises and the consultants who serve them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from .. import store
from ..classifications import industry_codes, region_codes
from ..domain.credit_code import credit_code_problem, normalise
from ..domain.enums import IndustryType, RevenueBand, Role, values
from ..domain.errors import Refused
from ..models import ConsultantClient, Enterprise, Park, User


def create_park(session: Session, *, name: str, region_code: str | None = None) -> Park:
    """Add a park."""
    if not name.strip():
        raise Refused.one("园区名称不能为空", "the park needs a name", "name")
    park = Park(name=name.strip(), region_code=region_code)
    session.add(park)
    session.flush()
    return park


def create_enterprise(session: Session, *, data: Mapping[str, Any], actor: User | None = None) -> Enterprise:
    """Add an enterprise; a consultant creating it becomes its consultant."""
    company = new_enterprise(session, data)
    session.flush()
    if actor is not None and actor.role == Role.CONSULTANT:
        session.add(ConsultantClient(consultant_id=actor.id or 0, enterprise_id=company.id or 0))
        session.flush()
    return company


def _check_identity(session: Session, data: Mapping[str, Any]) -> tuple[str, str]:
    """The enterprise's name and normalised credit code, refused when empty, invalid or taken."""
    name = str(data.get("name") or "").strip()
    if not name:
        raise Refused.one("企业名称不能为空", "the enterprise needs a name", "name")
    code = normalise(str(data.get("credit_code") or ""))
    problem = credit_code_problem(code)
    if problem:
        raise Refused.one(problem.zh, problem.en, "credit_code", given=code)
    if store.enterprise_by_credit_code(session=session, credit_code=code):
        raise Refused.one(
            "该统一社会信用代码已登记", "an enterprise with this credit code is already registered", "credit_code"
        )
    return name, code


def _check_classification(session: Session, data: Mapping[str, Any]) -> None:
    """Industry code and type, region, park and revenue band must be known."""
    industry = str(data.get("industry_code") or "").upper()
    if industry not in industry_codes():
        raise Refused.one(
            f"行业大类 {industry!r} 无效；应为 C13–C43",
            f"invalid industry {industry!r}; expected C13–C43",
            "industry_code",
            given=industry,
            accepted="C13–C43",
        )
    if data.get("industry_type") not in values(IndustryType):
        raise Refused.one(
            "行业类型应为 discrete（离散型）或 process（流程型）",
            "the industry type is discrete or process",
            "industry_type",
        )
    region = data.get("region_code") or None
    if region is not None and region not in region_codes():
        raise Refused.one(f"地区代码 {region!r} 无效", f"invalid region code {region!r}", "region_code")
    park_id = data.get("park_id") or None
    if park_id is not None and session.get(Park, park_id) is None:
        raise Refused.one(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park_id")
    band = data.get("revenue_band") or None
    if band is not None and band not in values(RevenueBand):
        accepted = ", ".join(values(RevenueBand))
        raise Refused.one(
            f"营业收入档次 {band!r} 无效；可选：{accepted}",
            f"invalid revenue band {band!r}; accepted: {accepted}",
            "revenue_band",
        )


def new_enterprise(session: Session, data: Mapping[str, Any]) -> Enterprise:
    """Validate a profile and add the enterprise."""
    name, code = _check_identity(session, data)
    _check_classification(session, data)
    company = Enterprise(
        name=name,
        credit_code=code,
        industry_code=str(data["industry_code"]).upper(),
        industry_type=str(data["industry_type"]),
        region_code=data.get("region_code") or None,
        city=(data.get("city") or None),
        park_id=data.get("park_id") or None,
        employees=data.get("employees"),
        above_designated_size=bool(data.get("above_designated_size")),
        revenue_band=data.get("revenue_band") or None,
    )
    session.add(company)
    return company


def link_consultant(session: Session, *, consultant: User, enterprise: Enterprise) -> None:
    """Make `enterprise` a client of `consultant`."""
    if consultant.role != Role.CONSULTANT:
        raise Refused.one("只能关联顾问用户", "only consultants have client enterprises", "role")
    session.merge(ConsultantClient(consultant_id=consultant.id or 0, enterprise_id=enterprise.id or 0))
    session.flush()
