"""Background jobs over the API: status and progress to poll, and the output file when done."""

from __future__ import annotations

from flask import current_app, jsonify, send_file

from ...domain.enums import Role
from ...domain.errors import NotFound
from ...jobs.runner import JobSettings, output_path, settings_from
from ...models import Job, User
from ..database import get_session
from . import bp
from .auth import current_api_user, iso_time


def job_settings() -> JobSettings:
    """The job settings of the running app."""
    return settings_from(current_app.config, current_app.instance_path)


def job_for(user: User, job_id: int) -> Job:
    """A job its creator (or an administrator) may see; NotFound for anyone else."""
    job = get_session().get(Job, job_id)
    if job is None or (job.created_by != user.id and user.role != Role.ADMIN):
        raise NotFound.one("未找到该任务", "no such job", "job_id")
    return job


def job_json(job: Job) -> dict[str, object]:
    """What a page or a script polls."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "failures": job.failures,
        "message": job.message,
        "created_at": iso_time(job.created_at),
        "finished_at": iso_time(job.finished_at),
        "output": f"/api/v1/jobs/{job.id}/output" if output_path(job, job_settings()) else None,
        "files": {name: f"/api/v1/jobs/{job.id}/files/{name}" for name in job_files(job)},
    }


DOWNLOADS = ("results.xlsx", "results.json", "reports.zip", "summary.xlsx")


def job_files(job: Job) -> list[str]:
    """The files of a job one may download (its output and an import's results), while they are kept."""
    folder = job_settings().jobs_dir / str(job.id)
    names = [*DOWNLOADS, *([job.output] if job.output and job.output not in DOWNLOADS else [])]
    return [name for name in names if (folder / name).is_file()]


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):  # type: ignore[no-untyped-def]
    """A job's status, progress (done / total), failures and, once done, where to fetch its output."""
    return jsonify(job_json(job_for(current_api_user(), job_id)))


@bp.get("/jobs/<int:job_id>/output")
def get_job_output(job_id: int):  # type: ignore[no-untyped-def]
    """The job's output file (a zip, a workbook or JSON), as an attachment."""
    job = job_for(current_api_user(), job_id)
    path = output_path(job, job_settings())
    if path is None:
        raise NotFound.one(
            "该任务没有可下载的结果（未完成或已过期清理）", "this job has no output (not done, or cleaned up)"
        )
    return send_file(path, as_attachment=True, download_name=path.name)


@bp.get("/jobs/<int:job_id>/files/<name>")
def get_job_file(job_id: int, name: str):  # type: ignore[no-untyped-def]
    """One of the job's files (`files` in the job's JSON): results.xlsx, results.json, reports.zip, summary.xlsx."""
    job = job_for(current_api_user(), job_id)
    if name not in job_files(job):
        raise NotFound.one(
            "该任务没有此文件（未完成或已过期清理）", "this job has no such file (not done, or cleaned up)", "name"
        )
    path = job_settings().jobs_dir / str(job.id) / name
    return send_file(path, as_attachment=True, download_name=name)
