"""Background jobs: bulk reports, imports and re-scoring.

A job is a row in `jobs` (status, progress, failures, output file) that pages and the API poll. Its
work runs on Celery workers when a broker is configured (`MATURITY_BROKER_URL`, e.g. Redis or
RabbitMQ) and otherwise in a small pool inside the process that queued it, through the same code.
"""
