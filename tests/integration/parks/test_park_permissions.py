"""Park and region figures, role by role: each administrator reaches its own parks and regions, nobody else's."""

from __future__ import annotations

import pytest

from tests.conftest import AuthActions

pytestmark = pytest.mark.db

# Which parks ("a" in city 3205 of province 32, "b" in city 3301 of province 33) and regions each user may see.
SEES = {
    "pa@x.cn": {"a"},
    "pb@x.cn": {"b"},
    "r32@x.cn": {"a", "32", "3205"},
    "r3205@x.cn": {"a", "3205"},
    "r33@x.cn": {"b", "33", "3301"},
    "c@x.cn": set(),
    "e0@x.cn": set(),
    "admin@x.cn": {"a", "b", "32", "3205", "33", "3301"},
}


def park_paths(park_id: int) -> list[str]:
    return [f"/parks/{park_id}", f"/parks/{park_id}/enterprises", f"/parks/{park_id}/enterprises?level=2",
            f"/parks/{park_id}/export.xlsx", f"/api/v1/parks/{park_id}/stats"]


def region_paths(code: str) -> list[str]:
    return [f"/regions/{code}", f"/regions/{code}/enterprises", f"/api/v1/regions/{code}/stats"]


@pytest.mark.parametrize("email", sorted(SEES))
def test_each_role_reaches_only_its_own_parks_and_regions(app, world, email):
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 302
    targets = {"a": park_paths(world["park_a"]), "b": park_paths(world["park_b"]),
               **{code: region_paths(code) for code in ("32", "3205", "33", "3301")}}
    for name, paths in targets.items():
        for path in paths:
            status = client.get(path).status_code
            assert status == (200 if name in SEES[email] else 404), (email, path, status)
        if name not in SEES[email]:  # refused before anything is rendered
            pdf = f"/parks/{world['park_' + name]}/report.pdf" if name in "ab" else f"/regions/{name}/report.pdf"
            assert client.get(pdf).status_code == 404, (email, pdf)


def test_refusals_say_nothing_about_the_other_park(app, world):
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    page = client.get(f"/parks/{world['park_b']}").get_data(as_text=True)
    api = client.get(f"/api/v1/parks/{world['park_b']}/stats").get_json()
    assert "Park B" not in page and set(api) == {"errors"}
    missing = client.get("/api/v1/parks/999/stats").get_json()
    assert api == missing  # another park's figures look exactly like a park that does not exist


@pytest.mark.parametrize(("email", "status"), [("pa@x.cn", 200), ("admin@x.cn", 200), ("r32@x.cn", 403),
                                               ("pb@x.cn", 404), ("e0@x.cn", 404)])
def test_only_the_parks_administrators_upload_its_roster(app, world, email, status):
    client = app.test_client()
    AuthActions(client).login(email)
    assert client.get(f"/parks/{world['park_a']}/roster").status_code == status


def test_api_tokens_get_the_same_answers(app, world):
    from sqlmodel import select

    from maturity.models import User
    from maturity.services import accounts
    from tests.conftest import transaction

    with transaction(app) as s:
        token = accounts.create_token(s, user=s.exec(select(User).where(User.email == "r3205@x.cn")).one())
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/parks/{world['park_a']}/stats", headers=headers).status_code == 200
    assert client.get("/api/v1/regions/3205/stats", headers=headers).status_code == 200
    assert client.get("/api/v1/regions/32/stats", headers=headers).status_code == 404
    assert client.get(f"/api/v1/parks/{world['park_b']}/stats", headers=headers).status_code == 404
