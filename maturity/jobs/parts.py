"""Bulk reports split into parts that any worker renders; the last part to finish writes the zip and ends the job.

A job's handler plans the work (`plan_reports`): each part is a handful of report tasks written into the job's
folder, which every worker sees (MATURITY_JOBS_DIR is shared when several machines work). Parts go to Celery
workers when a broker is configured, else to a pool of processes kept for the life of the process that queued
them. Either way the processes rendering reports live long and load the questionnaires, reference data and fonts
once (`interchange.reports.init_worker`), never inside a web request.

A part is recorded once (`job_parts`), in the same transaction that adds its count to the job's progress; the
job row is updated first so that concurrent parts queue behind each other and exactly one sees itself last.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, update
from sqlmodel import col, select

from .. import db
from ..domain.enums import JobStatus
from ..models import Job
from ..models_consult import JobPart
from .runner import CONTINUES, JobContext, JobSettings, engine_for, finish

log = logging.getLogger(__name__)
REPORTS_ZIP = "reports.zip"
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def plan_reports(context: JobContext, tasks: Sequence[dict[str, Any]], skipped: Sequence[list[Any]], lang: str,
                 done_before: int = 0) -> str:
    """Write the report tasks as parts, count them into the job's total, and send the parts to the workers.

    `tasks` are `interchange.reports.task_for` dicts with a "summary" list (the summary row's first columns);
    `skipped` are finished summary rows of records that get no report. Returns CONTINUES, or the zip's name when
    there is nothing to render.
    """
    settings = context.settings
    assert settings is not None
    size = max(1, settings.part_size)
    parts = [list(tasks[k : k + size]) for k in range(0, len(tasks), size)]
    (context.folder / "parts").mkdir(exist_ok=True)
    (context.folder / "pdf").mkdir(exist_ok=True)
    for k, part in enumerate(parts):
        (context.folder / "parts" / f"{k}.json").write_text(json.dumps(part, ensure_ascii=False))
    plan = {"parts": len(parts), "lang": lang, "skipped": skipped}
    (context.folder / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, default=str))
    context.progress(done_before, done_before + len(tasks))
    if not parts:
        assemble(context.engine, context.job_id, context.folder)
        return REPORTS_ZIP
    for k in range(len(parts)):
        dispatch_part(context.job_id, k, settings)
    return CONTINUES


def dispatch_part(job_id: int, part: int, settings: JobSettings) -> Future[None] | None:
    """Send one part to a Celery worker, or to this process's pool of rendering processes."""
    if settings.broker_url:
        from .celery_app import celery_for

        celery_for(settings.broker_url).send_task("maturity.run_part", args=[job_id, part], queue=settings.queue)
        return None
    future = render_pool(settings.render_processes).submit(run_part, job_id, part, settings)
    future.add_done_callback(lambda f: _part_crashed(f, job_id, part, settings))
    return future


def render_pool(processes: int) -> ProcessPoolExecutor:
    """The long-lived pool of rendering processes of this process (created on first use, rebuilt if broken)."""
    global _pool
    with _pool_lock:
        broken = _pool is not None and getattr(_pool, "_broken", False)
        if _pool is None or broken:
            from ..interchange.reports import init_worker

            # spawn: a clean interpreter per worker (no inherited threads, locks or database connections).
            _pool = ProcessPoolExecutor(max_workers=max(1, processes), mp_context=get_context("spawn"),
                                        initializer=init_worker)
        return _pool


@atexit.register
def _close_pool() -> None:
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)


def _part_crashed(future: Future[None], job_id: int, part: int, settings: JobSettings) -> None:
    """A rendering process that died takes its part with it: the job fails and says so, it does not hang."""
    exc = future.exception()
    if exc is not None:
        log.error("job %s part %s: %s", job_id, part, exc)
        finish(engine_for(settings.database_url), job_id, JobStatus.FAILED,
               message=f"part {part}: {type(exc).__name__}: {exc}")


def run_part(job_id: int, part: int, settings: JobSettings) -> None:
    """Render one part's reports into the job's folder and record it; the last part assembles the zip."""
    from ..interchange.reports import render

    engine = engine_for(settings.database_url)
    folder = settings.jobs_dir / str(job_id)
    try:
        tasks = json.loads((folder / "parts" / f"{part}.json").read_text("utf-8"))
        parts = json.loads((folder / "plan.json").read_text("utf-8"))["parts"]
        outcomes = []
        for task in tasks:
            outcome = render(task)
            if outcome.pdf is not None:
                (folder / "pdf" / outcome.file_name).write_bytes(outcome.pdf)
            outcomes.append({"summary": task["summary"], "file_name": outcome.file_name, "error": outcome.error,
                             "level": outcome.level, "score": outcome.score})
        if _record(engine, job_id, part, outcomes, parts):
            assemble(engine, job_id, folder)
    except Exception as exc:  # a part must leave the job in a recorded state
        log.exception("job %s part %s failed", job_id, part)
        finish(engine, job_id, JobStatus.FAILED, message=f"part {part}: {type(exc).__name__}: {exc}")


class _AlreadyRecorded(Exception):
    """The part was run before (a redelivered task): roll back, count nothing twice."""


def _record(engine: Engine, job_id: int, part: int, outcomes: list[dict[str, Any]], parts: int) -> bool:
    """Add the part's outcomes and progress in one transaction; whether it was the last part of the job."""
    try:
        with db.transaction(engine) as session:
            # The update comes first: it locks the job row, so parts finishing together are counted one by one.
            session.execute(update(Job).where(col(Job.id) == job_id).values(done=col(Job.done) + len(outcomes)))
            if session.get(JobPart, (job_id, part)) is not None:
                raise _AlreadyRecorded
            session.add(JobPart(job_id=job_id, part=part, outcomes=outcomes))
            failed = [{"item": o["file_name"], "message": o["error"]} for o in outcomes if o["error"]]
            job = session.get(Job, job_id)
            assert job is not None
            if failed:
                job.failures = [*job.failures, *failed]
            session.flush()
            recorded = session.exec(select(func.count()).select_from(JobPart).where(JobPart.job_id == job_id)).one()
            return bool(recorded == parts)
    except _AlreadyRecorded:
        return False


def assemble(engine: Engine, job_id: int, folder: Path) -> None:
    """Write reports.zip (every PDF, in task order, and summary.xlsx) and end the job."""
    from ..interchange.summary import status_row, write_rows

    plan = json.loads((folder / "plan.json").read_text("utf-8"))
    with db.transaction(engine) as session:
        parts = session.exec(select(JobPart).where(JobPart.job_id == job_id).order_by(col(JobPart.part))).all()
        outcomes = [o for p in parts for o in p.outcomes]
    lang = plan["lang"]
    handle, temp = tempfile.mkstemp(prefix=".reports-", suffix=".zip", dir=folder)
    os.close(handle)
    with zipfile.ZipFile(temp, "w") as archive:
        for o in outcomes:
            if not o["error"]:
                archive.write(folder / "pdf" / o["file_name"], o["file_name"], compress_type=zipfile.ZIP_STORED)
        rows = [(status_row(o["summary"], "failed" if o["error"] else "ok", lang, o), bool(o["error"]))
                for o in outcomes]
        rows += [(row, True) for row in plan["skipped"]]
        summary = folder / "summary.xlsx"
        write_rows(str(summary), rows, lang)
        archive.write(summary, "summary.xlsx", compress_type=zipfile.ZIP_DEFLATED)
    os.replace(temp, folder / REPORTS_ZIP)
    for name in ("pdf", "parts"):
        shutil.rmtree(folder / name, ignore_errors=True)
    finish(engine, job_id, JobStatus.DONE, output=REPORTS_ZIP)
