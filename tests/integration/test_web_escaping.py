"""User text is always escaped: enterprise names, comments, trimming reasons."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token

pytestmark = pytest.mark.db
EVIL = '<script>alert("x")</script>'


def test_enterprise_names_comments_and_reasons_are_escaped(client, make, auth):
    eid = make.enterprise(EVIL)
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    consultant = make.user("c@f.cn", "consultant", clients=(eid,))
    assert consultant
    auth.login("boss@f.cn")
    html = client.get(f"/enterprises/{eid}").get_data(as_text=True)
    assert EVIL not in html and "&lt;script&gt;alert(" in html
    response = client.post(
        f"/enterprises/{eid}/assessments",
        data={"variant": "full", "csrf_token": csrf_token(client, f"/enterprises/{eid}")},
    )
    aid = response.headers["Location"].rsplit("/", 1)[1]
    token = csrf_token(client, "/account")
    client.post(
        f"/assessments/{aid}/pages/strategy",
        data={
            "csrf_token": token,
            "rating-strategy.L1.01": "full",
            "comment-strategy.L1.01": EVIL,
            "action": "save",
        },
    )
    client.post(
        f"/assessments/{aid}/pages/logistics",
        data={"csrf_token": token, "trim-logistics": "y", "reason-logistics": EVIL, "action": "save"},
    )
    for path in (
        f"/assessments/{aid}/pages/strategy",
        f"/assessments/{aid}/pages/logistics",
        f"/assessments/{aid}/review",
    ):
        html = client.get(path).get_data(as_text=True)
        assert EVIL not in html and "&lt;script&gt;" in html, path
    auth.logout()
    auth.login("c@f.cn")
    html = client.get("/", follow_redirects=True).get_data(as_text=True)  # a consultant lands on the client list
    assert EVIL not in html and "&lt;script&gt;alert(" in html
