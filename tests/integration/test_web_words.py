"""Issue 12 §4: messages name fields in the reader's language; the English UI speaks English throughout."""

from __future__ import annotations

import re

import pytest

from maturity.models import Assessment
from tests.conftest import csrf_token, transaction
from tests.integration.test_web_assessment_flow import fill_from_demo, start
from tests.integration.test_web_auth import registration

pytestmark = pytest.mark.db


def errors(html: str) -> list[str]:
    return re.findall(r'<p class="error">([^<]*)</p>', html)


def english(client, path="/auth/login"):
    client.post("/lang/en", data={"csrf_token": csrf_token(client, path)})


def test_password_mismatch_names_the_field_in_chinese(client):
    html = registration(client, password2="something-else").get_data(as_text=True)
    assert "两次输入的密码不一致：请输入与“密码”相同的密码。" in errors(html)
    assert "password " not in " ".join(errors(html))


def test_password_mismatch_names_the_field_in_english(client):
    english(client)
    html = registration(client, password2="something-else").get_data(as_text=True)
    assert "The passwords differ: type the same password as in “Password”." in errors(html)


def test_english_result_page_shows_the_level_name_in_english_only(client, make, auth, app):
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    aid = start(client, eid)
    fill_from_demo(app, aid)
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        assert s.get(Assessment, aid).level == 3
    zh = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "集成级" in zh
    english(client, "/account")
    en = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    badge = re.search(r'<span class="name">(.*?)</span>\s*</div>', en, re.S).group(1)
    assert "Integrated" in badge and "集成级" not in en
    for name in ("规划级", "规范级", "优化级", "引领级"):
        assert name not in en


def test_the_gap_list_expands_to_show_every_item(client, make, auth, app):
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    aid = start(client, eid)
    fill_from_demo(app, aid, "demo-discrete-l1.json")
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        gaps = [g["requirement"] for g in s.get(Assessment, aid).result["gaps"]]
    assert len(gaps) > 40
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    head, details = html.split('<details class="more-gaps">', 1)
    details = details.split("</details>", 1)[0]
    assert f"<summary>展开其余 {len(gaps) - 10} 项差距</summary>" in details
    for rid in gaps[:10]:
        assert f'<span class="rid">{rid}</span>' in head
    for rid in gaps[10:]:
        assert f'<span class="rid">{rid}</span>' in details
    english(client, "/account")
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert f"<summary>Show all {len(gaps) - 10} more gaps</summary>" in html
