"""Account administration in the browser: only for administrators, every change audited."""

from __future__ import annotations

import csv
import io

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from maturity.models import ApiToken, ConsultantClient, Park, ParkAdmin, Region, User
from maturity.models_audit import AuditEvent
from maturity.services import accounts
from tests.conftest import PASSWORD, csrf_token, transaction

pytestmark = pytest.mark.db


@pytest.fixture
def admin(make, auth):
    """A logged-in system administrator; returns the user ID."""
    uid = make.user("root@x.cn", "admin")
    auth.login("root@x.cn")
    return uid


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/account")})


def actions(app):
    with transaction(app) as s:
        return [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]


def test_only_administrators_may_open_administration(client, make, auth):
    make.user("c@x.cn", "consultant")
    assert client.get("/admin/users").status_code == 302  # to the log-in page
    auth.login("c@x.cn")
    for path in ("/admin/users", "/admin/audit", "/admin/organisations", "/admin/deletions"):
        assert client.get(path).status_code == 403
    assert actions(client.application).count("refused") == 4


def test_search_create_and_change_role_are_audited(app, client, admin, make):
    park = make.park("Suzhou")
    response = post(client, "/admin/users", email="New@X.cn", password="long-enough-pw", role="consultant", name="N")
    assert response.status_code == 302
    table = client.get("/admin/users?q=new").get_data(as_text=True).split("<tbody>")[1]
    assert "new@x.cn" in table and "root@x.cn" not in table
    with transaction(app) as s:
        uid = s.exec(select(User.id).where(User.email == "new@x.cn")).one()
    assert post(client, f"/admin/users/{uid}/role", role="park_admin", park_id=str(park)).status_code == 302
    with transaction(app) as s:
        assert s.get(User, uid).role == "park_admin" and s.get(ParkAdmin, (uid, park)) is not None
        change = s.exec(select(AuditEvent).where(AuditEvent.action == "user.role")).one()
    assert change.detail["old"]["role"] == "consultant" and change.detail["new"] == {
        "role": "park_admin", "parks": [park], "regions": []}
    assert "user.create" in actions(app)


def test_bad_input_is_a_refusal_naming_the_field_not_a_500(client, admin, make):
    uid = make.user("c@x.cn", "consultant")
    response = post(client, f"/admin/users/{uid}/role", role="emperor")
    assert response.status_code == 422 and "emperor" in response.get_data(as_text=True)
    assert client.get("/admin/audit?since=２０２６-01-01").status_code == 422
    assert client.get("/admin/users?page=99999999999999").status_code == 422
    assert post(client, "/admin/users/99999/active", active="0").status_code == 404


def test_deactivation_ends_the_users_sessions_and_tokens(app, client, admin, make, auth):
    eid = make.enterprise("F")
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=eid)
    other = app.test_client()
    auth.login("boss@x.cn", client=other)
    assert other.get("/account").status_code == 200
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, uid))
    assert post(client, f"/admin/users/{uid}/active", active="0").status_code == 302
    assert other.get("/account").status_code == 302  # sent to log in
    assert other.get("/api/v1/assessments", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with transaction(app) as s:
        assert s.exec(select(ApiToken.revoked)).all() == [True]
    assert post(client, f"/admin/users/{uid}/active", active="1").status_code == 302
    assert auth.login("boss@x.cn", PASSWORD, client=app.test_client()).status_code == 302
    assert {"user.deactivate", "user.reactivate"} <= set(actions(app))


def test_an_administrator_cannot_deactivate_themselves(client, admin):
    response = post(client, f"/admin/users/{admin}/active", active="0")
    assert response.status_code == 422


def test_unlock_and_second_factor_reset_are_audited(app, client, admin, make):
    uid = make.user("c@x.cn", "consultant")
    assert post(client, f"/admin/users/{uid}/unlock").status_code == 302
    assert post(client, f"/admin/users/{uid}/second-factor").status_code == 302
    assert {"user.unlock", "user.reset_2fa"} <= set(actions(app))


def test_parks_regions_and_consultant_links(app, client, admin, make):
    eid = make.enterprise("Client Co")
    cid = make.user("c@x.cn", "consultant")
    assert post(client, "/admin/regions", code="32").status_code == 302
    assert post(client, "/admin/parks", name="苏州工业园区", region="32").status_code == 302
    assert post(client, "/admin/links", consultant="c@x.cn", enterprise_id=str(eid)).status_code == 302
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "苏州工业园区" in page and "c@x.cn → Client Co" in page
    with transaction(app) as s:
        assert s.get(Region, "32") and s.exec(select(Park.region_code)).all() == ["32"]
        assert s.get(ConsultantClient, (cid, eid)) is not None
    assert post(client, "/admin/links/delete", consultant_id=str(cid), enterprise_id=str(eid)).status_code == 302
    with transaction(app) as s:
        assert s.get(ConsultantClient, (cid, eid)) is None
    assert {"region.create", "park.create", "client.link", "client.unlink"} <= set(actions(app))


def test_the_audit_view_filters_pages_and_exports_without_formulas(app, client, admin, make):
    post(client, "/admin/users", email="a1@x.cn", password="long-enough-pw", role="consultant")
    table = client.get("/admin/audit?action=user.create").get_data(as_text=True).split("<tbody>")[1]
    assert table.count('class="audit-event"') == 1 and "a1@x.cn" in table
    table = client.get("/admin/audit").get_data(as_text=True).split("<tbody>")[1]
    assert table.count('class="audit-event"') == 2  # the administrator's log-in and the creation
    with transaction(app) as s:
        s.add(AuditEvent(action="login.failed", actor_email="=HYPERLINK(\"http://x\")"))
    data = client.get("/admin/audit/export?format=csv&action=login.failed").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert rows[1][3] == "'=HYPERLINK(\"http://x\")"
    book = client.get("/admin/audit/export?format=xlsx&action=login").data
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python()
    assert sheet[0][4] == "action" and {r[4] for r in sheet[1:]} == {"login", "login.failed"}
    assert "export" in actions(app)
    assert client.get("/admin/audit/export?format=pdf").status_code == 422


def test_the_audit_view_pages_by_fifty_and_filters_by_date(app, client, admin):
    from datetime import UTC, datetime

    with transaction(app) as s:
        for n in range(60):
            s.add(AuditEvent(action="export", actor_email=f"u{n}@x.cn", at=datetime(2026, 1, 1 + n % 28, tzinfo=UTC)))
    first = client.get("/admin/audit?action=export").get_data(as_text=True)
    second = client.get("/admin/audit?action=export&page=2").get_data(as_text=True)
    assert first.count('class="audit-event"') == 50 and "page=2" in first
    assert second.count('class="audit-event"') == 10 and "page=3" not in second
    day = client.get("/admin/audit?since=2026-01-02&until=2026-01-02").get_data(as_text=True)
    assert day.count('class="audit-event"') == 3  # n = 1, 29, 57
