"""Each log-in is a row the account page lists: one session, or all the others, can be ended from there."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from maturity.models import User
from maturity.models_audit import AuditEvent
from maturity.models_security import UserSession
from maturity.services import sessions as login_sessions
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db

CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
END = re.compile(r'action="/account/sessions/(\d+)/end"')


def _browser(app, auth, email: str, agent: str, address: str = "127.0.0.1"):  # type: ignore[no-untyped-def]
    """A new client with its own User-Agent and address, logged in as `email`."""
    browser = app.test_client()
    browser.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    assert auth.login(email, client=browser).status_code == 302
    return browser


@pytest.fixture
def two(app, auth, make):
    """The same user logged in from a Chrome on Linux and a Firefox on Windows (English pages)."""
    make.user("boss@f.cn", "consultant")
    chrome = _browser(app, auth, "boss@f.cn", CHROME_LINUX, "10.0.0.1")
    firefox = _browser(app, auth, "boss@f.cn", FIREFOX_WINDOWS, "10.0.0.2")
    for browser in (chrome, firefox):
        with browser.session_transaction() as session:
            session["lang"] = "en"
    return chrome, firefox


def _rows(app) -> list[UserSession]:
    with transaction(app) as s:
        return list(s.exec(select(UserSession).order_by(UserSession.id)))


def _post(browser, path: str):  # type: ignore[no-untyped-def]
    return browser.post(path, data={"csrf_token": csrf_token(browser, "/account")})


def _events(app, action: str) -> list[AuditEvent]:
    with transaction(app) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_account_page_lists_the_sessions_of_both_browsers(two, app):
    chrome, _ = two
    page = chrome.get("/account").get_data(as_text=True)
    assert "Chrome on Linux" in page and "Firefox on Windows" in page
    assert "10.0.0.1" in page and "10.0.0.2" in page
    assert page.count("this session") == 1
    firefox_row = _rows(app)[1]
    assert END.findall(page) == [str(firefox_row.id)]  # only the other one can be ended from here


def test_ending_a_session_logs_that_browser_out_and_keeps_this_one(two, app):
    chrome, firefox = two
    firefox_row = _rows(app)[1]
    answer = _post(chrome, f"/account/sessions/{firefox_row.id}/end")
    assert answer.status_code == 302
    assert firefox.get("/account").status_code == 302
    assert chrome.get("/account").status_code == 200
    ended = _rows(app)[1]
    assert ended.ended_at is not None and ended.ended_reason == "ended"
    assert [e.target_id for e in _events(app, "session.end")] == [str(firefox_row.id)]


def test_ending_all_other_sessions_keeps_only_this_one(two, app, auth):
    chrome, firefox = two
    third = _browser(app, auth, "boss@f.cn", "curl/8.0")
    assert _post(chrome, "/account/sessions/end-others").status_code == 302
    assert firefox.get("/account").status_code == 302 and third.get("/account").status_code == 302
    assert chrome.get("/account").status_code == 200
    assert [r.ended_reason for r in _rows(app)] == [None, "others", "others"]
    assert len(_events(app, "session.end_others")) == 1
    assert "End all other sessions" not in chrome.get("/account").get_data(as_text=True)


def test_another_users_session_cannot_be_ended(two, app, auth, make):
    chrome, _ = two
    make.user("other@f.cn", "consultant")
    stranger = _browser(app, auth, "other@f.cn", CHROME_LINUX)
    target = _rows(app)[0].id
    assert _post(stranger, f"/account/sessions/{target}/end").status_code == 404
    assert _post(stranger, "/account/sessions/999999/end").status_code == 404
    assert chrome.get("/account").status_code == 200
    assert _rows(app)[0].ended_at is None and _events(app, "session.end") == []


def test_an_ended_session_cannot_be_ended_twice(two, app):
    chrome, _ = two
    firefox_row = _rows(app)[1].id
    assert _post(chrome, f"/account/sessions/{firefox_row}/end").status_code == 302
    assert _post(chrome, f"/account/sessions/{firefox_row}/end").status_code == 404


def test_logging_out_ends_every_row_of_the_user(two, app, auth):
    chrome, _ = two
    chrome.post("/auth/logout", data={"csrf_token": csrf_token(chrome, "/account")})
    assert [r.ended_reason for r in _rows(app)] == ["logout", "logout"]


def test_ending_all_sessions_on_the_server_ends_the_rows(two, app):
    with transaction(app) as s:
        login_sessions.end_sessions(s, s.exec(select(User)).one())
    assert [r.ended_reason for r in _rows(app)] == ["all", "all"]


def test_a_cookie_without_a_session_row_is_refused(two):
    chrome, _ = two
    with chrome.session_transaction() as session:
        session.pop("sid")  # as a cookie from before session rows
    assert chrome.get("/account").status_code == 302


def test_last_seen_is_written_at_most_every_few_minutes(two, app):
    chrome, _ = two
    first = _rows(app)[0].last_seen_at
    chrome.get("/account")
    assert _rows(app)[0].last_seen_at == first
    with transaction(app) as s:
        row = s.get(UserSession, _rows(app)[0].id)
        row.last_seen_at = row.last_seen_at - login_sessions.TOUCH - timedelta(seconds=1)
    chrome.get("/account")
    assert _rows(app)[0].last_seen_at > first


def test_an_idle_lapse_ends_the_row(two, app):
    import time

    chrome, _ = two
    with chrome.session_transaction() as session:
        session["seen"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 1
    assert chrome.get("/account").status_code == 302
    assert _rows(app)[0].ended_reason == "idle"


def test_sessions_idle_or_past_the_cap_are_not_listed(two, app):
    chrome, _ = two
    with transaction(app) as s:
        old = s.get(UserSession, _rows(app)[1].id)
        old.created_at = old.created_at - app.permanent_session_lifetime - timedelta(minutes=1)
    page = chrome.get("/account").get_data(as_text=True)
    assert "Firefox" not in page and END.findall(page) == []
