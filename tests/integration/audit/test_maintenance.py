"""`maturity maintenance` applies the documented retention rule: old drafts, stashed pages, expired links, old
log-in sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from maturity.models import Answer, Assessment, DraftStash, Enterprise, User, utcnow
from maturity.models_audit import AuditEvent
from maturity.models_consult import ClientInvite
from maturity.models_security import UserSession
from maturity.services import assessments, drafts
from maturity.services.retention import Retention, purge
from tests.conftest import transaction

pytestmark = pytest.mark.db


@pytest.fixture
def leftovers(app, make):
    """An old and a recent draft with an answer each, an old and a new stash, an expired and a valid invitation;
    log-in sessions ended 40 and 5 days ago, one open but unseen for 40 days, one open now."""
    eid = make.enterprise("F")
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=eid)
    cid = make.user("c@x.cn", "consultant", clients=(eid,))
    now, ids = utcnow(), {}
    with transaction(app) as s:
        user, company = s.get(User, uid), s.get(Enterprise, eid)
        for key in ("old", "new"):
            draft = assessments.start_assessment(s, user=user, enterprise=company, variant="full")
            assessments.save_answers(s, user=user, assessment=draft, answers={"strategy.L1.01": ("full", None)})
            draft.updated_at = now - timedelta(days=400 if key == "old" else 10)
            ids[key] = draft.id
        drafts.stash_page(s, assessment_id=ids["new"], page="strategy", data={"a": 1})
        drafts.stash_page(s, assessment_id=ids["new"], page="data", data={"a": 2})
        s.exec(select(DraftStash)).first().created_at = now - timedelta(hours=30)
        for days in (-40, 5):
            s.add(ClientInvite(enterprise_id=eid, created_by=cid, token_hash=f"h{days}",
                               expires_at=now + timedelta(days=days)))
        for name, ended, seen in (("old", 40, 41), ("recent", 5, 6), ("unseen", None, 40), ("open", None, 0)):
            s.add(UserSession(user_id=uid, token_hash=name, last_seen_at=now - timedelta(days=seen),
                              ended_at=None if ended is None else now - timedelta(days=ended),
                              ended_reason=None if ended is None else "logout"))
    return ids


def test_purge_deletes_what_the_rule_says_and_nothing_else(app, leftovers):
    with transaction(app) as s:
        counts = purge(s, Retention(draft_days=365, stash_hours=24, expired_days=30)).counts
    assert counts == {"drafts": 1, "evidence_files": 0, "stashes": 1, "expired": 1, "sessions": 2}
    with transaction(app) as s:
        assert [a.id for a in s.exec(select(Assessment))] == [leftovers["new"]]
        assert [a.assessment_id for a in s.exec(select(Answer))] == [leftovers["new"]]
        assert [d.page for d in s.exec(select(DraftStash))] == ["data"]
        assert len(s.exec(select(ClientInvite)).all()) == 1
        assert sorted(r.token_hash for r in s.exec(select(UserSession))) == ["open", "recent"]
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "maintenance")).one().detail["drafts"] == 1


def test_drafts_never_expire_with_zero_days(app, leftovers):
    with transaction(app) as s:
        assert purge(s, Retention(draft_days=0)).counts["drafts"] == 0


def test_the_maintenance_command_reads_the_configured_rule(runner, leftovers):
    from maturity.cli import cli

    result = runner.invoke(cli, ["maintenance"], env={"MATURITY_DRAFT_RETENTION_DAYS": "5"})
    assert result.exit_code == 0, result.output
    # both drafts are older than 5 days; the newer stash goes with its draft
    assert "drafts: 2" in result.output and "stashes: 1" in result.output and "job_folders: 0" in result.output
    assert "sessions: 2" in result.output


def test_expired_drafts_take_their_evidence_files_out_of_the_store(app, runner, leftovers, tmp_path):
    from maturity.cli import cli
    from maturity.services import evidence
    from maturity.services.evidence_store import LocalStore

    files = LocalStore(tmp_path / "evidence")
    with transaction(app) as s:
        boss = s.exec(select(User).where(User.email == "boss@x.cn")).one()
        old = evidence.attach(s, user=boss, assessment_id=leftovers["old"], requirement_id="strategy.L1.01",
                              filename="a.pdf", data=b"%PDF-1.4\n%%EOF\n", store=files, max_bytes=1024).storage_key
        new = evidence.attach(s, user=boss, assessment_id=leftovers["new"], requirement_id="strategy.L1.01",
                              filename="b.pdf", data=b"%PDF-1.4\n%%EOF\n", store=files, max_bytes=1024).storage_key
    result = runner.invoke(cli, ["maintenance"], env={"MATURITY_EVIDENCE_DIR": str(tmp_path / "evidence")})
    assert result.exit_code == 0, result.output
    assert "drafts: 1" in result.output and "evidence_files: 1" in result.output
    assert not (tmp_path / "evidence" / old).exists() and files.read(new) == b"%PDF-1.4\n%%EOF\n"
