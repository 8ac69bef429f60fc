"""Account security in Debian Chromium: a consultant sets up the second factor and logs in with a code;
a forgotten password is reset through the link a local SMTP server (aiosmtpd) received."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest

from tests.e2e.conftest import E2E, PASSWORD, Seed, log_in, shot
from tests.integration.security.conftest import Inbox, free_port

NEW = "Tannenbaum-Quark-73"

pytestmark = E2E


@pytest.fixture(scope="module")
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free loopback port."""
    from aiosmtpd.controller import Controller

    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def server_config(inbox: Inbox) -> dict[str, Any]:
    """Staff are required to use a second factor; mail goes to the local SMTP server."""
    return {"SECOND_FACTOR_ROLES": ["consultant"], "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": inbox.port}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def server_seed() -> Seed:
    """Two consultants: one sets up the second factor, the other forgets the password."""
    from maturity.services import accounts

    def seed(session: Any) -> None:
        for email in ("c@x.cn", "r@x.cn"):
            accounts.create_user(session, email=email, password=PASSWORD, role="consultant")
    return seed


def test_second_factor_set_up_and_log_in(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    log_in(page, server, "c@x.cn", PASSWORD)
    page.goto(f"{server}/account")
    assert page.url.endswith("/account/second-factor")  # staff are sent to the set-up
    assert page.locator("figure.qr svg").is_visible()
    shot(page, "second-factor-setup")
    secret = page.inner_text("#totp-secret")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button.primary")
    assert page.locator("#recovery-codes li").count() == 10
    page.click("form.inline button.link")  # log out
    log_in(page, server, "c@x.cn", PASSWORD)
    assert page.url.endswith("/auth/code")
    page.fill("#code", pyotp.TOTP(secret).at(time.time() + 30))  # the set-up spent the current code
    page.click("button.primary")
    page.goto(f"{server}/account")
    assert page.url.endswith("/account") and "双重验证" in page.inner_text("main")
    page.close()


def test_password_reset_through_the_local_smtp_server(server: str, browser, inbox: Inbox) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/auth/login")
    page.click("text=忘记密码？")
    page.fill("#email", "r@x.cn")
    page.click("button.primary")
    assert "如果该邮箱已注册" in page.inner_text("main")
    deadline = time.time() + 10
    while not inbox.messages and time.time() < deadline:
        time.sleep(0.1)
    link = re.search(r"http://\S+/auth/reset/\S+", inbox.body()).group(0)
    page.goto(link)
    page.fill("#password", NEW)
    page.fill("#password2", NEW)
    shot(page, "password-reset")
    page.click("button.primary")
    assert "新密码已设置" in page.inner_text("main")
    log_in(page, server, "r@x.cn", NEW)
    assert page.url.endswith("/account/second-factor")  # logged in; a consultant goes on to the set-up
    page.close()
    stranger = browser.new_context().new_page()  # someone else who found the link in the mailbox
    stranger.goto(link)
    assert "重置链接无效、已过期或已使用" in stranger.inner_text("main")  # the link worked once
    stranger.close()
