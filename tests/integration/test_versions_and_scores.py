"""Canonical answers, typed score rows, stored assessments under their own version, and re-scoring onto 1.1.0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import col, func, select

from maturity.cli import cli
from maturity.models import Answer, Assessment, AssessmentScore, SubdomainScore, User
from maturity.services import accounts
from tests.conftest import transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


@pytest.fixture
def owner(app, make):  # type: ignore[no-untyped-def]
    """An enterprise user with a token, and the enterprise's ID."""
    company = make.enterprise("Factory")
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=company)
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, uid))
    return {"Authorization": f"Bearer {token}"}, company


def post(client, headers, body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/assessments", json=body, headers=headers)


def test_answers_are_stored_canonically_whatever_the_spelling(app, client, owner):
    """Defect 3 of issue 7: `0.8`, `LARGELY`, `全部满足`, `full` end up as rating IDs."""
    headers, company = owner
    raw = demo("demo-discrete-l3.json")
    answers = dict(raw["answers"])
    ids = sorted(answers)
    spelled = {ids[0]: 0.8, ids[1]: "LARGELY", ids[2]: "全部满足", ids[3]: "full", ids[4]: 1, ids[5]: "0.5"}
    answers.update(spelled)
    response = post(client, headers, {**raw, "answers": answers, "enterprise_id": company})
    assert response.status_code == 201, response.get_json()
    with transaction(app) as s:
        stored = {a.requirement_id: a.rating for a in s.exec(select(Answer))}
    assert [stored[i] for i in ids[:6]] == ["largely", "largely", "full", "full", "full", "partial"]
    assert set(stored.values()) <= {"full", "largely", "partial", "none", "na"}


def test_quick_check_answers_are_stored_as_level_digits(app, client, make):
    company = make.enterprise("Quick Ltd")
    uid = make.user("q@x.cn", "enterprise", enterprise_id=company)
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, uid))
    raw = demo("quick-example.json")
    raw["answers"] = {k: str(v) for k, v in raw["answers"].items()}
    response = post(client, {"Authorization": f"Bearer {token}"}, {**raw, "enterprise_id": company})
    assert response.status_code == 201, response.get_json()
    with transaction(app) as s:
        assert all(a.rating.isdigit() for a in s.exec(select(Answer)))


def test_submission_writes_typed_score_rows_that_group_by_level(app, client, owner):
    """Defect 4 of issue 7: scores as columns, so aggregates are a plain GROUP BY on every database."""
    headers, company = owner
    for name in ("demo-discrete-l1.json", "demo-discrete-l3.json"):
        assert post(client, headers, {**demo(name), "enterprise_id": company}).status_code == 201
    with transaction(app) as s:
        by_level = dict(
            s.exec(
                select(AssessmentScore.level, func.count())
                .where(col(AssessmentScore.is_current).is_(True))
                .group_by(AssessmentScore.level)
            ).all()
        )
        assert by_level == {1: 1, 3: 1}
        row = s.exec(select(AssessmentScore).where(AssessmentScore.level == 3)).one()
        assert (row.questionnaire_version, row.variant, row.indicative) == ("1.0.0", "full", False)
        assert row.assessed_year == row.submitted_at.year
        subs = s.exec(select(SubdomainScore).where(SubdomainScore.score_id == row.id)).all()
        assert {r.level for r in subs} == {1, 2, 3, 4, 5}
        assert all(0 <= r.mean <= 1 and r.weight >= 0 for r in subs)
        level_3 = [r for r in subs if r.level == 3]
        assert abs(sum(r.weight for r in level_3) - 1) < 1e-9
        stored = s.get(Assessment, row.assessment_id).result["level_scores"]["3"]
        assert abs(sum(r.weight * r.mean for r in level_3) - stored) < 1e-4  # SQL can rebuild the level score


def test_a_1_0_assessment_shows_its_result_and_pdf_after_1_1_is_published(app, client, auth, owner):
    """Defect 2 of issue 7: the results page and the PDF re-score under the version the answers were given in."""
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    auth.login("boss@x.cn")
    page = client.get(f"/assessments/{created['id']}/result")
    assert page.status_code == 200
    assert (
        client.get(f"/api/v1/assessments/{created['id']}", headers=headers).get_json()["questionnaire_version"]
        == "1.0.0"
    )
    pdf = client.get(f"/api/v1/assessments/{created['id']}/report.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_an_unscorable_stored_assessment_answers_a_page_not_a_500(app, client, auth, owner):
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    with transaction(app) as s:
        answer = s.exec(select(Answer).where(Answer.assessment_id == created["id"])).first()
        answer.rating = "mostly"  # a value no version accepts, as a hand-edited database might hold
        s.add(answer)
    auth.login("boss@x.cn")
    app.config["TEST_ERROR_PAGES"] = True
    response = client.get(f"/assessments/{created['id']}/result")
    assert response.status_code == 422
    assert "mostly" in response.get_data(as_text=True)
    api = client.get(f"/api/v1/assessments/{created['id']}", headers=headers)
    assert api.status_code == 422 and "mostly" in api.get_json()["errors"][0]["message"]


def test_rescore_dry_run_prints_the_diff_and_changes_nothing(app, client, owner, runner):
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    result = runner.invoke(cli, ["rescore", "--to", "1.1.0", "--all", "--dry-run", "--format", "json"])
    assert result.exit_code == 0, result.output
    [outcome] = json.loads(result.output)["assessments"]
    assert outcome["assessment_id"] == created["id"] and outcome["status"] == "would_rescore"
    assert (outcome["from_version"], outcome["old_level"]) == ("1.0.0", 3)
    assert outcome["new_requirements"] == ["security.L2.04"]
    assert outcome["replaced"] == {"security.L3.04": "security.L3.03"}
    assert outcome["new_score"] < outcome["old_score"]
    text = runner.invoke(cli, ["rescore", "--to", "1.1.0", "--all", "--dry-run"])
    assert f"#{created['id']}" in text.output and "security.L2.04" in text.output and "1.0.0 → 1.1.0" in text.output
    with transaction(app) as s:
        assert len(s.exec(select(AssessmentScore)).all()) == 1


def test_rescore_keeps_both_scores_and_every_answer(app, client, owner, runner):
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    with transaction(app) as s:
        before = {a.requirement_id: a.rating for a in s.exec(select(Answer))}
    result = runner.invoke(cli, ["rescore", "--to", "1.1.0", "--assessment", str(created["id"])])
    assert result.exit_code == 0 and "[rescored]" in result.output
    with transaction(app) as s:
        rows = {r.questionnaire_version: r for r in s.exec(select(AssessmentScore))}
        assert set(rows) == {"1.0.0", "1.1.0"}
        assert rows["1.1.0"].is_current and not rows["1.0.0"].is_current
        assert {a.requirement_id: a.rating for a in s.exec(select(Answer))} == before


def test_rescore_can_leave_new_requirements_to_the_respondent(app, client, owner):
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    response = client.post(
        f"/api/v1/assessments/{created['id']}/rescore",
        json={"to": "1.1.0", "unanswered": "respondent"},
        headers=headers,
    )
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "draft_created"
    draft = client.get(f"/api/v1/assessments/{body['draft_id']}", headers=headers).get_json()
    assert (draft["status"], draft["questionnaire_version"]) == ("draft", "1.1.0")
    with transaction(app) as s:
        draft_answers = {
            a.requirement_id for a in s.exec(select(Answer).where(Answer.assessment_id == body["draft_id"]))
        }
    assert "security.L2.04" not in draft_answers and "security.L3.04" in draft_answers


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [({"to": "9.9.9"}, 422, "version"), ({}, 422, "to"), ({"to": "1.1.0", "unanswered": "maybe"}, 422, "unanswered")],
)
def test_rescore_refuses_bad_input_with_json(client, owner, body, status, where):
    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l1.json"), "enterprise_id": company}).get_json()
    response = client.post(f"/api/v1/assessments/{created['id']}/rescore", json=body, headers=headers)
    assert response.status_code == status
    assert response.get_json()["errors"][0]["where"] == where


def test_questionnaire_list_shows_every_version():
    result = CliRunner().invoke(cli, ["questionnaire", "list"])
    lines = [line.split("\t")[:2] for line in result.output.splitlines()]
    assert ["gbt39116-2020", "1.0.0"] in lines and ["gbt39116-2020", "1.1.0"] in lines


def test_copying_a_1_0_assessment_moves_it_to_the_newest_version(app, client, auth, owner):
    from maturity.services import assessments

    headers, company = owner
    created = post(client, headers, {**demo("demo-discrete-l3.json"), "enterprise_id": company}).get_json()
    with transaction(app) as s:
        from maturity.models import Assessment

        user = s.exec(select(User)).one()
        copy = assessments.copy_assessment(s, user=user, source=s.get(Assessment, created["id"]))
        copied = {a.requirement_id for a in s.exec(select(Answer).where(Answer.assessment_id == copy.id))}
    assert copy.questionnaire_version == "1.1.0"
    assert "security.L3.04" in copied and "security.L3.03" not in copied and "security.L1.03" not in copied
