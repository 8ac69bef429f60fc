"""Issue 8 in Debian Chromium: a consultant, tried as a new user would, downloads the template, fills it for three
clients (one with an error), uploads it, fixes the error from the returned workbook, imports, watches the progress
bar and downloads the results workbook and the zip of PDFs; then looks at the clients, the portfolio and a client's
result, at desktop and 390 px phone width. Screenshots land in tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import demo_page_answers
from tests.interchange.conftest import DEMOS, demo_row, key_of

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "correct-horse-9"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CONSULTANT = "advisor@example.com"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port with a fresh, migrated SQLite database and one consultant."""
    from werkzeug.serving import make_server

    from maturity import db
    from maturity.services import accounts
    from maturity.web import create_app

    folder = tmp_path_factory.mktemp("e2e-consult")
    url = f"sqlite:///{folder / 'e2e.sqlite'}"
    db.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "SESSION_COOKIE_SECURE": False})
    app.instance_path = str(folder / "instance")
    with db.transaction(app.extensions["maturity.engine"]) as s:
        accounts.create_user(s, email=CONSULTANT, password=PASSWORD, role="consultant", name="王顾问")
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
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"8-{name}.png"), full_page=True)


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
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_a_consultant_scores_three_clients_from_a_spreadsheet_in_the_browser(site, browser, tmp_path):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/auth/login")
    page.fill("#email", CONSULTANT)
    page.fill("#password", PASSWORD)
    page.click("form:has(#password) button[type=submit]")
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
    page.goto(f"{site}/clients")
    page.locator("table.clients tbody tr td.name a").first.click()
    page.locator("a:has-text('查看结果'), a:has-text('结果')").first.click()
    note = page.locator(".proxy-note").inner_text()
    assert note.startswith("您于") and re.search(r"导入自 upload-\d+-returned\.xlsx 第 [345] 行", note), note
    shot(page, "9-client-result")
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_consultants_pages_fit_a_phone_and_a_desktop(site, browser, width):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/auth/login")
    page.fill("#email", CONSULTANT)
    page.fill("#password", PASSWORD)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_load_state()
    page.click("header nav form.lang button")
    page.wait_for_load_state()
    for path in ("/clients", "/clients/new", "/batch", "/portfolio"):
        page.goto(f"{site}{path}")
        no_sideways_scroll(page)
        shot(page, f"w{width}-{path.strip('/').replace('/', '-')}")
    page.goto(f"{site}/batch")
    link = page.locator("table a:has-text('Report')").first
    if link.count():
        link.click()
        no_sideways_scroll(page)
        shot(page, f"w{width}-report")
    context.close()
