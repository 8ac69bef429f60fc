"""Evidence files for the web and the API alike: the configured store, and a file handed out as a download."""

from __future__ import annotations

import io

from flask import Response, current_app, send_file

from ..models_review import EvidenceFile
from ..services.evidence_store import EvidenceStore, make_store


def evidence_store() -> EvidenceStore:
    """The configured store (EVIDENCE_STORE …; by default the instance folder's evidence/), made once per app."""
    found = current_app.extensions.get("maturity.evidence_store")
    if found is None:  # made on first use, after a fork: a boto3 client is not shared across processes
        found = current_app.extensions["maturity.evidence_store"] = make_store(
            current_app.config, current_app.instance_path
        )
    return found  # type: ignore[no-any-return]


def as_download(row: EvidenceFile) -> Response:
    """The file's bytes, always as a download of its checked type (never rendered in the browser)."""
    data = io.BytesIO(evidence_store().read(row.storage_key))
    # send_file writes the attachment header with an ASCII name and the RFC 5987 UTF-8 one.
    response = send_file(data, mimetype=row.media_type, as_attachment=True, download_name=row.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
