"""Issue 12 §4: ticking "trim" hides the sub-domain's questions and keeps their answers for an untick."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_web_assessment_flow import post_page, start, stored

pytestmark = pytest.mark.db
ANSWERS = {"rating-logistics.L1.01": "largely", "comment-logistics.L1.01": "外包给第三方"}


@pytest.fixture
def factory(make, auth):
    """A discrete enterprise's user, logged in; returns the enterprise ID."""
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    return eid


def section_of(html: str, sid: str) -> str:
    found = re.search(rf'<section class="([^"]*)" id="s-{re.escape(sid)}">', html)
    assert found, sid
    return found.group(1)


def test_a_trimmed_sub_domain_renders_its_questions_hidden_with_their_answers_kept(client, factory, app):
    aid = start(client, factory)
    post_page(client, aid, "logistics", ANSWERS)
    html = client.get(f"/assessments/{aid}/pages/logistics").get_data(as_text=True)
    assert section_of(html, "logistics") == "subdomain"
    post_page(client, aid, "logistics", {**ANSWERS, "trim-logistics": "y", "reason-logistics": "物流外包"})
    html = client.get(f"/assessments/{aid}/pages/logistics").get_data(as_text=True)
    assert section_of(html, "logistics") == "subdomain is-trimmed"
    assert 'checked id="rating-logistics.L1.01-1" name="rating-logistics.L1.01" type="radio" value="largely"' in html
    assert "外包给第三方" in html and "其答案会保留" in html
    assert '<script src="/static/js/wizard.js" defer></script>' in html
    assert stored(app, aid)["logistics.L1.01"][:2] == ("largely", "外包给第三方")


def test_unticking_trim_brings_the_kept_answers_back(client, factory, app):
    aid = start(client, factory)
    post_page(client, aid, "logistics", {**ANSWERS, "trim-logistics": "y", "reason-logistics": "物流外包"})
    post_page(client, aid, "logistics", ANSWERS)  # the box unticked: the hidden answers were posted too
    html = client.get(f"/assessments/{aid}/pages/logistics").get_data(as_text=True)
    assert section_of(html, "logistics") == "subdomain"
    assert stored(app, aid)["logistics.L1.01"][:2] == ("largely", "外包给第三方")
    review = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "logistics.L2.01" in review  # counted again


def test_the_script_is_served_from_this_site_and_toggles_the_section(client):
    with client.get("/static/js/wizard.js") as response:
        assert response.status_code == 200 and "javascript" in response.content_type
        assert 'classList.toggle("is-trimmed", box.checked)' in response.get_data(as_text=True)
