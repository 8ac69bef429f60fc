"""The audit log: append-only in the database itself, and written with the changes it records."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from maturity.models_audit import AuditEvent
from maturity.services import audit
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db


def events(app, action=None):
    """Every event (of `action`), oldest first."""
    with transaction(app) as s:
        query = select(AuditEvent).order_by(col(AuditEvent.id))
        if action:
            query = query.where(AuditEvent.action == action)
        return list(s.exec(query).all())


def test_an_update_or_delete_of_the_log_is_refused_by_the_database(app, make):
    uid = make.user("root@x.cn", "admin")
    with transaction(app) as s:
        audit.record(s, None, "login.failed", email="who@x.cn", detail={"n": 1})
    engine = app.extensions["maturity.engine"]
    for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    [event] = events(app)
    assert (event.action, event.actor_email, event.detail) == ("login.failed", "who@x.cn", {"n": 1})
    assert event.at.tzinfo is not None and uid


def test_an_event_is_rolled_back_with_the_change_it_records(app):
    with pytest.raises(RuntimeError), transaction(app) as s:
        audit.record(s, None, "user.create", target=("users", 1))
        raise RuntimeError("the change failed")
    assert events(app) == []


def test_log_ins_and_failed_log_ins_are_recorded_with_address_and_agent(app, client, make, auth):
    make.user("boss@x.cn", "admin")
    auth.login("boss@x.cn", "wrong-password-1")
    client.environ_base["HTTP_USER_AGENT"] = "pytest-agent"
    auth.login("boss@x.cn")
    failed, ok = events(app, "login.failed"), events(app, "login")
    assert [e.actor_email for e in failed] == ["boss@x.cn"] and failed[0].actor_id is None
    assert ok[0].actor_email == "boss@x.cn" and ok[0].address == "127.0.0.1"
    assert ok[0].user_agent == "pytest-agent" and ok[0].channel == "web"


def test_a_refusal_is_recorded_although_the_request_is_rolled_back(app, client, make, auth):
    park = make.park()
    eid = make.enterprise("In the park", park_id=park)
    make.user("p@x.cn", "park_admin", park_id=park)
    auth.login("p@x.cn")
    response = client.post(f"/enterprises/{eid}/assessments",
                           data={"variant": "full", "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 403
    [refusal] = events(app, "refused")
    assert refusal.actor_email == "p@x.cn" and refusal.detail["path"] == f"/enterprises/{eid}/assessments"
    assert "owner may do this" in refusal.detail["reason"]  # the refusal's own words, in English


def test_every_answer_change_keeps_old_and_new_value(app, client, make, auth):
    eid = make.enterprise("F")
    make.user("boss@x.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@x.cn")
    start = client.post(f"/enterprises/{eid}/assessments",
                        data={"variant": "full", "csrf_token": csrf_token(client, f"/enterprises/{eid}")})
    aid = int(start.headers["Location"].rsplit("/", 1)[1])

    def save(rating):
        data = {"rating-strategy.L1.01": rating, "action": "save", "csrf_token": csrf_token(client, "/account")}
        client.post(f"/assessments/{aid}/pages/strategy", data=data)

    save("full")
    save("partial")
    first, second = events(app, "answer.change")
    assert first.detail["changes"] == [{"item": "strategy.L1.01", "old": None,
                                        "new": {"rating": "full", "comment": None}}]
    assert second.detail["changes"][0]["old"] == {"rating": "full", "comment": None}
    assert second.detail["changes"][0]["new"]["rating"] == "partial"
    assert (second.target_type, second.target_id, second.actor_email) == ("assessments", str(aid), "boss@x.cn")
