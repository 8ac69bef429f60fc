"""TOTP second factor: staff are sent to set-up, log-in asks for the code, recovery codes work once,
codes are not replayed, and the administrator's reset."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from maturity import store
from tests.conftest import csrf_token, transaction
from tests.integration.audit.test_audit_log import events

pytestmark = pytest.mark.db
STAFF = ["admin", "park_admin", "region_admin", "consultant"]


@pytest.fixture
def app_config(app_config):
    app_config["SECOND_FACTOR_ROLES"] = STAFF
    return app_config


def enrol(client) -> tuple[str, list[str]]:
    """Set up the second factor through the page; returns the secret and the recovery codes."""
    html = client.get("/account/second-factor").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', html).group(1)
    assert "<svg" in html  # the QR code, drawn inline
    response = client.post("/account/second-factor", data={
        "code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(client, "/account/second-factor")})
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.get_data(as_text=True))
    return secret, codes


def next_code(secret: str) -> str:
    """The code of the next 30-second step (the current one was spent on the set-up; codes work once)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def send_code(client, code: str):
    return client.post("/auth/code", data={"code": code, "csrf_token": csrf_token(client, "/auth/code")})


def test_staff_are_sent_to_set_up_until_they_have_a_second_factor(client, auth, make):
    make.user("c@x.cn", "consultant")
    assert auth.login("c@x.cn").status_code == 302
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"] == "/account/second-factor"
    assert "您的角色必须使用双重验证" in client.get("/account/second-factor").get_data(as_text=True)
    _secret, codes = enrol(client)
    assert len(codes) == 10
    assert client.get("/account").status_code == 200


def test_enterprise_users_may_go_on_without_one(client, auth, make):
    make.user("e@x.cn", "enterprise", enterprise_id=make.enterprise())
    auth.login("e@x.cn")
    assert client.get("/account").status_code == 200


def test_log_in_asks_for_the_code_after_the_password(app, client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    secret, _codes = enrol(client)
    auth.logout()
    response = auth.login("c@x.cn")
    assert response.headers["Location"] == "/auth/code"
    assert client.get("/account").status_code == 302  # not logged in yet
    wrong = send_code(client, "000000" if next_code(secret) != "000000" else "111111")
    assert wrong.status_code == 422 and "验证码错误或已使用" in wrong.get_data(as_text=True)
    assert send_code(client, next_code(secret)).status_code == 302
    assert client.get("/account").status_code == 200
    logins = [(e.action, e.detail) for e in events(app) if e.action.startswith("login")]
    assert logins[-2:] == [("login.failed", {"step": "second_factor"}), ("login", {"second_factor": True})]


def test_a_code_works_only_once(client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    secret, _codes = enrol(client)  # the set-up used the current code
    auth.logout()
    auth.login("c@x.cn")
    assert send_code(client, pyotp.TOTP(secret).now()).status_code == 422


def test_a_recovery_code_works_once(client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    _secret, codes = enrol(client)
    auth.logout()
    auth.login("c@x.cn")
    assert send_code(client, codes[0].upper()).status_code == 302
    assert "剩余恢复码：9 个" in client.get("/account/second-factor").get_data(as_text=True)
    auth.logout()
    auth.login("c@x.cn")
    assert send_code(client, codes[0]).status_code == 422


def test_recovery_codes_are_stored_hashed(app, client, auth, make):
    from sqlmodel import select

    from maturity.models import RecoveryCode

    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    _secret, codes = enrol(client)
    with transaction(app) as s:
        stored = {row.code_hash for row in s.exec(select(RecoveryCode))}
    assert len(stored) == 10 and not stored & set(codes)


def test_wrong_codes_count_towards_the_lock_out(client, app, auth, make):
    app.config["LOGIN_LOCKOUT_FAILURES"] = 3
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    enrol(client)
    auth.logout()
    auth.login("c@x.cn")
    for _ in range(2):
        send_code(client, "not-a-code")
    response = send_code(client, "not-a-code")
    assert response.headers["Location"] == "/auth/login"
    assert "该账户因多次登录失败已被锁定" in client.get("/auth/login").get_data(as_text=True)


def test_the_administrator_resets_a_second_factor(client, app, auth, make, runner):
    from maturity.cli import cli

    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    enrol(client)
    auth.logout()
    result = runner.invoke(cli, ["users", "reset-2fa", "c@x.cn"])
    assert result.exit_code == 0, result.output
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="c@x.cn").totp_secret is None
    response = auth.login("c@x.cn")
    assert response.headers["Location"] == "/"  # no code asked; the set-up follows
    assert client.get("/account").headers["Location"] == "/account/second-factor"


def test_the_code_step_expires(client, auth, make, monkeypatch):
    from maturity.web.account import second_factor

    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    secret, _codes = enrol(client)
    auth.logout()
    auth.login("c@x.cn")
    token = csrf_token(client, "/auth/code")
    monkeypatch.setattr(second_factor, "PENDING_SECONDS", -1)
    response = client.post("/auth/code", data={"code": next_code(secret), "csrf_token": token})
    assert response.headers["Location"] == "/auth/login"


def test_the_api_keeps_answering_token_holders_without_a_browser_second_factor(client, app, make):
    from maturity.services import accounts

    uid = make.user("c@x.cn", "consultant")
    with transaction(app) as s:
        from maturity.models import User

        token = accounts.create_token(s, user=s.get(User, uid))
    response = client.get("/api/v1/clients", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code != 302


def test_new_recovery_codes_replace_the_old_ones(client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    secret, old = enrol(client)
    html = client.post("/account/second-factor/codes", data={
        "code": next_code(secret), "csrf_token": csrf_token(client, "/account")}).get_data(as_text=True)
    new = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    auth.logout()
    auth.login("c@x.cn")
    assert send_code(client, old[0]).status_code == 422
    assert send_code(client, new[0]).status_code == 302


def test_an_enterprise_user_may_turn_it_off_but_staff_may_not(client, app, auth, make):
    make.user("e@x.cn", "enterprise", enterprise_id=make.enterprise())
    auth.login("e@x.cn")
    secret, _codes = enrol(client)
    client.post("/account/second-factor/off", data={"code": next_code(secret),
                                                    "csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="e@x.cn").totp_secret is None
    auth.logout()
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    secret, _codes = enrol(client)
    client.post("/account/second-factor/off", data={"code": next_code(secret),
                                                    "csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="c@x.cn").totp_secret == secret
