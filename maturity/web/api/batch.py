"""Batch work over the API: templates, uploads with their validation report, rejected rows, and jobs on an upload.

The report has the keys of `maturity batch validate --format json`; a job's progress and files are polled at
/api/v1/jobs/<id>. Only consultants (and administrators, who cannot import) upload.
"""

from __future__ import annotations

import io
from typing import Any

from flask import jsonify, request, send_file, url_for

from ...domain.errors import MaturityError, Refused
from ...domain.ids import parse_id
from ...interchange.output import write_rejected
from ...interchange.questionnaire import resolve
from ...interchange.template import write_template
from ...interchange.validate import Validation
from ...jobs.runner import dispatch
from ...models_consult import BatchUpload
from ...services import uploads
from ..database import after_commit, get_session
from . import bp
from .auth import current_api_user, lang, read_json_object
from .jobs import job_json, job_settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAYOUTS, INDUSTRIES = ("wide", "client"), ("discrete", "process")


def _choice(name: str, value: str | None, accepted: tuple[str, ...]) -> str | None:
    if value is not None and value not in accepted:
        raise Refused.one(f"{name} 应为 {' 或 '.join(accepted)}", f"{name} must be {' or '.join(accepted)}", name,
                          given=value, accepted=", ".join(accepted))
    return value


def template_file(layout: str, lang_: str, industry: str | None, version: str | None) -> tuple[bytes, str]:
    """A template workbook generated from the questionnaire, and its download name."""
    _choice("layout", layout, LAYOUTS)
    _choice("industry", industry, INDUSTRIES)
    q = resolve(None, version or None)
    buffer = io.BytesIO()
    write_template(buffer, q, layout=layout, industry=industry, lang=lang_)
    suffix = f"-{industry}" if industry else ""
    return buffer.getvalue(), f"{q.id}-{q.version}-{layout}{suffix}-{lang_}.xlsx"


@bp.get("/batch/template")
def get_template():  # type: ignore[no-untyped-def]
    """A template: `?layout=wide|client&industry=discrete|process&version=V&lang=zh|en`."""
    data, name = template_file(request.args.get("layout", "wide"), lang(), request.args.get("industry") or None,
                               request.args.get("version"))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


def report_json(upload: BatchUpload, validation: Validation, lang_: str) -> dict[str, Any]:
    """An upload's validation report: the CLI's keys plus the upload's ID, its files and where to go next."""
    return {"id": upload.id, "files": [{"name": f["name"], "size": f["size"]} for f in upload.files],
            **validation.to_json(lang_), "jobs": url_for("api.create_batch_job", upload_id=upload.id),
            "rejected": url_for("api.get_rejected", upload_id=upload.id)}


def received_files() -> list[tuple[str, bytes]]:
    """The uploaded files (every `file` part); security.allow_batch_uploads let them exceed other requests' limit."""
    return [(f.filename or "upload", f.read()) for f in request.files.getlist("file")]


@bp.post("/batch/uploads")
def create_upload():  # type: ignore[no-untyped-def]
    """Upload .xlsx, .csv or .zip files (multipart, field `file`, repeatable): 201 with the validation report."""
    s = get_session()
    upload, validation = uploads.store_upload(s, user=current_api_user(), files=received_files(),
                                              jobs_dir=job_settings().jobs_dir)
    response = jsonify(report_json(upload, validation, lang()))
    response.headers["Location"] = url_for("api.get_upload", upload_id=upload.id)
    return response, 201


def _upload(upload_id: int) -> tuple[BatchUpload, Validation]:
    upload = uploads.upload_for(get_session(), current_api_user(), upload_id)
    return upload, uploads.read_upload(upload, job_settings().jobs_dir)


@bp.get("/batch/uploads/<int:upload_id>")
def get_upload(upload_id: int):  # type: ignore[no-untyped-def]
    """An upload's validation report, in the asked language."""
    upload, validation = _upload(upload_id)
    return jsonify(report_json(upload, validation, lang()))


@bp.get("/batch/uploads/<int:upload_id>/rejected.xlsx")
def get_rejected(upload_id: int):  # type: ignore[no-untyped-def]
    """The invalid rows with an error column (`?rows=all`: every row, errors marked) to fix and upload again."""
    every = _choice("rows", request.args.get("rows", "invalid"), ("invalid", "all")) == "all"
    _upload_row, validation = _upload(upload_id)
    buffer = io.BytesIO()
    write_rejected(buffer, [r for r in validation.records if every or not r.valid], lang())
    name = f"upload-{upload_id}-{'returned' if every else 'rejected'}.xlsx"
    return send_file(io.BytesIO(buffer.getvalue()), mimetype=XLSX, as_attachment=True, download_name=name)


def _flag(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise MaturityError.one(f"{name} 应为 true 或 false", f"{name} must be true or false", name, given=value)
    return value


def _park(body: dict[str, Any]) -> int | None:
    value = body.get("park_id")
    return None if value is None else parse_id(value, "park_id")


@bp.post("/batch/uploads/<int:upload_id>/jobs")
def create_batch_job(upload_id: int):  # type: ignore[no-untyped-def]
    """Queue an import (with the clients' reports) or bulk reports on an upload: 202 with the job to poll."""
    body = read_json_object()
    s = get_session()
    user = current_api_user()
    upload = uploads.upload_for(s, user, upload_id)
    job = uploads.queue_job(s, user=user, upload=upload, kind=str(body.get("kind", "import")),
                            mode=str(body.get("mode", "valid-only")), lang=str(body.get("lang") or lang()),
                            reports=_flag(body, "reports", True), park_id=_park(body))
    settings = job_settings()
    after_commit(lambda: dispatch(job.id or 0, settings))
    response = jsonify(job_json(job))
    response.headers["Location"] = url_for("api.get_job", job_id=job.id)
    return response, 202
