"""The Celery application: one task, `maturity.run_job`, running `runner.execute` in the worker."""

from __future__ import annotations

from functools import lru_cache

from celery import Celery

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


def worker_app(settings: JobSettings) -> Celery:
    """The app a worker runs, with the task bound to these settings."""
    assert settings.broker_url
    app = celery_for(settings.broker_url)

    @app.task(name="maturity.run_job")
    def run_job(job_id: int) -> None:
        execute(job_id, settings)

    return app
