"""Deletion requests waiting for an administrator, and carrying one out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.errors import NotFound
from ...models_audit import DeletionRequest
from ...services import data_rights, erasure
from ..database import after_commit, get_session
from ..evidence_files import evidence_store
from . import bp


@bp.get("/deletions")
def deletions():  # type: ignore[no-untyped-def]
    """Pending requests, oldest first."""
    return render_template("admin/deletions.html", requests=data_rights.pending_requests(get_session()))


@bp.post("/deletions/<int:request_id>")
def carry_out(request_id: int):  # type: ignore[no-untyped-def]
    """Delete the enterprise of a request (personal and enterprise data; anonymous score rows stay)."""
    s = get_session()
    found = s.get(DeletionRequest, request_id)
    if found is None:
        raise NotFound.one(f"删除请求 {request_id} 不存在", f"deletion request {request_id} does not exist", "request")
    if request.form.get("confirm") != "1":
        flash(_("Tick the box to confirm the deletion."), "error")
        return redirect(url_for(".deletions"))
    keys = erasure.carry_out(s, actor=current_user, request=found)
    files = evidence_store()

    def remove_files() -> None:  # once the rows are gone for good, the files go from the store too
        for key in keys:
            files.delete(key)

    after_commit(remove_files)
    flash(_("%(name)s has been deleted.", name=found.enterprise_name), "success")
    return redirect(url_for(".deletions"))
