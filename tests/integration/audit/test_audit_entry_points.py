"""What the API and the command line record: answers given through the API, re-scoring, imports, downloads."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlmodel import col, select

from maturity.cli import cli
from maturity.models import User
from maturity.models_audit import AuditEvent
from maturity.services import accounts
from tests.conftest import DEMO, transaction
from tests.integration.test_cli_batch import filled_from_cli_template, three_clients

pytestmark = pytest.mark.db


def events(app, action):
    with transaction(app) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))))


@pytest.fixture
def api(app, make):
    """An enterprise user's API token headers and the enterprise's ID."""
    eid = make.enterprise("F", "discrete")
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=eid)
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, uid))
    return {"Authorization": f"Bearer {token}", "User-Agent": "script/1.0"}, eid


def test_the_api_records_answers_given_rescoring_and_downloads(app, client, api):
    headers, eid = api
    doc = {**json.loads((DEMO / "demo-discrete-l3.json").read_text("utf-8")), "enterprise_id": eid}
    created = client.post("/api/v1/assessments", json=doc, headers=headers).get_json()
    [event] = events(app, "assessment.create")
    assert event.channel == "api" and event.user_agent == "script/1.0" and event.actor_email == "boss@x.cn"
    assert event.detail["answers"]["strategy.L1.01"] == doc["answers"]["strategy.L1.01"]
    response = client.post(f"/api/v1/assessments/{created['id']}/rescore", json={"to": "1.1.0"}, headers=headers)
    assert response.status_code == 200
    [rescored] = events(app, "assessment.rescore")
    assert rescored.detail["status"] == "rescored" and rescored.target_id == str(created["id"])
    client.post(f"/api/v1/assessments/{created['id']}/rescore", json={"to": "1.1.0", "dry_run": True},
                headers=headers)
    assert len(events(app, "assessment.rescore")) == 1  # a dry run changes nothing and records nothing
    refused = client.get("/api/v1/assessments/999999", headers=headers)
    assert refused.status_code == 404 and events(app, "refused") == []  # 404 hides existence; only 403 is logged


def test_a_command_line_import_is_recorded_with_its_assessments(app, make, runner: CliRunner, tmp_path):
    make.user("advisor@x.cn", "consultant")

    def run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    assert run("batch", "import", path, "--consultant", "advisor@x.cn").exit_code == 0
    [event] = events(app, "import")
    assert event.channel == "cli" and event.actor_email == "advisor@x.cn"
    assert event.detail["rows"] == 3 and len(event.detail["assessments"]) == 3 and event.detail["refused"] == 0


def test_an_account_created_from_the_command_line_is_recorded_with_the_operator(app, runner: CliRunner):
    result = runner.invoke(cli, ["users", "create", "--email", "ops@x.cn", "--role", "admin",
                                 "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    [event] = events(app, "user.create")
    assert event.channel == "cli" and event.actor_id is None and event.detail == {"email": "ops@x.cn", "role": "admin"}
    assert event.address  # the system account and host that ran the command
