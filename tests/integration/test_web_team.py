"""The team's pages over HTTP: asking to join, invitations, roles, the profile's history, evidence downloads,
disagreements on the review page, submission refused while one is open, the account page."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from maturity.models import Assessment, Enterprise, User
from maturity.models_review import EvidenceFile
from maturity.services import assessments, team
from tests.conftest import PASSWORD, PDF, credit_code, csrf_token, s3_objects, transaction

pytestmark = pytest.mark.db
REQ = "production.operations.L1.01"


def english(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/auth/login"), "next": "/"})


def test_registering_a_taken_credit_code_offers_to_ask_to_join(client, app, crew):
    english(client)
    data = {
        "email": "new@x.cn",
        "password": PASSWORD,
        "password2": PASSWORD,
        "name": "New",
        "enterprise_name": "Anything",
        "credit_code": credit_code(1),
        "industry_code": "C34",
        "industry_type": "discrete",
        "csrf_token": csrf_token(client, "/auth/register"),
    }
    offered = client.post("/auth/register", data=data)
    html = offered.get_data(as_text=True)
    assert offered.status_code == 409 and 'id="ask-to-join"' in html and "ask to join it" in html
    asked = client.post("/auth/register", data={**data, "join": "1"})
    assert asked.status_code == 302 and "/auth/login" in asked.headers["Location"]
    known = client.post(
        "/auth/register",
        data={**data, "join": "1", "email": "ann@x.cn", "password": "wrong-one-12", "password2": "wrong-one-12"},
    )
    assert known.status_code == asked.status_code and known.headers["Location"] == asked.headers["Location"]
    with transaction(app) as s:
        assert [u.email for _r, u in team.open_requests(s, crew["e"])] == ["new@x.cn"]


def test_the_owner_invites_by_link_and_the_colleague_joins(client, auth, app, crew):
    english(client)
    auth.login("owner@x.cn")
    page = client.post(
        f"/enterprises/{crew['e']}/team/invite",
        data={"role": "reviewer", "email": "", "csrf_token": csrf_token(client, f"/enterprises/{crew['e']}/team")},
    )
    link = re.search(r'value="(http[^"]+/team/join/[^"]+)"', page.get_data(as_text=True)).group(1)
    auth.logout()
    path = link.split("localhost", 1)[1]
    joined = client.post(
        path,
        data={
            "name": "Eve",
            "email": "eve@x.cn",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": csrf_token(client, path),
        },
    )
    assert joined.status_code == 302
    members = client.get(f"/enterprises/{crew['e']}/team").get_data(as_text=True)
    assert "eve@x.cn" in members and "Reviewer" in members
    assert client.get(path).status_code == 404  # used once


def test_a_respondent_cannot_manage_and_a_reviewer_cannot_answer(client, auth, crew):
    auth.login("ann@x.cn")
    token = csrf_token(client, f"/enterprises/{crew['e']}/team")
    assert (
        client.post(f"/enterprises/{crew['e']}/team/invite", data={"role": "owner", "csrf_token": token}).status_code
        == 403
    )
    assert client.post(f"/assessments/{crew['a']}/submit", data={"csrf_token": token}).status_code == 403
    auth.logout()
    auth.login("rev@x.cn")
    token = csrf_token(client, f"/enterprises/{crew['e']}")
    posted = client.post(
        f"/assessments/{crew['a']}/pages/production.operations", data={f"rating-{REQ}": "none", "csrf_token": token}
    )
    assert posted.status_code == 403


def test_disagreements_are_listed_and_block_submission_until_resolved(client, auth, app, crew):
    english(client)
    auth.login("owner@x.cn")
    review = client.get(f"/assessments/{crew['a']}/review").get_data(as_text=True)
    assert f'id="d-{REQ}"' in review and "Ann" in review and "Bob" in review
    token = csrf_token(client, f"/assessments/{crew['a']}/review")
    refused = client.post(f"/assessments/{crew['a']}/submit", data={"csrf_token": token}, follow_redirects=True)
    assert "not resolved" in refused.get_data(as_text=True) and REQ in refused.get_data(as_text=True)
    client.post(
        f"/assessments/{crew['a']}/disagreements/{REQ}",
        data={"rating": "largely", "note": "seen on site", "csrf_token": token},
    )
    review = client.get(f"/assessments/{crew['a']}/review").get_data(as_text=True)
    assert "seen on site" in review and "still open" not in review


def test_evidence_is_served_as_a_download_never_inline(client, auth, app, crew):
    auth.login("ann@x.cn")
    page = f"/assessments/{crew['a']}/evidence?sub=production.operations"
    token = csrf_token(client, page)
    from io import BytesIO

    bad = client.post(
        f"/assessments/{crew['a']}/evidence/{REQ}/files",
        follow_redirects=True,
        data={"file": (BytesIO(b"<html><script>x</script>"), "x.pdf"), "csrf_token": token},
    )
    assert "不支持该文件类型" in bad.get_data(as_text=True)
    client.post(
        f"/assessments/{crew['a']}/evidence/{REQ}/files",
        data={"file": (BytesIO(PDF), "检查记录.pdf"), "csrf_token": token},
    )
    with transaction(app) as s:
        row = s.exec(select(EvidenceFile)).one()
    got = client.get(f"/evidence/{row.id}")
    assert got.data == PDF and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    auth.logout()
    auth.login("rev@x.cn")
    client.post(
        f"/assessments/{crew['a']}/evidence/{REQ}/review",
        data={"verdict": "checked", "csrf_token": csrf_token(client, page)},
    )
    assert "evidence checked" in client.get(page + "&lang=en").get_data(as_text=True) or "证据已核对" in client.get(
        page
    ).get_data(as_text=True)
    assert "目前经核对的证据支撑了得分的" in client.get(page).get_data(as_text=True)  # S so far, weighted as S


def test_evidence_in_an_s3_bucket_uploads_downloads_as_attachment_and_goes_with_erasure(
    client, auth, app, make, crew, s3_bucket
):
    from io import BytesIO

    from maturity.models_audit import DeletionRequest

    auth.login("ann@x.cn")
    token = csrf_token(client, f"/assessments/{crew['a']}/evidence?sub=production.operations")
    client.post(f"/assessments/{crew['a']}/evidence/{REQ}/files",
                data={"file": (BytesIO(PDF), "记录.pdf"), "csrf_token": token})
    with transaction(app) as s:
        row = s.exec(select(EvidenceFile)).one()
    [(name, head)] = s3_objects(s3_bucket).items()
    assert name == f"maturity/evidence/{row.storage_key}" and head["ContentDisposition"] == "attachment"
    got = client.get(f"/evidence/{row.id}")
    assert got.data == PDF and got.headers["Content-Disposition"].startswith("attachment;")
    assert got.mimetype == "application/pdf" and got.headers["X-Content-Type-Options"] == "nosniff"
    auth.logout()
    auth.login("owner@x.cn")
    assert client.post(f"/enterprises/{crew['e']}/data/delete", data={
        "confirm": "1", "csrf_token": csrf_token(client, "/account")}).status_code == 302
    make.user("admin@x.cn", "admin")
    admin = app.test_client()
    auth.login("admin@x.cn", client=admin)
    with transaction(app) as s:
        request_id = s.exec(select(DeletionRequest.id)).one()
    assert admin.post(f"/admin/deletions/{request_id}", data={
        "confirm": "1", "csrf_token": csrf_token(admin, "/account")}).status_code == 302
    assert s3_objects(s3_bucket) == {}
    assert admin.get(f"/evidence/{row.id}").status_code == 404


def test_the_result_and_the_report_show_the_share_of_s_that_checked_evidence_backs(client, auth, app, crew):
    from maturity.domain.evidence_share import backed_share, contributions
    from maturity.services import disagreements, evidence, reports
    from maturity.services.assessments import instrument_of
    from maturity.services.results import result_of
    from tests.conftest import demo_page_answers

    with transaction(app) as s:
        owner, draft = s.get(User, crew["owner"]), s.get(Assessment, crew["a"])
        answers, trimmed = demo_page_answers("demo-discrete-l3.json", draft.questionnaire_version)
        # production's level-1 and level-5 requirements: S (levels 1-4 here) counts the first ones only
        checked = {r for r in answers if r.startswith("production.") and (".L1." in r or ".L5." in r)}
        answers.pop(REQ)  # Ann's and Bob's: the owner resolves it
        assessments.save_answers(s, user=owner, assessment=draft, answers=answers, trimmed=trimmed)
        disagreements.resolve(s, user=owner, assessment=draft, requirement_id=REQ, rating="largely", note="seen")
        assessments.submit(s, user=owner, assessment=draft)
        for rid in checked:
            evidence.review(s, user=s.get(User, crew["rev"]), assessment_id=crew["a"], requirement_id=rid,
                            verdict="checked", comment=None)
    with transaction(app) as s:
        done = s.get(Assessment, crew["a"])
        stored = result_of(s, done)
        expected = backed_share(contributions(instrument_of(done).base, stored.answers, stored.result), checked)
        ratings = {rid: v for rid, v in stored.answers.ratings.items() if v is not None}
        by_values = sum(ratings[r] for r in checked) / sum(ratings.values())
        assert f"{expected:.0%}" != f"{by_values:.0%}"  # the weighting shows
        cover = reports.report_inputs(s, user=s.get(User, crew["owner"]), assessment_id=crew["a"])["enterprise"]
    assert cover["evidence_share"] == pytest.approx(expected)
    english(client)
    auth.login("owner@x.cn")
    page = client.get(f"/assessments/{crew['a']}/result").get_data(as_text=True)
    assert f"Checked evidence backs {expected:.0%} of the score, each requirement weighted as the score" in page


def test_an_outsider_cannot_download_evidence(client, auth, app, make, crew):
    other = make.enterprise("Elsewhere")
    make.user("x@y.cn", "enterprise", enterprise_id=other)
    with transaction(app) as s:
        s.add(
            EvidenceFile(
                assessment_id=crew["a"],
                requirement_id=REQ,
                filename="a.pdf",
                media_type="application/pdf",
                size=3,
                storage_key=f"{crew['a']}/abcdefghijklmnopqrstuv",
                uploaded_by=crew["ann"],
            )
        )
    with transaction(app) as s:
        fid = s.exec(select(EvidenceFile)).one().id
    auth.login("x@y.cn")
    assert client.get(f"/evidence/{fid}").status_code == 404


def test_the_profile_page_keeps_its_history_and_the_account_lists_roles(client, auth, app, crew):
    english(client)
    auth.login("owner@x.cn")
    path = f"/enterprises/{crew['e']}/profile"
    saved = client.post(
        path,
        data={
            "enterprise_name": "Team Works Ltd",
            "industry_code": "C34",
            "industry_type": "discrete",
            "region_code": "",
            "employees": "300",
            "revenue_band": "",
            "csrf_token": csrf_token(client, path),
        },
        follow_redirects=True,
    )
    html = saved.get_data(as_text=True)
    assert "Team Works Ltd" in html and "300" in html and 'id="history"' in html
    auth.logout()
    auth.login("rev@x.cn")
    account = client.get("/account").get_data(as_text=True)
    assert "Team Works Ltd" in account and "Reviewer" in account or "评审人" in account
    with transaction(app) as s:
        assert s.get(Assessment, crew["a"]).status == "draft"


def test_someone_waiting_to_join_lands_on_the_account_page_with_the_request(client, auth, app, crew):
    english(client)
    data = {
        "email": "wait@x.cn",
        "password": PASSWORD,
        "password2": PASSWORD,
        "name": "Wait",
        "enterprise_name": "Anything",
        "credit_code": credit_code(1),
        "industry_code": "C34",
        "industry_type": "discrete",
        "join": "1",
        "csrf_token": csrf_token(client, "/auth/register"),
    }
    client.post("/auth/register", data=data)
    auth.login("wait@x.cn")
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/account")
    account = client.get("/account").get_data(as_text=True)
    assert "Team Works" in account and "waiting for the owner" in account
    assert client.get(f"/enterprises/{crew['e']}").status_code == 404  # not yet in the team


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    """A real SMTP server on a loopback port, keeping what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self) -> None:
            self.messages: list[tuple[list[str], str]] = []

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    import socket

    with socket.socket() as probe:  # a free loopback port (the controller checks it can connect, so not 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def app_config(app_config, request):  # type: ignore[no-untyped-def]
    """Tests asking for `smtp_server` get an app that sends mail through it; for `s3_bucket`, one that keeps
    evidence in that bucket."""
    if "s3_bucket" in request.fixturenames:
        app_config = {**app_config, **request.getfixturevalue("s3_bucket")}
    if "smtp_server" in request.fixturenames:
        controller, _handler = request.getfixturevalue("smtp_server")
        app_config = {
            **app_config,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": controller.port,
            "MAIL_DEFAULT_SENDER": "maturity@test.local",
        }
    return app_config


def test_an_invitation_is_e_mailed_when_a_mail_server_is_configured(client, auth, crew, smtp_server):
    _controller, handler = smtp_server
    english(client)
    auth.login("owner@x.cn")
    sent = client.post(
        f"/enterprises/{crew['e']}/team/invite",
        follow_redirects=True,
        data={
            "role": "respondent",
            "email": "carl@x.cn",
            "csrf_token": csrf_token(client, f"/enterprises/{crew['e']}/team"),
        },
    )
    assert "has been sent to carl@x.cn" in sent.get_data(as_text=True)
    [(to, body)] = handler.messages
    assert to == ["carl@x.cn"] and "/team/join/" in body and "Team Works" in body


def test_each_respondent_sees_their_own_rating_not_the_consolidated_one(client, auth, crew):
    """Ann said fully met, Bob partially; the team's answer is Bob's (the lowest), but Ann's page shows hers,
    so saving her page again cannot silently turn her answer into his."""
    auth.login("ann@x.cn")
    html = client.get(f"/assessments/{crew['a']}/pages/production.operations").get_data(as_text=True)
    checked = re.search(rf'name="rating-{re.escape(REQ)}"[^>]*value="(\w+)"[^>]*checked', html) or re.search(
        rf'checked[^>]*name="rating-{re.escape(REQ)}"[^>]*value="(\w+)"', html
    )
    assert checked is not None and checked.group(1) == "full"


def test_the_profile_history_names_codes_in_the_readers_language(client, auth, crew):
    english(client)
    auth.login("owner@x.cn")
    path = f"/enterprises/{crew['e']}/profile"
    client.post(
        path,
        data={
            "enterprise_name": "Team Works",
            "industry_code": "C34",
            "industry_type": "process",
            "region_code": "32",
            "employees": "",
            "revenue_band": "ge400m",
            "csrf_token": csrf_token(client, path),
        },
    )
    history = client.get(path).get_data(as_text=True).split('id="history"')[1]
    assert "Process manufacturing" in history and "400 million yuan or more" in history and "Jiangsu" in history


def test_only_the_owner_decides_sharing_and_exercises_data_rights(client, auth, app, make, crew):
    with transaction(app) as s:
        s.get(Enterprise, crew["e"]).park_id = make.park("Team Park")
    for who in ("ann@x.cn", "rev@x.cn"):
        auth.login(who)
        with client.session_transaction() as session:
            session["lang"] = "en"
        page = client.get(f"/enterprises/{crew['e']}").get_data(as_text=True)
        assert "Only the enterprise's owner decides what is shared." in page and 'value="agree"' not in page
        token = csrf_token(client, f"/enterprises/{crew['e']}")
        agreed = client.post(f"/enterprises/{crew['e']}/sharing", data={"csrf_token": token, "action": "agree"})
        assert agreed.status_code == 403
        assert client.get(f"/enterprises/{crew['e']}/data").status_code == 403
        assert client.get(f"/enterprises/{crew['e']}/data.json").status_code == 403
        assert f"/enterprises/{crew['e']}/data" not in client.get("/account").get_data(as_text=True)
        auth.logout()
    auth.login("owner@x.cn")
    assert f"/enterprises/{crew['e']}/data" in client.get("/account").get_data(as_text=True)
    assert client.get(f"/enterprises/{crew['e']}/data").status_code == 200
    token = csrf_token(client, f"/enterprises/{crew['e']}")
    agreed = client.post(f"/enterprises/{crew['e']}/sharing", data={"csrf_token": token, "action": "agree"})
    assert agreed.status_code == 302


def test_an_invitation_offers_a_log_in_that_comes_back_to_it(client, auth, app, make, crew):
    make.user("has-account@x.cn", "enterprise", enterprise_id=make.enterprise("Elsewhere"))
    with transaction(app) as s:
        _invite, token = team.invite(s, owner=s.get(User, crew["owner"]), enterprise_id=crew["e"], role="reviewer")
    path = f"/team/join/{token}"
    page = client.get(path).get_data(as_text=True)
    login = re.search(r'href="(/auth/login\?next=[^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.post(
        login, data={"email": "has-account@x.cn", "password": PASSWORD, "csrf_token": csrf_token(client, login)}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    back = client.get(path)
    assert back.status_code == 200 and 'id="password2"' not in back.get_data(as_text=True)  # joins as who they are
