"""A park administrator, as a new user would, in Debian Chromium: reads the headline, filters by industry, opens the
transitions, downloads the PDF and the workbook; another park's administrator gets nothing of it.

The app serves the demo data (`maturity seed --demo`) from a fresh SQLite file on a loopback port.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    E2E,
    PHONE,
    Seed,
    log_in,
    open_context,
    open_phone,
    scroll_width,
    seed_demo,
    shot,
)

pytestmark = E2E


@pytest.fixture(scope="module")
def server_seed() -> Seed:
    """The demo park, plus a second park with its own administrator."""
    from maturity.services import accounts, organisations

    def seed(session: Any) -> None:
        seed_demo(session)
        other = organisations.create_park(session, name="另一园区 (Other park)", region_code="33")
        accounts.create_user(session, email="other@demo.local", password=DEMO_PASSWORD, role="park_admin",
                             park_id=other.id)
    return seed


def test_park_administrator_reads_filters_opens_and_downloads(server, browser):
    context = open_context(browser, accept_downloads=True)
    page = context.new_page()
    log_in(page, server, "park@demo.local", DEMO_PASSWORD)
    page.click("a.button.primary:has-text('园区概览')")  # the home page's way in, as a new user finds it
    page.wait_for_url(re.compile(r"/parks/\d+$"))
    park_url = page.url
    headline = page.locator("#headline").inner_text()
    assert "二级及以上占比" in headline and "50%" in headline
    assert re.search(r"\d+%", headline)
    assert page.locator(".tile .value").first.inner_text().isdigit()  # enterprises on the roster
    shot(page, "park-dashboard")

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
    # A number of the matrix leads to the enterprises behind it: those that share, and how many others.
    moved = page.locator("#transitions table.transitions a").first
    count = int(moved.inner_text())
    moved.click()
    page.wait_for_url(re.compile(r"/enterprises\?.*from_year=\d{4}.*to_year=\d{4}"))
    assert "→" in page.locator(".selection").inner_text()
    named = page.locator("table.ledger tbody tr td a").count()
    withheld = re.search(r"另有 (\d+) 家", page.content())
    assert named + (int(withheld.group(1)) if withheld else 0) == count
    shot(page, "park-transition-list")
    page.go_back()
    # So does a goal's count of enterprises reaching it.
    reaching = page.locator("#headline .goal-count a").first
    reaching.click()
    page.wait_for_url(re.compile(r"/enterprises\?.*min_level=2"))
    assert page.locator("h1").inner_text() == "企业名单"
    page.go_back()

    with page.expect_download() as pdf:
        page.click("a:has-text('下载园区 PDF 报告')")
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download() as workbook:
        page.click("a:has-text('导出 Excel')")
    assert workbook.value.path().read_bytes().startswith(b"PK")  # an xlsx is a zip
    context.close()


@pytest.mark.parametrize("lang,width", [("zh", PHONE), ("en", PHONE), ("zh", DESKTOP), ("en", DESKTOP)])
def test_the_dashboard_reads_on_a_phone_and_a_desktop(server, browser, lang, width):
    context = open_phone(browser) if width == PHONE else open_context(browser, width)
    page = context.new_page()
    log_in(page, server, "park@demo.local", DEMO_PASSWORD)
    page.goto(f"{server}/parks/1")
    if lang == "en":
        with page.expect_navigation():  # the language switch is a POST and a redirect
            page.click("form.lang button")
    closed = page.locator("details:not([open]) > summary")
    while closed.count():
        closed.first.click()  # every panel open, as a reader would look through them
    scroll = scroll_width(page)
    assert scroll <= width, scroll  # nothing wider than the screen: wide tables scroll inside their own box
    assert ("At level 2 or higher" if lang == "en" else "二级及以上占比") in page.locator("#headline").inner_text()
    for box in page.locator(".goal-count, .tile, .filters select").all():
        edge = box.bounding_box()
        assert edge and edge["x"] >= 0 and edge["x"] + edge["width"] <= width + 1
    shot(page, f"park-dashboard-{lang}-{width}")
    context.close()


def test_another_parks_administrator_gets_nothing(server, browser):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server, "other@demo.local", DEMO_PASSWORD)
    page.goto(f"{server}/parks")
    assert "示例智能制造产业园" not in page.content() and "另一园区" in page.content()
    for path in ("/parks/1", "/parks/1/enterprises", "/parks/1/report.pdf", "/parks/1/export.xlsx",
                 "/api/v1/parks/1/stats", "/parks/1/enterprises?from_year=2024&to_year=2025&from_level=1&to_level=2",
                 "/parks/1/enterprises?scale=above&min_level=2", "/parks/1/roster"):
        response = page.goto(f"{server}{path}") if not path.endswith((".pdf", ".xlsx")) else None
        if response is None:
            response = context.request.get(f"{server}{path}")
        assert response.status == 404, path
        assert "示例智能制造产业园" not in (response.text() if hasattr(response, "text") else "")
    context.close()
