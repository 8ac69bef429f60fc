"""The enterprise's data page: JSON and xlsx export of everything held, and the deletion request."""

from __future__ import annotations

import io
import json

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import col, select

from ...models_audit import DeletionRequest
from ...services import access, data_rights
from ..database import get_session
from . import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _enterprise(enterprise_id: int):  # type: ignore[no-untyped-def]
    """The enterprise, if the current user is its owner (404 for what they may not see, else 403)."""
    session = get_session()
    enterprise = access.enterprise_for(session, current_user, enterprise_id)
    data_rights.check_owner(session, current_user, enterprise)
    return enterprise


@bp.get("/enterprises/<int:enterprise_id>/data")
@login_required
def data(enterprise_id: int):  # type: ignore[no-untyped-def]
    """What the owner may do with the enterprise's data, and any deletion request made."""
    enterprise = _enterprise(enterprise_id)
    requests = get_session().exec(select(DeletionRequest).where(DeletionRequest.enterprise_id == enterprise.id)
                                  .order_by(col(DeletionRequest.id).desc())).all()
    return render_template("privacy/data.html", enterprise=enterprise, requests=requests)


@bp.get("/enterprises/<int:enterprise_id>/data.<kind>")
@login_required
def export(enterprise_id: int, kind: str):  # type: ignore[no-untyped-def]
    """Everything held about the enterprise, as JSON or as a workbook."""
    if kind not in ("json", "xlsx"):
        return redirect(url_for(".data", enterprise_id=enterprise_id))
    enterprise = _enterprise(enterprise_id)
    found = data_rights.enterprise_export(get_session(), user=current_user, enterprise=enterprise)
    name = f"enterprise-{enterprise.id}.{kind}"
    if kind == "json":
        body = json.dumps(found, ensure_ascii=False, indent=2, default=str)
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    buffer = io.BytesIO()
    data_rights.write_workbook(buffer, found)
    return send_file(io.BytesIO(buffer.getvalue()), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.post("/enterprises/<int:enterprise_id>/data/delete")
@login_required
def request_deletion(enterprise_id: int):  # type: ignore[no-untyped-def]
    """Ask an administrator to delete the enterprise and everything about it."""
    enterprise = _enterprise(enterprise_id)
    if request.form.get("confirm") != "1":
        flash(_("Tick the box to confirm that you want the enterprise deleted."), "error")
        return redirect(url_for(".data", enterprise_id=enterprise_id))
    data_rights.request_deletion(get_session(), user=current_user, enterprise=enterprise,
                                 reason=request.form.get("reason", ""))
    flash(_("Your request has been sent. An administrator will carry it out."), "success")
    return redirect(url_for(".data", enterprise_id=enterprise_id))
