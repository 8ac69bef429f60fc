"""Demo data for `maturity seed --demo` and `make run`: a park, its people and enterprises with results."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from . import store
from .models import Region, User
from .services import accounts, assessments, organisations, roster, sharing

REVENUE = {"2000万元以下": "lt20m", "2000万元至4亿元": "20m_400m", "4亿元以上": "ge400m"}
PARK = "示例智能制造产业园 (Demo smart-manufacturing park)"
GENERATED = 36  # enterprises generated for the park dashboard, beside the three hand-written ones


def load_demo(session: Session, *, password: str, folder: Path) -> list[tuple[str, str]]:
    """Create the demo data once (again: nothing new); returns (role, e-mail) of every demo log-in."""
    logins: list[tuple[str, str]] = []
    _user(session, "admin@demo.local", password, "admin", logins)
    if session.get(Region, "3205") is None:
        organisations.create_region(session, code="32")
        organisations.create_region(session, code="3205", name="苏州市")
    park = next(
        (p for p in store.all_parks(session=session) if p.name == PARK), None
    ) or organisations.create_park(session, name=PARK, region_code="3205")
    _user(session, "park@demo.local", password, "park_admin", logins, park_id=park.id)
    _user(session, "region@demo.local", password, "region_admin", logins, region_code="32")
    consultant = _user(session, "consultant@demo.local", password, "consultant", logins)
    files = sorted(folder.glob("*.json"))
    docs = [(p, json.loads(p.read_text("utf-8"))) for p in files]
    quick = next(
        (d for _p, d in docs if "enterprise" not in d and "quick" in str(d.get("questionnaire"))), None
    )
    for number, (_path, doc) in enumerate((x for x in docs if "enterprise" in x[1]), start=1):
        company = _enterprise(session, doc["enterprise"], park.id)
        user = _user(
            session, f"factory{number}@demo.local", password, "enterprise", logins, enterprise_id=company.id
        )
        organisations.link_consultant(session, consultant=consultant, enterprise=company)
        if store.assessments_of(session=session, enterprise_id=company.id or 0):
            continue
        if quick is not None and quick.get("industry") == company.industry_type and number == 1:
            assessments.create_submitted(
                session, user=user, enterprise=company, raw=quick
            )  # an earlier quick check
        assessments.create_submitted(session, user=user, enterprise=company, raw=doc)
    _generated_park(session, park.id or 0, password, logins)
    return logins


def _generated_park(session: Session, park_id: int, password: str, logins: list[tuple[str, str]]) -> None:
    """The park's generated enterprises over two years, their roster (with some not yet assessed) and consents."""
    from .demo_park import add_enterprise, assess, plan

    this_year = date.today().year
    entries = plan(GENERATED)
    for entry in entries:
        company = add_enterprise(session, entry, park_id)
        email = f"e{entry['n'] + 1:02d}@demo.local"
        user = store.user_by_email(session=session, email=email) or accounts.create_user(
            session, email=email, password=password, role="enterprise", enterprise_id=company.id
        )
        if entry["n"] == 0:
            logins.append(("enterprise", f"{email} … e{GENERATED:02d}@demo.local"))
        if store.assessments_of(session=session, enterprise_id=company.id or 0):
            continue
        for year, level in zip((this_year - 1, this_year), entry["levels"], strict=True):
            if level is not None:
                assess(session, user=user, enterprise=company, level=level, year=year, seed=entry["n"] * 2 + year)
        if entry["shares"]:
            sharing.agree(session, user=user, enterprise=company)
    roster.replace_roster(session, park_id=park_id, rows=_roster_rows(session, park_id, entries), user=None)


def _roster_rows(session: Session, park_id: int, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every enterprise of the park, plus a few on the roster that have not assessed themselves yet."""
    from .demo_park import credit_code
    from .models import Enterprise

    rows = [
        {"credit_code": e.credit_code, "name": e.name, "industry_code": e.industry_code,
         "above_designated_size": e.above_designated_size, "employees": e.employees, "revenue_band": e.revenue_band}
        for e in session.exec(select(Enterprise).where(Enterprise.park_id == park_id)).all()
    ]
    for n in range(len(entries), len(entries) + 6):
        rows.append({"credit_code": credit_code(n), "name": f"苏州未自评企业{n + 1:02d}有限公司",
                     "industry_code": ("C34", "C38", "C39")[n % 3], "above_designated_size": n % 2 == 0,
                     "employees": None, "revenue_band": None})
    return rows


def _user(
    session: Session, email: str, password: str, role: str, logins: list[tuple[str, str]], **links: Any
) -> User:
    user = store.user_by_email(session=session, email=email) or accounts.create_user(
        session, email=email, password=password, role=role, **links
    )
    logins.append((role, email))
    return user


def _enterprise(session: Session, profile: dict[str, Any], park_id: int | None):  # type: ignore[no-untyped-def]
    existing = store.enterprise_by_credit_code(session=session, credit_code=profile["credit_code"])
    if existing is not None:
        return existing
    return organisations.create_enterprise(
        session,
        data={
            "name": profile["name"],
            "credit_code": profile["credit_code"],
            "industry_code": profile["industry_code"],
            "industry_type": profile.get("type") or profile.get("industry_type"),
            "region_code": profile.get("region"),
            "city": profile.get("city"),
            "park_id": park_id,
            "employees": profile.get("employees"),
            "above_designated_size": profile.get("above_designated_size", False),
            "revenue_band": REVENUE.get(profile.get("revenue_band", ""), profile.get("revenue_band") or None),
        },
    )
