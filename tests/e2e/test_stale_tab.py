"""Two tabs (two browser contexts) on one wizard page: the stale tab is told what changed and chooses."""

from __future__ import annotations

import re

from tests.e2e.conftest import E2E, log_in, shot
from tests.e2e.wizard import register

pytestmark = E2E

RADIO = 'input[type=radio][name="rating-strategy.L1.01"][value="{}"]'


def test_a_stale_tab_sees_the_conflict_and_keeps_its_own_answer(server, browser):
    tab_a = browser.new_context(locale="zh-CN").new_page()
    register(tab_a, server, "tabs@example.com", "双标签示范制造有限公司", 7)
    tab_a.click("form:has(input[name=variant][value=full]) button")
    tab_a.wait_for_url(re.compile(r"/pages/"))
    page_url = tab_a.url
    tab_b = browser.new_context(locale="zh-CN").new_page()
    log_in(tab_b, server, "tabs@example.com")
    tab_b.goto(page_url)

    tab_a.check(RADIO.format("largely"))
    tab_a.click("button[name=action][value=save]")
    tab_a.wait_for_load_state()
    assert "草稿已保存" in tab_a.content()

    tab_b.check(RADIO.format("partial"))
    tab_b.fill('textarea[name="comment-strategy.L1.01"]', "B 标签页的备注")
    tab_b.click("button[name=action][value=save]")
    tab_b.wait_for_load_state()
    html = tab_b.content()
    assert "答案已被他人修改" in html and "strategy.L1.01" in html and "B 标签页的备注" in html
    assert "大部分满足" in html and "草稿已保存" not in html
    shot(tab_b, "stale-tab-conflict")

    tab_b.check('input[name="choice-strategy.L1.01"][value="mine"]')
    tab_b.click("form.conflicts button[type=submit]")
    tab_b.wait_for_url(page_url)
    tab_a.goto(page_url)
    assert tab_a.locator(RADIO.format("partial")).is_checked()
    assert tab_a.locator('textarea[name="comment-strategy.L1.01"]').input_value() == "B 标签页的备注"
