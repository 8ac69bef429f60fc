"""Log-in throttling: per client address and per account, shared through Redis, behind a trusted proxy;
lock-out with a clear message and an administrator's unlock."""

from __future__ import annotations

import re
import socket
import uuid

import pytest

from maturity import store
from tests.conftest import PASSWORD, csrf_token, transaction

pytestmark = pytest.mark.db


def login(client, email: str, password: str, **environ):
    """Post the log-in form, optionally from another client address (REMOTE_ADDR / X-Forwarded-For)."""
    token = csrf_token(client)
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token},
                       **environ)


@pytest.fixture
def app_config(app_config):
    app_config.update({"LOGIN_RATE_LIMIT": "1000 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
                       "LOGIN_LOCKOUT_FAILURES": 3, "LOGIN_LOCKOUT_MINUTES": 15})
    return app_config


def test_an_account_locks_after_n_failures_and_says_so_in_both_languages(client, make):
    make.user("c@x.cn", "consultant")
    for _ in range(2):
        assert "邮箱或密码错误" in login(client, "c@x.cn", "wrong-password-1").get_data(as_text=True)
    assert "该账户因多次登录失败已被锁定" in login(client, "c@x.cn", "wrong-password-1").get_data(as_text=True)
    html = login(client, "c@x.cn", PASSWORD).get_data(as_text=True)  # even the right password
    assert "该账户因多次登录失败已被锁定" in html and "管理员解锁" in html
    client.post("/lang/en", data={"csrf_token": csrf_token(client), "next": "/"})
    html = login(client, "c@x.cn", PASSWORD).get_data(as_text=True)
    assert "This account is locked after too many failed log-ins" in html


def test_a_good_log_in_resets_the_count_of_failures(client, make, app):
    make.user("c@x.cn", "consultant")
    for _ in range(2):
        login(client, "c@x.cn", "wrong-password-1")
    assert login(client, "c@x.cn", PASSWORD).status_code == 302
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="c@x.cn").failed_logins == 0


def test_the_administrator_unlocks_from_the_command_line(client, make, runner):
    from maturity.cli import cli

    make.user("c@x.cn", "consultant")
    for _ in range(3):
        login(client, "c@x.cn", "wrong-password-1")
    assert login(client, "c@x.cn", PASSWORD).status_code == 200  # locked
    result = runner.invoke(cli, ["users", "unlock", "C@x.cn"])
    assert result.exit_code == 0, result.output
    assert login(client, "c@x.cn", PASSWORD).status_code == 302


def test_unlocking_an_unknown_user_exits_2(runner):
    from maturity.cli import cli

    result = runner.invoke(cli, ["users", "unlock", "nobody@x.cn"])
    assert result.exit_code == 2 and "no user with e-mail nobody@x.cn" in result.output


def test_failures_for_one_account_do_not_lock_another(client, make):
    make.user("a@x.cn", "consultant")
    make.user("b@x.cn", "consultant")
    for _ in range(5):
        login(client, "a@x.cn", "wrong-password-1")
    assert login(client, "b@x.cn", PASSWORD).status_code == 302


def test_the_account_limit_holds_whichever_address_the_attempts_come_from(app_config):
    from maturity.web import create_app

    app_config.update({"LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute", "LOGIN_LOCKOUT_FAILURES": 100})
    app = create_app(app_config)
    make_user(app, "c@x.cn")
    client = app.test_client()
    codes = [login(client, "c@x.cn", "wrong-password-1", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
             for n in range(4)]
    assert codes == [200, 200, 200, 429]
    app.extensions["maturity.engine"].dispose()


def make_user(app, email: str) -> None:
    from maturity.services import accounts

    with transaction(app) as s:
        accounts.create_user(s, email=email, password=PASSWORD, role="consultant")


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(client, app, make):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    make.user("c@x.cn", "consultant")
    codes = [login(client, "c@x.cn", "wrong-password-1", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
             for n in range(3)]
    assert codes[-1] == 429  # spoofed addresses do not buy more attempts


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(app_config):
    from maturity.web import create_app

    app_config.update({"LOGIN_RATE_LIMIT": "2 per minute", "PROXY_FIX_X_FOR": 1})
    app = create_app(app_config)
    make_user(app, "c@x.cn")
    client = app.test_client()
    proxy = {"environ_base": {"REMOTE_ADDR": "127.0.0.1"}}
    first = [login(client, "c@x.cn", "wrong-password-1", headers={"X-Forwarded-For": "203.0.113.7"}, **proxy)
             .status_code for _ in range(3)]
    other = login(client, "c@x.cn", PASSWORD, headers={"X-Forwarded-For": "198.51.100.9"}, **proxy)
    assert first == [200, 200, 429]  # one client is throttled …
    assert other.status_code == 302  # … the others behind the same proxy are not
    app.extensions["maturity.engine"].dispose()


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_the_counts_live_in_redis_where_every_worker_reads_them(app_config):
    import redis

    from maturity.web import create_app

    app_config.update({"LOGIN_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})
    app = create_app(app_config)
    # Keys of this test's own (Redis outlives the test): a fresh e-mail and client address.
    n = uuid.uuid4().int
    email, address = f"c{n % 10**9}@x.cn", f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250}"
    make_user(app, email)
    client = app.test_client()
    codes = [login(client, email, "wrong-password-1", environ_base={"REMOTE_ADDR": address}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    server = redis.Redis(host="127.0.0.1", port=6379)
    mine = [key for key in server.keys("*") if email.encode() in key or address.encode() in key]
    assert any(f"account:{email}".encode() in key for key in mine) and len(mine) >= 2  # per account and address
    server.delete(*mine)
    app.extensions["maturity.engine"].dispose()


def flashes(response) -> list[str]:
    """The flashed messages of a page, with the time of a lock's end blanked out."""
    found = re.findall(r'<p class="flash[^>]*>([^<]*)</p>', response.get_data(as_text=True))
    return [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "TIME", text) for text in found]


def test_an_unknown_e_mail_answers_exactly_as_a_known_one(client, make):
    make.user("c@x.cn", "consultant")
    answers = {email: [flashes(login(client, email, "wrong-password-1")) for _ in range(4)]
               for email in ("c@x.cn", "nobody@x.cn")}
    assert answers["c@x.cn"] == answers["nobody@x.cn"]
    assert "该账户因多次登录失败已被锁定" in answers["nobody@x.cn"][2][0]  # the third failure locks (N = 3)
