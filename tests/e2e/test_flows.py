"""Browser flows in Debian Chromium: register → quick check → result; full assessment resumed → result.

The app runs in a werkzeug server thread on 127.0.0.1 with a migrated SQLite file; no internet is touched.
Screenshots land in tests/e2e/screenshots/ (git-ignored) to be looked at.
"""

from __future__ import annotations

import re

from tests.e2e.conftest import E2E, PHONE, log_in, open_context, scroll_width, shot
from tests.e2e.wizard import answer_page, register, save_and_continue

pytestmark = E2E


def answer_quick_page(page, preferred: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Pick level `preferred` in every quick-check question offering it, else its first option."""
    picked = {}
    for group in page.locator("form.page fieldset.item").all():
        radios = group.locator("input[type=radio]")
        wanted = group.locator(f'input[type=radio][value="{preferred}"]')
        radio = wanted if wanted.count() else radios.first
        radio.check()
        picked[radio.get_attribute("name").removeprefix("rating-")] = int(radio.get_attribute("value"))
    return picked


def submit_from_review(page) -> None:  # type: ignore[no-untyped-def]
    """On the review page: nothing left unanswered, submit, land on the result."""
    assert re.search(r"/assessments/\d+/review$", page.url), page.url
    page.click("form[action$='/submit'] button[type=submit]")
    page.wait_for_url(re.compile(r"/assessments/\d+/result$"))


def expected_level(questionnaire_id: str, answers: dict[str, object]) -> int:
    """The level the CLI's scoring gives these answers."""
    from maturity.cli.score import score_raw

    result, _q, _a = score_raw(
        {"questionnaire": questionnaire_id, "industry": "discrete", "answers": answers}
    )
    return result.level


def test_register_quick_check_submit_result(server, browser):
    context = open_context(browser, locale="zh-CN")
    page = context.new_page()
    register(page, server, "quick@example.com", "快检示范机械有限公司", 1)
    shot(page, "1-enterprise")
    page.click("form:has(input[name=variant][value=quick]) button")
    page.wait_for_url(re.compile(r"/pages/"))
    shot(page, "1-quick-page1")
    answered: dict[str, object] = {}
    for _ in range(30):
        if "/review" in page.url:
            break
        picked = answer_quick_page(page, "2")
        assert picked
        answered.update(picked)
        save_and_continue(page)
    shot(page, "1-quick-review")
    submit_from_review(page)
    shot(page, "1-quick-result")
    level = expected_level("gbt39116-2020-quick", answered)
    badge = page.locator(".level-badge .n").inner_text().strip()
    assert badge == str(level)
    heading = page.locator("h1").first.inner_text()
    assert str(level) in heading and ("指示性" in page.content() or "indicative" in page.content())
    download_form = page.locator("form[action*='/report.pdf']")
    assert download_form.count() == 1
    download_form.locator("input[name=appendix]").check()
    with page.expect_download() as caught:
        download_form.locator("button").click()
    assert caught.value.suggested_filename.endswith("-zh-appendix.pdf")
    context.close()


def test_full_assessment_left_and_resumed_in_a_fresh_context(server, browser):
    first = open_context(browser, locale="zh-CN")
    page = first.new_page()
    register(page, server, "full@example.com", "全面评估示范制造有限公司", 2)
    page.click("form:has(input[name=variant][value=full]) button")
    page.wait_for_url(re.compile(r"/pages/"))
    assessment_url = re.sub(r"/pages/.*$", "", page.url)
    first_page_url = page.url
    done = 0
    for _ in range(3):
        done += answer_page(page, "full")
        save_and_continue(page)
    resume_at = page.url
    shot(page, "2-full-left-at-page4")
    first.close()  # leave: the browser and its cookies are gone

    second = open_context(browser, locale="zh-CN")
    page = second.new_page()
    log_in(page, server, "full@example.com")
    page.goto(assessment_url)
    page.wait_for_load_state()
    assert page.url == resume_at  # opens at the first page with something left to answer
    shot(page, "2-full-resumed")
    page.goto(first_page_url)
    checked = page.locator('form.page input[type=radio][value="full"]:checked').count()
    assert checked == page.locator('form.page input[type=radio][value="full"]').count() > 0
    page.goto(resume_at)
    for _ in range(40):
        if "/review" in page.url:
            break
        done += answer_page(page, "full")
        save_and_continue(page)
    assert done == 248
    shot(page, "2-full-review")
    submit_from_review(page)
    shot(page, "2-full-result")
    from maturity.questionnaires import shipped

    q = shipped().get("gbt39116-2020")
    level = expected_level(
        "gbt39116-2020", {r.id: "full" for r in q.requirements_for("discrete", trimmed=frozenset())}
    )
    assert page.locator(".level-badge .n").inner_text().strip() == str(level)
    assert "指示性" not in page.locator("h1").first.inner_text()
    assert page.locator("section.executive").count() == 1 and page.locator("section.road").count() == 1
    page.set_viewport_size({"width": PHONE, "height": 844})
    shot(page, "2-full-result-phone")
    width = scroll_width(page)
    assert width <= PHONE, f"the results page scrolls sideways at {PHONE} px ({width} px wide)"
    second.close()
