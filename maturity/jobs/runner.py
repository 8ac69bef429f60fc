"""Queue, run and clean up jobs; the same `execute()` runs in a Celery worker or in-process."""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from .. import db
from ..domain.enums import JobStatus
from ..domain.errors import MaturityError, Refused
from ..models import Job, User, utcnow
from ..services import audit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSettings:
    """Where jobs keep their state and files, and how they are run."""

    database_url: str
    jobs_dir: Path
    broker_url: str | None = None
    retention_hours: float = 72
    workers: int = 2
    queue: str = "maturity"
    render_processes: int = 2  # processes rendering reports when no broker is configured (long-lived, fonts once)
    part_size: int = 5  # reports per part: what one worker renders before the next part is taken


def settings_from(config: Mapping[str, Any], instance_path: str | Path) -> JobSettings:
    """Job settings from the app's configuration (defaults, instance file, MATURITY_* environment)."""
    return JobSettings(
        database_url=db.database_url(config, instance_path),
        jobs_dir=Path(config.get("JOBS_DIR") or Path(instance_path) / "jobs"),
        broker_url=config.get("BROKER_URL") or None,
        retention_hours=float(config.get("JOB_RETENTION_HOURS", 72)),
        workers=int(config.get("JOB_WORKERS", 2)),
        queue=str(config.get("JOB_QUEUE") or "maturity"),
        render_processes=int(config.get("JOB_RENDER_PROCESSES", 2)),
        part_size=int(config.get("JOB_PART_SIZE", 5)),
    )


@dataclass
class JobContext:
    """What a handler gets: its parameters, a folder for its output, and ways to report progress."""

    job_id: int
    engine: Engine
    folder: Path
    params: dict[str, Any]
    settings: JobSettings | None = None

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A transaction of the handler's own (one per item, or a savepoint per item inside one)."""
        with db.transaction(self.engine) as session:
            yield session

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how many items are done (and, once known, how many there are)."""
        with db.transaction(self.engine) as session:
            job = session.get(Job, self.job_id)
            assert job is not None
            job.done = done
            if total is not None:
                job.total = total

    def fail_item(self, item: str, message: str) -> None:
        """Record one item that failed; the job goes on with the others."""
        with db.transaction(self.engine) as session:
            job = session.get(Job, self.job_id)
            assert job is not None
            job.failures = [*job.failures, {"item": item, "message": message}]


Handler = Callable[[JobContext], str | None]  # returns the output file's name inside the folder, or None
# What a handler returns when it has split its work into parts (see parts.py): the last part to finish ends the job.
CONTINUES = "\x00continues"
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that does the work of jobs of `kind`."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def enqueue(session: Session, *, kind: str, params: Mapping[str, Any], user: User | None) -> Job:
    """Add a queued job (the caller dispatches it once its transaction has committed)."""
    _load_handlers()
    if kind not in HANDLERS:
        accepted = ", ".join(sorted(HANDLERS))
        raise Refused.one(
            f"未知的任务类型 {kind!r}；可选：{accepted}", f"unknown job kind {kind!r}; accepted: {accepted}", "kind"
        )
    job = Job(kind=kind, params=dict(params), created_by=user.id if user else None)
    session.add(job)
    session.flush()
    return job


_engines: dict[str, Engine] = {}
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """One engine per database URL per process (workers run many jobs)."""
    if url not in _engines:
        _engines[url] = db.make_engine(url)
    return _engines[url]


def dispatch(job_id: int, settings: JobSettings) -> Future[None] | None:
    """Start a committed job: on Celery when a broker is configured, else in this process's small pool."""
    if settings.broker_url:
        from .celery_app import celery_for

        celery_for(settings.broker_url).send_task("maturity.run_job", args=[job_id], queue=settings.queue)
        return None
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="maturity-job")
    return _pool.submit(execute, job_id, settings)


def execute(job_id: int, settings: JobSettings) -> None:
    """Run one job to its end, recording running → done or failed; never raises for the job's own errors."""
    _load_handlers()
    engine = engine_for(settings.database_url)
    with db.transaction(engine) as session:
        job = session.get(Job, job_id)
        if job is None or job.status != JobStatus.QUEUED:
            return  # unknown, or already taken by another worker
        job.status, job.started_at = JobStatus.RUNNING, utcnow()
        kind, params = job.kind, dict(job.params)
    folder = settings.jobs_dir / str(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with audit.origin(audit.Origin(channel="job", address=f"job {job_id}")):
            output = HANDLERS[kind](JobContext(job_id, engine, folder, params, settings))
    except MaturityError as exc:
        finish(engine, job_id, JobStatus.FAILED, message="\n".join(exc.render("en")))
    except Exception as exc:  # a job must end in a recorded state whatever went wrong
        log.exception("job %s (%s) failed", job_id, kind)
        finish(engine, job_id, JobStatus.FAILED, message=f"{type(exc).__name__}: {exc}")
    else:
        if output != CONTINUES:
            finish(engine, job_id, JobStatus.DONE, output=output)


def finish(
    engine: Engine, job_id: int, status: JobStatus, *, output: str | None = None, message: str | None = None
) -> None:
    """Record a job's end: done (with its output file) or failed (with why)."""
    with db.transaction(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        job.status, job.output, job.message, job.finished_at = status, output, message, utcnow()


def output_path(job: Job, settings: JobSettings) -> Path | None:
    """The job's output file, if it has one and it is still kept."""
    if not job.output:
        return None
    path = settings.jobs_dir / str(job.id) / job.output
    return path if path.is_file() else None


def clean_up(session: Session, settings: JobSettings) -> int:
    """Delete the files of jobs finished longer ago than the retention time; returns how many were removed."""
    cutoff = utcnow() - timedelta(hours=settings.retention_hours)
    old = session.exec(select(Job).where(col(Job.finished_at) < cutoff, col(Job.output).is_not(None))).all()
    for job in old:
        shutil.rmtree(settings.jobs_dir / str(job.id), ignore_errors=True)
        job.output = None
        session.add(job)
    session.flush()
    return len(old)


def _load_handlers() -> None:
    """Import the modules whose handlers register themselves."""
    from . import bulk, rescore  # noqa: F401
