"""Issue 12 §4: on a phone the page list is a select that saves the page and goes to the chosen one."""

from __future__ import annotations

import re

import pytest

from maturity.questionnaires import shipped
from tests.integration.test_web_assessment_flow import post_page, start, stored

pytestmark = pytest.mark.db
FULL = shipped().get("gbt39116-2020")


@pytest.fixture
def factory(make, auth):
    """A discrete enterprise's user, logged in; returns the enterprise ID."""
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    return eid


def test_the_page_select_lists_every_page_with_the_current_one_chosen(client, factory):
    aid = start(client, factory)
    html = client.get(f"/assessments/{aid}/pages/data").get_data(as_text=True)
    select = re.search(r'<select id="goto" name="goto" form="page-form">(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]+)"( selected)?>', select)
    assert [key for key, _ in options] == [s.id for s in FULL.subdomains if "discrete" in s.industries]
    assert [key for key, chosen in options if chosen] == ["data"]
    assert "3. 数据 (0/" in select
    assert 'name="action" value="goto" class="jump-go"' in html


def test_choosing_a_page_in_the_select_saves_this_page_and_goes_there(client, factory, app):
    aid = start(client, factory)
    response = post_page(client, aid, "strategy", {"rating-strategy.L1.01": "partial", "goto": "sales"}, "goto")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/assessments/{aid}/pages/sales")
    assert stored(app, aid)["strategy.L1.01"][0] == "partial"


def test_other_buttons_ignore_the_select(client, factory):
    aid = start(client, factory)
    response = post_page(client, aid, "strategy", {"goto": "sales"}, "next")
    assert response.headers["Location"].endswith(f"/assessments/{aid}/pages/skills")
