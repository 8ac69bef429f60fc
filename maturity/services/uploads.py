"""Batch uploads: files kept under the jobs folder for validation, then import or bulk reports by a job.

The files are stored as uploaded (under numbered names, the uploaded names kept in the row) so that a job run
by any worker reads exactly what the consultant saw validated.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlmodel import Session, col, select

from ..domain.enums import Role
from ..domain.errors import Forbidden, NotFound, Refused
from ..interchange.readers import read_uploads
from ..interchange.validate import MODES, Validation, validate
from ..models import Job, User, utcnow
from ..models_consult import BatchUpload

BATCH_ROLES = (Role.CONSULTANT, Role.ADMIN)
MAX_NAME = 200


def uploads_root(jobs_dir: Path) -> Path:
    """Where uploads are kept: beside the job folders, in the same (shared) place."""
    return jobs_dir / "uploads"


def display_name(name: str | None) -> str:
    """The file's own name without any folder a browser or client sent with it, kept to a sane length."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    return (base or "upload")[-MAX_NAME:]


def store_upload(session: Session, *, user: User, files: Sequence[tuple[str, bytes]], jobs_dir: Path,
                 ) -> tuple[BatchUpload, Validation]:
    """Keep the files, validate them in one pass, and record the counts; refused when there is no file."""
    if user.role not in BATCH_ROLES:
        raise Forbidden.one("只有顾问可以批量上传", "only consultants upload batches", "role")
    if not files:
        raise Refused.one("请选择至少一个文件（.xlsx、.csv 或 .zip）", "choose at least one file (.xlsx, .csv or .zip)",
                          "files", code="no_file")
    named = [(display_name(name), data) for name, data in files]
    upload = BatchUpload(created_by=user.id or 0, files=[
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in named])
    session.add(upload)
    session.flush()
    folder = uploads_root(jobs_dir) / str(upload.id)
    folder.mkdir(parents=True, exist_ok=True)
    for k, (_name, data) in enumerate(named):
        (folder / str(k)).write_bytes(data)
    validation = validate(read_uploads(named))
    upload.rows, upload.valid, upload.problems = validation.rows, len(validation.valid), len(validation.problems)
    session.add(upload)
    session.flush()
    return upload, validation


def upload_for(session: Session, user: User, upload_id: int) -> BatchUpload:
    """An upload its creator (or an administrator) may use; NotFound for anyone else."""
    upload = session.get(BatchUpload, upload_id)
    if upload is None or (upload.created_by != user.id and user.role != Role.ADMIN):
        raise NotFound.one("未找到该上传", "no such upload", "upload_id")
    return upload


def read_upload(upload: BatchUpload, jobs_dir: Path) -> Validation:
    """Validate an upload's files again, as they were uploaded; NotFound once they have been cleaned up."""
    folder = uploads_root(jobs_dir) / str(upload.id)
    try:
        files = [(f["name"], (folder / str(k)).read_bytes()) for k, f in enumerate(upload.files)]
    except FileNotFoundError:
        raise NotFound.one("该上传的文件已过期清理，请重新上传",
                           "this upload's files were cleaned up; upload them again", "upload_id",
                           code="upload_expired") from None
    return validate(read_uploads(files))


def check_mode(mode: str) -> str:
    """valid-only or all-or-nothing; refused otherwise."""
    if mode not in MODES:
        raise Refused.one(f"mode 应为 {' 或 '.join(MODES)}", f"mode must be {' or '.join(MODES)}", "mode", given=mode,
                          accepted=", ".join(MODES))
    return mode


def chosen_records(validation: Validation, mode: str) -> list:
    """The records a job works on; all-or-nothing with any problem refuses, naming how many there are."""
    records = validation.accepted(check_mode(mode))
    if mode == "all-or-nothing" and not records:
        n = len(validation.problems)
        raise Refused.one(f"“全部或全不”：上传中有 {n} 处问题，未处理任何一行；请改正后重新上传，或选择“只处理有效行”",
                          f"all or nothing: the upload has {n} problems, so no row was used; fix them and upload "
                          "again, or choose valid rows only", "mode", code="not_all_valid")
    if not records:
        raise Refused.one("上传中没有有效的行", "the upload has no valid row", "mode", code="no_valid_row")
    return records


def clean_uploads(session: Session, jobs_dir: Path, retention_hours: float) -> int:
    """Delete the files of uploads older than the retention time; returns how many folders were removed."""
    cutoff = utcnow() - timedelta(hours=retention_hours)
    removed = 0
    for upload in session.exec(select(BatchUpload).where(col(BatchUpload.created_at) < cutoff)).all():
        folder = uploads_root(jobs_dir) / str(upload.id)
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


JOB_KINDS = ("import", "reports")


def queue_job(session: Session, *, user: User, upload: BatchUpload, kind: str, mode: str, lang: str,
              reports: bool = True, park_id: int | None = None) -> Job:
    """Check and queue an import or bulk-reports job on an upload (the caller dispatches it once committed)."""
    from ..jobs.runner import enqueue
    from .imports import check_park

    if kind not in JOB_KINDS:
        raise Refused.one(f"任务类型应为 {' 或 '.join(JOB_KINDS)}", f"kind must be {' or '.join(JOB_KINDS)}", "kind",
                          given=kind, accepted=", ".join(JOB_KINDS))
    check_mode(mode)
    if mode == "all-or-nothing" and upload.problems:
        raise Refused.one(
            f"“全部或全不”：上传中有 {upload.problems} 处问题；请改正后重新上传，或选择“只处理有效行”",
            f"all or nothing: the upload has {upload.problems} problems; fix them and upload again, or choose valid "
            "rows only", "mode", code="not_all_valid")
    if not upload.valid:
        raise Refused.one("上传中没有有效的行", "the upload has no valid row", "mode", code="no_valid_row")
    if kind == "import" and user.role != Role.CONSULTANT:
        raise Forbidden.one("只有顾问可以导入客户评估", "only consultants import their clients' assessments", "kind")
    check_park(session, park_id)
    params = {"upload": upload.id, "mode": mode, "lang": "en" if lang == "en" else "zh", "reports": bool(reports),
              "consultant": user.id, "park_id": park_id}
    return enqueue(session, kind=kind, params=params, user=user)
