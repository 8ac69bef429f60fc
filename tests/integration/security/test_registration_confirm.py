"""Registration confirmed by e-mail: nothing stored before the link is opened, and no way to tell known addresses."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from maturity import store
from maturity.models import Enterprise
from tests.conftest import csrf_token, transaction
from tests.integration.test_web_auth import registration

pytestmark = pytest.mark.db
LINK = re.compile(r"http://maturity\.test(/auth/register/confirm/\S+)")


@pytest.fixture
def app_config(app_config):  # type: ignore[no-untyped-def]
    """Confirmation by e-mail switched on, as in production."""
    app_config["REGISTRATION_CONFIRM_BY_EMAIL"] = True
    return app_config


def enterprises(app) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return len(s.exec(select(Enterprise)).all())


def visible_text(response) -> str:  # type: ignore[no-untyped-def]
    """The page without its per-request tokens."""
    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_nothing_is_stored_until_the_link_is_opened_and_the_link_works_once(app, client, inbox):
    response = registration(client, email="new@factory.cn")
    assert response.status_code == 200 and "new@factory.cn" in response.get_data(as_text=True)
    assert enterprises(app) == 0
    with transaction(app) as s:
        assert store.user_by_email(session=s, email="new@factory.cn") is None
    [message] = inbox.messages
    assert message["To"] == "new@factory.cn" and "correct-horse" not in inbox.body()  # the password stays secret
    path = LINK.search(inbox.body()).group(1)
    assert client.get(path).status_code == 200 and enterprises(app) == 0  # opening the link creates nothing
    done = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert done.status_code == 302 and done.headers["Location"].startswith("/enterprises/")
    assert client.get("/account").status_code == 200 and enterprises(app) == 1
    again = client.post(path, data={"csrf_token": csrf_token(client, "/account")})
    assert again.status_code == 404 and enterprises(app) == 1


def test_a_known_address_gets_the_same_page_and_a_notice_instead_of_a_link(app, client, inbox, make):
    make.user("known@factory.cn", "consultant")
    known = registration(client, email="known@factory.cn")
    fresh = registration(client, email="fresh@factory.cn")
    assert known.status_code == fresh.status_code == 200
    assert visible_text(known).replace("known@", "X@") == visible_text(fresh).replace("fresh@", "X@")
    notice, link = inbox.messages
    assert notice["To"] == "known@factory.cn" and not LINK.search(inbox.body(0)) and "/auth/login" in inbox.body(0)
    assert link["To"] == "fresh@factory.cn" and LINK.search(inbox.body(1))
    assert enterprises(app) == 0


def test_other_refusals_are_shown_at_once_as_without_confirmation(client, inbox):
    response = registration(client, password="password1234", password2="password1234")
    assert response.status_code == 422 and not inbox.messages


@pytest.mark.parametrize("token", ["nonsense", "gAAAAABk" + "A" * 80, "x" * 3000])
def test_a_bad_link_is_a_404_page_not_a_500(client, token):
    response = client.get(f"/auth/register/confirm/{token}")
    assert response.status_code == 404 and "注册确认链接无效" in response.get_data(as_text=True)
