"""The batch page: templates, upload, the validation report in the reader's language, import or reports as a job,
its progress bar (polling the job API), and the downloads. Nothing here renders a report: workers do."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import col, select

from ... import store
from ...domain.errors import MaturityError
from ...interchange.output import write_rejected
from ...interchange.problems import field_label, json_value
from ...jobs.runner import dispatch
from ...models import Job
from ...models_consult import BatchUpload
from ...services import uploads
from ..api.batch import XLSX, template_file
from ..api.jobs import job_files, job_for, job_settings
from ..database import after_commit, get_session, rollback
from ..i18n import content_lang, localise
from . import bp
from .clients import consultant_required
from .forms import JobForm, UploadForm, park_choices

SHOWN_PROBLEMS = 200  # the page lists this many; the returned workbook carries them all
RECENT = 8


@bp.route("/batch")
@consultant_required
def batch_home():  # type: ignore[no-untyped-def]
    """Templates to download, the upload form, and the consultant's recent uploads and jobs."""
    s, uid = get_session(), current_user.id
    recent_uploads = s.exec(select(BatchUpload).where(BatchUpload.created_by == uid)
                            .order_by(col(BatchUpload.id).desc()).limit(RECENT)).all()
    jobs = s.exec(select(Job).where(Job.created_by == uid, col(Job.kind).in_(uploads.JOB_KINDS))
                  .order_by(col(Job.id).desc()).limit(RECENT)).all()
    return render_template("consultants/batch.html", form=UploadForm(), uploads=recent_uploads, jobs=jobs)


@bp.route("/batch/template")
@consultant_required
def template():  # type: ignore[no-untyped-def]
    """A template generated from the questionnaire: `?layout=wide|client&lang=zh|en&industry=`."""
    lang = request.args.get("lang") if request.args.get("lang") in ("zh", "en") else content_lang()
    data, name = template_file(request.args.get("layout", "wide"), lang, request.args.get("industry") or None, None)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/batch/uploads", methods=["POST"])
@consultant_required
def upload():  # type: ignore[no-untyped-def]
    """Keep and validate the uploaded files, then show the report."""
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    files = [(f.filename or "upload", f.read()) for f in request.files.getlist("files") if f.filename]
    try:
        row, _validation = uploads.store_upload(get_session(), user=current_user, files=files,
                                                jobs_dir=job_settings().jobs_dir)
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
        return redirect(url_for(".batch_home"))
    return redirect(url_for(".upload_report", upload_id=row.id))


def _problem_rows(problems: list, lang: str) -> list[dict[str, object]]:
    return [{"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column,
             "field": field_label(p.field, lang) or "", "value": json_value(p.value), "message": p.message.get(lang)}
            for p in problems[:SHOWN_PROBLEMS]]


@bp.route("/batch/uploads/<int:upload_id>")
@consultant_required
def upload_report(upload_id: int):  # type: ignore[no-untyped-def]
    """The validation report, rows and cells in the reader's language, and the choice of what to do."""
    s = get_session()
    row = uploads.upload_for(s, current_user, upload_id)
    validation = uploads.read_upload(row, job_settings().jobs_dir)
    form = JobForm(lang=content_lang(), mode="valid-only" if validation.problems else "all-or-nothing")
    form.park_id.choices = park_choices(list(store.all_parks(session=s)), _("None"))
    return render_template("consultants/upload.html", upload=row, validation=validation, form=form,
                           problems=_problem_rows(validation.problems, content_lang()),
                           more=max(0, len(validation.problems) - SHOWN_PROBLEMS))


@bp.route("/batch/uploads/<int:upload_id>/rejected.xlsx")
@consultant_required
def rejected(upload_id: int):  # type: ignore[no-untyped-def]
    """The rows to fix with an error column (`?rows=all`: the whole upload returned with its errors marked)."""
    row = uploads.upload_for(get_session(), current_user, upload_id)
    validation = uploads.read_upload(row, job_settings().jobs_dir)
    every = request.args.get("rows") == "all"
    buffer = io.BytesIO()
    write_rejected(buffer, [r for r in validation.records if every or not r.valid], content_lang())
    name = f"upload-{upload_id}-{'returned' if every else 'rejected'}.xlsx"
    return send_file(io.BytesIO(buffer.getvalue()), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/batch/uploads/<int:upload_id>/jobs", methods=["POST"])
@consultant_required
def start_job(upload_id: int):  # type: ignore[no-untyped-def]
    """Queue the import (or the reports alone) and go to its progress page."""
    s = get_session()
    row = uploads.upload_for(s, current_user, upload_id)
    form = JobForm()
    form.park_id.choices = park_choices(list(store.all_parks(session=s)), "")
    if not form.validate_on_submit():
        abort(400)
    try:
        job = uploads.queue_job(s, user=current_user, upload=row, kind=form.kind.data or "import",
                                mode=form.mode.data or "", lang=form.lang.data or content_lang(),
                                reports=bool(form.reports.data), park_id=int(form.park_id.data or 0) or None)
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
        return redirect(url_for(".upload_report", upload_id=upload_id))
    settings = job_settings()
    after_commit(lambda: dispatch(job.id or 0, settings))
    return redirect(url_for(".job_page", job_id=job.id))


@bp.route("/batch/jobs/<int:job_id>")
@consultant_required
def job_page(job_id: int):  # type: ignore[no-untyped-def]
    """A job's progress bar (kept up to date by a small script polling the job API) and, once done, its files."""
    job = job_for(current_user, job_id)
    files = {name: url_for("api.get_job_file", job_id=job_id, name=name) for name in job_files(job)}
    return render_template("consultants/job.html", job=job, files=files,
                           api=url_for("api.get_job", job_id=job_id))
