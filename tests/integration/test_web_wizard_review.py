"""Issue 12 §4: the review speaks the reader's words; the N/A cap is shown while answering and explained."""

from __future__ import annotations

import pytest
from sqlmodel import select

from maturity.models import Answer, Assessment
from maturity.questionnaires import shipped
from tests.conftest import csrf_token, transaction
from tests.integration.test_web_assessment_flow import post_page, start

pytestmark = pytest.mark.db
FULL = shipped().get("gbt39116-2020")
NA_OK = [r for r in FULL.requirements_for("discrete") if r.na_allowed]


@pytest.fixture
def factory(make, auth):
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    return eid


def english(client):
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/account")})


def save_all(client, aid, rating_of):
    """Post every page of the full questionnaire with rating_of(requirement)."""
    for sub in {r.subdomain for r in FULL.requirements_for("discrete")}:
        data = {f"rating-{r.id}": rating_of(r) for r in FULL.requirements_for("discrete") if r.subdomain == sub}
        assert post_page(client, aid, sub, data).status_code == 302


def test_review_names_missing_answers_in_the_readers_words(client, factory):
    aid = start(client, factory)
    post_page(client, aid, "strategy", {"rating-strategy.L1.01": "full"})
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "还有 247 项未回答，已在上方列出。" in html
    assert "--missing" not in html and "answers: " not in html
    english(client)
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "247 questions still have no answer; they are listed above." in html and "--missing" not in html


def test_one_missing_answer_is_singular_on_the_english_review(client, factory):
    aid = start(client, factory)
    last = FULL.requirements_for("discrete")[-1]
    save_all(client, aid, lambda r: "" if r.id == last.id else "full")
    english(client)
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "1 question still has no answer; it is listed above." in html


def test_every_wizard_page_shows_the_na_count_and_share_against_the_cap(client, factory):
    aid = start(client, factory)
    first, second = NA_OK[0], NA_OK[1]
    assert first.subdomain == second.subdomain  # a page post saves every item of the page
    post_page(client, aid, first.subdomain, {f"rating-{first.id}": "na", f"rating-{second.id}": "na"})
    for key in ("strategy", "logistics", "service.customer"):
        html = client.get(f"/assessments/{aid}/pages/{key}").get_data(as_text=True)
        assert "“不适用”：2 / 248（1%）；上限 30%（74 项）。" in html
    english(client)
    html = client.get(f"/assessments/{aid}/pages/data").get_data(as_text=True)
    assert "Not applicable: 2 of 248 (1%); at most 30% (74) accepted." in html
    assert "Over the cap" not in html


def test_quick_check_pages_show_no_na_count(client, factory):
    aid = start(client, factory, "quick")
    assert "不适用" not in client.get(f"/assessments/{aid}/pages/personnel").get_data(as_text=True)


def test_over_the_cap_the_review_lists_the_na_answers_to_change_and_submission_is_refused(client, factory, app):
    aid = start(client, factory)
    na_ids = {r.id for r in NA_OK[:76]}
    save_all(client, aid, lambda r: "na" if r.id in na_ids else "full")
    html = client.get(f"/assessments/{aid}/pages/strategy").get_data(as_text=True)
    assert "已超过上限：请至少将 2 项“不适用”改为评分。" in html and "#na" in html
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "需要修改的“不适用”答案" in html and "请至少将其中 2 项改为评分。" in html
    for rid in na_ids:
        assert f'#r-{rid}" class="rid">{rid}</a>' in html
    assert 'class="primary" disabled' in html
    english(client)
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "76 requirements are answered “not applicable”, more than the cap of 30% (74 of 248) accepts." in html
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        assert s.get(Assessment, aid).status == "draft"


def test_within_the_cap_the_review_lists_nothing_to_change_and_allows_submission(client, factory):
    aid = start(client, factory)
    na_ids = {r.id for r in NA_OK[:74]}
    save_all(client, aid, lambda r: "na" if r.id in na_ids else "full")
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "需要修改的“不适用”答案" not in html and " disabled" not in html


def test_an_invalid_stored_rating_is_named_with_a_link_to_its_question(client, factory, app):

    aid = start(client, factory)
    save_all(client, aid, lambda r: "full")
    with transaction(app) as s:  # the services refuse such a rating; a hand-edited database may still hold one
        answer = s.exec(select(Answer).where(Answer.assessment_id == aid, Answer.requirement_id == "data.L2.01")).one()
        answer.rating = "mostly"
        s.add(answer)
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert '/pages/data#r-data.L2.01" class="rid">data.L2.01</a> 评分' in html and "answers.data.L2.01" not in html
