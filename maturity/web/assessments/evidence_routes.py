"""Evidence pages: files per requirement of a sub-domain, downloads (never inline), reviewers' checks and queries."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import store
from ...domain.errors import MaturityError
from ...services import access, assessments, evidence
from ..database import after_commit, get_session
from ..errors import flash_refusal
from ..evidence_files import as_download, evidence_store
from . import bp
from .forms import ActionForm
from .team_view import items_by_subdomain, person_name


@bp.route("/assessments/<int:assessment_id>/evidence")
@login_required
def evidence_page(assessment_id: int):  # type: ignore[no-untyped-def]
    """One sub-domain's requirements with their answers, files and reviews."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id)
    company = access.enterprise_for(s, current_user, assessment.enterprise_id)
    subs = items_by_subdomain(assessment)
    if not subs or assessments.instrument_of(assessment).indicative:
        abort(404)  # the quick check asks one question per sub-domain: no requirement-level evidence
    sub = request.args.get("sub", "")
    sub = sub if sub in subs else next(iter(subs))
    base = assessments.instrument_of(assessment).base
    return render_template(
        "assessments/evidence.html",
        assessment=assessment,
        enterprise=company,
        sub=base.subdomain_index[sub],
        subdomains=[base.subdomain_index[s_] for s_ in subs],
        requirements=[base.requirement_index[i] for i in subs[sub]],
        answers=store.answers_of(session=s, assessment_id=assessment_id),
        files=evidence.files_of(s, assessment_id),
        reviews=evidence.reviews_of(s, assessment_id),
        can_upload=evidence.uploads_open(assessment) and access.can_edit_enterprise(s, current_user, company),
        can_review=access.can_review(s, current_user, company),
        person=lambda uid: person_name(s, uid),
        backing=evidence.backed_share(s, assessment),
        form=ActionForm(),
        max_mb=current_app.config["EVIDENCE_MAX_BYTES"] // (1024 * 1024),
    )


def _back(assessment_id: int, requirement_id: str) -> str:
    sub = request.form.get("sub", "")
    return url_for(".evidence_page", assessment_id=assessment_id, sub=sub[:100]) + f"#r-{requirement_id}"


@bp.route("/assessments/<int:assessment_id>/evidence/<requirement_id>/files", methods=["POST"])
@login_required
def upload_evidence(assessment_id: int, requirement_id: str):  # type: ignore[no-untyped-def]
    """Attach a file to a requirement."""
    if not ActionForm().validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a file to attach."), "error")
        return redirect(_back(assessment_id, requirement_id))
    try:
        evidence.attach(
            get_session(),
            user=current_user,
            assessment_id=assessment_id,
            requirement_id=requirement_id[:100],
            filename=upload.filename,
            data=upload.read(),
            store=evidence_store(),
            max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
        )
    except MaturityError as exc:
        flash_refusal(exc)
    else:
        flash(_("The file has been attached to %(id)s.", id=requirement_id), "success")
    return redirect(_back(assessment_id, requirement_id))


@bp.route("/evidence/<int:file_id>")
@login_required
def download_evidence(file_id: int):  # type: ignore[no-untyped-def]
    """A file, always as a download of its checked type (never rendered in the browser)."""
    return as_download(evidence.file_for(get_session(), user=current_user, file_id=file_id))


@bp.route("/evidence/<int:file_id>/delete", methods=["POST"])
@login_required
def delete_evidence(file_id: int):  # type: ignore[no-untyped-def]
    """Take a file off a draft."""
    if not ActionForm().validate_on_submit():
        abort(400)
    s = get_session()
    row = evidence.file_for(s, user=current_user, file_id=file_id)
    assessment_id, requirement_id = row.assessment_id, row.requirement_id
    key = evidence.remove(s, user=current_user, file_id=file_id)
    files = evidence_store()
    after_commit(lambda: files.delete(key))
    flash(_("The file has been removed."), "success")
    return redirect(_back(assessment_id, requirement_id))


@bp.route("/assessments/<int:assessment_id>/evidence/<requirement_id>/review", methods=["POST"])
@login_required
def review_evidence(assessment_id: int, requirement_id: str):  # type: ignore[no-untyped-def]
    """A reviewer marks the evidence checked, or queries it with a comment."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        evidence.review(
            get_session(),
            user=current_user,
            assessment_id=assessment_id,
            requirement_id=requirement_id[:100],
            verdict=request.form.get("verdict", ""),
            comment=request.form.get("comment"),
        )
    except MaturityError as exc:
        flash_refusal(exc)
    else:
        flash(_("Your review of %(id)s has been recorded.", id=requirement_id), "success")
    return redirect(_back(assessment_id, requirement_id))
