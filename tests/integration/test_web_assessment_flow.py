"""The wizard: start, save, resume elsewhere, validation keeps input, review, submit, lock, copy, result."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from maturity import store
from maturity.models import Assessment, User
from maturity.questionnaires import shipped
from maturity.reference import shipped_reference
from maturity.services import assessments
from tests.conftest import PASSWORD, csrf_token, demo_page_answers, transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"
FULL = shipped().get("gbt39116-2020")


@pytest.fixture
def factory(make, auth):
    """An enterprise user, logged in; returns the enterprise ID."""
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    return eid


def start(client, eid, variant="full"):
    response = client.post(
        f"/enterprises/{eid}/assessments",
        data={"variant": variant, "csrf_token": csrf_token(client, f"/enterprises/{eid}")},
    )
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def post_page(client, aid, key, data, action="save"):
    return client.post(
        f"/assessments/{aid}/pages/{key}",
        data={**data, "action": action, "csrf_token": csrf_token(client, "/account")},
    )


def stored(app, aid):
    with transaction(app) as s:
        return {
            k: (a.rating, a.comment, a.answered_by)
            for k, a in store.answers_of(session=s, assessment_id=aid).items()
        }


def test_start_opens_the_first_page_with_questionnaire_content(client, factory):
    aid = start(client, factory)
    response = client.get(f"/assessments/{aid}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == f"/assessments/{aid}/pages/strategy"
    assert FULL.requirement_index["strategy.L1.01"].text.zh in html
    assert FULL.requirement_index["strategy.L1.01"].evidence[0].zh in html
    assert "全部满足" in html and 'name="rating-strategy.L1.01"' in html


def test_not_applicable_is_offered_only_where_allowed(client, factory):
    aid = start(client, factory)
    na_ok = next(r for r in FULL.requirements if r.na_allowed and "discrete" in r.industries)
    strict = FULL.requirement_index["strategy.L1.01"]
    assert not strict.na_allowed
    html = client.get(f"/assessments/{aid}/pages/{na_ok.subdomain}").get_data(as_text=True)
    assert f'name="rating-{na_ok.id}" type="radio" value="na"' in html
    html = client.get(f"/assessments/{aid}/pages/strategy").get_data(as_text=True)
    assert 'name="rating-strategy.L1.01" type="radio" value="full"' in html
    assert 'name="rating-strategy.L1.01" type="radio" value="na"' not in html
    response = post_page(client, aid, "strategy", {"rating-strategy.L1.01": "na"})
    assert response.status_code == 422 and "strategy.L1.01" not in stored(client.application, aid)


def test_drafts_are_saved_per_requirement_and_resumed_on_another_device(client, factory, app, auth):
    aid = start(client, factory)
    response = post_page(
        client,
        aid,
        "strategy",
        {"rating-strategy.L1.01": "largely", "comment-strategy.L1.01": "规划草案已成稿"},
        action="next",
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/pages/skills")
    rows = stored(app, aid)
    assert (
        rows["strategy.L1.01"][:2] == ("largely", "规划草案已成稿") and rows["strategy.L1.01"][2] is not None
    )
    other = app.test_client()
    auth.login("boss@f.cn", client=other)
    html = other.get(f"/assessments/{aid}/pages/strategy").get_data(as_text=True)
    assert (
        'checked id="rating-strategy.L1.01-1" name="rating-strategy.L1.01" type="radio" value="largely"'
        in html
    )
    assert "规划草案已成稿" in html


def test_a_validation_error_keeps_everything_typed_and_saves_the_rest(client, factory, app):
    aid = start(client, factory)
    response = post_page(
        client,
        aid,
        "design.product",
        {
            "rating-design.product.L1.01": "full",
            "comment-design.product.L1.01": "图纸管理规范",
            "trim-design.product": "y",
            "reason-design.product": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请填写裁剪该子域的理由" in html
    assert "图纸管理规范" in html
    assert stored(app, aid)["design.product.L1.01"][:2] == ("full", "图纸管理规范")
    with transaction(app) as s:
        assert s.get(Assessment, aid).trimmed == {}


def test_a_too_long_comment_is_refused_next_to_its_field(client, factory, app):
    aid = start(client, factory)
    response = post_page(
        client,
        aid,
        "strategy",
        {
            "rating-strategy.L1.01": "full",
            "comment-strategy.L1.01": "x" * 2001,
            "rating-strategy.L1.02": "partial",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "x" * 2001 in html
    assert "strategy.L1.01 的备注过长" in html and "最多 2000 个字符" in html
    rows = stored(app, aid)
    assert "strategy.L1.01" not in rows and rows["strategy.L1.02"][0] == "partial"


def test_trimming_with_a_reason_removes_the_sub_domain_from_review(client, factory, app):
    aid = start(client, factory)
    response = post_page(
        client,
        aid,
        "service.product",
        {"trim-service.product": "y", "reason-service.product": "不提供产品服务"},
    )
    assert response.status_code == 302
    with transaction(app) as s:
        assert s.get(Assessment, aid).trimmed == {"service.product": "不提供产品服务"}
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "service.product.L3" not in html and "不提供产品服务" in html


def test_a_draft_posted_after_the_session_expired_is_saved_after_logging_in_again(client, factory, app):
    aid = start(client, factory)
    token = csrf_token(client, "/account")
    with client.session_transaction() as session:
        session["seen"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 1
    response = client.post(
        f"/assessments/{aid}/pages/strategy",
        data={
            "csrf_token": token,
            "rating-strategy.L1.01": "partial",
            "comment-strategy.L1.01": "在会话过期后提交",
            "action": "next",
        },
    )
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "strategy.L1.01" not in stored(app, aid)
    login_page = response.headers["Location"]
    login = client.post(
        login_page,
        data={"email": "boss@f.cn", "password": PASSWORD, "csrf_token": csrf_token(client, login_page)},
    )
    assert login.headers["Location"].endswith(f"/assessments/{aid}/pages/strategy")
    html = client.get(login.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "在会话过期后提交" in html and "会话过期时提交的答案已保存" in html
    assert stored(app, aid)["strategy.L1.01"][:2] == ("partial", "在会话过期后提交")


def test_the_review_lists_what_is_unanswered(client, factory):
    aid = start(client, factory)
    post_page(client, aid, "strategy", {"rating-strategy.L1.01": "full"})
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "strategy.L1.02" in html and "· strategy.L1.01<" not in html
    assert "尚未回答" in html


def test_quick_check_review_names_sub_domains_not_ids(client, factory):
    aid = start(client, factory, "quick")
    html = client.get(f"/assessments/{aid}/review").get_data(as_text=True)
    assert "· 产品服务</a>" in html and "· service.product</a>" not in html


def test_submission_is_refused_while_answers_are_missing(client, factory, app):
    aid = start(client, factory)
    response = client.post(
        f"/assessments/{aid}/submit",
        data={"csrf_token": csrf_token(client, "/account")},
        follow_redirects=True,
    )
    assert response.request.path.endswith("/review")
    assert "项未回答" in response.get_data(as_text=True)
    with transaction(app) as s:
        assert s.get(Assessment, aid).status == "draft"


def fill_from_demo(app, aid, name="demo-discrete-l3.json"):
    """Save a whole demo answer set into a draft of the newest version through the services layer."""
    with transaction(app) as s:
        assessment = s.get(Assessment, aid)
        answers, trimmed = demo_page_answers(name, assessment.questionnaire_version)
        assessments.save_answers(
            s, user=s.get(User, assessment.started_by), assessment=assessment, answers=answers, trimmed=trimmed
        )
    return json.loads((DEMO / name).read_text("utf-8"))

def test_submit_scores_locks_and_shows_level_arithmetic_and_gaps(client, factory, app):
    aid = start(client, factory)
    fill_from_demo(app, aid)
    response = client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    assert response.headers["Location"].endswith(f"/assessments/{aid}/result")
    with transaction(app) as s:
        assessment = s.get(Assessment, aid)
        assert assessment.status == "submitted" and assessment.level == 3 and assessment.result["level"] == 3
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "集成级" in html and "Integrated" in html
    assert f"S = {assessment.score:.2f}" in html
    assert "门槛" in html  # the 0.8 gate in the arithmetic
    assert "迈向下一级的路径" in html and "累计提升路径" in html and "+0." in html
    assert "结论与行动要点" in html and "预测性维护" in html
    assert "比第 3 级门槛高 0.03：2 项答案降级就会回到第 2 级" in html
    assert 'src="data:image/svg+xml;base64,' in html
    goal = next(g for g in shipped_reference().goals if g.min_level == 2)
    assert "全国数据与目标" in html and goal.text.zh in html and "贵企业的等级计入该目标" in html
    assert "智能工厂梯度培育层级" in html
    # locked: saving a page no longer changes anything
    before = stored(app, aid)
    response = post_page(client, aid, "strategy", {"rating-strategy.L1.01": "none"})
    assert response.status_code == 302 and stored(app, aid) == before
    assert (
        client.post(
            f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")}
        ).status_code
        == 403
    )


def test_a_new_assessment_can_start_as_a_copy_and_results_compare(client, factory, app):
    aid = start(client, factory)
    fill_from_demo(app, aid, "demo-discrete-l1.json")
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    response = client.post(f"/assessments/{aid}/copy", data={"csrf_token": csrf_token(client, "/account")})
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert copy_id != aid
    original = stored(app, aid)
    assert {k: v[:2] for k, v in stored(app, copy_id).items()} == {k: v[:2] for k, v in original.items()}
    post_page(
        client,
        copy_id,
        "strategy",
        {f"rating-{r.id}": "full" for r in FULL.requirements if r.subdomain == "strategy"},
    )
    client.post(f"/assessments/{copy_id}/submit", data={"csrf_token": csrf_token(client, "/account")})
    html = client.get(f"/assessments/{copy_id}/result").get_data(as_text=True)
    assert f"上次完整评估 #{aid}" in html
    assert "组织战略 L3" in html  # strategy rose at level 3
    assert stored(app, aid) == original


def submit_quick(client, eid):
    aid = start(client, eid, "quick")
    doc = json.loads((DEMO / "quick-example.json").read_text("utf-8"))
    for key in ("personnel", "technology", "resources", "manufacturing"):
        post_page(client, aid, key, {f"rating-{sid}": str(lv) for sid, lv in doc["answers"].items()}, action="next")
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    return aid


def test_a_full_assessment_is_not_compared_item_by_item_with_an_earlier_quick_check(client, factory, app):
    quick = submit_quick(client, factory)
    aid = start(client, factory)
    fill_from_demo(app, aid)
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert f"上次评估 #{quick}" not in html and f"上次完整评估 #{quick}" not in html
    assert f"更早的快速自测 #{quick}" in html and "指示性的第 2 级" in html
    assert 'class="fell"' not in html and 'class="rose"' not in html
    assert "没有可比较的同类评估" in html
    later = submit_quick(client, factory)
    html = client.get(f"/assessments/{later}/result").get_data(as_text=True)
    assert f"上次快速自测（指示性） #{quick}" in html  # quick against quick
    assert f"更早的完整评估 #{aid}" in html


def test_quick_check_flow_is_marked_indicative(client, factory, app):
    aid = start(client, factory, "quick")
    doc = json.loads((DEMO / "quick-example.json").read_text("utf-8"))
    pages = ("personnel", "technology", "resources", "manufacturing")
    for key in pages:
        html = client.get(f"/assessments/{aid}/pages/{key}").get_data(as_text=True)
        assert "指示性" in html
        response = post_page(
            client, aid, key, {f"rating-{sid}": str(lv) for sid, lv in doc["answers"].items()}, action="next"
        )
        assert response.status_code == 302
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    with transaction(app) as s:
        assessment = s.get(Assessment, aid)
        assert assessment.status == "submitted" and assessment.result["indicative"] is True
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert html.count("快速自测结果仅为指示性等级") == 1  # the questionnaire's notice, said once
    assert "指示性" in client.get(f"/enterprises/{factory}").get_data(as_text=True)


def test_results_page_in_english_shows_english_questionnaire_content(client, factory, app):
    aid = start(client, factory)
    fill_from_demo(app, aid)
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/account")})
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "Level 3: Integrated" in html and "How the level was worked out" in html
    with transaction(app) as s:
        first_gap = s.get(Assessment, aid).result["gaps"][0]
    assert first_gap["text"]["en"] in html
    assert "National figures and goals" in html


def test_navigating_from_a_page_saves_what_was_typed(client, factory, app):
    aid = start(client, factory)
    html = client.get(f"/assessments/{aid}/pages/strategy").get_data(as_text=True)
    assert 'form="page-form" name="action" value="goto:data"' in html
    response = post_page(client, aid, "strategy", {"rating-strategy.L1.03": "partial"}, action="goto:data")
    assert response.headers["Location"].endswith(f"/assessments/{aid}/pages/data")
    response = post_page(client, aid, "data", {"rating-data.L1.01": "full"}, action="review")
    assert response.headers["Location"].endswith(f"/assessments/{aid}/review")
    rows = stored(app, aid)
    assert rows["strategy.L1.03"][0] == "partial" and rows["data.L1.01"][0] == "full"
