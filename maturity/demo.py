"""Demo data for `maturity seed --demo` and `make run`: a park, its people and enterprises with results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from . import store
from .models import User
from .services import accounts, assessments, organisations

REVENUE = {"2000万元以下": "lt20m", "2000万元至4亿元": "20m_400m", "4亿元以上": "ge400m"}
PARK = "示例智能制造产业园 (Demo smart-manufacturing park)"


def load_demo(session: Session, *, password: str, folder: Path) -> list[tuple[str, str]]:
    """Create the demo data once (again: nothing new); returns (role, e-mail) of every demo log-in."""
    logins: list[tuple[str, str]] = []
    _user(session, "admin@demo.local", password, "admin", logins)
    park = next(
        (p for p in store.all_parks(session=session) if p.name == PARK), None
    ) or organisations.create_park(session, name=PARK, region_code="32")
    _user(session, "park@demo.local", password, "park_admin", logins, park_id=park.id)
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
    return logins


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
