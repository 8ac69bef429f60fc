"""`maturity worker` runs jobs from the broker; `maturity jobs show | clean` looks after them."""

from __future__ import annotations

import json

import click

from . import BadInput


def _settings():  # type: ignore[no-untyped-def]
    from ..jobs.runner import settings_from
    from .admin import configured_app

    app = configured_app()
    app.extensions["maturity.engine"].dispose()
    return settings_from(app.config, app.instance_path)


@click.command("worker")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Worker processes.")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, loglevel: str) -> None:
    """Run jobs from the broker (MATURITY_BROKER_URL, e.g. redis://127.0.0.1:6379/0) until stopped."""
    settings = _settings()
    if not settings.broker_url:
        raise BadInput("no broker configured: set MATURITY_BROKER_URL (without one, jobs run inside the web app)")
    from ..jobs.celery_app import worker_app

    app = worker_app(settings)
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={loglevel}",
            f"--queues={settings.queue}",
            "--without-gossip",
            "--without-mingle",
            "--pool=prefork",
        ]
    )


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs."""


@jobs_group.command("show")
@click.argument("job_id", type=int)
def jobs_show(job_id: int) -> None:
    """Print a job's status, progress, failures and output file as JSON."""
    from ..jobs.runner import output_path
    from ..models import Job
    from .admin import unit_of_work

    settings = _settings()
    with unit_of_work() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise BadInput(f"no job with ID {job_id}")
        path = output_path(job, settings)
        click.echo(
            json.dumps(
                {
                    "id": job.id,
                    "kind": job.kind,
                    "status": job.status,
                    "done": job.done,
                    "total": job.total,
                    "failures": job.failures,
                    "message": job.message,
                    "output": str(path) if path else None,
                },
                ensure_ascii=False,
                indent=2,
            )
        )


@jobs_group.command("clean")
def jobs_clean() -> None:
    """Delete job output files and uploads older than the retention time (MATURITY_JOB_RETENTION_HOURS)."""
    from ..jobs.runner import clean_up
    from ..services.uploads import clean_uploads
    from .admin import unit_of_work

    settings = _settings()
    with unit_of_work() as session:
        click.echo(f"{clean_up(session, settings)} job folders removed")
        click.echo(f"{clean_uploads(session, settings.jobs_dir, settings.retention_hours)} upload folders removed")
