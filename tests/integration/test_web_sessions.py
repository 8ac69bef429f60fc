"""Sessions end on the server: log-out (and anything raising the user's session generation) ends every
session of that user; the absolute cap counts from log-in and does not slide."""

from __future__ import annotations

import time

import pytest

from maturity import store
from maturity.models import User
from maturity.services import sessions as login_sessions
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db


@pytest.fixture
def world(make, auth, client):
    """An enterprise user logged in, with a draft; returns (enterprise ID, assessment ID, API token)."""
    eid = make.enterprise("示例机械", "discrete")
    uid = make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    start = client.post(
        f"/enterprises/{eid}/assessments",
        data={"variant": "full", "csrf_token": csrf_token(client, f"/enterprises/{eid}")},
    )
    aid = int(start.headers["Location"].rsplit("/", 1)[1])
    client.get(f"/assessments/{aid}/pages/strategy")
    return eid, aid, uid


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _answers(app, aid):
    with transaction(app) as s:
        return store.answers_of(session=s, assessment_id=aid)


def test_an_old_cookie_is_worthless_after_logging_out(client, auth, world, app):
    eid, aid, _ = world
    token = csrf_token(client, "/account")
    old = _cookie(client)
    auth.logout()
    client.set_cookie("session", old)
    assert client.get("/account").status_code == 302
    assert client.get(f"/enterprises/{eid}").status_code == 302
    assert client.get(f"/api/v1/assessments/{aid}").status_code == 401
    client.set_cookie("session", old)
    saved = client.post(
        f"/assessments/{aid}/pages/strategy",
        data={"csrf_token": token, "rating-strategy.L1.01": "full", "action": "save"},
    )
    assert saved.status_code == 302 and "/auth/login" in saved.headers["Location"]
    assert "strategy.L1.01" not in _answers(app, aid)


def test_logging_out_ends_the_other_sessions_of_the_user_too(client, auth, world, app):
    eid, _, _ = world
    other = app.test_client()
    auth.login("boss@f.cn", client=other)
    assert other.get("/account").status_code == 200
    auth.logout()
    assert other.get("/account").status_code == 302


@pytest.mark.parametrize("change", ["end_sessions", "deactivate"])
def test_ending_sessions_on_the_server_logs_the_user_out(client, world, app, change):
    _, _, uid = world
    assert client.get("/account").status_code == 200
    with transaction(app) as s:
        user = s.get(User, uid)
        if change == "deactivate":
            login_sessions.deactivate(s, user)
        else:
            login_sessions.end_sessions(s, user)
    assert client.get("/account").status_code == 302


def test_the_absolute_cap_counts_from_log_in_and_does_not_slide(client, world, app):
    lifetime = app.permanent_session_lifetime.total_seconds()
    with client.session_transaction() as session:
        session["login_at"] = time.time() - lifetime - 5
        session["seen"] = time.time()
    assert client.get("/account").status_code == 302


def test_the_log_in_time_is_stored_once_and_requests_keep_it(client, world):
    with client.session_transaction() as session:
        first = session["login_at"]
    client.get("/account")
    client.get("/account")
    with client.session_transaction() as session:
        assert session["login_at"] == first
