"""Issue 8 in Debian Chromium: a consultant, tried as a new user would, downloads the template, fills it for three
clients (one with an error), uploads it, fixes the error from the returned workbook, imports, watches the progress
bar and downloads the results workbook and the zip of PDFs; then looks at the clients, the portfolio and a client's
result, at desktop and 390 px phone width. Screenshots land in tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import demo_page_answers
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, E2E, PASSWORD, PHONE, Seed, log_in, open_context, scroll_width
from tests.interchange.conftest import DEMOS, demo_row, key_of

CONSULTANT = "advisor@example.com"

pytestmark = E2E


@pytest.fixture(scope="module")
def server_seed() -> Seed:
    """One consultant, no clients yet."""
    from maturity.services import accounts

    def seed(session: Any) -> None:
        accounts.create_user(session, email=CONSULTANT, password=PASSWORD, role="consultant", name="王顾问")
    return seed


def shot(page: Any, name: str) -> None:
    """A screenshot named for issue 8."""
    e2e.shot(page, f"8-{name}")


def row_for(name: str, version: str) -> dict[str, Any]:
    """A demo client as the consultant types it into a template of `version` (answers carried to that version)."""
    answers, trimmed = demo_page_answers(f"{name}.json", version)
    row = {k: v for k, v in demo_row(name).items() if not k.startswith("trimmed.") and "." not in k}
    row.update({rid: rating for rid, (rating, _comment) in answers.items()})
    row.update({f"trimmed.{sid}": reason for sid, reason in trimmed.items()})
    return row


def fill_template(path: Path, wrong_row: int) -> None:
    """Fill the downloaded template in place (its dropdowns and instructions kept), one row per client."""
    from maturity.interchange.questionnaire import resolve

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    q = resolve(sheet["B1"].value, sheet["D1"].value)  # the questionnaire and version cells of row 1
    keys = [key_of(q, c.value) for c in sheet[2]]
    for k, name in enumerate(DEMOS):
        row = row_for(name, q.version)
        if k == wrong_row:
            row["data.L2.01"] = "mostly"
        for col, key in enumerate(keys, start=1):
            if key in row:
                sheet.cell(3 + k, col).value = row[key]
    book.save(path)


def fix_returned(path: Path) -> int:
    """Do what the error column says: rate the requirement it names with an accepted rating; returns rows fixed."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c.column for c in sheet[2] if c.value and str(c.value).startswith("data.L2.01"))
    fixed = 0
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            assert "data.L2.01" in sheet.cell(row, 1).value
            sheet.cell(row, column).value = "大部分满足"
            sheet.cell(row, 1).value = None
            fixed += 1
    book.save(path)
    return fixed


def download(page: Any, selector: str, folder: Path) -> Path:
    with page.expect_download() as caught:
        page.click(selector)
    target = folder / caught.value.suggested_filename
    caught.value.save_as(target)
    return target


def upload(page: Any, path: Path) -> None:
    page.set_input_files("input[type=file]", str(path))
    page.click("form[action$='/batch/uploads'] button[type=submit]")
    page.wait_for_url(re.compile(r"/batch/uploads/\d+$"))


def no_sideways_scroll(page: Any) -> None:
    assert scroll_width(page) <= page.evaluate("window.innerWidth") + 1, page.url


def test_a_consultant_scores_three_clients_from_a_spreadsheet_in_the_browser(server, browser, tmp_path):
    context = open_context(browser, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    log_in(page, server, CONSULTANT)
    page.wait_for_url(re.compile(r"/clients$"))
    shot(page, "1-no-clients")
    page.click("header nav >> text=批量")
    page.wait_for_url(re.compile(r"/batch$"))
    shot(page, "2-batch")
    template = download(page, "text=每行一家客户（中文）", tmp_path)
    assert template.name.endswith("-wide-zh.xlsx")
    fill_template(template, wrong_row=1)
    upload(page, template)
    counts = page.locator("#counts").inner_text()
    assert "共 3 行" in counts and "有效 2 行" in counts and "问题 1 处" in counts
    problem = page.locator("table.problems tbody tr").first.inner_text()
    assert "4" in problem and "data.L2.01" in problem and "评分无效" in problem
    shot(page, "3-report-with-problem")
    returned = download(page, "text=下载全部行（标出错误）", tmp_path)
    rows = CalamineWorkbook.from_path(str(returned)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and "data.L2.01" in str(rows[3][0])
    assert fix_returned(returned) == 1
    page.click("text=上传其他文件")
    upload(page, returned)
    assert "问题 0 处" in page.locator("#counts").inner_text()
    assert page.locator("input[name=mode][value=all-or-nothing]").is_checked()
    shot(page, "4-report-all-valid")
    page.click("button[name=kind][value=import]")
    page.wait_for_url(re.compile(r"/batch/jobs/\d+$"))
    assert page.locator("progress#job-progress").count() == 1
    shot(page, "5-job-running")
    page.wait_for_selector("text=PDF 报告压缩包", timeout=240_000)  # the script reloads the page once done
    assert page.locator("#job-status").inner_text() == "已完成"
    assert page.locator("progress#job-progress").get_attribute("value") == page.locator(
        "progress#job-progress").get_attribute("max") == "6"
    shot(page, "6-job-done")
    results = download(page, "text=结果工作簿", tmp_path)
    sheet = CalamineWorkbook.from_path(str(results)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in sheet[1:]] == ["已导入"] * 3
    archive = download(page, "text=PDF 报告压缩包", tmp_path)
    with zipfile.ZipFile(archive) as z:
        pdfs = [n for n in z.namelist() if n.endswith(".pdf")]
        assert len(pdfs) == 3 and "summary.xlsx" in z.namelist()
        assert all(z.read(n).startswith(b"%PDF") for n in pdfs)
        summary = CalamineWorkbook.from_filelike(io.BytesIO(z.read("summary.xlsx"))).get_sheet_by_index(0)
        assert [r[8] for r in summary.to_python()[1:]] == ["已生成"] * 3
    page.click("text=查看您的客户")
    page.wait_for_url(re.compile(r"/clients$"))
    assert page.locator("table.clients tbody tr").count() == 3
    shot(page, "7-clients")
    page.click("text=客户概览")
    assert "3 家客户" in page.locator("h1").inner_text()
    shot(page, "8-portfolio")
    page.goto(f"{server}/clients")
    page.locator("table.clients tbody tr td.name a").first.click()
    page.locator("a:has-text('查看结果'), a:has-text('结果')").first.click()
    note = page.locator(".proxy-note").inner_text()
    assert note.startswith("您于") and re.search(r"导入自 upload-\d+-returned\.xlsx 第 [345] 行", note), note
    shot(page, "9-client-result")
    context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_consultants_pages_fit_a_phone_and_a_desktop(server, browser, width):
    context = open_context(browser, width, locale="en-GB")
    page = context.new_page()
    log_in(page, server, CONSULTANT)
    page.click("header nav form.lang button")
    page.wait_for_load_state()
    for path in ("/clients", "/clients/new", "/batch", "/portfolio"):
        page.goto(f"{server}{path}")
        no_sideways_scroll(page)
        shot(page, f"w{width}-{path.strip('/').replace('/', '-')}")
    page.goto(f"{server}/batch")
    link = page.locator("table a:has-text('Report')").first
    if link.count():
        link.click()
        no_sideways_scroll(page)
        shot(page, f"w{width}-report")
    context.close()
