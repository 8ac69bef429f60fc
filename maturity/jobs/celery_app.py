"""The Celery application: `maturity.run_job` runs `runner.execute`, `maturity.run_part` one part of a job."""

from __future__ import annotations

from functools import lru_cache

from celery import Celery
from celery.signals import worker_process_init

from .runner import JobSettings, execute


@lru_cache(maxsize=4)
def celery_for(broker_url: str) -> Celery:
    """A Celery app on `broker_url` (Redis or RabbitMQ); results go to Redis when the broker is Redis."""
    backend = broker_url if broker_url.startswith(("redis://", "rediss://")) else None
    app = Celery("maturity", broker=broker_url, backend=backend)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a job whose worker died is run again by another one
        worker_prefetch_multiplier=1,  # reports are long: do not hoard them in one worker
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,  # progress lives in the jobs table; results are only a courtesy
    )
    return app


def _warm_up(**_kwargs: object) -> None:
    """Each worker process loads the questionnaires, reference data and fonts once, before its first report."""
    from ..interchange.reports import init_worker

    init_worker()


def worker_app(settings: JobSettings) -> Celery:
    """The app a worker runs, with the tasks bound to these settings."""
    assert settings.broker_url
    app = celery_for(settings.broker_url)
    worker_process_init.connect(_warm_up, weak=False)

    @app.task(name="maturity.run_job")
    def run_job(job_id: int) -> None:
        execute(job_id, settings)

    @app.task(name="maturity.run_part")
    def run_part(job_id: int, part: int) -> None:
        from .parts import run_part as render_part

        render_part(job_id, part, settings)

    return app
