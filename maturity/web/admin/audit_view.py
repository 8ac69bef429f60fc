"""The audit log for administrators: filter, page through, export as CSV or xlsx (never as live formulas)."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request, send_file

from ...domain.errors import MaturityError
from ...interchange.xlsx import csv_safe, new_workbook, write_row
from ...services import audit_log
from ..database import get_session
from . import bp
from .fields import day, page_number, text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filters_from_request() -> audit_log.AuditFilters:
    """The filters of the query string, each checked."""
    args = request.args
    return audit_log.AuditFilters(
        actor=text(args, "actor"), action=text(args, "action", 50), target_type=text(args, "target_type", 40),
        target_id=text(args, "target_id", 64), since=day(args, "since"), until=day(args, "until"),
    )


@bp.get("/audit")
def audit():  # type: ignore[no-untyped-def]
    """Events, newest first, narrowed by actor, action, target and dates."""
    filters, page = filters_from_request(), page_number(request.args)
    s = get_session()
    events, more = audit_log.page_of(s, filters, page)
    return render_template("admin/audit.html", events=events, more=more, page=page, filters=filters,
                           actions=audit_log.actions(s))


@bp.get("/audit/export")
def audit_export():  # type: ignore[no-untyped-def]
    """The matching events as CSV or xlsx (the download is itself recorded as an export)."""
    kind = request.args.get("format", "xlsx")
    if kind not in ("csv", "xlsx"):
        raise MaturityError.one("format 应为 csv 或 xlsx", "format must be csv or xlsx", "format", accepted="csv, xlsx")
    rows = audit_log.export_rows(get_session(), filters_from_request())
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(audit_log.COLUMNS)
        writer.writerows([csv_safe(v) for v in row] for row in rows)
        data = ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets spreadsheet programs read UTF-8
        return Response(data, mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("audit")
    write_row(sheet, 0, list(audit_log.COLUMNS))
    for number, row in enumerate(rows, start=1):
        write_row(sheet, number, row)
    book.close()
    return send_file(io.BytesIO(buffer.getvalue()), mimetype=XLSX, as_attachment=True, download_name="audit.xlsx")
