"""A park administrator, as a new user would, in Debian Chromium: reads the headline, filters by industry, opens the
transitions, downloads the PDF and the workbook; another park's administrator gets nothing of it.

The app serves the demo data (`maturity seed --demo`) from a fresh SQLite file on a loopback port.
"""

from __future__ import annotations

import re
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
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo park, plus a second park with its own administrator."""
    from werkzeug.serving import make_server

    from maturity import db
    from maturity.demo import load_demo
    from maturity.resources import resource_dir
    from maturity.services import accounts, organisations
    from maturity.web import create_app

    folder = tmp_path_factory.mktemp("e2e-park")
    url = f"sqlite:///{folder / 'park.sqlite'}"
    db.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "SESSION_COOKIE_SECURE": False})
    app.instance_path = str(folder / "instance")
    with db.transaction(app.extensions["maturity.engine"]) as session:
        load_demo(session, password=PASSWORD, folder=resource_dir("seeds") / "demo")
        other = organisations.create_park(session, name="另一园区 (Other park)", region_code="33")
        accounts.create_user(session, email="other@demo.local", password=PASSWORD, role="park_admin",
                             park_id=other.id)
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


def log_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_load_state()
    assert "/auth/login" not in page.url


def test_park_administrator_reads_filters_opens_and_downloads(demo_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    log_in(page, demo_server, "park@demo.local")
    page.click("a.button.primary:has-text('园区概览')")  # the home page's way in, as a new user finds it
    page.wait_for_url(re.compile(r"/parks/\d+$"))
    park_url = page.url
    headline = page.locator("#headline").inner_text()
    assert "二级及以上占比" in headline and "50%" in headline
    assert re.search(r"\d+%", headline)
    assert page.locator(".tile .value").first.inner_text().isdigit()  # enterprises on the roster
    page.screenshot(path=str(SHOTS / "park-dashboard.png"), full_page=True)

    page.select_option("select[name=industry]", "C34")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"industry=C34"))
    rows = page.locator("#by_industry tbody th").all_inner_texts()
    assert rows and all(r.startswith("C34") for r in rows)
    assert "industry=C34" in page.locator("a:has-text('下载园区 PDF 报告')").get_attribute("href")

    page.goto(park_url)
    page.click("#transitions summary")
    matrix = page.locator("#transitions table.transitions")
    assert matrix.is_visible() and "L0" in matrix.inner_text()
    assert re.search(r"\d{4} 年等级 → \d{4} 年等级", page.locator("#transitions").inner_text())

    with page.expect_download() as pdf:
        page.click("a:has-text('下载园区 PDF 报告')")
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download() as workbook:
        page.click("a:has-text('导出 Excel')")
    assert workbook.value.path().read_bytes().startswith(b"PK")  # an xlsx is a zip
    context.close()


def test_the_dashboard_reads_on_a_phone(demo_server, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    log_in(page, demo_server, "park@demo.local")
    page.goto(f"{demo_server}/parks/1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone: wide tables scroll inside their own box
    page.screenshot(path=str(SHOTS / "park-dashboard-phone.png"), full_page=True)
    context.close()


def test_another_parks_administrator_gets_nothing(demo_server, chromium):
    context = chromium.new_context()
    page = context.new_page()
    log_in(page, demo_server, "other@demo.local")
    page.goto(f"{demo_server}/parks")
    assert "示例智能制造产业园" not in page.content() and "另一园区" in page.content()
    for path in ("/parks/1", "/parks/1/enterprises", "/parks/1/report.pdf", "/parks/1/export.xlsx",
                 "/api/v1/parks/1/stats"):
        response = page.goto(f"{demo_server}{path}") if not path.endswith((".pdf", ".xlsx")) else None
        if response is None:
            response = context.request.get(f"{demo_server}{path}")
        assert response.status == 404, path
        assert "示例智能制造产业园" not in (response.text() if hasattr(response, "text") else "")
    context.close()
