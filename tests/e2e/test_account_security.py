"""Account security in Debian Chromium: a consultant sets up the second factor and logs in with a code;
a forgotten password is reset through the link a local SMTP server (aiosmtpd) received."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from tests.integration.security.conftest import Inbox, free_port

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "correct-horse-9"
NEW = "Tannenbaum-Quark-73"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]


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
def server(tmp_path_factory: pytest.TempPathFactory, inbox: Inbox) -> Iterator[str]:
    """The app with staff required to use a second factor, mailing through the local SMTP server."""
    from werkzeug.serving import make_server

    from maturity import db
    from maturity.services import accounts
    from maturity.web import create_app

    folder = tmp_path_factory.mktemp("e2e-account")
    url = f"sqlite:///{folder / 'e2e.sqlite'}"
    db.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "SESSION_COOKIE_SECURE": False,
                      "SECOND_FACTOR_ROLES": ["consultant"], "MAIL_SERVER": "127.0.0.1",
                      "MAIL_PORT": inbox.port})  # type: ignore[attr-defined]
    app.instance_path = str(folder / "instance")
    with db.transaction(app.extensions["maturity.engine"]) as s:
        accounts.create_user(s, email="c@x.cn", password=PASSWORD, role="consultant")
        accounts.create_user(s, email="r@x.cn", password=PASSWORD, role="consultant")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        app.extensions["maturity.engine"].dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def log_in(page, base: str, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button.primary")


def test_second_factor_set_up_and_log_in(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    log_in(page, server, "c@x.cn", PASSWORD)
    page.goto(f"{server}/account")
    assert page.url.endswith("/account/second-factor")  # staff are sent to the set-up
    assert page.locator("figure.qr svg").is_visible()
    page.screenshot(path=str(SHOTS / "second-factor-setup.png"), full_page=True)
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
    page.screenshot(path=str(SHOTS / "password-reset.png"), full_page=True)
    page.click("button.primary")
    assert "新密码已设置" in page.inner_text("main")
    log_in(page, server, "r@x.cn", NEW)
    assert page.url.endswith("/account/second-factor")  # logged in; a consultant goes on to the set-up
    page.close()
    stranger = browser.new_context().new_page()  # someone else who found the link in the mailbox
    stranger.goto(link)
    assert "重置链接无效、已过期或已使用" in stranger.inner_text("main")  # the link worked once
    stranger.close()
