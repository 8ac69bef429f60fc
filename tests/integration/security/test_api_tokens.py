"""API tokens: named, expiring, revocable, last use recorded; from the account page and the CLI."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from maturity.models import ApiToken, User, utcnow
from maturity.services import accounts
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db


def call(client, token: str):
    return client.get("/api/v1/assessments", headers={"Authorization": f"Bearer {token}"})


def new_token(app, uid: int, **kw) -> str:
    with transaction(app) as s:
        return accounts.create_token(s, user=s.get(User, uid), **kw)


def test_a_used_token_records_when(client, app, make):
    uid = make.user("c@x.cn", "consultant")
    token = new_token(app, uid, name="erp")
    assert call(client, token).status_code == 200
    with transaction(app) as s:
        row = s.exec(select(ApiToken)).one()
        assert row.last_used_at is not None and row.name == "erp"


def test_an_expired_token_answers_401_json(client, app, make):
    uid = make.user("c@x.cn", "consultant")
    token = new_token(app, uid, days=1)
    with transaction(app) as s:
        row = s.exec(select(ApiToken)).one()
        row.expires_at = utcnow() - timedelta(minutes=1)
    response = call(client, token)
    assert response.status_code == 401 and response.is_json and response.json["errors"][0]["message"]


def test_a_revoked_token_answers_401_json(client, app, auth, make):
    uid = make.user("c@x.cn", "consultant")
    token = new_token(app, uid, name="erp")
    with transaction(app) as s:
        token_id = s.exec(select(ApiToken)).one().id
    auth.login("c@x.cn")
    response = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    response = call(client.application.test_client(), token)
    assert response.status_code == 401 and response.is_json


def test_another_users_token_cannot_be_revoked(client, app, auth, make):
    other = make.user("o@x.cn", "consultant")
    new_token(app, other)
    make.user("c@x.cn", "consultant")
    with transaction(app) as s:
        token_id = s.exec(select(ApiToken)).one().id
    auth.login("c@x.cn")
    html = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/account")},
                       follow_redirects=True).get_data(as_text=True)
    assert f"没有编号为 {token_id} 的令牌" in html
    with transaction(app) as s:
        assert not s.exec(select(ApiToken)).one().revoked


def test_the_account_page_creates_a_token_shown_once_and_lists_it(client, auth, make):
    make.user("c@x.cn", "consultant")
    auth.login("c@x.cn")
    html = client.post("/account/tokens", data={"name": "ERP export", "days": "30",
                                                "csrf_token": csrf_token(client, "/account/tokens")}
                       ).get_data(as_text=True)
    secret = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    assert call(client.application.test_client(), secret).status_code == 200
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "ERP export" in listing and secret not in listing and "有效" in listing


def test_the_cli_lists_creates_and_revokes(runner, make):
    from maturity.cli import cli

    make.user("c@x.cn", "consultant")
    created = runner.invoke(cli, ["tokens", "create", "--email", "c@x.cn", "--name", "nightly", "--days", "7"])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(cli, ["tokens", "list", "--email", "c@x.cn"])
    token_id, state, name = listed.output.split("\t")[:3]
    assert (state, name) == ("active", "nightly")
    assert runner.invoke(cli, ["tokens", "revoke", "--email", "c@x.cn", token_id]).exit_code == 0
    assert "\trevoked\t" in runner.invoke(cli, ["tokens", "list", "--email", "c@x.cn"]).output


def test_the_cli_refuses_a_token_of_someone_else(runner, make):
    from maturity.cli import cli

    make.user("c@x.cn", "consultant")
    make.user("o@x.cn", "consultant")
    runner.invoke(cli, ["tokens", "create", "--email", "o@x.cn"])
    result = runner.invoke(cli, ["tokens", "revoke", "--email", "c@x.cn", "1"])
    assert result.exit_code == 2 and "no token with ID 1" in result.output


def test_the_account_page_lists_the_usable_tokens_only(client, app, auth, make):
    uid = make.user("c@x.cn", "consultant")
    new_token(app, uid, name="erp-sync")
    new_token(app, uid, name="old-script")
    with transaction(app) as s:
        old = s.exec(select(ApiToken).where(ApiToken.name == "old-script")).one()
        old.revoked = True
    new_token(app, make.user("o@x.cn", "consultant"), name="someone-else")
    auth.login("c@x.cn")
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = client.get("/account").get_data(as_text=True)
    assert "erp-sync" in page and "1 active" in page
    assert "old-script" not in page and "someone-else" not in page
