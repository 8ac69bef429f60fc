"""An enterprise's team without HTTP: memberships and roles, invitations, requests to join, the profile's history,
several respondents consolidated, disagreements resolved before submission, evidence checked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlmodel import select

from maturity import db
from maturity.domain.errors import Forbidden, NotFound, Refused
from maturity.models import Answer, Assessment, Enterprise, User
from maturity.models_review import Response
from maturity.models_team import Membership
from maturity.services import access, accounts, assessments, disagreements, evidence, profiles, respondents, team
from maturity.services.evidence_store import LocalStore
from tests.conftest import PASSWORD, PDF, credit_code, team_with_draft, transaction

pytestmark = pytest.mark.db
REQ = "production.operations.L1.01"  # answered by both respondents below


@pytest.fixture
def crew(app, make):  # type: ignore[no-untyped-def]
    """An enterprise with its owner, two respondents and a reviewer, and a full draft."""
    return team_with_draft(app, make)


def person(s, uid):  # type: ignore[no-untyped-def]
    return s.get(User, uid)


def rate(app, crew, who: str, rating: str, item: str = REQ) -> None:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        assessments.save_answers(
            s, user=person(s, crew[who]), assessment=s.get(Assessment, crew["a"]), answers={item: (rating, None)}
        )


def test_existing_enterprise_users_become_owners_when_migrating(db_url):
    command.downgrade(db.alembic_config(db_url), "0003_parks")
    engine = create_engine(db_url)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO enterprises (id, name, credit_code, industry_code, industry_type, "
                "above_designated_size, created_at) VALUES (1, 'Old', :code, 'C34', 'discrete', false, :now)"
            ),
            {"code": credit_code(1), "now": now},
        )
        c.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, enterprise_id, is_active, created_at) "
                "VALUES (1, 'old@x.cn', 'x', 'enterprise', 1, true, :now), "
                "(2, 'c@x.cn', 'x', 'consultant', NULL, true, :now)"
            ),
            {"now": now},
        )
    db.upgrade(db_url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT enterprise_id, user_id, role FROM memberships")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, 1, "owner")]


def test_invited_colleagues_get_their_roles_and_see_the_enterprise(app, crew):
    with transaction(app) as s:
        roles = {m.user.email: m.role for m in team.members(s, crew["e"])}
        assert roles == {
            "owner@x.cn": "owner",
            "ann@x.cn": "respondent",
            "bob@x.cn": "respondent",
            "rev@x.cn": "reviewer",
        }
        company = s.get(Enterprise, crew["e"])
        assert access.can_view_enterprise(s, person(s, crew["rev"]), company)
        assert access.assessment_for(s, person(s, crew["rev"]), crew["a"]).id == crew["a"]
        assert access.can_edit_enterprise(s, person(s, crew["ann"]), company)
        assert not access.can_edit_enterprise(s, person(s, crew["rev"]), company)
        assert not access.can_manage(s, person(s, crew["ann"]), company)


def test_only_the_owner_starts_submits_and_manages(app, crew):
    with transaction(app) as s:
        ann, company = person(s, crew["ann"]), s.get(Enterprise, crew["e"])
        with pytest.raises(Forbidden):
            assessments.start_assessment(s, user=ann, enterprise=company, variant="quick")
        with pytest.raises(Forbidden):
            assessments.submit(s, user=ann, assessment=s.get(Assessment, crew["a"]))
        with pytest.raises(Forbidden):
            team.invite(s, owner=ann, enterprise_id=crew["e"], role="respondent")
        with pytest.raises(Forbidden):  # a reviewer reads and checks evidence but does not answer
            access.assessment_for(s, person(s, crew["rev"]), crew["a"], edit=True)


def test_an_invitation_link_works_once(app, crew):
    with transaction(app) as s:
        _row, token = team.invite(s, owner=person(s, crew["owner"]), enterprise_id=crew["e"], role="reviewer")
        team.accept(s, token=token, email="one@x.cn", password=PASSWORD)
    with transaction(app) as s, pytest.raises(NotFound):
        team.accept(s, token=token, email="two@x.cn", password=PASSWORD)


def test_the_owner_removes_a_member_but_never_the_last_owner(app, crew):
    with transaction(app) as s:
        owner = person(s, crew["owner"])
        team.remove(s, owner=owner, enterprise_id=crew["e"], user_id=crew["bob"])
        assert not access.can_view_enterprise(s, person(s, crew["bob"]), s.get(Enterprise, crew["e"]))
        with pytest.raises(Refused):
            team.remove(s, owner=owner, enterprise_id=crew["e"], user_id=crew["owner"])
        with pytest.raises(Refused):
            team.set_role(s, owner=owner, enterprise_id=crew["e"], user_id=crew["owner"], role="respondent")


def test_a_taken_credit_code_leads_to_a_request_the_owner_decides(app, crew):
    with transaction(app) as s:
        code = s.get(Enterprise, crew["e"]).credit_code
        with pytest.raises(Refused) as taken:
            accounts.register(
                s,
                email="new@x.cn",
                password=PASSWORD,
                name=None,
                enterprise={"name": "Squat", "credit_code": code, "industry_code": "C34", "industry_type": "discrete"},
            )
        assert taken.value.problems[0].code == "credit_code_taken"
    with transaction(app) as s:
        accounts.register_to_join(s, email="new@x.cn", password=PASSWORD, name="New", credit_code=code)
        [(request, newcomer)] = team.open_requests(s, crew["e"])
        assert newcomer.email == "new@x.cn" and newcomer.enterprise_id is None
        with pytest.raises(Forbidden):
            team.decide(s, owner=person(s, crew["ann"]), request_id=request.id, approve=True)
        team.decide(s, owner=person(s, crew["owner"]), request_id=request.id, approve=True, role="reviewer")
        assert access.member_role(s, newcomer, crew["e"]) == "reviewer"


def test_asking_to_join_with_a_known_email_and_wrong_password_changes_nothing(app, crew):
    with transaction(app) as s:
        code = s.get(Enterprise, crew["e"]).credit_code
        accounts.register_to_join(s, email="ann@x.cn", password="not-her-password", name=None, credit_code=code)
        assert team.open_requests(s, crew["e"]) == []


def test_profile_edits_are_kept_in_history(app, crew):
    with transaction(app) as s:
        owner = person(s, crew["owner"])
        change = profiles.update_profile(
            s,
            user=owner,
            enterprise_id=crew["e"],
            data={
                "name": "Team Works Ltd",
                "industry_code": "C34",
                "industry_type": "discrete",
                "employees": 250,
                "revenue_band": "20m_400m",
            },
        )
        assert change.before == {"name": "Team Works", "employees": None, "revenue_band": None}
        assert change.after == {"name": "Team Works Ltd", "employees": 250, "revenue_band": "20m_400m"}
        assert [c.id for c, _who in profiles.profile_history(s, crew["e"])] == [change.id]
        with pytest.raises(Forbidden):
            profiles.update_profile(s, user=person(s, crew["ann"]), enterprise_id=crew["e"], data={"name": "X"})


def test_the_owner_deletes_a_draft_with_everything_on_it(app, crew):
    rate(app, crew, "ann", "full")
    with transaction(app) as s, pytest.raises(Forbidden):
        profiles.delete_draft(s, user=person(s, crew["ann"]), assessment_id=crew["a"])
    with transaction(app) as s:
        profiles.delete_draft(s, user=person(s, crew["owner"]), assessment_id=crew["a"])
    with transaction(app) as s:
        assert s.get(Assessment, crew["a"]) is None
        assert s.exec(select(Response)).all() == [] and s.exec(select(Answer)).all() == []


def test_each_answer_records_who_gave_it_and_the_rule_consolidates(app, crew):
    rate(app, crew, "ann", "full")
    rate(app, crew, "bob", "partial")
    with transaction(app) as s:
        given = {r.user_id: r.rating for r in respondents.responses_of(s, crew["a"])[REQ]}
        assert given == {crew["ann"]: "full", crew["bob"]: "partial"}
        answer = s.exec(select(Answer).where(Answer.requirement_id == REQ)).one()
        assert answer.rating == "partial"  # default rule, nobody assigned: the lowest
        respondents.assign(
            s,
            user=person(s, crew["owner"]),
            assessment=s.get(Assessment, crew["a"]),
            subdomain_id="production.operations",
            respondent_id=crew["ann"],
        )
        s.refresh(answer)
        assert answer.rating == "full"  # the assigned respondent's rating


def test_disagreements_block_submission_until_the_owner_resolves_them(app, crew):
    rate(app, crew, "ann", "full")
    rate(app, crew, "bob", "partial")
    with transaction(app) as s:
        draft = s.get(Assessment, crew["a"])
        assert [d.requirement_id for d in disagreements.unresolved(s, draft)] == [REQ]
        with pytest.raises(Refused) as refused:
            disagreements.check_resolved(s, draft)
        assert REQ in refused.value.problems[0].message.en and "resolve" in refused.value.problems[0].message.en
        with pytest.raises(Refused):
            disagreements.resolve(
                s, user=person(s, crew["owner"]), assessment=draft, requirement_id=REQ, rating="largely", note="  "
            )
        disagreements.resolve(
            s,
            user=person(s, crew["owner"]),
            assessment=draft,
            requirement_id=REQ,
            rating="largely",
            note="site visit: the MES covers two of three lines",
        )
        assert disagreements.unresolved(s, draft) == []
        assert s.exec(select(Answer).where(Answer.requirement_id == REQ)).one().rating == "largely"
    rate(app, crew, "bob", "none")  # a changed response reopens the question
    with transaction(app) as s:
        assert [d.requirement_id for d in disagreements.unresolved(s, s.get(Assessment, crew["a"]))] == [REQ]


def test_ratings_one_step_apart_are_not_a_disagreement(app, crew):
    rate(app, crew, "ann", "full")
    rate(app, crew, "bob", "largely")
    with transaction(app) as s:
        assert disagreements.disagreements(s, s.get(Assessment, crew["a"])) == []


def test_a_respondent_answers_others_sub_domains_only_when_the_owner_allows(app, crew):
    with transaction(app) as s:
        draft, owner = s.get(Assessment, crew["a"]), person(s, crew["owner"])
        respondents.assign(
            s, user=owner, assessment=draft, subdomain_id="production.operations", respondent_id=crew["ann"]
        )
        assert not respondents.may_answer(s, person(s, crew["bob"]), draft, ["production.operations"])
        assert respondents.may_answer(s, person(s, crew["ann"]), draft, ["production.operations"])
        respondents.set_settings(s, user=owner, assessment=draft, rule="median", open_to_all=True)
        assert respondents.may_answer(s, person(s, crew["bob"]), draft, ["production.operations"])
        with pytest.raises(Refused):
            respondents.set_settings(s, user=owner, assessment=draft, rule="mean", open_to_all=True)


def test_evidence_is_typed_by_content_and_checked_evidence_backs_a_share(app, crew, tmp_path):
    files = LocalStore(tmp_path / "evidence")
    rate(app, crew, "ann", "full")
    with transaction(app) as s:
        ann = person(s, crew["ann"])
        with pytest.raises(Refused):
            evidence.attach(
                s,
                user=ann,
                assessment_id=crew["a"],
                requirement_id=REQ,
                filename="report.pdf",
                data=b"<html><script>alert(1)</script></html>",
                store=files,
                max_bytes=1024,
            )
        with pytest.raises(Refused):
            evidence.attach(
                s,
                user=ann,
                assessment_id=crew["a"],
                requirement_id=REQ,
                filename="big.pdf",
                data=PDF + b"0" * 2000,
                store=files,
                max_bytes=1024,
            )
        row = evidence.attach(
            s,
            user=ann,
            assessment_id=crew["a"],
            requirement_id=REQ,
            filename="../../mes.pdf",
            data=PDF,
            store=files,
            max_bytes=1024,
        )
        assert (row.media_type, row.filename) == ("application/pdf", "mes.pdf")
        assert files.read(row.storage_key) == PDF
        with pytest.raises(Forbidden):
            evidence.review(s, user=ann, assessment_id=crew["a"], requirement_id=REQ, verdict="checked", comment=None)
        with pytest.raises(Refused):
            evidence.review(
                s,
                user=person(s, crew["rev"]),
                assessment_id=crew["a"],
                requirement_id=REQ,
                verdict="queried",
                comment="",
            )
        evidence.review(
            s, user=person(s, crew["rev"]), assessment_id=crew["a"], requirement_id=REQ, verdict="checked", comment=None
        )
        assessments.save_answers(
            s,
            user=ann,
            assessment=s.get(Assessment, crew["a"]),
            answers={"production.operations.L1.02": ("full", None)},
        )
        backing = evidence.backed_share(s, s.get(Assessment, crew["a"]))
        assert backing.checked == 1 and backing.share == pytest.approx(0.5)
        # Level 1 is under the gate, so S stops there: a checked level-2 requirement backs none of S, whatever
        # its rating (by rating values alone it would back a third).
        later = "production.operations.L2.01"
        assessments.save_answers(s, user=ann, assessment=s.get(Assessment, crew["a"]), answers={later: ("full", None)})
        evidence.review(s, user=person(s, crew["rev"]), assessment_id=crew["a"], requirement_id=later,
                        verdict="checked", comment=None)
        backing = evidence.backed_share(s, s.get(Assessment, crew["a"]))
        assert backing.checked == 2 and backing.share == pytest.approx(0.5)


def test_memberships_are_one_row_per_person_and_enterprise(app, crew):
    with transaction(app) as s:
        rows = s.exec(select(Membership).where(Membership.enterprise_id == crew["e"])).all()
        assert len(rows) == 3  # the owner made before teams counts through the fallback, not a row
