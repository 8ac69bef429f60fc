"""Three colleagues and their owner run one assessment in Debian Chromium: invitations by link, assignments,
two respondents disagree, the owner resolves it, a reviewer checks the evidence, the owner submits.

Screenshots of the team's pages in Chinese and English land in tests/e2e/screenshots/ to be looked at.
"""

from __future__ import annotations

import re
import subprocess

from tests.e2e.conftest import E2E, PASSWORD, PHONE, open_context, scroll_width, shot
from tests.e2e.wizard import answer_page, register, save_and_continue

pytestmark = E2E
REQ = "production.operations.L1.01"
SUB = "production.operations"
REQ_CSS, SUB_CSS = REQ.replace(".", "\\."), SUB.replace(".", "\\.")  # dots in IDs, escaped for CSS selectors
CELLS_RIGHT = "Math.max(0, ...Array.from(document.querySelectorAll('td, th'), c => c.getBoundingClientRect().right))"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def context(browser, lang: str = "zh-CN"):  # type: ignore[no-untyped-def]
    return open_context(browser, locale=lang, accept_downloads=True)


def english(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """Switch the interface to English with the header's language button."""
    page.locator("form[action$='/lang/en'] button").first.click()
    page.wait_for_load_state()


def invite_link(page, base: str, enterprise_url: str, role: str) -> str:  # type: ignore[no-untyped-def]
    """On the team page, make a one-time link for `role` and read it."""
    page.goto(enterprise_url + "/team")
    page.select_option("#role", role)
    page.click("#invite button[type=submit]")
    page.wait_for_selector("#invite-link")
    return page.locator("#invite-link").input_value()


def join(browser, link: str, name: str, email: str):  # type: ignore[no-untyped-def]
    """A colleague opens the link and makes an account; returns their page."""
    page = context(browser).new_page()
    page.goto(link)
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#password2", PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/enterprises/\d+$"))
    return page


def rate_on_page(page, base: str, assessment: str, rating: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{assessment}/pages/{SUB}")
    page.check(f'input[name="rating-{REQ}"][value="{rating}"]')
    page.click("button[name=action][value=save]")
    page.wait_for_load_state()


def test_three_colleagues_one_assessment(server, browser, tmp_path):
    owner = context(browser).new_page()
    register(owner, server, "owner@team.cn", "协同评估示范有限公司", 40)
    enterprise_url = owner.url
    links = {role: invite_link(owner, server, enterprise_url, role) for role in ("respondent", "reviewer")}
    shot(owner, "team-link-zh")
    links["respondent2"] = invite_link(owner, server, enterprise_url, "respondent")
    ann = join(browser, links["respondent"], "安娜", "ann@team.cn")
    bob = join(browser, links["respondent2"], "鲍勃", "bob@team.cn")
    rev = join(browser, links["reviewer"], "芮文", "rev@team.cn")
    owner.goto(enterprise_url + "/team")
    shot(owner, "team-members-zh")
    assert owner.locator("#members tbody tr").count() == 4

    owner.goto(enterprise_url)
    owner.click("form:has(input[name=variant][value=full]) button")
    owner.wait_for_url(re.compile(r"/pages/"))
    assessment = re.sub(r"/pages/.*$", "", owner.url)
    owner.goto(f"{assessment}/team")
    owner.select_option(f"#assign-{SUB_CSS}", label="安娜")
    owner.check("input[name=open_to_all]")
    shot(owner, "team-assign-zh")
    owner.click("form.card button[type=submit].primary")
    owner.wait_for_load_state()

    rate_on_page(ann, server, assessment, "full")
    assert ann.locator(".team-note .mine").count() == 1
    shot(ann, "team-wizard-ann-zh")
    evidence = tmp_path / "mes-inspection.pdf"
    evidence.write_bytes(PDF)
    ann.goto(f"{assessment}/evidence?sub={SUB}")
    ann.set_input_files(f'input[data-testid="file-{REQ}"]', str(evidence))
    ann.locator(f'form.upload:has(input[data-testid="file-{REQ}"]) button').click()
    ann.wait_for_load_state()
    assert "mes-inspection.pdf" in ann.content()
    rate_on_page(bob, server, assessment, "partial")
    owner.goto(enterprise_url)
    assert owner.locator("#team-progress").count() == 1
    shot(owner, "team-enterprise-progress-zh")

    owner.goto(assessment)
    for _ in range(30):
        if "/review" in owner.url:
            break
        answer_page(owner, "full")
        save_and_continue(owner)
    assert f'id="d-{REQ}"' in owner.content()
    owner.click("form[action$='/submit'] button[type=submit]")
    owner.wait_for_load_state()
    assert "未处理" in owner.locator(".flash.error").first.inner_text()
    shot(owner, "team-review-disagreement-zh")
    form = owner.locator(f"#d-{REQ_CSS} form.resolve")
    form.locator("select[name=rating]").select_option("largely")
    form.locator("input[name=note]").fill("现场查看：三条产线中两条已由 MES 管控")
    form.locator("button").click()
    owner.wait_for_load_state()
    assert "现场查看" in owner.content()

    rev.goto(f"{assessment}/evidence?sub={SUB}")
    item = rev.locator(f"#r-{REQ_CSS}")
    item.locator("button[value=checked]").click()
    rev.wait_for_load_state()
    assert "证据已核对" in rev.content()
    shot(rev, "team-evidence-reviewer-zh")
    with rev.expect_download() as caught:
        rev.click("text=mes-inspection.pdf")
    assert caught.value.suggested_filename == "mes-inspection.pdf"

    owner.goto(f"{assessment}/review")
    owner.click("form[action$='/submit'] button[type=submit]")
    owner.wait_for_url(re.compile(r"/result$"))
    facts = owner.locator("#team-facts").inner_text()
    assert "安娜" in facts and "鲍勃" in facts and "合并规则" in facts and "证据" in facts
    shot(owner, "team-result-zh")
    report = owner.request.get(f"{assessment.replace('/assessments/', '/api/v1/assessments/')}/report.pdf?lang=zh")
    assert report.ok
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.body())
    cover = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "答题人" in cover and "安娜" in cover and "合并规则" in cover and "经核对证据" in cover
    owner.goto(enterprise_url)
    shot(owner, "team-enterprise-zh")
    _english_screenshots(owner, server, enterprise_url, assessment)


def _english_screenshots(page, base: str, enterprise_url: str, assessment: str) -> None:  # type: ignore[no-untyped-def]
    """The same pages in English, and the account and profile pages in both languages."""
    page.goto(f"{base}/account")
    shot(page, "team-account-zh")
    page.goto(enterprise_url + "/profile")
    page.fill("#employees", "420")
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()
    shot(page, "team-profile-zh")
    english(page, base)
    for path, name in (
        (f"{base}/account", "account"),
        (enterprise_url + "/profile", "profile"),
        (enterprise_url + "/team", "members"),
        (f"{assessment}/result", "result"),
        (f"{assessment}/evidence?sub={SUB}", "evidence"),
        (f"{assessment}/team", "assign"),
        (enterprise_url, "enterprise"),
    ):
        page.goto(path)
        assert page.locator("h1").count() >= 1
        shot(page, f"team-{name}-en")
    assert "Respondent" in page.content() or "Team" in page.content()
    page.set_viewport_size({"width": PHONE, "height": 844})
    phone_pages = (
        (enterprise_url + "/team", "members"), (f"{assessment}/evidence?sub={SUB}", "evidence"),
        (f"{base}/account", "account"), (f"{base}/account/tokens", "tokens"), (f"{assessment}/team", "assign"),
        (f"{assessment}/result", "result"), (enterprise_url, "enterprise"),
    )
    for path, name in phone_pages:
        page.goto(path)
        wide = scroll_width(page)
        assert wide <= PHONE, f"{name} scrolls sideways at {PHONE} px ({wide} px)"
        # a table may also overflow inside its scrolling wrapper, cutting columns off: every cell stays on screen
        right = page.evaluate(CELLS_RIGHT)
        assert right <= PHONE, f"{name}: a table cell reaches {right:.0f} px at {PHONE} px"
        shot(page, f"team-{name}-phone-en")
