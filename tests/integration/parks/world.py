"""The park tests' world: two regions, two parks, generated enterprises over two years, a user of each role."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from maturity.models import Assessment, Enterprise, User
from maturity.services import accounts, organisations, sharing
from tests.conftest import PASSWORD, transaction

THIS_YEAR, LAST_YEAR = 2025, 2024


def build(app: Any, *, enterprises: int = 14) -> dict[str, Any]:
    """Park A (region 3205, `enterprises` generated, half sharing) and park B (region 3301, two), users of each role."""
    from maturity.demo_park import add_enterprise, assess, plan

    with transaction(app) as s:  # cheap password hashes for its users: see tests/conftest.py
        organisations.create_region(s, code="32")
        organisations.create_region(s, code="3205", name="苏州市")
        organisations.create_region(s, code="33")
        organisations.create_region(s, code="3301", name="杭州市")
        park_a = organisations.create_park(s, name="Park A", region_code="3205")
        park_b = organisations.create_park(s, name="Park B", region_code="3301")
        ids: dict[str, Any] = {"park_a": park_a.id, "park_b": park_b.id, "enterprises": {}}
        for n, entry in enumerate(plan(enterprises + 2)):
            park = park_a if n < enterprises else park_b
            company = add_enterprise(s, entry, park.id or 0)
            user = accounts.create_user(s, email=f"e{n}@x.cn", password=PASSWORD, role="enterprise",
                                        enterprise_id=company.id)
            for year, level in zip((LAST_YEAR, THIS_YEAR), entry["levels"], strict=True):
                if level is not None:
                    assess(s, user=user, enterprise=company, level=level, year=year, seed=n * 2 + year)
            if entry["shares"]:
                sharing.agree(s, user=user, enterprise=company)
            ids["enterprises"][company.id] = {"park": park.id, "shares": entry["shares"], "email": f"e{n}@x.cn"}
        for email, role, links in (
            ("pa@x.cn", "park_admin", {"park_id": park_a.id}),
            ("pb@x.cn", "park_admin", {"park_id": park_b.id}),
            ("r32@x.cn", "region_admin", {"region_code": "32"}),
            ("r3205@x.cn", "region_admin", {"region_code": "3205"}),
            ("r33@x.cn", "region_admin", {"region_code": "33"}),
            ("c@x.cn", "consultant", {}),
            ("admin@x.cn", "admin", {}),
        ):
            accounts.create_user(s, email=email, password=PASSWORD, role=role, **links)
    return ids


def latest_levels(app: Any, park_id: int, year: int | None = None) -> dict[int, int]:
    """{enterprise: level of its latest submitted full assessment} computed in Python, the SQL's reference."""
    with transaction(app) as s:
        rows = s.exec(
            select(Assessment)
            .join(Enterprise, Enterprise.id == Assessment.enterprise_id)
            .where(Enterprise.park_id == park_id, Assessment.status == "submitted", Assessment.variant == "full")
        ).all()
        latest: dict[int, Assessment] = {}
        for a in rows:
            if year is not None and a.submitted_at.year != year:
                continue
            if a.enterprise_id not in latest or (a.submitted_at, a.id) > (latest[a.enterprise_id].submitted_at,
                                                                            latest[a.enterprise_id].id):
                latest[a.enterprise_id] = a
        return {eid: a.level for eid, a in latest.items()}


def user_id(app: Any, email: str) -> int:
    with transaction(app) as s:
        return s.exec(select(User).where(User.email == email)).one().id
