"""Sessions end on the server: log-out (and anything raising the user's session generation) ends every
session of that user; the absolute cap counts from log-in and does not slide."""

from __future__ import annotations

import time

import pytest

from maturity import store
from maturity.models import User
from maturity.services import sessions as login_sessions
from tests.conftest import TOKEN, csrf_token, transaction

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


# --- Draft stash: only for a session that was editing that draft, bounded, expiring ---------------------


def _stashes(app) -> int:
    from sqlmodel import select

    from maturity.models import DraftStash

    with transaction(app) as s:
        return len(s.exec(select(DraftStash)).all())


def _lapse(client, app) -> None:
    with client.session_transaction() as session:
        session["seen"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 1


def _post(client, aid, token, **fields):
    data = {"csrf_token": token, "rating-strategy.L1.01": "partial", "action": "save", **fields}
    return client.post(f"/assessments/{aid}/pages/strategy", data=data)


def test_an_anonymous_session_cannot_stash_drafts(world, app):
    _, aid, _ = world
    stranger = app.test_client()
    response = _post(stranger, aid, csrf_token(stranger))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert _stashes(app) == 0


def test_the_answer_is_the_same_for_drafts_that_do_not_exist(world, app):
    _, aid, _ = world
    answers = []
    for target in (aid, aid + 1000):
        stranger = app.test_client()
        response = _post(stranger, target, csrf_token(stranger))
        follow = TOKEN.sub("", stranger.get(response.headers["Location"]).get_data(as_text=True))
        where = f"%2Fassessments%2F{target}%2F"
        answers.append((response.status_code, response.headers["Location"].replace(where, "N"),
                        follow.replace(where, "N")))
    assert answers[0] == answers[1]


def test_a_stash_is_refused_for_a_submitted_assessment(client, world, app):
    _, aid, _ = world
    with transaction(app) as s:
        from maturity.models import Assessment

        s.get(Assessment, aid).status = "submitted"
    token = csrf_token(client, "/account")
    _lapse(client, app)
    _post(client, aid, token)
    assert _stashes(app) == 0


def test_an_oversized_stash_is_refused(client, world, app):
    _, aid, _ = world
    token = csrf_token(client, "/account")
    _lapse(client, app)
    _post(client, aid, token, **{"comment-strategy.L1.01": "字" * 100_000})
    assert _stashes(app) == 0


def test_a_session_keeps_one_stash(client, world, app):
    _, aid, _ = world
    token = csrf_token(client, "/account")
    _lapse(client, app)
    for _ in range(5):
        _post(client, aid, token)
    assert _stashes(app) == 1


def test_an_expired_stash_is_not_restored_and_is_removed(client, world, app):
    from datetime import timedelta

    from sqlmodel import select

    from maturity.models import DraftStash
    from tests.conftest import PASSWORD

    _, aid, _ = world
    token = csrf_token(client, "/account")
    _lapse(client, app)
    _post(client, aid, token)
    with transaction(app) as s:
        for stash in s.exec(select(DraftStash)).all():
            stash.created_at = stash.created_at - timedelta(hours=app.config["STASH_RETENTION_HOURS"] + 1)
    client.post("/auth/login", data={"email": "boss@f.cn", "password": PASSWORD,
                                     "csrf_token": csrf_token(client)})
    client.get(f"/assessments/{aid}/pages/strategy")
    assert "strategy.L1.01" not in _answers(app, aid)
    with transaction(app) as s:
        from maturity.services import drafts

        drafts.purge_expired(s, hours=app.config["STASH_RETENTION_HOURS"])
    assert _stashes(app) == 0


def test_the_cookie_expiry_is_fixed_at_log_in_and_does_not_slide(client, world, app):
    from werkzeug.http import parse_date

    def expires(response):  # type: ignore[no-untyped-def]
        cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session="))
        return parse_date(cookie.split("Expires=", 1)[1].split(";", 1)[0])

    login_at = time.time() - 3600  # logged in an hour ago: the cookie must not live 12 h from now
    with client.session_transaction() as session:
        session["login_at"] = login_at
        session["seen"] = time.time()
    later = expires(client.get("/account"))
    assert abs(later.timestamp() - (login_at + app.permanent_session_lifetime.total_seconds())) < 2
