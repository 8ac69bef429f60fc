"""Issue 12 §4: the quick check can be tried before registering; the profile is asked for when it is saved."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlmodel import select

from maturity import store
from maturity.models import Assessment
from maturity.questionnaires import shipped
from maturity.web.assessments.trial import REASON_MAX
from tests.conftest import PASSWORD, csrf_token, transaction
from tests.integration.test_web_auth import registration

pytestmark = pytest.mark.db
QUICK = shipped().get("gbt39116-2020-quick")
DEMO = json.loads((Path(__file__).resolve().parents[2] / "seeds" / "demo" / "quick-example.json").read_text("utf-8"))
PAGES = ("personnel", "technology", "resources", "manufacturing")


def begin(client, industry="discrete"):
    response = client.post("/try", data={"industry_type": industry, "csrf_token": csrf_token(client, "/try")})
    assert response.status_code == 302 and response.headers["Location"] == "/try/pages/personnel"


def answer_all(client, answers=None):
    answers = answers or DEMO["answers"]
    for key in PAGES:
        data = {f"rating-{sid}": str(level) for sid, level in answers.items()}
        response = client.post(
            f"/try/pages/{key}", data={**data, "action": "next", "csrf_token": csrf_token(client, "/try")}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def assessments(app):
    with transaction(app) as s:
        return s.exec(select(Assessment)).all()


def expected_level():
    from maturity.cli.score import score_raw

    return score_raw(DEMO)[0].level


def test_the_welcome_page_offers_the_trial(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/try"' in html and "先试用快速自测" in html


def test_a_visitor_answers_the_quick_check_without_an_account_and_nothing_is_stored(client, app):
    html = client.get("/try").get_data(as_text=True)
    assert '<option value="">请选择…</option>' in html and "selected" not in html
    begin(client)
    page = client.get("/try/pages/personnel").get_data(as_text=True)
    assert t_question("strategy") in page and "免注册试用" in page
    assert 'name="comment-strategy"' not in page  # no notes: the session cookie stays small
    assert answer_all(client) == "/try/result"
    html = client.get("/try/result").get_data(as_text=True)
    assert f'<span class="n">{expected_level()}</span>' in html and "指示性" in html
    assert "注册并保存" in html and "/auth/login?next=/try/save" in html
    assert assessments(app) == []


def t_question(sid):
    return next(q for q in QUICK.questions if q.subdomain == sid).text.zh


def test_an_unfinished_trial_lists_what_is_unanswered_with_links(client):
    begin(client)
    client.post(
        "/try/pages/personnel",
        data={"rating-strategy": "2", "rating-skills": "1", "action": "save", "csrf_token": csrf_token(client, "/try")},
    )
    html = client.get("/try/result").get_data(as_text=True)
    assert "回答全部问题后即可查看指示性等级。" in html
    assert 'href="/try/pages/technology#s-data"' in html and "/try/pages/personnel#s-strategy" not in html


def test_trimming_in_the_trial_keeps_the_answer_and_takes_only_a_short_reason(client):
    begin(client)
    token = csrf_token(client, "/try")
    long = client.post(
        "/try/pages/manufacturing",
        data={
            "rating-logistics": "2",
            "trim-logistics": "y",
            "reason-logistics": "长" * (REASON_MAX + 1),
            "action": "save",
            "csrf_token": token,
        },
    )
    assert long.status_code == 422
    client.post(
        "/try/pages/manufacturing",
        data={
            "rating-logistics": "2",
            "trim-logistics": "y",
            "reason-logistics": "物流外包",
            "action": "save",
            "csrf_token": token,
        },
    )
    with client.session_transaction() as session:
        assert session["trial"]["trimmed"] == {"logistics": "物流外包"}
        assert session["trial"]["answers"]["logistics"] == "2"
    html = client.get("/try/pages/manufacturing").get_data(as_text=True)
    assert '<section class="subdomain is-trimmed" id="s-logistics">' in html


def test_the_fullest_possible_trial_fits_in_a_session_cookie(client, app):
    begin(client)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    rng = random.Random(7)
    trimmable = [s.id for s in QUICK.base.subdomains if s.trimmable]
    with client.session_transaction() as session:
        session["trial"]["answers"] = {q.subdomain: "5" for q in QUICK.questions}
        session["trial"]["trimmed"] = {sid: "".join(rng.choice(chars) for _ in range(REASON_MAX)) for sid in trimmable}
        session["_user_id"], session["_id"], session["seen"] = "123456", "f" * 128, 1.0e9  # a log-in's keys
    cookie = client.get_cookie("session")
    assert len(f"session={cookie.value}") < 4000  # browsers drop cookies over 4096 bytes


def test_registering_saves_the_trial_as_the_new_enterprises_quick_check(client, app):
    begin(client)
    answer_all(client)
    html = client.get("/auth/register").get_data(as_text=True)
    assert "您试用的快速自测将保存为该企业的第一份结果。" in html
    assert '<option selected value="discrete">' in html  # the type the trial was answered for
    response = registration(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/result")
    [saved] = assessments(app)
    assert saved.variant == "quick" and saved.status == "submitted" and saved.level == expected_level()
    with transaction(app) as s:
        user = store.user_by_email(session=s, email="boss@factory.cn")
        assert saved.enterprise_id == user.enterprise_id and saved.submitted_by == user.id
    assert "快速自测结果已保存到" in client.get(response.headers["Location"]).get_data(as_text=True)
    with client.session_transaction() as session:
        assert "trial" not in session


def test_a_trial_of_the_other_industry_type_is_not_saved_on_registering(client, app):
    begin(client, "process")
    registration(client, industry_type="discrete")
    assert assessments(app) == []
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "因此未保存" in html


def test_logging_in_with_a_trial_lets_the_user_choose_the_enterprise_to_save_it_to(client, app, make):
    a = make.enterprise("甲厂", "discrete")
    make.enterprise("乙厂（流程型）", "process")
    make.user("c@x.cn", "consultant", clients=(a,))
    begin(client)
    answer_all(client)
    login = client.post(
        "/auth/login?next=/try/save",
        data={"email": "c@x.cn", "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")},
    )
    assert login.headers["Location"] == "/try/save"
    html = client.get("/try/save").get_data(as_text=True)
    assert "保存到 甲厂" in html and "乙厂" not in html
    response = client.post("/try/save", data={"enterprise_id": str(a), "csrf_token": csrf_token(client, "/try")})
    [saved] = assessments(app)
    assert saved.enterprise_id == a and response.headers["Location"] == f"/assessments/{saved.id}/result"


def test_saving_to_an_enterprise_the_user_may_not_edit_is_refused(client, app, make):
    other = make.enterprise("别人的厂", "discrete")
    make.user("c@x.cn", "consultant")
    begin(client)
    answer_all(client)
    client.post("/auth/login", data={"email": "c@x.cn", "password": PASSWORD, "csrf_token": csrf_token(client)})
    response = client.post("/try/save", data={"enterprise_id": str(other), "csrf_token": csrf_token(client, "/try")})
    assert response.status_code == 404 and assessments(app) == []
