"""Data rights: the owner exports everything held about the enterprise and asks for deletion; an administrator
deletes it, keeping only anonymous score rows that the park's statistics still count."""

from __future__ import annotations

import io
import json

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import func, select

from maturity.models import (
    Answer,
    ApiToken,
    Assessment,
    AssessmentScore,
    ConsultantClient,
    Enterprise,
    SubdomainScore,
    User,
)
from maturity.models_audit import AuditEvent, DeletionRequest
from maturity.services import accounts, assessments, parks
from tests.conftest import DEMO, csrf_token, transaction

pytestmark = pytest.mark.db


@pytest.fixture
def world(app, make):
    """A park with two enterprises, each with a submitted assessment; the first one's owner and consultant."""
    park = make.park("Park")
    ids = {"park": park, "mine": make.enterprise("Mine Co", "discrete", park),
           "other": make.enterprise("Other", "process", park)}
    ids["owner"] = make.user("owner@x.cn", "enterprise", enterprise_id=ids["mine"])
    make.user("other@x.cn", "enterprise", enterprise_id=ids["other"])
    make.user("c@x.cn", "consultant", clients=(ids["mine"],))
    ids["admin"] = make.user("admin@x.cn", "admin")
    make.user("pa@x.cn", "park_admin", park_id=park)
    with transaction(app) as s:
        for key, doc in (("mine", "demo-discrete-l3.json"), ("other", "demo-process-l2.json")):
            raw = json.loads((DEMO / doc).read_text("utf-8"))
            user = s.exec(select(User).where(User.enterprise_id == ids[key])).first()
            assessments.create_submitted(s, user=user, enterprise=s.get(Enterprise, ids[key]), raw=raw)
        accounts.create_token(s, user=s.get(User, ids["owner"]))
    return ids


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/account")})


def test_the_owner_exports_everything_as_json_and_xlsx(app, client, auth, world):
    auth.login("owner@x.cn")
    found = client.get(f"/enterprises/{world['mine']}/data.json").get_json()
    assert found["profile"]["name"] == "Mine Co"
    assert [u["email"] for u in found["users"]] == ["owner@x.cn"] and "password_hash" not in found["users"][0]
    assert len(found["assessments"]) == 1 and len(found["answers"]) > 100
    assert found["scores"][0]["level"] == 3 and found["subdomain_scores"] and found["reports"][0]["path"]
    assert found["consultants"][0]["enterprise_id"] == world["mine"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.get(f"/enterprises/{world['mine']}/data.xlsx").data))
    assert {"profile", "users", "assessments", "answers", "scores"} <= set(book.sheet_names)
    with transaction(app) as s:
        assert s.exec(select(func.count()).where(AuditEvent.action == "export.data")).one() == 2


def test_nobody_else_exports_or_asks_for_deletion(app, client, auth, world):
    auth.login("c@x.cn")  # the consultant sees the enterprise but holds no data rights over it
    assert client.get(f"/enterprises/{world['mine']}/data.json").status_code == 403
    assert post(client, f"/enterprises/{world['mine']}/data/delete", confirm="1").status_code == 403
    stranger = app.test_client()
    auth.login("other@x.cn", client=stranger)
    assert stranger.get(f"/enterprises/{world['mine']}/data.json").status_code == 404


def level_counts(app, park):
    with transaction(app) as s:
        admin = s.exec(select(User).where(User.role == "admin")).one()
        got = parks.statistics(s, parks.park_scope(s, admin, park), min_cell=1)
    return got["by_level"], got["assessed"], got["enterprises"], got.get("weakest")


def test_deletion_removes_personal_and_enterprise_data_but_park_statistics_still_count(app, client, auth, world):
    before = level_counts(app, world["park"])
    auth.login("owner@x.cn")
    assert post(client, f"/enterprises/{world['mine']}/data/delete", confirm="1", reason="closing").status_code == 302
    admin = app.test_client()
    auth.login("admin@x.cn", client=admin)
    assert "Mine Co" in admin.get("/admin/deletions").get_data(as_text=True)
    with transaction(app) as s:
        request_id = s.exec(select(DeletionRequest.id)).one()
    assert post(admin, f"/admin/deletions/{request_id}", confirm="1").status_code == 302
    with transaction(app) as s:
        company = s.get(Enterprise, world["mine"])
        assert company.name == "—" and "DELETED" in company.credit_code and company.deleted_at is not None
        assert s.exec(select(User).where(User.email.in_(["owner@x.cn"]))).all() == []
        assert s.exec(select(ApiToken)).all() == []
        assert s.exec(select(ConsultantClient)).all() == []
        [kept] = s.exec(select(Assessment).where(Assessment.enterprise_id == world["mine"])).all()
        assert kept.result is None and kept.started_by is None and kept.submitted_by is None
        assert s.exec(select(func.count()).select_from(Answer).where(Answer.assessment_id == kept.id)).one() == 0
        assert s.exec(select(AssessmentScore).where(AssessmentScore.assessment_id == kept.id)).one().level == 3
        assert s.exec(select(func.count()).select_from(SubdomainScore)
                      .where(SubdomainScore.assessment_id == kept.id)).one() > 0
        assert s.get(DeletionRequest, request_id).status == "done"
        done = s.exec(select(AuditEvent).where(AuditEvent.action == "deletion.done")).one()
        assert done.actor_email == "admin@x.cn"
    assert level_counts(app, world["park"]) == before
    pa = app.test_client()
    auth.login("pa@x.cn", client=pa)
    assert "Other" in pa.get(f"/parks/{world['park']}/enterprises").get_data(as_text=True)
    assert "—" not in pa.get(f"/parks/{world['park']}/enterprises").get_data(as_text=True).split("<tbody>")[-1]
    assert client.get("/account").status_code == 302  # the owner's session ended with the account


def test_a_deletion_needs_confirmation_and_happens_once(app, client, auth, world):
    auth.login("owner@x.cn")
    post(client, f"/enterprises/{world['mine']}/data/delete")  # box not ticked
    with transaction(app) as s:
        assert s.exec(select(DeletionRequest)).all() == []
    post(client, f"/enterprises/{world['mine']}/data/delete", confirm="1")
    post(client, f"/enterprises/{world['mine']}/data/delete", confirm="1")
    with transaction(app) as s:
        [request] = s.exec(select(DeletionRequest)).all()
    admin = app.test_client()
    auth.login("admin@x.cn", client=admin)
    assert post(admin, f"/admin/deletions/{request.id}", confirm="1").status_code == 302
    assert post(admin, f"/admin/deletions/{request.id}", confirm="1").status_code == 422
