"""The application factory, configuration, security headers, language switch and CSRF."""

from __future__ import annotations

import pytest

from maturity import db
from maturity.web import create_app
from tests.conftest import csrf_token

pytestmark = pytest.mark.db


def test_test_config_overrides_defaults(app):
    assert app.testing
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh_CN"


def test_environment_variables_override_defaults(monkeypatch, db_url):
    monkeypatch.setenv("MATURITY_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("MATURITY_DATABASE_URL", db_url)
    app = create_app({"SECRET_KEY": "x"})
    try:
        assert app.config["SESSION_IDLE_MINUTES"] == 5
        assert str(app.extensions["maturity.engine"].url) == str(db.make_engine(db_url).url)
    finally:
        app.extensions["maturity.engine"].dispose()


def test_secure_cookie_defaults(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "x"})
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        client = app.test_client()
        response = client.get("/auth/login")
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        app.extensions["maturity.engine"].dispose()


def test_refuses_an_unmigrated_database(tmp_path):
    with pytest.raises(db.SchemaNotCurrent, match="maturity db upgrade"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}", "SECRET_KEY": "x"})


def test_security_headers_on_every_page(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_use_no_inline_scripts_or_external_assets(client):
    html = client.get("/auth/register").get_data(as_text=True)
    assert "<script" not in html
    assert "http://" not in html and "https://" not in html
    with client.get("/static/css/style.css") as css:
        assert css.status_code == 200 and b"font-family" in css.data


def test_health_endpoint(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_chinese_by_default_and_english_after_switching(client):
    assert "登录" in client.get("/auth/login").get_data(as_text=True)
    token = csrf_token(client)
    response = client.post("/lang/en", data={"csrf_token": token, "next": "/auth/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    html = client.get("/auth/login").get_data(as_text=True)
    assert "Log in" in html and "登录" not in html
    client.post("/lang/zh_CN", data={"csrf_token": token})
    assert "登录" in client.get("/auth/login").get_data(as_text=True)


def test_language_switch_ignores_foreign_redirects(client):
    response = client.post("/lang/en", data={"csrf_token": csrf_token(client), "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_forms_without_csrf_token_are_refused(client):
    response = client.post("/auth/login", data={"email": "a@b.cn", "password": "whatever1"})
    assert response.status_code == 400
    assert client.post("/lang/en", data={}).status_code == 400
