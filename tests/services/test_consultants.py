"""The consultant's use cases without HTTP: entries on a client's behalf (recorded, editable by that consultant only
until the client takes over), the one-time invitation, the client list with filters, the portfolio, uploads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import select

from maturity.domain.errors import Forbidden, NotFound, Refused
from maturity.models import Assessment, Enterprise, User
from maturity.models_consult import BatchUpload, ClientInvite, ProxyEntry
from maturity.services import access, assessments, client_invites, clients, uploads
from tests.conftest import DEMO, PASSWORD, transaction

pytestmark = pytest.mark.db


def demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


@pytest.fixture
def world(app, make):  # type: ignore[no-untyped-def]
    """A consultant with two clients (one of them with its own user), and another consultant."""
    a, b = make.enterprise("Alpha Works"), make.enterprise("Beta Process", industry_type="process")
    return {
        "a": a, "b": b,
        "advisor": make.user("advisor@x.cn", "consultant", clients=(a, b)),
        "other": make.user("other@x.cn", "consultant", clients=(a,)),
        "boss": make.user("boss@x.cn", "enterprise", enterprise_id=a),
    }


def user(s, uid: int) -> User:  # type: ignore[no-untyped-def]
    return s.get(User, uid)


def start_proxy_draft(app, world) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        company = s.get(Enterprise, world["a"])
        return assessments.start_assessment(s, user=user(s, world["advisor"]), enterprise=company, variant="full").id


def test_a_consultants_assessment_of_a_client_is_recorded_as_entered_on_its_behalf(app, world):
    draft = start_proxy_draft(app, world)
    with transaction(app) as s:
        company = s.get(Enterprise, world["a"])
        own = assessments.start_assessment(s, user=user(s, world["boss"]), enterprise=company, variant="quick").id
        entry = s.get(ProxyEntry, draft)
        assert (entry.entered_by, entry.file, entry.handed_over_at) == (world["advisor"], None, None)
        assert s.get(ProxyEntry, own) is None
        submitted, _ = assessments.create_submitted(s, user=user(s, world["advisor"]), enterprise=company,
                                                    raw=demo("demo-discrete-l3.json"))
        assert s.get(ProxyEntry, submitted.id).entered_by == world["advisor"]


def test_a_proxy_draft_is_editable_by_its_consultant_only_until_the_client_takes_over(app, world):
    draft = start_proxy_draft(app, world)
    with transaction(app) as s:
        assert access.assessment_for(s, user(s, world["advisor"]), draft, edit=True).id == draft
        assert access.assessment_for(s, user(s, world["boss"]), draft).id == draft  # shown to the client
        for who in ("boss", "other"):
            with pytest.raises(Forbidden, match="only that consultant may change it"):
                access.assessment_for(s, user(s, world[who]), draft, edit=True)
        _, token = client_invites.invite(s, consultant=user(s, world["advisor"]), enterprise_id=world["a"])
    with transaction(app) as s:
        client_invites.accept(s, token=token, email="staff@a.cn", password=PASSWORD, name="Staff")
    with transaction(app) as s:
        staff = s.exec(select(User).where(User.email == "staff@a.cn")).one()
        assert (staff.role, staff.enterprise_id) == ("enterprise", world["a"])
        assert access.assessment_for(s, staff, draft, edit=True).id == draft
        assert access.assessment_for(s, user(s, world["boss"]), draft, edit=True).id == draft
        assert s.get(ProxyEntry, draft).handed_over_at is not None


def test_an_invitation_link_works_once_and_expires(app, world):
    with transaction(app) as s:
        _, token = client_invites.invite(s, consultant=user(s, world["advisor"]), enterprise_id=world["b"])
        _, old = client_invites.invite(s, consultant=user(s, world["advisor"]), enterprise_id=world["b"], days=-1)
        assert len(client_invites.pending(s, world["b"])) == 1
        stored = s.exec(select(ClientInvite.token_hash)).all()
        assert token not in stored and len(stored) == 2
    with transaction(app) as s:
        client_invites.accept(s, token=token, email="first@b.cn", password=PASSWORD, name=None)
    for used in (token, old, "made-up"):
        with pytest.raises(NotFound, match="invalid, used or expired"), transaction(app) as s:
            client_invites.accept(s, token=used, email="second@b.cn", password=PASSWORD, name=None)


def test_only_the_clients_consultant_invites(app, world, make):
    stranger = make.user("stranger@x.cn", "consultant")
    with transaction(app) as s:
        with pytest.raises(NotFound):
            client_invites.invite(s, consultant=user(s, stranger), enterprise_id=world["a"])
        with pytest.raises(Forbidden):
            client_invites.invite(s, consultant=user(s, world["boss"]), enterprise_id=world["a"])


def submit(app, world, name: str, when: str, variant_doc: str | None = None) -> int:  # type: ignore[no-untyped-def]
    raw = demo(variant_doc or name)
    company = world["b"] if raw["industry"] == "process" else world["a"]
    with transaction(app) as s:
        at = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        return assessments.create_submitted(s, user=user(s, world["advisor"]), enterprise=s.get(Enterprise, company),
                                            raw=raw, submitted_at=at)[0].id


def test_the_client_list_shows_the_newest_assessment_with_filters_and_search(app, world, make):
    submit(app, world, "demo-discrete-l1.json", "2024-05-01")
    submit(app, world, "demo-discrete-l3.json", "2025-05-01")
    start_proxy_draft(app, world)
    make.enterprise("Gamma Not Mine")
    with transaction(app) as s:
        advisor = user(s, world["advisor"])
        rows = clients.client_rows(s, advisor)
        assert [r.enterprise.name for r in rows] == ["Alpha Works", "Beta Process"]
        alpha = rows[0]
        assert (alpha.status, alpha.latest_submitted.level, alpha.proxy.entered_by) == ("draft", 3, advisor.id)
        assert rows[1].status == "none" and rows[1].latest is None
        assert [r.enterprise.name for r in clients.client_rows(s, advisor, search="beta")] == ["Beta Process"]
        code = s.get(Enterprise, world["a"]).credit_code
        assert [r.enterprise.name for r in clients.client_rows(s, advisor, search=code[-6:])] == ["Alpha Works"]
        assert [r.enterprise.name for r in clients.client_rows(s, advisor, status="none")] == ["Beta Process"]
        assert [r.enterprise.name for r in clients.client_rows(s, advisor, level=3)] == ["Alpha Works"]
        assert clients.client_rows(s, advisor, level=1) == []
        assert [r.enterprise.name for r in clients.client_rows(s, advisor, industry_type="process")] == \
            ["Beta Process"]


def test_the_portfolio_counts_levels_and_compares_full_with_full_only(app, world):
    submit(app, world, "demo-discrete-l1.json", "2024-01-10")
    submit(app, world, "quick-example.json", "2024-06-10")
    submit(app, world, "demo-discrete-l3.json", "2025-01-10")
    submit(app, world, "demo-process-l2.json", "2025-02-10")
    with transaction(app) as s:
        result = clients.portfolio(s, user(s, world["advisor"]))
        assert (result.clients, dict(result.levels), dict(result.quick_levels), result.not_assessed) == (
            2, {3: 1, 2: 1}, {}, 0)
        by_kind = {(c.enterprise.name, c.variant): c for c in result.changes}
        alpha = by_kind[("Alpha Works", "full")]
        assert (alpha.previous.level, alpha.latest.level, alpha.level_change) == (1, 3, 2)
        assert alpha.delta == pytest.approx(alpha.latest.score - alpha.previous.score)
        assert by_kind[("Alpha Works", "quick")].previous is None  # never against the full ones
        assert by_kind[("Beta Process", "full")].delta is None


def test_an_upload_is_kept_validated_and_seen_by_its_uploader_only(app, world, tmp_path):
    from tests.integration.test_consult_jobs import clients_workbook

    with transaction(app) as s:
        with pytest.raises(Forbidden):
            uploads.store_upload(s, user=user(s, world["boss"]), files=[("c.xlsx", b"")], jobs_dir=tmp_path)
        with pytest.raises(Refused, match="choose at least one file"):
            uploads.store_upload(s, user=user(s, world["advisor"]), files=[], jobs_dir=tmp_path)
        upload, validation = uploads.store_upload(s, user=user(s, world["advisor"]), jobs_dir=tmp_path, files=[
            ("C:\\Users\\me\\clients.xlsx", clients_workbook(tmp_path, error=True))])
        assert (upload.rows, upload.valid, upload.problems, upload.files[0]["name"]) == (3, 2, 1, "clients.xlsx")
        assert (tmp_path / "uploads" / str(upload.id) / "0").is_file()
        with pytest.raises(NotFound):
            uploads.upload_for(s, user(s, world["other"]), upload.id)
        assert uploads.read_upload(upload, tmp_path).to_json("en") == validation.to_json("en")
        with pytest.raises(Refused, match="all or nothing: the upload has 1 problems"):
            uploads.queue_job(s, user=user(s, world["advisor"]), upload=upload, kind="import", mode="all-or-nothing",
                              lang="en")
    with transaction(app) as s:
        assert uploads.clean_uploads(s, tmp_path, retention_hours=1) == 0
        assert uploads.clean_uploads(s, tmp_path, retention_hours=-1) == 1
        row = s.exec(select(BatchUpload)).one()
        with pytest.raises(NotFound, match="cleaned up"):
            uploads.read_upload(row, tmp_path)
        assert s.exec(select(Assessment)).all() == []
    assert not (Path(tmp_path) / "uploads" / "1").exists()
