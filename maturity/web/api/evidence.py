"""Evidence over the API: an assessment's files and reviews, downloads, and a reviewer's check or query.

The same services and permissions as the evidence pages: who may see the assessment lists and downloads its
files; a reviewer (owner, reviewer, consultant) checks or queries; refusals answer JSON (auth.py).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify

from ...domain.errors import NotFound
from ...domain.text import clean_text
from ...models_review import EvidenceFile, EvidenceReview
from ...services import access, assessments, evidence
from ..database import get_session
from ..evidence_files import as_download
from . import bp
from .auth import current_api_user, iso_time, read_json_object


def _file(row: EvidenceFile) -> dict[str, Any]:
    return {
        "id": row.id,
        "filename": row.filename,
        "media_type": row.media_type,
        "size": row.size,
        "uploaded_by": row.uploaded_by,
        "uploaded_at": iso_time(row.uploaded_at),
        "download": f"/api/v1/evidence/{row.id}",
    }


def _review(row: EvidenceReview) -> dict[str, Any]:
    return {
        "requirement_id": row.requirement_id,
        "verdict": row.verdict,
        "comment": row.comment,
        "reviewed_by": row.reviewed_by,
        "reviewed_at": iso_time(row.reviewed_at),
    }


@bp.get("/assessments/<int:assessment_id>/evidence")
def list_evidence(assessment_id: int):  # type: ignore[no-untyped-def]
    """Each requirement's files and latest review, and the share of S that checked evidence backs."""
    s = get_session()
    assessment = access.assessment_for(s, current_api_user(), assessment_id)
    if assessments.instrument_of(assessment).indicative:
        raise NotFound.one("快速自评没有按要求提交的证据", "a quick check has no requirement-level evidence",
                           "assessment_id")
    files, reviews = evidence.files_of(s, assessment_id), evidence.reviews_of(s, assessment_id)
    backing = evidence.backed_share(s, assessment)
    return jsonify({
        "id": assessment_id,
        "uploads_open": evidence.uploads_open(assessment),
        "backing": {"checked": backing.checked, "share": round(backing.share, 6)},
        "requirements": [
            {"requirement_id": rid, "files": [_file(f) for f in files.get(rid, [])],
             "review": _review(reviews[rid]) if rid in reviews else None}
            for rid in sorted(set(files) | set(reviews))
        ],
    })


@bp.get("/evidence/<int:file_id>")
def get_evidence_file(file_id: int):  # type: ignore[no-untyped-def]
    """A file, always as a download of its checked type (never rendered inline); 404 for one not visible."""
    return as_download(evidence.file_for(get_session(), user=current_api_user(), file_id=file_id))


@bp.put("/assessments/<int:assessment_id>/evidence/<requirement_id>/review")
def review_evidence(assessment_id: int, requirement_id: str):  # type: ignore[no-untyped-def]
    """A reviewer marks a requirement's evidence checked, or queries it with a comment (replacing their word)."""
    body = read_json_object()
    verdict = clean_text(body.get("verdict"), "verdict", 10)
    comment = body.get("comment")
    comment = None if comment is None else clean_text(comment, "comment", evidence.COMMENT_MAX)
    row = evidence.review(get_session(), user=current_api_user(), assessment_id=assessment_id,
                          requirement_id=requirement_id[:100], verdict=verdict, comment=comment)
    return jsonify(_review(row))
