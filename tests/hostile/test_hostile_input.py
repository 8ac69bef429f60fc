"""Hostile input never answers 500: every API error is JSON in the documented `errors` shape, IDs are
bounded integers read strictly (ASCII digits, 1..2^31-1), text refuses NUL bytes and lone surrogates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from maturity.models import User
from maturity.services import accounts
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"
BIG, HUGE = 2**31, 2**70
NESTED = "[" * 1000 + "]" * 1000


@pytest.fixture
def world(app, make, auth):
    """An admin token, an enterprise with its user logged in on `client` and a draft."""
    eid = make.enterprise("Factory A")
    uid = make.user("a@example.com", "enterprise", enterprise_id=eid)
    admin = make.user("admin@example.com", "admin")
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, admin))
    return {"eid": eid, "uid": uid, "token": token}


def _quick(eid: int, **changes: Any) -> dict[str, Any]:
    raw = json.loads((DEMO / "quick-example.json").read_text("utf-8"))
    raw.pop("enterprise", None)
    return {**raw, "enterprise_id": eid, **changes}


def _full(eid: int) -> dict[str, Any]:
    raw = json.loads((DEMO / "demo-discrete-l3.json").read_text("utf-8"))
    raw.pop("enterprise", None)
    return {**raw, "enterprise_id": eid}


# (name, method, path, body as text or object or None, content type, accepted statuses)
API_CASES: list[tuple[str, str, str, Any, str, set[int]]] = [
    ("nested-1000", "POST", "/api/v1/assessments", NESTED, "application/json", {400, 422}),
    ("nested-object", "POST", "/api/v1/assessments", '{"a":' * 1000 + "1" + "}" * 1000, "application/json",
     {400, 422}),
    ("5000-digits", "POST", "/api/v1/assessments", '{"enterprise_id": ' + "9" * 5000 + "}", "application/json",
     {400, 422}),
    ("questionnaire-list", "POST", "/api/v1/assessments", {"enterprise_id": "EID", "questionnaire": []},
     "application/json", {422}),
    ("questionnaire-object", "POST", "/api/v1/assessments",
     {"enterprise_id": "EID", "questionnaire": {"a": 1}, "questionnaire_version": [], "industry": []},
     "application/json", {422}),
    ("body-id-2^31", "POST", "/api/v1/assessments", {"enterprise_id": BIG}, "application/json", {404, 422}),
    ("body-id-2^70", "POST", "/api/v1/assessments", {"enterprise_id": HUGE}, "application/json", {404, 422}),
    ("body-id-negative", "POST", "/api/v1/assessments", {"enterprise_id": -1}, "application/json", {404, 422}),
    ("url-id-2^31", "GET", f"/api/v1/assessments/{BIG}", None, "", {404}),
    ("url-id-2^70", "GET", f"/api/v1/assessments/{HUGE}", None, "", {404}),
    ("url-pdf-2^70", "GET", f"/api/v1/assessments/{HUGE}/report.pdf", None, "", {404}),
    ("url-rescore-2^31", "POST", f"/api/v1/assessments/{BIG}/rescore", {"to": "1.0.0"}, "application/json",
     {404}),
    ("url-park-2^31", "GET", f"/api/v1/parks/{BIG}/stats", None, "", {404}),
    ("url-job-2^70", "GET", f"/api/v1/jobs/{HUGE}", None, "", {404}),
    ("query-2^31", "GET", f"/api/v1/assessments?enterprise_id={BIG}", None, "", {404, 422}),
    ("query-2^70", "GET", f"/api/v1/assessments?enterprise_id={HUGE}", None, "", {404, 422}),
    ("query-superscript", "GET", "/api/v1/assessments?enterprise_id=²", None, "", {422}),
    ("query-circled", "GET", "/api/v1/assessments?enterprise_id=①", None, "", {422}),
    ("query-arabic-indic", "GET", "/api/v1/assessments?enterprise_id=١", None, "", {422}),
    ("query-nul", "GET", "/api/v1/assessments?enterprise_id=1%00", None, "", {422}),
    ("not-json", "POST", "/api/v1/assessments", "enterprise_id=1", "application/x-www-form-urlencoded", {415}),
    ("no-content-type", "POST", "/api/v1/assessments", '{"enterprise_id": 1}', "", {415}),
    ("unknown-path", "GET", "/api/v1/nothing-here", None, "", {404}),
    ("wrong-method", "DELETE", "/api/v1/assessments", None, "", {405}),
    ("too-large", "POST", "/api/v1/assessments", '{"x": "' + "a" * (3 * 1024 * 1024) + '"}',
     "application/json", {413}),
    ("lang-outside-enum", "GET", "/api/v1/assessments?lang=xx", None, "", {422}),
    ("bad-utf8", "POST", "/api/v1/assessments", b'{"enterprise_id": "\xff"}', "application/json", {400}),
]


def _send(client, method: str, path: str, body: Any, ctype: str, token: str):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"}
    if ctype:
        headers["Content-Type"] = ctype
    data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
    return client.open(path, method=method, data=data, headers=headers)


def assert_errors_shape(response) -> None:  # type: ignore[no-untyped-def]
    """JSON `{"errors": [{"where", "message", ...}]}`, as docs/openapi.yaml documents."""
    assert response.content_type.startswith("application/json"), (response.status_code, response.data[:200])
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]
    for entry in body["errors"]:
        assert isinstance(entry.get("where"), str) and isinstance(entry.get("message"), str) and entry["message"]


@pytest.mark.parametrize(("name", "method", "path", "body", "ctype", "statuses"), API_CASES,
                         ids=[c[0] for c in API_CASES])
def test_hostile_api_input_answers_json_errors(client, world, name, method, path, body, ctype, statuses):
    if isinstance(body, dict) and body.get("enterprise_id") == "EID":
        body = {**body, "enterprise_id": world["eid"]}
    response = _send(client, method, path, body, ctype, world["token"])
    assert response.status_code in statuses, (response.status_code, response.data[:300])
    assert_errors_shape(response)


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"], ids=["lone-surrogate", "nul"])
@pytest.mark.parametrize("where", ["reason", "comment"])
def test_api_refuses_bad_characters_naming_the_field(client, world, bad, where):
    raw = _full(world["eid"])
    if where == "reason":
        raw["trimmed"] = {"service.product": f"不提供{bad}"}
        field = "trimmed.service.product"
    else:
        raw["answers"]["strategy.L1.01"] = {"rating": "full", "comment": f"见{bad}"}
        field = "strategy.L1.01"
    text = json.dumps(raw, ensure_ascii=True)
    response = _send(client, "POST", "/api/v1/assessments", text, "application/json", world["token"])
    assert response.status_code == 422, response.data[:300]
    assert_errors_shape(response)
    assert any(field in e["where"] for e in response.get_json()["errors"]), response.get_json()


def test_a_500_under_the_api_is_json(app, client, world, monkeypatch):
    from maturity.web.api import routes

    app.config["TEST_ERROR_PAGES"] = True
    monkeypatch.setattr(routes.store, "assessments_of", lambda **_: 1 / 0)
    response = _send(client, "GET", f"/api/v1/assessments?enterprise_id={world['eid']}", None, "", world["token"])
    assert response.status_code == 500
    assert_errors_shape(response)


WEB_CASES = [
    ("enterprise-2^31", f"/enterprises/{BIG}"),
    ("enterprise-2^70", f"/enterprises/{HUGE}"),
    ("enterprise-superscript", "/enterprises/²"),
    ("enterprise-circled", "/enterprises/①"),
    ("enterprise-arabic-indic", "/enterprises/١"),
    ("assessment-2^70", f"/assessments/{HUGE}/pages/strategy"),
    ("assessment-2^31-result", f"/assessments/{BIG}/result"),
    ("page-key-150", "/assessments/{aid}/pages/" + "k" * 150),
]


@pytest.mark.parametrize(("name", "path"), WEB_CASES, ids=[c[0] for c in WEB_CASES])
def test_hostile_web_paths_answer_404(client, auth, world, name, path):
    auth.login("a@example.com")
    response = client.get(path.replace("{aid}", "1"))
    assert response.status_code == 404, response.status_code


def test_web_refuses_a_nul_in_a_form_without_a_500(client, auth, world):
    token = csrf_token(client)
    response = client.post("/auth/login", data={"email": "a\x00@example.com", "password": "x", "csrf_token": token})
    assert response.status_code in (200, 422)


def test_a_wizard_page_with_a_nul_saves_the_rest_and_names_the_field(app, client, auth, world):
    from maturity import store

    auth.login("a@example.com")
    start = client.post(f"/enterprises/{world['eid']}/assessments",
                        data={"variant": "full", "csrf_token": csrf_token(client, f"/enterprises/{world['eid']}")})
    aid = int(start.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/assessments/{aid}/pages/strategy", data={
        "csrf_token": csrf_token(client, "/account"), "action": "save",
        "rating-strategy.L1.01": "full", "comment-strategy.L1.01": "a\x00b", "rating-strategy.L1.02": "partial",
    })
    assert response.status_code == 422
    with transaction(app) as s:
        answers = store.answers_of(session=s, assessment_id=aid)
    assert answers["strategy.L1.02"].rating == "partial" and "strategy.L1.01" not in answers
