"""Issue 12 §4: the way in: no register page for the logged in, a favicon, no silent industry default."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token
from tests.integration.test_web_auth import registration

pytestmark = pytest.mark.db


def test_a_logged_in_user_is_sent_home_from_the_register_page_and_stays_logged_in(client, auth, make):
    eid = make.enterprise("示例机械")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    response = client.get("/auth/register")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "您已登录。如需登记另一家企业，请先退出。" in page
    assert client.get("/account").status_code == 200  # still logged in


def test_a_logged_in_user_cannot_post_a_registration_either(client, auth, make, app):
    from maturity import store
    from tests.conftest import transaction

    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    response = client.post("/auth/register", data={"email": "new@x.cn", "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="new@x.cn") is None
    assert client.get("/account").status_code == 200


def test_no_register_link_for_the_logged_in(client, auth, make):
    make.user("c@x.cn", "consultant")
    assert "/auth/register" in client.get("/").get_data(as_text=True)
    auth.login("c@x.cn")
    assert "/auth/register" not in client.get("/account").get_data(as_text=True)


def test_a_favicon_is_served_from_a_vendored_file(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.content_type == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO header
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200 and b"<svg" in response.data
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in html


def test_the_industry_fields_start_on_a_placeholder_that_must_be_replaced(client):
    html = client.get("/auth/register").get_data(as_text=True)
    for name in ("industry_code", "industry_type"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
        assert 'value=""' in first.group(1) and first.group(2) == "请选择…", name
        assert "selected" not in select, name
    response = registration(client, industry_code="", industry_type="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请选择行业大类。" in html and "请选择离散型或流程型制造。" in html
