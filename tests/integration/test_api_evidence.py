"""Evidence over the JSON API: listing, downloads as attachments, a reviewer's check or query, with the evidence
pages' permissions and JSON refusals."""

from __future__ import annotations

import json

import pytest

from maturity.models import Enterprise, User
from maturity.services import accounts, assessments, evidence
from maturity.services.evidence_store import LocalStore
from tests.conftest import PDF, join_team, transaction

pytestmark = pytest.mark.db
REQ = "production.operations.L1.01"


@pytest.fixture
def team_with_file(app, make):  # type: ignore[no-untyped-def]
    """Owner, respondent Ann (who rated REQ and attached a file), reviewer Rev, an outsider; a token each."""
    eid = make.enterprise("Team Works")
    ids = {"owner": make.user("owner@x.cn", "enterprise", enterprise_id=eid)}
    ids["outsider"] = make.user("out@y.cn", "enterprise", enterprise_id=make.enterprise("Elsewhere"))
    with transaction(app) as s:
        owner = s.get(User, ids["owner"])
        ids |= join_team(s, owner, eid, {"ann": "respondent", "rev": "reviewer"})
        draft = assessments.start_assessment(s, user=owner, enterprise=s.get(Enterprise, eid), variant="full")
        ann = s.get(User, ids["ann"])
        assessments.save_answers(s, user=ann, assessment=draft, answers={REQ: ("full", None)})
        files = LocalStore(app.instance_path + "/evidence")  # where the app's default store looks
        row = evidence.attach(s, user=ann, assessment_id=draft.id, requirement_id=REQ, filename="记录.pdf",
                              data=PDF, store=files, max_bytes=1024)
        tokens = {k: accounts.create_token(s, user=s.get(User, uid)) for k, uid in ids.items()}
        quick = assessments.start_assessment(s, user=owner, enterprise=s.get(Enterprise, eid), variant="quick")
        return {"a": draft.id, "file": row.id, "quick": quick.id, "tokens": tokens}


def call(client, world, who, method, path, body=None, **headers):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {world['tokens'][who]}", **headers}
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
        body = body if isinstance(body, str) else json.dumps(body)
    return client.open(f"/api/v1{path}", method=method, data=body, headers=headers)


def test_a_team_member_lists_evidence_and_downloads_it_as_an_attachment(client, team_with_file):
    w = team_with_file
    listed = call(client, w, "ann", "GET", f"/assessments/{w['a']}/evidence").get_json()
    [entry] = listed["requirements"]
    assert entry["requirement_id"] == REQ and entry["review"] is None and listed["uploads_open"] is True
    assert entry["files"][0]["filename"] == "记录.pdf" and listed["backing"] == {"checked": 0, "share": 0.0}
    got = call(client, w, "ann", "GET", entry["files"][0]["download"].removeprefix("/api/v1"))
    assert got.data == PDF and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"


def test_a_reviewer_checks_or_queries_and_the_share_follows(client, team_with_file):
    w, path = team_with_file, f"/assessments/{team_with_file['a']}/evidence/{REQ}/review"
    queried = call(client, w, "rev", "PUT", path + "?lang=en", {"verdict": "queried"})
    assert queried.status_code == 422 and queried.get_json()["errors"][0]["where"] == "comment"
    done = call(client, w, "rev", "PUT", path, {"verdict": "queried", "comment": "which line?"}).get_json()
    assert (done["verdict"], done["comment"]) == ("queried", "which line?")
    done = call(client, w, "rev", "PUT", path, {"verdict": "checked", "comment": None}).get_json()
    assert done["verdict"] == "checked" and done["reviewed_at"]
    listed = call(client, w, "owner", "GET", f"/assessments/{w['a']}/evidence").get_json()
    assert listed["requirements"][0]["review"]["verdict"] == "checked"
    assert listed["backing"] == {"checked": 1, "share": 1.0}  # the one requirement rated holds all of S


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        ({"verdict": 5}, 422, "verdict"),
        ({}, 422, "verdict"),
        ({"verdict": "approved"}, 422, "verdict"),
        ({"verdict": "queried", "comment": ["x"]}, 422, "comment"),
        ({"verdict": "queried", "comment": "x" * 2001}, 422, "comment"),
        ("{not json", 400, "body"),
    ],
)
def test_bad_reviews_are_refused_in_json_naming_the_field(client, team_with_file, body, status, where):
    w = team_with_file
    got = call(client, w, "rev", "PUT", f"/assessments/{w['a']}/evidence/{REQ}/review", body)
    assert got.status_code == status and got.get_json()["errors"][0]["where"] == where


def test_permissions_are_those_of_the_evidence_pages(client, team_with_file):
    w, review = team_with_file, f"/assessments/{team_with_file['a']}/evidence/{REQ}/review"
    assert call(client, w, "ann", "PUT", review, {"verdict": "checked"}).status_code == 403  # a respondent
    for path in (f"/assessments/{w['a']}/evidence", f"/evidence/{w['file']}"):
        refused = call(client, w, "outsider", "GET", path)
        assert refused.status_code == 404 and refused.get_json()["errors"]
    assert call(client, w, "outsider", "PUT", review, {"verdict": "checked"}).status_code == 404
    unknown = review.replace(REQ, "no.such.L1.01")
    assert call(client, w, "rev", "PUT", unknown, {"verdict": "checked"}).status_code == 404
    assert call(client, w, "owner", "GET", f"/assessments/{w['quick']}/evidence").status_code == 404
    assert call(client, w, "owner", "GET", "/evidence/999999").status_code == 404
