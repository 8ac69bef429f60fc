"""Every role against every other role's objects: 404 for what one may not know, 403 for read-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from maturity.models import Enterprise, User
from maturity.services import accounts, assessments
from tests.conftest import AuthActions, csrf_token, transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"

# Who may do what to enterprise "1" (in park 1, shares its results with the park) and "2" (in park 2, does not):
# edit, view, or only see the profile (a park administrator before the enterprise agreed to share).
ACCESS = {
    "u1@x.cn": {"1": "edit"},
    "u2@x.cn": {"2": "edit"},
    "c1@x.cn": {"1": "edit"},
    "c2@x.cn": {"2": "edit"},
    "p1@x.cn": {"1": "view"},
    "p2@x.cn": {"2": "profile"},
    "r32@x.cn": {"1": "view", "2": "profile"},
    "r3205@x.cn": {"1": "view"},
    "admin@x.cn": {"1": "edit", "2": "edit"},
}


@pytest.fixture
def world(app, make):
    """Two parks, an enterprise in each with a draft and a submitted assessment, and a user of every role."""
    from maturity.services import organisations, sharing

    with transaction(app) as s:
        organisations.create_region(s, code="32")
        organisations.create_region(s, code="3205", name="苏州市")
        p1 = organisations.create_park(s, name="P1", region_code="3205").id
        p2 = organisations.create_park(s, name="P2", region_code="32").id
    e1, e2 = make.enterprise("E1", park_id=p1), make.enterprise("E2", park_id=p2)
    make.user("u1@x.cn", "enterprise", enterprise_id=e1)
    make.user("u2@x.cn", "enterprise", enterprise_id=e2)
    make.user("c1@x.cn", "consultant", clients=(e1,))
    make.user("c2@x.cn", "consultant", clients=(e2,))
    make.user("p1@x.cn", "park_admin", park_id=p1)
    make.user("p2@x.cn", "park_admin", park_id=p2)
    make.user("admin@x.cn", "admin")
    make.user("r32@x.cn", "region_admin", region="32")
    make.user("r3205@x.cn", "region_admin", region="3205")
    doc = json.loads((DEMO / "demo-discrete-l3.json").read_text("utf-8"))
    objects = {}
    with transaction(app) as s:
        for key, eid, owner in (("1", e1, "u1@x.cn"), ("2", e2, "u2@x.cn")):
            user = s.exec(select(User).where(User.email == owner)).one()
            company = s.get(Enterprise, eid)
            draft = assessments.start_assessment(s, user=user, enterprise=company, variant="full")
            done, _ = assessments.create_submitted(s, user=user, enterprise=company, raw=doc)
            objects[key] = {"enterprise": eid, "draft": draft.id, "submitted": done.id}
            if key == "1":
                sharing.agree(s, user=user, enterprise=company)
    return objects


def views(o):
    return [
        f"/enterprises/{o['enterprise']}",
        f"/assessments/{o['submitted']}/result",
        f"/assessments/{o['draft']}/review",
    ]


def edits(o):
    return [
        ("get", f"/assessments/{o['draft']}/pages/strategy"),
        ("post", f"/assessments/{o['draft']}/pages/strategy"),
        ("post", f"/enterprises/{o['enterprise']}/assessments"),
        ("post", f"/assessments/{o['draft']}/submit"),
        ("post", f"/assessments/{o['submitted']}/copy"),
    ]


@pytest.mark.parametrize("email", sorted(ACCESS))
def test_each_role_reaches_only_its_own_enterprises(app, world, email):
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 302
    token = csrf_token(client, "/account")
    for key, objects in world.items():
        allowed = ACCESS[email].get(key)
        for index, path in enumerate(views(objects)):
            status = client.get(path).status_code
            expected = 404 if not allowed else (403 if allowed == "profile" and index else 200)
            assert status == expected, (email, path, status)
        for method, path in edits(objects):
            data = {"csrf_token": token, "variant": "quick", "rating-strategy.L1.01": "none"}
            status = (client.post(path, data=data) if method == "post" else client.get(path)).status_code
            expected = {"edit": (200, 302), "view": (403,), "profile": (403,), None: (404,)}[allowed]
            assert status in expected, (email, method, path, status)


@pytest.mark.parametrize("email", sorted(e for e in ACCESS if not e.startswith("r")))
def test_dashboard_lists_only_visible_enterprises(app, world, email):
    client = app.test_client()
    AuthActions(client).login(email)
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    for key in ("1", "2"):
        assert (f">E{key}<" in html) == (key in ACCESS[email]), (email, key)


def test_regional_administrators_start_from_their_parks_figures(app, world):
    client = app.test_client()
    AuthActions(client).login("r3205@x.cn")
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert ">P1<" in html and ">P2<" not in html


def test_visitors_are_sent_to_log_in(client, world):
    for path in views(world["1"]):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_api_tokens_are_stored_hashed_and_resolve_to_their_user(app, world):
    with transaction(app) as s:
        user = s.exec(select(User).where(User.email == "c1@x.cn")).one()
        token = accounts.create_token(s, user=user)
        assert accounts.user_for_token(s, token).email == "c1@x.cn"
        assert accounts.user_for_token(s, token + "x") is None
        from maturity.models import ApiToken

        stored = s.exec(select(ApiToken)).one()
        assert stored.token_hash != token and len(stored.token_hash) == 64
