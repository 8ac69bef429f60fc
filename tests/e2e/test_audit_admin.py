"""An administrator in Debian Chromium: deactivates an account, then finds it and a failed log-in in the audit log
by filtering, and downloads the filtered log as a workbook."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest

from tests.e2e.test_flows import ARGS, CHROMIUM, SHOTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
PASSWORD = "demo-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo data on a fresh SQLite file, served on a loopback port."""
    from werkzeug.serving import make_server

    from maturity import db
    from maturity.demo import load_demo
    from maturity.resources import resource_dir
    from maturity.web import create_app

    folder = tmp_path_factory.mktemp("e2e-audit")
    url = f"sqlite:///{folder / 'audit.sqlite'}"
    db.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "SESSION_COOKIE_SECURE": False})
    app.instance_path = str(folder / "instance")
    with db.transaction(app.extensions["maturity.engine"]) as session:
        load_demo(session, password=PASSWORD, folder=resource_dir("seeds") / "demo")
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
def chromium() -> Iterator[object]:
    """Headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_load_state()


def test_administrator_deactivates_then_filters_and_exports_the_audit_log(server, chromium):
    from python_calamine import CalamineWorkbook

    stranger = chromium.new_context().new_page()
    log_in(stranger, server, "consultant@demo.local", "not-the-password")
    assert "/auth/login" in stranger.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    log_in(page, server, "admin@demo.local")
    page.click("header nav >> text=管理")
    page.fill("input[name=q]", "factory1@")
    page.click("form.filters button[type=submit]")
    row = page.locator("table.users tbody tr", has_text="factory1@demo.local")
    row.locator("button", has_text="停用").click()
    page.wait_for_load_state()
    assert "已停用" in page.locator("table.users tbody").inner_text()

    page.click("nav.subnav >> text=审计日志")
    page.select_option("select[name=action]", "login.failed")
    page.click("#audit-filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("tr.audit-event")
    assert rows.count() == 1 and "consultant@demo.local" in rows.first.inner_text()
    page.screenshot(path=str(SHOTS / "audit-filtered.png"), full_page=True)
    page.select_option("select[name=action]", "user.deactivate")
    page.click("#audit-filters button[type=submit]")
    page.wait_for_load_state()
    assert "admin@demo.local" in page.locator("tr.audit-event").first.inner_text()

    with page.expect_download() as download:
        page.click("a.button:text-is('xlsx')")
    book = CalamineWorkbook.from_filelike(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.get_sheet_by_index(0).to_python()
    assert [r[4] for r in sheet[1:]] == ["user.deactivate"] and sheet[1][3] == "admin@demo.local"
    context.close()
