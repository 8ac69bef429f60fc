"""Registration, log-in, rate limiting, log-out and idle expiry."""

from __future__ import annotations

import time

import pytest

from maturity import store
from tests.conftest import PASSWORD, credit_code, csrf_token, transaction

pytestmark = pytest.mark.db


def registration(client, **changes):
    data = {
        "email": "boss@factory.cn",
        "password": PASSWORD,
        "password2": PASSWORD,
        "name": "Wang",
        "enterprise_name": "示例机械有限公司",
        "credit_code": credit_code(1),
        "industry_code": "C34",
        "industry_type": "discrete",
        "region_code": "32",
        "city": "苏州市",
        "employees": "120",
        "revenue_band": "20m_400m",
        "above_designated_size": "y",
        "csrf_token": csrf_token(client, "/auth/register"),
    }
    data.update(changes)
    return client.post("/auth/register", data=data)


def test_registration_creates_the_enterprise_and_logs_in(client, app):
    response = registration(client)
    assert response.status_code == 302 and response.headers["Location"].startswith("/enterprises/")
    with transaction(app) as s:
        user = store.user_by_email(session=s, email="boss@factory.cn")
        assert user.role == "enterprise" and user.password_hash != PASSWORD
        company = store.enterprise_by_credit_code(session=s, credit_code=credit_code(1))
        assert company.id == user.enterprise_id and company.employees == 120 and company.above_designated_size
    assert "示例机械有限公司" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_wrong_check_digit_is_shown_next_to_the_field_and_input_is_kept(client):
    bad = credit_code(1)[:-1] + ("0" if credit_code(1)[-1] != "0" else "1")
    response = registration(client, credit_code=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "校验码错误" in html
    assert (
        'value="示例机械有限公司"' in html and 'value="苏州市"' in html and 'value="boss@factory.cn"' in html
    )


def test_duplicate_email_is_refused(client, make):
    make.user("boss@factory.cn", "consultant")
    response = registration(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "该邮箱已注册" not in html and "无法用这些信息注册" in html


def test_login_and_logout(client, auth, make):
    make.user("c@x.cn", "consultant")
    assert auth.login("c@x.cn").status_code == 302
    assert client.get("/account").status_code == 200
    auth.logout()
    response = client.get("/account")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, auth, make):
    make.user("c@x.cn", "consultant")
    response = auth.login("c@x.cn", "not-the-password")
    assert response.status_code == 200 and "邮箱或密码错误" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_login_attempts_are_rate_limited(client, auth, make):
    make.user("c@x.cn", "consultant")
    codes = [auth.login("c@x.cn", "wrong-password").status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    assert auth.login("c@x.cn").status_code == 429  # even the right password waits


def test_login_only_redirects_within_the_site(client, make):
    make.user("c@x.cn", "consultant")
    token = csrf_token(client)
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": "c@x.cn", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_an_idle_session_expires(client, auth, make, app):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    with client.session_transaction() as session:
        session["seen"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.get("/account")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_session_cookie_is_permanent_with_a_limited_lifetime(client, auth, make, app):
    make.user("c@x.cn", "consultant")
    response = auth.login("c@x.cn")
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie and "HttpOnly" in cookie
    assert app.permanent_session_lifetime.total_seconds() <= 24 * 3600
