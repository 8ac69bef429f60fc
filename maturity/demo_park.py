"""The demo park's many enterprises: generated deterministically from the questionnaire, over two years.

Each enterprise gets answers aimed at a level (met below it, mixed at the next one, not met above), so the
park dashboard shows a realistic spread of levels, industries, sizes and year-on-year moves.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select, update

from .domain.credit_code import check_digit
from .domain.model import Questionnaire
from .models import Assessment, AssessmentScore, Enterprise, User
from .questionnaires import shipped
from .services import assessments, organisations
from .services.scores import refresh_latest

FULL_ID = "gbt39116-2020"
# (industry, type, 规上, revenue band, employees) templates the generated enterprises cycle through.
PROFILES = (
    ("C34", "discrete", True, "20m_400m", 260), ("C38", "discrete", True, "ge400m", 900),
    ("C39", "discrete", True, "ge400m", 1500), ("C34", "discrete", True, "20m_400m", 180),
    ("C36", "discrete", True, "ge400m", 1200), ("C34", "discrete", False, "lt20m", 60),
    ("C26", "process", True, "20m_400m", 320), ("C38", "discrete", True, "20m_400m", 350),
    ("C39", "discrete", True, "20m_400m", 400), ("C34", "discrete", True, "ge400m", 700),
    ("C35", "discrete", True, "20m_400m", 210), ("C33", "discrete", False, "lt20m", 45),
)
CITIES = ("苏州市", "苏州市", "苏州市", "无锡市")
NAMES = ("精工", "华创", "恒通", "瑞达", "中科", "天成", "新锐", "联合", "海德", "东方", "金桥", "宏远")
KINDS = {"C34": "机械", "C35": "装备", "C38": "电气", "C39": "电子", "C36": "汽车零部件", "C33": "五金",
         "C26": "化工", "C29": "塑胶", "C14": "食品"}


def credit_code(n: int) -> str:
    """A valid unified social credit code for the n-th generated enterprise (Suzhou, 320500)."""
    first17 = f"91320500MA{n:07d}"
    return first17 + check_digit(first17)


def answers_for_level(questionnaire: Questionnaire, industry: str, level: int, rng: random.Random) -> dict[str, str]:
    """Ratings aimed at `level`: met (mostly fully) up to it, mixed at the next level, not met above."""
    answers = {}
    for requirement in questionnaire.requirements_for(industry):
        if requirement.level <= level:
            partly = 1 if requirement.level < level else 2
            rating = rng.choices(("full", "largely", "partial"), weights=(6, 3, partly))[0]
        elif requirement.level == level + 1:
            rating = rng.choices(("largely", "partial", "none"), weights=(2, 4, 4))[0]
        else:
            rating = rng.choices(("partial", "none"), weights=(1, 9))[0]
        answers[requirement.id] = rating
    return answers


def plan(count: int, seed: int = 9) -> list[dict[str, Any]]:
    """The generated enterprises: profile, and the level aimed at in each of two years (None: not assessed)."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        industry, kind, above, band, employees = PROFILES[n % len(PROFILES)]
        first = rng.choices((0, 1, 2, 3, 4), weights=(2, 5, 4, 2, 1))[0]
        second = min(5, first + rng.choices((0, 1, 2), weights=(5, 4, 1))[0])
        out.append({
            "n": n, "industry": industry, "type": kind, "above": above, "band": band,
            "employees": employees + rng.randint(-20, 60), "city": CITIES[n % len(CITIES)],
            "name": f"苏州{NAMES[n % len(NAMES)]}{KINDS[industry]}{'有限公司' if n % 3 else '股份有限公司'}{n + 1:02d}",
            "levels": (None if n % 7 == 3 else first, None if n % 11 == 5 else second),
            "shares": n % 2 == 0,
        })
    return out


def add_enterprise(session: Session, entry: Mapping[str, Any], park_id: int) -> Enterprise:
    """The generated enterprise, created once."""
    code = credit_code(int(entry["n"]))
    found = session.exec(select(Enterprise).where(Enterprise.credit_code == code)).first()
    return found or organisations.create_enterprise(session, data={
        "name": entry["name"], "credit_code": code, "industry_code": entry["industry"],
        "industry_type": entry["type"], "region_code": "32", "city": entry["city"], "park_id": park_id,
        "above_designated_size": entry["above"], "employees": entry["employees"], "revenue_band": entry["band"],
    })


def assess(session: Session, *, user: User, enterprise: Enterprise, level: int, year: int, seed: int) -> Assessment:
    """A submitted full assessment aimed at `level`, dated 15 May of `year`."""
    questionnaire = shipped().get(FULL_ID, "1.0.0")
    assert isinstance(questionnaire, Questionnaire)
    rng = random.Random(seed)
    raw = {"questionnaire": FULL_ID, "questionnaire_version": "1.0.0", "industry": enterprise.industry_type,
           "answers": answers_for_level(questionnaire, enterprise.industry_type, level, rng)}
    assessment, _ = assessments.create_submitted(session, user=user, enterprise=enterprise, raw=raw)
    backdate(session, assessment, datetime(year, 5, 15, 2, 0, tzinfo=UTC).replace(day=1 + seed % 27))
    return assessment


def backdate(session: Session, assessment: Assessment, when: datetime) -> None:
    """Date an assessment (and its score rows) as submitted at `when`: the demo's earlier year."""
    assessment.started_at = assessment.updated_at = assessment.submitted_at = when
    session.add(assessment)
    session.execute(
        update(AssessmentScore)
        .where(col(AssessmentScore.assessment_id) == assessment.id)
        .values(submitted_at=when, assessed_year=when.year)
    )
    session.flush()
    session.expire_all()  # the bulk UPDATE bypassed the loaded score rows
    refresh_latest(session, assessment.enterprise_id)
