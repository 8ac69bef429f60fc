"""An administrator in Debian Chromium: deactivates an account, then finds it and a failed log-in in the audit log
by filtering, and downloads the filtered log as a workbook."""

from __future__ import annotations

import io

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, E2E, Seed, log_in, open_context, seed_demo, shot

pytestmark = E2E


@pytest.fixture(scope="module")
def server_seed() -> Seed:
    """The demo data."""
    return seed_demo


def test_administrator_deactivates_then_filters_and_exports_the_audit_log(server, browser):
    from python_calamine import CalamineWorkbook

    stranger = browser.new_context().new_page()
    log_in(stranger, server, "consultant@demo.local", "not-the-password", refused=True)
    context = open_context(browser, accept_downloads=True)
    page = context.new_page()
    log_in(page, server, "admin@demo.local", DEMO_PASSWORD)
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
    shot(page, "audit-filtered")
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
