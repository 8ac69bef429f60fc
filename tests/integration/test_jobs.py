"""Jobs run to a recorded end in-process and on a real Celery worker over Redis; the API shows progress."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from maturity.jobs import runner
from maturity.models import AssessmentScore, Job, User
from maturity.services import accounts, assessments
from tests.conftest import transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"
REDIS = ("127.0.0.1", 6379)


def demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


@pytest.fixture
def stored(app, make):  # type: ignore[no-untyped-def]
    """Two submitted 1.0.0 assessments and their owner's ID."""
    company = make.enterprise("Factory")
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=company)
    with transaction(app) as s:
        user = s.get(User, uid)
        from maturity.models import Enterprise

        for name in ("demo-discrete-l1.json", "demo-discrete-l3.json"):
            assessments.create_submitted(s, user=user, enterprise=s.get(Enterprise, company), raw=demo(name))
    return uid


def queue_rescore(app, uid: int) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        job = runner.enqueue(s, kind="rescore", params={"to": "1.1.0"}, user=s.get(User, uid))
        return job.id or 0


def settings(app, tmp_path, broker: str | None = None, queue: str = "maturity") -> runner.JobSettings:  # type: ignore[no-untyped-def]
    return runner.JobSettings(
        database_url=app.config["DATABASE_URL"], jobs_dir=tmp_path / "jobs", broker_url=broker, queue=queue
    )


def test_a_job_runs_in_process_when_no_broker_is_configured(app, stored, tmp_path):
    job_id = queue_rescore(app, stored)
    future = runner.dispatch(job_id, settings(app, tmp_path))
    assert future is not None
    future.result(timeout=120)
    with transaction(app) as s:
        job = s.get(Job, job_id)
        assert (job.status, job.done, job.total, job.failures) == ("done", 2, 2, [])
        assert len(s.exec(select(AssessmentScore).where(AssessmentScore.questionnaire_version == "1.1.0")).all()) == 2
    output = json.loads((tmp_path / "jobs" / str(job_id) / "rescore.json").read_text())
    assert [o["status"] for o in output["assessments"]] == ["rescored", "rescored"]


def test_a_failing_job_ends_failed_with_its_message(app, stored, tmp_path):
    with transaction(app) as s:
        job_id = runner.enqueue(s, kind="rescore", params={"to": "9.9.9"}, user=s.get(User, stored)).id
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=60)
    with transaction(app) as s:
        job = s.get(Job, job_id)
    assert job.status == "done" and len(job.failures) == 2 and "9.9.9" in job.failures[0]["message"]


def test_an_unknown_kind_is_refused(app, stored):
    from maturity.domain.errors import Refused

    with pytest.raises(Refused, match="rescore"), transaction(app) as s:
        runner.enqueue(s, kind="nonsense", params={}, user=None)


def test_the_api_shows_a_job_to_its_creator_only(app, client, stored, make, tmp_path):
    app.config["JOBS_DIR"] = str(tmp_path / "jobs")
    job_id = queue_rescore(app, stored)
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    other = make.user("other@x.cn", "admin")
    with transaction(app) as s:
        mine = accounts.create_token(s, user=s.get(User, stored))
        admin = accounts.create_token(s, user=s.get(User, other))
    make.user("stranger@x.cn", "consultant")
    with transaction(app) as s:
        stranger = accounts.create_token(s, user=s.exec(select(User).where(User.email == "stranger@x.cn")).one())
    body = client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {mine}"}).get_json()
    assert (body["status"], body["done"], body["total"]) == ("done", 2, 2)
    download = client.get(body["output"], headers={"Authorization": f"Bearer {mine}"})
    assert download.status_code == 200 and b"rescored" in download.data
    download.close()
    assert client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {admin}"}).status_code == 200
    refused = client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {stranger}"})
    assert refused.status_code == 404 and refused.get_json()["errors"][0]["where"] == "job_id"


def test_output_files_are_cleaned_up_after_the_retention_time(app, stored, tmp_path):
    job_id = queue_rescore(app, stored)
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    expired = runner.JobSettings(
        database_url=app.config["DATABASE_URL"], jobs_dir=tmp_path / "jobs", retention_hours=-1
    )
    with transaction(app) as s:
        assert runner.clean_up(s, expired) == 1
    assert not (tmp_path / "jobs" / str(job_id)).exists()


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI has it)")
def test_a_job_runs_on_a_real_celery_worker_over_redis(app, stored, tmp_path):
    queue = f"maturity-test-{uuid.uuid4().hex[:8]}"
    broker = "redis://127.0.0.1:6379/0"
    env = {
        **os.environ,
        "MATURITY_DATABASE_URL": app.config["DATABASE_URL"],
        "MATURITY_SECRET_KEY": "test",
        "MATURITY_BROKER_URL": broker,
        "MATURITY_JOB_QUEUE": queue,
        "MATURITY_JOBS_DIR": str(tmp_path / "jobs"),
    }
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "maturity.cli", "worker", "--concurrency", "1"],
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        job_id = queue_rescore(app, stored)
        runner.dispatch(job_id, settings(app, tmp_path, broker, queue))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with transaction(app) as s:
                status = s.get(Job, job_id).status
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
        assert status == "done", log.read_text()
        assert (tmp_path / "jobs" / str(job_id) / "rescore.json").is_file()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
