"""What a browser walk of the team's pages found (issue 12): punctuation that follows the reader's language,
place names from the seeds, a verb where a verb is meant, and tables that become cards on a phone."""

from __future__ import annotations

import pytest

from maturity.models import Assessment, Enterprise, User
from maturity.reporting.context import team_view
from maturity.services import assessments, disagreements, evidence
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db
REQ = "production.operations.L1.01"


@pytest.fixture
def crew(app, crew):  # type: ignore[no-untyped-def]
    """The team's crew (tests/integration/conftest.py), its enterprise in Jinhua, Zhejiang."""
    with transaction(app) as s:
        company = s.get(Enterprise, crew["e"])
        company.region_code, company.city = "33", "金华市"
    return crew


def english(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/account"), "next": "/"})  # logged in


def test_the_enterprise_page_names_province_and_city_in_the_readers_language(client, auth, crew):
    auth.login("owner@x.cn")
    assert "浙江省金华市" in client.get(f"/enterprises/{crew['e']}").get_data(as_text=True)
    english(client)
    page = client.get(f"/enterprises/{crew['e']}").get_data(as_text=True)
    assert "Jinhua, Zhejiang" in page and "金华市" not in page


def test_a_resolved_disagreement_is_changed_with_a_verb_and_names_who_resolved_it(client, auth, app, crew):
    with transaction(app) as s:
        disagreements.resolve(s, user=s.get(User, crew["owner"]), assessment=s.get(Assessment, crew["a"]),
                              requirement_id=REQ, rating="largely", note="现场查看")
    auth.login("owner@x.cn")
    review = client.get(f"/assessments/{crew['a']}/review").get_data(as_text=True)
    assert "修改决定" in review and ">变化<" not in review and "由 owner@x.cn 确定：大部分满足" in review
    english(client)
    assert "Change the resolution" in client.get(f"/assessments/{crew['a']}/review").get_data(as_text=True)


def test_refused_submission_lists_the_open_disagreements_the_chinese_way(app, crew):
    from maturity.domain.errors import Refused

    other = "production.operations.L1.02"
    with transaction(app) as s:
        draft = s.get(Assessment, crew["a"])
        for who, rating in (("ann", "full"), ("bob", "none")):
            assessments.save_answers(s, user=s.get(User, crew[who]), assessment=draft, answers={other: (rating, None)})
    with transaction(app) as s, pytest.raises(Refused) as refused:
        disagreements.check_resolved(s, s.get(Assessment, crew["a"]))
    message = refused.value.problems[0].message
    assert f"（{REQ}、{other}）" in message.zh and f"({REQ}, {other})" in message.en


def test_the_evidence_page_punctuates_in_the_readers_language(client, auth, crew):
    auth.login("ann@x.cn")
    path = f"/assessments/{crew['a']}/evidence?sub=production.operations"
    page = client.get(path).get_data(as_text=True)
    assert "答案：部分满足" in page and "答案:" not in page  # the lowest of Ann's and Bob's
    assert "作业指导书清单；现场作业指导书抽查记录" in page
    english(client)
    page = client.get(path).get_data(as_text=True)
    assert "Answer: Partially met" in page and "List of work instructions; Spot checks" in page


def test_the_account_page_punctuates_and_words_token_dates_in_the_readers_language(client, auth, crew):
    auth.login("owner@x.cn")
    token = csrf_token(client, "/account/tokens")
    client.post("/account/tokens", data={"name": "ERP", "days": "", "csrf_token": token})
    account = client.get("/account").get_data(as_text=True)
    assert "双重验证</a>：未开启" in account and "API 令牌</a>：1 个有效" in account
    assert "永不过期" in account and "尚未使用" in account
    tokens = client.get("/account/tokens").get_data(as_text=True)
    assert 'class="stack tokens"' in tokens and 'data-label="过期时间">永不过期' in tokens  # a card each on a phone
    english(client)
    account = client.get("/account").get_data(as_text=True)
    assert "Second factor</a>: off" in account and "does not expire · not used yet" in " ".join(account.split())


def test_the_assignment_page_heads_each_phone_card_with_the_sub_domain(client, auth, crew):
    auth.login("owner@x.cn")
    english(client)
    page = client.get(f"/assessments/{crew['a']}/team").get_data(as_text=True)
    assert '<td class="row-title">Production operations</td>' in page
    assert "> The assigned respondent&#39;s rating (else the lowest)</label>" in page


def test_the_result_page_reads_as_chinese_and_its_tables_stack_on_a_phone(client, auth, app, crew):
    from tests.conftest import demo_page_answers

    with transaction(app) as s:
        owner, draft = s.get(User, crew["owner"]), s.get(Assessment, crew["a"])
        answers, trimmed = demo_page_answers("demo-discrete-l1.json", draft.questionnaire_version)
        answers.pop(REQ)
        assessments.save_answers(s, user=owner, assessment=draft, answers=answers, trimmed=trimmed)
        disagreements.resolve(s, user=owner, assessment=draft, requirement_id=REQ, rating="largely", note="seen")
        assessments.submit(s, user=owner, assessment=draft)
        evidence.review(s, user=owner, assessment_id=crew["a"], requirement_id=REQ, verdict="checked", comment=None)
    auth.login("owner@x.cn")
    page = client.get(f"/assessments/{crew['a']}/result").get_data(as_text=True)
    facts = page.split('id="team-facts">', 1)[1].split("</p>", 1)[0]
    assert "。经核对的证据" in facts and "。 " not in facts  # no space between Chinese sentences
    assert "（全国）：第 2 级及以上" in page or "（全国）：第 1 级及以上" in page
    national = page.split("<h2>全国数据与目标</h2>", 1)[1].split("</ul>", 1)[0]
    assert '<li class="unknown">' in national and "<strong>" not in national  # its bullet is the only mark
    for table in ("initiatives stack", "path stack", "dists stack"):
        assert f'class="{table}"' in page
    english(client)
    page = client.get(f"/assessments/{crew['a']}/result").get_data(as_text=True)
    facts = " ".join(page.split('id="team-facts">', 1)[1].split("</p>", 1)[0].split())
    assert "(else the lowest). Checked evidence backs" in facts


def test_one_answer_from_the_level_below_is_written_in_the_singular():
    from maturity.domain.answers import AnswerSet
    from maturity.domain.scoring import score
    from maturity.questionnaires import shipped
    from maturity.reporting.executive import headline

    q = shipped().get("gbt39116-2020")
    ratings = {r.id: {1: 1.0, 2: 0.8, 3: 0.5}.get(r.level, 0.0)
               for r in q.requirements_for("discrete", trimmed=frozenset())}
    result = score(q, AnswerSet(industry="discrete", ratings=ratings, trimmed={}))  # level 2 exactly on its gate
    assert result.consolidation.fragility.answers == 1
    assert headline(result, q, "en").endswith(": 1 answer from level 1.")
    assert "：1 项答案降级就会回到第 1 级" in headline(result, q, "zh")


def test_the_report_cover_writes_a_small_evidence_share_as_the_page_does():
    cover = team_view({"respondents": ["Ann"], "rule": "assigned", "evidence_share": 0.003}, "en")
    assert cover["evidence_share"] == "<1%" and cover["rule"].startswith("The assigned respondent")
    assert team_view({"evidence_share": 0.0}, "zh")["evidence_share"] == "0%"
