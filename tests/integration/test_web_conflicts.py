"""Two tabs saving one page: the stale tab does not overwrite newer answers silently; the user chooses."""

from __future__ import annotations

import re

import pytest

from maturity import store
from tests.conftest import csrf_token, transaction

pytestmark = pytest.mark.db
HIDDEN = re.compile(r'name="version-([^"]+)" value="(\d+)"')


@pytest.fixture
def two_tabs(app, make, auth, client):
    """Two people of one enterprise on the same page of one draft; returns (tab A, tab B, assessment ID)."""
    eid = make.enterprise("示例机械")
    make.user("a@f.cn", "enterprise", enterprise_id=eid)
    make.user("b@f.cn", "enterprise", enterprise_id=eid)
    auth.login("a@f.cn")
    start = client.post(f"/enterprises/{eid}/assessments",
                        data={"variant": "full", "csrf_token": csrf_token(client, f"/enterprises/{eid}")})
    aid = int(start.headers["Location"].rsplit("/", 1)[1])
    other = app.test_client()
    auth.login("b@f.cn", client=other)
    return client, other, aid


def _open(tab, aid) -> dict[str, str]:
    html = tab.get(f"/assessments/{aid}/pages/strategy").get_data(as_text=True)
    return {f"version-{item}": version for item, version in HIDDEN.findall(html)}


def _save(tab, aid, versions, **answers):
    data = {"csrf_token": csrf_token(tab, "/account"), "action": "save", **versions, **answers}
    return tab.post(f"/assessments/{aid}/pages/strategy", data=data)


def _stored(app, aid):
    with transaction(app) as s:
        return {k: (a.rating, a.comment) for k, a in store.answers_of(session=s, assessment_id=aid).items()}


def test_a_stale_tab_keeps_the_newer_answer_and_asks(app, two_tabs):
    a, b, aid = two_tabs
    seen_a, seen_b = _open(a, aid), _open(b, aid)
    assert seen_a["version-strategy.L1.01"] == "0"
    assert _save(a, aid, seen_a, **{"rating-strategy.L1.01": "largely"}).status_code == 302
    stale = _save(b, aid, seen_b, **{"rating-strategy.L1.01": "partial", "comment-strategy.L1.01": "B 的备注",
                                     "rating-strategy.L1.02": "full"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "strategy.L1.01" in html and "大部分满足" in html and "部分满足" in html and "a@f.cn" in html
    assert "B 的备注" in html  # what B typed is on the page, nothing lost
    assert _stored(app, aid)["strategy.L1.01"] == ("largely", None)
    assert _stored(app, aid)["strategy.L1.02"] == ("full", None)  # the rest of B's page is saved
    version = re.search(r'name="version-strategy.L1.01" value="(\d+)"', html).group(1)
    chosen = b.post(f"/assessments/{aid}/pages/strategy/resolve", data={
        "csrf_token": csrf_token(b, "/account"), "choice-strategy.L1.01": "mine",
        "mine-rating-strategy.L1.01": "partial", "mine-comment-strategy.L1.01": "B 的备注",
        "version-strategy.L1.01": version,
    })
    assert chosen.status_code == 302
    assert _stored(app, aid)["strategy.L1.01"] == ("partial", "B 的备注")


def test_a_fresh_form_saves_without_asking(app, two_tabs):
    a, _, aid = two_tabs
    _save(a, aid, _open(a, aid), **{"rating-strategy.L1.01": "largely"})
    again = _save(a, aid, _open(a, aid), **{"rating-strategy.L1.01": "full"})
    assert again.status_code == 302 and _stored(app, aid)["strategy.L1.01"] == ("full", None)


def test_the_api_answers_409_for_a_stale_version(app, two_tabs):
    from maturity.models import User
    from maturity.services import accounts

    a, _, aid = two_tabs
    with transaction(app) as s:
        token = accounts.create_token(s, user=store.user_by_email(session=s, email="b@f.cn") or User())
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/assessments/{aid}/answers"
    first = a.application.test_client().patch(url, json={"answers": {"strategy.L1.01": {"rating": "full",
                                                                                         "version": 0}}},
                                              headers=headers)
    assert first.status_code == 200 and first.get_json()["versions"]["strategy.L1.01"] == 1
    stale = a.application.test_client().patch(url, json={"answers": {
        "strategy.L1.01": {"rating": "partial", "version": 0}, "strategy.L1.02": {"rating": "full", "version": 0}}},
        headers=headers)
    assert stale.status_code == 409
    errors = stale.get_json()["errors"]
    assert [e["where"] for e in errors] == ["answers.strategy.L1.01"] and errors[0]["code"] == "stale"
    assert _stored(app, aid) == {"strategy.L1.01": ("full", None)}  # nothing of the stale request saved
