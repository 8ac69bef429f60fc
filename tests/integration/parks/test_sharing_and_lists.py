"""Sharing consent opens an enterprise's details to its park; lists show a level only where it was agreed."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from maturity.models import Assessment, Enterprise, SharingConsent, User
from tests.conftest import AuthActions, csrf_token, transaction

pytestmark = pytest.mark.db


def enterprise_of(app, email):
    with transaction(app) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        company = s.get(Enterprise, user.enterprise_id)
        result = s.exec(select(Assessment).where(Assessment.enterprise_id == company.id,
                                                 Assessment.status == "submitted")).first()
        return company.id, result.id if result else None


def logged_in(app, email):
    client = app.test_client()
    AuthActions(client).login(email)
    return client


def test_agreeing_and_revoking_is_recorded_and_opens_and_closes_the_details(app, world):
    # e1 does not share in the generated world (odd numbers do not).
    eid, aid = enterprise_of(app, "e1@x.cn")
    admin = logged_in(app, "pa@x.cn")
    assert admin.get(f"/assessments/{aid}/result").status_code == 403
    refused = admin.get(f"/api/v1/assessments?enterprise_id={eid}&lang=en")
    assert refused.status_code == 403 and refused.get_json()["errors"][0]["code"] == "not_shared"
    owner = logged_in(app, "e1@x.cn")
    token = csrf_token(owner, f"/enterprises/{eid}")
    assert owner.post(f"/enterprises/{eid}/sharing", data={"csrf_token": token, "action": "agree"}).status_code == 302
    assert admin.get(f"/assessments/{aid}/result").status_code == 200
    assert owner.post(f"/enterprises/{eid}/sharing", data={"csrf_token": token, "action": "revoke"}).status_code == 302
    assert admin.get(f"/assessments/{aid}/result").status_code == 403
    with transaction(app) as s:
        consent = s.exec(select(SharingConsent).where(SharingConsent.enterprise_id == eid)).one()
        owner_id = s.exec(select(User).where(User.email == "e1@x.cn")).one().id
        assert consent.agreed_by == owner_id and consent.revoked_by == owner_id
        assert consent.agreed_at is not None and consent.revoked_at is not None  # who and when, kept


def test_only_the_enterprises_own_users_decide(app, world):
    eid, _ = enterprise_of(app, "e1@x.cn")
    for email, status in (("pa@x.cn", 403), ("admin@x.cn", 403), ("e0@x.cn", 404), ("c@x.cn", 404)):
        client = logged_in(app, email)
        token = csrf_token(client, "/account")
        response = client.post(f"/enterprises/{eid}/sharing", data={"csrf_token": token, "action": "agree"})
        assert response.status_code == status, email
    with transaction(app) as s:
        assert s.exec(select(SharingConsent).where(SharingConsent.enterprise_id == eid)).first() is None


def test_the_list_shows_levels_only_where_shared(app, world):
    admin = logged_in(app, "pa@x.cn")
    html = admin.get(f"/parks/{world['park_a']}/enterprises").get_data(as_text=True)
    for eid, info in world["enterprises"].items():
        if info["park"] != world["park_a"]:
            assert f"/enterprises/{eid}\"" not in html
            continue
        linked = f'href="/enterprises/{eid}"' in html
        assert linked == info["shares"], eid
    assert "未同意共享" in html or "has not agreed" in html


def test_a_level_list_names_only_sharing_enterprises_and_counts_the_others(app, world):
    admin = logged_in(app, "pa@x.cn")
    stats = admin.get(f"/api/v1/parks/{world['park_a']}/stats").get_json()
    level = max(range(6), key=lambda lvl: stats["by_level"][str(lvl)] or 0)
    html = admin.get(f"/parks/{world['park_a']}/enterprises?level={level}").get_data(as_text=True)
    shown = html.count('<tr><td><a href="/enterprises/')
    withheld = re.search(r"(\d+) (?:more enterprises|家)", html)
    hidden = int(withheld.group(1)) if withheld else 0
    assert shown + hidden == stats["by_level"][str(level)]
    assert "未同意共享（等级不显示）" not in html  # a level list holds no undisclosed row


def test_the_dashboard_links_numbers_to_their_enterprises_and_filters_every_panel(app, world):
    admin = logged_in(app, "pa@x.cn")
    whole = admin.get(f"/parks/{world['park_a']}").get_data(as_text=True)
    assert f'href="/parks/{world["park_a"]}/enterprises?level=' in whole
    assert f'href="/parks/{world["park_a"]}/enterprises?industry=C34&amp;assessed=1"' in whole  # a row's count
    page = admin.get(f"/parks/{world['park_a']}?industry=C34").get_data(as_text=True)
    assert f"/parks/{world['park_a']}/report.pdf?industry=C34" in page
    assert f"/parks/{world['park_a']}/export.xlsx?industry=C34" in page
    bad = admin.get(f"/parks/{world['park_a']}?industry=C99&year=20x")
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "C13–C43" in text and "2000–2100" in text
    api = admin.get(f"/api/v1/parks/{world['park_a']}/stats?size=huge")
    assert api.status_code == 422 and api.get_json()["errors"][0]["where"] == "size"


def test_stats_carry_the_documented_keys(app, world):
    admin = logged_in(app, "pa@x.cn")
    stats = admin.get(f"/api/v1/parks/{world['park_a']}/stats").get_json()
    for key in ("enterprises", "roster", "assessed", "coverage", "by_level", "share_l2_plus", "share_l3_plus",
                "goals", "by_industry", "weakest_subdomains", "min_cell"):
        assert key in stats, key
    assert set(stats["by_level"]) == {"0", "1", "2", "3", "4", "5"}
    for row in stats["by_industry"]:
        assert {"code", "assessed", "by_level", "share_l2_plus", "suppressed"} <= set(row)
        if row["suppressed"]:
            assert any(v is None for v in (row["assessed"], *row["by_level"].values()))
    assert stats["min_cell"] == 5
