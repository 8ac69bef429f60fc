"""The JSON API v1: token auth, scoring like the CLI, refusal across enterprises and parks, the PDF report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from maturity.cli.score import MISSING_HINT
from maturity.models import Enterprise, User
from maturity.services import accounts, assessments, sharing
from tests.conftest import transaction

pytestmark = pytest.mark.db

DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def demo(name: str) -> dict[str, Any]:
    """A demo answers document, without the cover facts the API does not take."""
    raw = json.loads((DEMO / name).read_text("utf-8"))
    raw.pop("enterprise", None)
    return raw


class World:
    """Two parks, three enterprises, one user of each role, each with an API token."""

    def __init__(self, app, make):  # type: ignore[no-untyped-def]
        self.app = app
        self.park1, self.park2 = make.park("Park One"), make.park("Park Two")
        self.a = make.enterprise("Factory A", park_id=self.park1)
        self.b = make.enterprise("Factory B", park_id=self.park2)
        self.c = make.enterprise("Plant C", industry_type="process")
        ids = {
            "ent_a": make.user("a@example.com", "enterprise", enterprise_id=self.a),
            "ent_b": make.user("b@example.com", "enterprise", enterprise_id=self.b),
            "consultant": make.user("c@example.com", "consultant", clients=(self.a,)),
            "park1": make.user("p1@example.com", "park_admin", park_id=self.park1),
            "admin": make.user("admin@example.com", "admin"),
        }
        with transaction(app) as s:
            self.tokens = {role: accounts.create_token(s, user=s.get(User, uid)) for role, uid in ids.items()}
            # Factory A shares its detailed results with its park; B does not (park 2 has no admin here).
            sharing.agree(s, user=s.get(User, ids["ent_a"]), enterprise=s.get(Enterprise, self.a))

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        """Authorization for `role`'s token."""
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}


@pytest.fixture
def world(app, make) -> World:  # type: ignore[no-untyped-def]
    return World(app, make)


def post(client, world: World, role: str, body: Any, query: str = ""):  # type: ignore[no-untyped-def]
    # Serialised here, not by the test client, which would sort the keys and so reorder the problems.
    return client.post(
        f"/api/v1/assessments{query}",
        data=json.dumps(body, ensure_ascii=False),
        headers=world.headers(role, **{"Content-Type": "application/json"}),
    )


def cli_json(tmp_path: Path, raw: dict[str, Any], *args: str) -> tuple[int, str]:
    """Exit code and output of `maturity score` on `raw` written to a file."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(cli, ["score", str(path), *args])
    return result.exit_code, result.output


# --- happy paths ----------------------------------------------------------------------------------


def test_post_scores_like_the_cli_and_stores_the_assessment(client, world, tmp_path):
    raw = demo("demo-discrete-l3.json")
    response = post(client, world, "ent_a", {**raw, "enterprise_id": world.a})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    code, out = cli_json(tmp_path, raw, "--format", "json")
    assert code == 0
    expected = json.loads(out)
    assert set(body) == set(expected) | {"id"}
    assert {k: v for k, v in body.items() if k != "id"} == expected
    assert body["level"] == 3
    assert response.headers["Location"].endswith(f"/api/v1/assessments/{body['id']}")

    stored = client.get(f"/api/v1/assessments/{body['id']}", headers=world.headers("ent_a")).get_json()
    assert stored["status"] == "submitted" and stored["enterprise_id"] == world.a
    assert stored["score"] == expected["score"] and stored["level"] == 3
    with transaction(world.app) as s:
        from maturity import store

        answers = store.answers_of(session=s, assessment_id=body["id"])
    assert len(answers) == len(raw["answers"])
    assert answers["strategy.L1.01"].comment.startswith("2023")


def test_english_result_by_query_or_accept_language(client, world, tmp_path):
    raw = demo("demo-process-l2.json")
    en = client.post(
        "/api/v1/assessments?lang=en", json={**raw, "enterprise_id": world.c}, headers=world.headers("admin")
    ).get_json()
    _, out = cli_json(tmp_path, raw, "--format", "json", "--lang", "en")
    assert en["explanation"] == json.loads(out)["explanation"]
    by_header = client.get(
        f"/api/v1/assessments/{en['id']}",
        headers=world.headers("admin", **{"Accept-Language": "en-GB,en;q=0.9"}),
    ).get_json()
    assert by_header["explanation"] == en["explanation"]
    zh = client.get(f"/api/v1/assessments/{en['id']}", headers=world.headers("admin")).get_json()
    assert zh["explanation"] != en["explanation"]


def test_quick_check_is_indicative(client, world):
    raw = demo("quick-example.json")
    body = post(client, world, "ent_a", {**raw, "enterprise_id": world.a}).get_json()
    assert body["indicative"] is True and body["questionnaire"] == "gbt39116-2020-quick"


def test_missing_none_rates_the_rest_not_met_and_rescores_the_same(client, world, tmp_path):
    raw = demo("demo-discrete-l3.json")
    raw["answers"] = dict(list(raw["answers"].items())[:40])
    refused = post(client, world, "ent_a", {**raw, "enterprise_id": world.a})
    assert refused.status_code == 422
    response = post(client, world, "ent_a", {**raw, "enterprise_id": world.a, "missing": "none"})
    assert response.status_code == 201
    _, out = cli_json(tmp_path, raw, "--format", "json", "--missing", "none")
    assert response.get_json()["score"] == json.loads(out)["score"]
    again = client.get(f"/api/v1/assessments/{response.get_json()['id']}", headers=world.headers("ent_a"))
    assert again.get_json()["score"] == json.loads(out)["score"]


def test_list_by_enterprise_and_all_visible(client, world):
    post(client, world, "ent_a", {**demo("demo-discrete-l1.json"), "enterprise_id": world.a})
    post(client, world, "ent_b", {**demo("demo-discrete-l3.json"), "enterprise_id": world.b})
    mine = client.get(
        f"/api/v1/assessments?enterprise_id={world.a}", headers=world.headers("ent_a")
    ).get_json()
    assert [a["enterprise_id"] for a in mine["assessments"]] == [world.a]
    assert mine["assessments"][0]["level"] == 1
    everything = client.get("/api/v1/assessments", headers=world.headers("admin")).get_json()
    assert sorted(a["enterprise_id"] for a in everything["assessments"]) == sorted([world.a, world.b])
    park = client.get("/api/v1/assessments", headers=world.headers("park1")).get_json()
    assert [a["enterprise_id"] for a in park["assessments"]] == [world.a]


def test_questionnaire_equals_cli_export(client, world):
    for qid in ("gbt39116-2020", "gbt39116-2020-quick"):
        result = CliRunner().invoke(cli, ["questionnaire", "export", "--questionnaire", qid])
        response = client.get(f"/api/v1/questionnaires/{qid}", headers=world.headers("ent_a"))
        assert response.status_code == 200
        assert response.get_json() == json.loads(result.output)
    assert client.get("/api/v1/questionnaires/nope", headers=world.headers("ent_a")).status_code == 404


def test_draft_shows_its_facts_without_a_result(client, world, app):
    with transaction(app) as s:
        from maturity.models import Enterprise

        draft = assessments.start_assessment(
            s, user=s.get(User, 1), enterprise=s.get(Enterprise, world.a), variant="full"
        )
    body = client.get(f"/api/v1/assessments/{draft.id}", headers=world.headers("ent_a")).get_json()
    assert body["status"] == "draft" and body["answered"] == 0 and "score" in body and body["level"] is None
    pdf = client.get(f"/api/v1/assessments/{draft.id}/report.pdf", headers=world.headers("ent_a"))
    assert pdf.status_code == 403 and pdf.get_json()["errors"]


# --- authentication -------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "bearer  "])
def test_requests_without_a_valid_token_get_401(client, world, header):
    headers = {"Authorization": header} if header else {}
    for method, path in [
        ("get", "/api/v1/assessments"),
        ("get", "/api/v1/questionnaires/gbt39116-2020"),
        ("post", "/api/v1/assessments"),
    ]:
        response = getattr(client, method)(path, headers=headers, json={} if method == "post" else None)
        assert response.status_code == 401, (method, path)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["errors"][0]["message"].startswith("需要有效的 API 令牌")


def test_revoked_token_is_refused(client, world, app):
    from maturity.models import ApiToken

    with transaction(app) as s:
        for token in s.exec(__import__("sqlmodel").select(ApiToken)).all():
            token.revoked = True
            s.add(token)
        s.commit()
    assert client.get("/api/v1/assessments", headers=world.headers("admin")).status_code == 401


def test_browser_session_may_read_but_not_post(client, world, auth):
    auth.login("a@example.com")
    assert client.get("/api/v1/assessments").status_code == 200
    response = client.post(
        "/api/v1/assessments", json={**demo("quick-example.json"), "enterprise_id": world.a}
    )
    assert response.status_code == 401


# --- who reaches what -----------------------------------------------------------------------------

# (role, enterprise attribute, may see, may submit)
ACCESS = [
    ("ent_a", "a", True, True),
    ("ent_a", "b", False, False),
    ("ent_a", "c", False, False),
    ("ent_b", "a", False, False),
    ("ent_b", "b", True, True),
    ("consultant", "a", True, True),
    ("consultant", "b", False, False),
    ("consultant", "c", False, False),
    ("park1", "a", True, False),
    ("park1", "b", False, False),
    ("park1", "c", False, False),
    ("admin", "a", True, True),
    ("admin", "b", True, True),
    ("admin", "c", True, True),
]


@pytest.mark.parametrize(("role", "which", "may_see", "may_submit"), ACCESS)
def test_a_token_reaches_only_what_its_user_may_see(client, world, role, which, may_see, may_submit):
    enterprise = getattr(world, which)
    raw = demo("demo-process-l2.json" if which == "c" else "demo-discrete-l1.json")
    created = post(client, world, "admin", {**raw, "enterprise_id": enterprise}).get_json()
    aid = created["id"]
    headers = world.headers(role)

    single = client.get(f"/api/v1/assessments/{aid}", headers=headers)
    listed = client.get(f"/api/v1/assessments?enterprise_id={enterprise}", headers=headers)
    report = client.head(f"/api/v1/assessments/{aid}/report.pdf", headers=headers) if not may_see else None
    submitted = post(client, world, role, {**raw, "enterprise_id": enterprise})
    everything = client.get("/api/v1/assessments", headers=headers).get_json()["assessments"]
    if may_see:
        assert single.status_code == 200 and single.get_json()["id"] == aid
        assert aid in [a["id"] for a in listed.get_json()["assessments"]]
        assert aid in [a["id"] for a in everything]
    else:
        for response in (single, listed, report):
            assert response.status_code == 404
            assert response.request.method == "HEAD" or set(response.get_json()) == {"errors"}
        assert aid not in [a["id"] for a in everything]
    if may_submit:
        assert submitted.status_code == 201
    else:
        assert submitted.status_code == (403 if may_see else 404)


def test_unknown_assessment_and_enterprise_are_404(client, world):
    assert client.get("/api/v1/assessments/9999", headers=world.headers("admin")).status_code == 404
    assert (
        client.get("/api/v1/assessments?enterprise_id=9999", headers=world.headers("admin")).status_code
        == 404
    )
    response = post(client, world, "admin", {**demo("quick-example.json"), "enterprise_id": 9999})
    assert response.status_code == 404
    assert response.get_json() == {
        "errors": [{"where": "enterprise_id", "message": "enterprise_id: 未找到该企业", "code": "invalid"}]
    }


# --- invalid input: the CLI's own messages ---------------------------------------------------------


def _bad(kind: str) -> dict[str, Any]:
    raw = demo("demo-discrete-l3.json")
    answers = raw["answers"]
    if kind == "unknown_id":
        answers["strategy.L9.99"] = "full"
        answers["nonsense"] = "full"
    elif kind == "unknown_questionnaire":
        raw["questionnaire"] = "gbt-nope"
    elif kind == "invalid_rating":
        answers["strategy.L1.02"] = "mostly"
        answers["strategy.L1.03"] = 7
    elif kind == "missing":
        for rid in list(answers)[:5]:
            del answers[rid]
    elif kind == "wrong_industry":
        answers["equipment.L2.03"] = "full"
    elif kind == "invalid_industry":
        raw["industry"] = "chemical"
    elif kind == "not_trimmable":
        raw["trimmed"] = {"strategy": "no strategy here"}
    return raw


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "kind",
    [
        "unknown_id",
        "unknown_questionnaire",
        "invalid_rating",
        "missing",
        "wrong_industry",
        "invalid_industry",
        "not_trimmable",
    ],
)
def test_invalid_answers_get_422_with_the_cli_messages(client, world, tmp_path, kind, lang):
    raw = _bad(kind)
    code, out = cli_json(tmp_path, raw, "--lang", lang)
    assert code == 2
    # The CLI adds its own remedy for missing answers (its --missing flag); the problems are the same.
    cli_lines = [
        line.removeprefix("Error: ") for line in out.strip().splitlines() if line not in MISSING_HINT.values()
    ]
    response = post(client, world, "ent_a", {**raw, "enterprise_id": world.a}, f"?lang={lang}")
    assert response.status_code == 422
    assert [e["message"] for e in response.get_json()["errors"]] == cli_lines
    assert client.get(
        f"/api/v1/assessments?enterprise_id={world.a}", headers=world.headers("ent_a")
    ).get_json() == {"assessments": []}


def test_messages_follow_accept_language(client, world):
    raw = _bad("invalid_rating")
    response = client.post(
        "/api/v1/assessments",
        json={**raw, "enterprise_id": world.a},
        headers=world.headers("ent_a", **{"Accept-Language": "en-US,en;q=0.8"}),
    )
    assert response.get_json()["errors"][0]["message"].startswith(
        "answers.strategy.L1.02: invalid rating 'mostly'"
    )
    assert response.get_json()["errors"][0]["where"] == "answers.strategy.L1.02"


def test_malformed_json_is_400_and_other_shapes_422(client, world):
    headers = world.headers("ent_a", **{"Content-Type": "application/json"})
    broken = client.post("/api/v1/assessments", data='{"industry": "discrete",', headers=headers)
    assert broken.status_code == 400
    assert "malformed JSON" in broken.get_json()["errors"][0]["message"]
    assert client.post("/api/v1/assessments", data="[1, 2]", headers=headers).status_code == 422
    no_enterprise = post(client, world, "ent_a", demo("quick-example.json"))
    assert no_enterprise.status_code == 422
    assert no_enterprise.get_json()["errors"][0]["where"] == "enterprise_id"
    bad_missing = post(
        client, world, "ent_a", {**demo("quick-example.json"), "enterprise_id": world.a, "missing": "maybe"}
    )
    assert bad_missing.status_code == 422 and bad_missing.get_json()["errors"][0]["where"] == "missing"


def test_industry_differing_from_the_profile_is_refused(client, world):
    raw = demo("demo-process-l2.json")
    response = post(client, world, "ent_a", {**raw, "enterprise_id": world.a})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"where": "industry", "message": "industry: 答案的行业类型与企业档案不一致", "code": "invalid"}
    ]


# --- the PDF report ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_pdf(client, world, lang):
    created = post(
        client, world, "ent_a", {**demo("demo-discrete-l3.json"), "enterprise_id": world.a}
    ).get_json()
    response = client.get(
        f"/api/v1/assessments/{created['id']}/report.pdf?lang={lang}", headers=world.headers("consultant")
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"-{lang}.pdf" in response.headers["Content-Disposition"]


def test_a_too_long_comment_is_refused_naming_the_requirement(client, world):
    doc = demo("demo-discrete-l3.json")
    doc["answers"]["data.L2.01"] = {"rating": "full", "comment": "注" * 2001}
    response = post(client, world, "ent_a", {**doc, "enterprise_id": world.a}, "?lang=en")
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["where"] == "answers.data.L2.01.comment"
    assert "data.L2.01" in error["message"] and "2000" in error["message"]


def test_report_pdf_with_the_appendix_and_the_result_json_with_the_plan(client, world):
    response = post(client, world, "ent_a", {**demo("demo-discrete-l3.json"), "enterprise_id": world.a})
    created = response.get_json()
    assert created["plan"]["target_level"] == 4 and created["plan"]["reachable"]
    assert created["consolidate"] and created["margin"] == pytest.approx(created["score"] - 2.8, abs=1e-4)
    fetched = client.get(f"/api/v1/assessments/{created['id']}", headers=world.headers("consultant")).get_json()
    assert fetched["plan"] == created["plan"] and fetched["initiatives"] == created["initiatives"]
    url = f"/api/v1/assessments/{created['id']}/report.pdf?lang=en"
    plain = client.get(url, headers=world.headers("consultant"))
    full = client.get(url + "&appendix=1", headers=world.headers("consultant"))
    assert full.status_code == 200 and "-en-appendix.pdf" in full.headers["Content-Disposition"]
    assert len(full.data) > len(plain.data)


# --- the OpenAPI document --------------------------------------------------------------------------


def test_openapi_document_is_valid_and_covers_every_route(app):
    import yaml
    from openapi_spec_validator import validate

    spec = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text("utf-8"))
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    documented = {
        (path, method.upper())
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.removeprefix("/api/v1")
            for arg in rule.arguments:
                path = path.replace(f"<int:{arg}>", f"{{{arg}}}").replace(f"<{arg}>", f"{{{arg}}}")
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes and routes == documented
    assert [s["url"] for s in spec["servers"]] == ["/api/v1"]


def test_results_page_links_the_pdf_report_which_the_session_may_download(app, client, world, auth):
    created = post(
        client, world, "admin", {**demo("quick-example.json"), "enterprise_id": world.a}
    ).get_json()
    auth.login("a@example.com")
    html = client.get(f"/assessments/{created['id']}/result").get_data(as_text=True)
    link = f"/api/v1/assessments/{created['id']}/report.pdf?lang=zh"
    action = f"/api/v1/assessments/{created['id']}/report.pdf"
    assert f'action="{action}"' in html and 'name="lang" value="zh"' in html and "下载 PDF 报告" in html
    assert 'type="checkbox" name="appendix" value="1"' in html
    response = client.get(link)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert app.test_client().get(link).status_code == 401
