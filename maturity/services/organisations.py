"""Organisations: parks, enterprises and the consultants who serve them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from .. import store
from ..classifications import industry_codes, region_codes, regions
from ..domain.credit_code import credit_code_problem, normalise
from ..domain.enums import IndustryType, RevenueBand, Role, check_choice, values
from ..domain.errors import Refused
from ..models import ConsultantClient, Enterprise, Park, Region, User

REGION_CODE = re.compile(r"^\d{2}(\d{2})?$")


def create_region(session: Session, *, code: str, name: str | None = None) -> Region:
    """Add a region: a GB/T 2260 province (2 digits) or city (4 digits); a province's name defaults from seeds/."""
    code = code.strip()
    if not REGION_CODE.match(code):
        raise Refused.one(
            f"区域代码 {code!r} 无效；应为 2 位省级或 4 位市级代码（GB/T 2260），如 32 或 3205",
            f"invalid region code {code!r}; accepted: a 2-digit province or 4-digit city code (GB/T 2260), "
            "e.g. 32, 3205",
            "code",
            given=code,
        )
    if code[:2] not in region_codes():
        raise Refused.one(f"省级代码 {code[:2]} 不存在", f"no province has the code {code[:2]}", "code", given=code)
    if session.get(Region, code) is not None:
        raise Refused.one(f"区域 {code} 已存在", f"region {code} already exists", "code", given=code)
    known = regions().get(code)
    label = (name or "").strip() or (known.zh if known else "")
    if not label:
        raise Refused.one("市级区域需要名称（--name）", "a city region needs a name (--name)", "name")
    region = Region(code=code, name=label)
    session.add(region)
    session.flush()
    return region


def create_park(session: Session, *, name: str, region_code: str | None = None) -> Park:
    """Add a park, in a region created beforehand (or a province known to seeds/, created on the way)."""
    if not name.strip():
        raise Refused.one("园区名称不能为空", "the park needs a name", "name")
    if region_code is not None and session.get(Region, region_code) is None:
        if region_code not in region_codes():
            raise Refused.one(
                f"区域 {region_code} 不存在（先用 maturity regions create 创建）",
                f"region {region_code} does not exist (create it first with maturity regions create)",
                "region",
                given=region_code,
            )
        create_region(session, code=region_code)
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
            "该统一社会信用代码已登记；您可以申请加入该企业",
            "an enterprise with this credit code is already registered; you may ask to join it",
            "credit_code",
            code="credit_code_taken",
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
    if band is not None:
        check_choice(RevenueBand, band, field="revenue_band", zh="营业收入档次", en="revenue band")


def _check_size(data: Mapping[str, Any]) -> None:
    """Employees, when given, are a whole number of people."""
    employees = data.get("employees")
    if employees is not None and (isinstance(employees, bool) or not isinstance(employees, int) or employees < 0):
        raise Refused.one(
            f"从业人数 {employees!r} 无效；应为不小于 0 的整数",
            f"invalid number of employees {employees!r}; expected a whole number, 0 or more",
            "employees",
            given=employees,
        )


def check_profile(session: Session, data: Mapping[str, Any]) -> None:
    """Refuse a profile whose classification or size is invalid (the name and credit code are checked apart)."""
    _check_classification(session, data)
    _check_size(data)


def new_enterprise(session: Session, data: Mapping[str, Any]) -> Enterprise:
    """Validate a profile and add the enterprise."""
    name, code = _check_identity(session, data)
    _check_classification(session, data)
    _check_size(data)
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
