"""`maturity maintenance`: apply the retention rule and clear expired job files (run it daily, e.g. from cron)."""

from __future__ import annotations

import click


@click.command("maintenance")
def maintenance() -> None:
    """Delete expired drafts (with their evidence files), stashed pages, links and tokens, and job files past
    their retention time."""
    from ..jobs.runner import clean_up, settings_from
    from ..services.evidence_store import make_store
    from ..services.retention import Retention, purge
    from ..services.uploads import clean_uploads
    from .admin import configured_app, unit_of_work

    app = configured_app()
    app.extensions["maturity.engine"].dispose()
    rule, settings = Retention.from_config(app.config), settings_from(app.config, app.instance_path)
    with unit_of_work() as session:
        purged = purge(session, rule)
        counts = {**purged.counts, "job_folders": clean_up(session, settings)}
        counts["upload_folders"] = clean_uploads(session, settings.jobs_dir, settings.retention_hours)
    if purged.files:  # the rows are gone for good: now their bytes
        files = make_store(app.config, app.instance_path)
        for key in purged.files:
            files.delete(key)
    for name, number in counts.items():
        click.echo(f"{name}: {number}")
