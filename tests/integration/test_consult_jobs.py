"""Imports and bulk reports as jobs: in-process (a pool of long-lived rendering processes) and on a real Celery
worker over Redis; reports.zip assembled by the last part, a part counted once, results workbooks kept."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from maturity.interchange.questionnaire import resolve
from maturity.jobs import parts, runner
from maturity.models import Assessment, Job, User
from maturity.models_consult import JobPart, ProxyEntry
from maturity.services import uploads
from tests.conftest import transaction
from tests.integration.test_jobs import redis_up
from tests.interchange.conftest import DEMOS, WideSheet, demo_row

pytestmark = pytest.mark.db


def clients_workbook(tmp_path: Path, error: bool = False) -> bytes:
    rows = [demo_row(name) for name in DEMOS]
    if error:
        rows[1] = {**rows[1], "data.L2.01": "mostly"}
    return WideSheet(resolve(None, "1.0.0")).write(tmp_path / "clients.xlsx", rows).read_bytes()


def settings(app, tmp_path: Path, **extra: Any) -> runner.JobSettings:  # type: ignore[no-untyped-def]
    given = {"part_size": 2, "render_processes": 2, **extra}
    return runner.JobSettings(database_url=app.config["DATABASE_URL"], jobs_dir=tmp_path / "jobs", **given)


def queue(app, tmp_path, kind: str, *, error: bool = False, **params: Any) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Upload the three clients as the consultant and queue a job on the upload; (job ID, upload ID)."""
    with transaction(app) as s:
        user = s.exec(select(User).where(User.email == "advisor@x.cn")).one()
        upload, _ = uploads.store_upload(s, user=user, files=[("clients.xlsx", clients_workbook(tmp_path, error))],
                                         jobs_dir=tmp_path / "jobs")
        job = runner.enqueue(s, kind=kind, params={"upload": upload.id, "consultant": user.id, **params}, user=user)
        return job.id or 0, upload.id or 0


def wait(app, job_id: int, seconds: float = 240) -> Job:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with transaction(app) as s:
            job = s.get(Job, job_id)
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still {job.status} ({job.done}/{job.total})")


@pytest.fixture
def consultant(make) -> int:  # type: ignore[no-untyped-def]
    return make.user("advisor@x.cn", "consultant")


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_an_import_job_stores_the_clients_then_renders_their_reports_in_parts(app, tmp_path, consultant):
    job_id, upload_id = queue(app, tmp_path, "import", mode="all-or-nothing", reports=True, lang="en")
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    job = wait(app, job_id)
    assert (job.status, job.done, job.total, job.failures, job.output) == ("done", 6, 6, [], "reports.zip"), job.message
    folder = tmp_path / "jobs" / str(job_id)
    names = zip_names(folder / "reports.zip")
    assert len([n for n in names if n.endswith(".pdf")]) == 3 and names[-1] == "summary.xlsx"
    assert not (folder / "pdf").exists() and not (folder / "parts").exists()
    results = json.loads((folder / "results.json").read_text("utf-8"))["results"]
    assert [r["outcome_code"] for r in results] == ["created"] * 3
    rows = CalamineWorkbook.from_path(str(folder / "results.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["Import\n导入结果", "Details\n说明", "Assessment ID\n评估编号"]
    assert [r[0] for r in rows[1:]] == ["imported"] * 3
    with transaction(app) as s:
        entries = s.exec(select(ProxyEntry)).all()
        assert {(e.upload_id, e.file) for e in entries} == {(upload_id, "clients.xlsx")}
        assert len(s.exec(select(JobPart).where(JobPart.job_id == job_id)).all()) == 2  # 3 reports, 2 per part


def test_the_reports_job_renders_the_valid_rows_and_lists_the_others(app, tmp_path, consultant):
    job_id, _ = queue(app, tmp_path, "reports", error=True, mode="valid-only", lang="zh")
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    job = wait(app, job_id)
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    archive = tmp_path / "jobs" / str(job_id) / "reports.zip"
    assert len([n for n in zip_names(archive) if n.endswith(".pdf")]) == 2
    with zipfile.ZipFile(archive) as z:
        summary = CalamineWorkbook.from_filelike(io.BytesIO(z.read("summary.xlsx"))).get_sheet_by_index(0).to_python()
    assert [row[8] for row in summary[1:]] == ["已生成", "已生成", "未生成：数据有误"]
    assert "data.L2.01" in summary[3][9]
    with transaction(app) as s:
        assert s.exec(select(Assessment)).all() == []  # reports alone store nothing


def test_an_all_or_nothing_import_keeps_nothing_when_a_row_is_refused(app, tmp_path, consultant, make):
    from maturity.services import organisations
    from tests.interchange.conftest import demo

    e = demo(DEMOS[2])["enterprise"]
    with transaction(app) as s:
        organisations.create_enterprise(s, data={"name": "Theirs", "credit_code": e["credit_code"],
                                                 "industry_code": "C34", "industry_type": "discrete"})
    job_id, _ = queue(app, tmp_path, "import", mode="all-or-nothing", reports=True, lang="en")
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    job = wait(app, job_id)
    assert job.status == "failed" and job.output == "results.xlsx"
    assert job.message == "all or nothing: 1 rows could not be imported, so none was; see the results workbook"
    assert len(job.failures) == 1 and "is not your client" in job.failures[0]["message"]
    results = json.loads((tmp_path / "jobs" / str(job_id) / "results.json").read_text("utf-8"))["results"]
    assert [r["assessment_id"] for r in results] == [None] * 3
    assert results[0]["outcome_message"] == "not imported: other rows were refused (all or nothing)"
    with transaction(app) as s:
        assert s.exec(select(Assessment)).all() == []


def test_valid_only_imports_the_rest_and_reports_only_the_imported(app, tmp_path, consultant):
    job_id, _ = queue(app, tmp_path, "import", error=True, mode="valid-only", reports=True, lang="zh")
    runner.dispatch(job_id, settings(app, tmp_path)).result(timeout=120)
    job = wait(app, job_id)
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert len([n for n in zip_names(tmp_path / "jobs" / str(job_id) / "reports.zip") if n.endswith(".pdf")]) == 2
    again, _ = queue(app, tmp_path, "import", error=True, mode="valid-only", reports=False, lang="en")
    runner.dispatch(again, settings(app, tmp_path)).result(timeout=120)
    assert wait(app, again).output == "results.xlsx"
    results = json.loads((tmp_path / "jobs" / str(again) / "results.json").read_text("utf-8"))["results"]
    assert [r["outcome_code"] for r in results] == ["existing", "existing"]
    with transaction(app) as s:
        assert len(s.exec(select(Assessment)).all()) == 2


def test_a_part_run_twice_is_counted_once(app, tmp_path, consultant):
    job_id, _ = queue(app, tmp_path, "reports", mode="valid-only", lang="en")
    config = settings(app, tmp_path, part_size=10)
    with transaction(app) as s:
        s.get(Job, job_id).status = "running"
    from maturity.jobs.bulk import reports_job

    with transaction(app) as s:
        params = dict(s.get(Job, job_id).params)
    folder = tmp_path / "jobs" / str(job_id)
    folder.mkdir(parents=True)
    dispatched: list[tuple[int, int]] = []
    original = parts.dispatch_part
    parts.dispatch_part = lambda j, k, _s: dispatched.append((j, k))  # type: ignore[assignment]
    try:
        engine = app.extensions["maturity.engine"]
        assert reports_job(runner.JobContext(job_id, engine, folder, params, config)) == runner.CONTINUES
    finally:
        parts.dispatch_part = original  # type: ignore[assignment]
    assert dispatched == [(job_id, 0)]
    parts.run_part(job_id, 0, config)
    with transaction(app) as s:
        job = s.get(Job, job_id)
        assert (job.status, job.done, job.total) == ("done", 3, 3)
    (folder / "parts").mkdir()
    (folder / "parts" / "0.json").write_text("[]")
    parts.run_part(job_id, 0, config)  # a redelivered task finds its part recorded
    with transaction(app) as s:
        assert s.get(Job, job_id).done == 3


@pytest.mark.slow
@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI has it)")
def test_an_import_with_reports_runs_on_real_celery_workers_over_redis(app, tmp_path, consultant):
    queue_name = f"maturity-test-{uuid.uuid4().hex[:8]}"
    broker = "redis://127.0.0.1:6379/0"
    env = {**os.environ, "MATURITY_DATABASE_URL": app.config["DATABASE_URL"], "MATURITY_SECRET_KEY": "test",
           "MATURITY_BROKER_URL": broker, "MATURITY_JOB_QUEUE": queue_name, "MATURITY_JOBS_DIR": str(tmp_path / "jobs"),
           "MATURITY_JOB_PART_SIZE": "2"}
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen([sys.executable, "-m", "maturity.cli", "worker", "--concurrency", "2"], env=env,
                                  stdout=output, stderr=output)
    try:
        job_id, _ = queue(app, tmp_path, "import", mode="valid-only", reports=True, lang="en")
        runner.dispatch(job_id, settings(app, tmp_path, broker_url=broker, queue=queue_name))
        job = wait(app, job_id)
        assert (job.status, job.done, job.total) == ("done", 6, 6), log.read_text()
        names = zip_names(tmp_path / "jobs" / str(job_id) / "reports.zip")
        assert len([n for n in names if n.endswith(".pdf")]) == 3
    finally:
        worker.terminate()
        worker.wait(timeout=30)
