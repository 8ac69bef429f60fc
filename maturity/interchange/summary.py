"""summary.xlsx of a bulk-report run: one row per enterprise with its PDF, or why there is none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from ..domain.model import Text
from .headers import bilingual
from .output import error_text
from .records import Record
from .xlsx import new_workbook, write_safe

COLUMNS = (
    Text("统一社会信用代码", "Credit code"), Text("企业名称", "Enterprise name"), Text("来源文件", "File"),
    Text("工作表", "Sheet"), Text("行号", "Row"), Text("等级", "Level"), Text("总分 S", "Score S"),
    Text("报告文件", "Report file"), Text("状态", "Status"), Text("说明", "Details"),
)
STATUS = {"ok": Text("已生成", "done"), "failed": Text("失败", "failed"),
          "skipped": Text("未生成：数据有误", "skipped: invalid")}


def summary_prefix(record: Record) -> list[Any]:
    """The first columns of a record's summary row: credit code, name, file, sheet and row."""
    sheet, row = record.location
    return [record.credit_code or record.by_field().get("credit_code"), record.profile.get("name"), record.file, sheet,
            row]


def _value(outcome: Any, key: str) -> Any:
    """A field of an outcome, given as an `Outcome` or as the dict a worker process sent back."""
    if outcome is None:
        return None
    return outcome.get(key) if isinstance(outcome, dict) else getattr(outcome, key)


def status_row(prefix: list[Any], status: str, lang: str, outcome: Any = None, details: str = "") -> list[Any]:
    """A summary row: the record's columns, then level, S, report file, status and details (the error)."""
    score = _value(outcome, "score")
    return [*prefix, _value(outcome, "level"), round(score, 4) if score is not None else None,
            _value(outcome, "file_name") if status == "ok" else None, STATUS[status].get(lang),
            _value(outcome, "error") or details]


def _row(record: Record, status: str, lang: str, outcome: Any = None) -> list[Any]:
    details = error_text(record, lang) if status == "skipped" else ""
    return status_row(summary_prefix(record), status, lang, outcome, details)


def write_summary(target: str | IO[bytes], records: Sequence[Record], outcomes: Sequence[Any],
                  skipped: Sequence[Record], lang: str = "zh") -> None:
    """Write the summary: reports done, reports failed (with the error), and records skipped as invalid."""
    rows = [(_row(r, "failed" if o.error else "ok", lang, o), bool(o.error))
            for r, o in zip(records, outcomes, strict=True)]
    rows += [(_row(r, "skipped", lang), True) for r in skipped]
    write_rows(target, rows, lang)


def write_rows(target: str | IO[bytes], rows: Sequence[tuple[list[Any], bool]], lang: str = "zh") -> None:
    """Write summary rows (values, whether to mark the row as a failure) under the bilingual header."""
    book = new_workbook(target)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    failed = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
    sheet = book.add_worksheet(Text("汇总", "Summary").get(lang))
    for col, label in enumerate(COLUMNS):
        sheet.write_string(0, col, bilingual(label, lang), header)
    for n, (values, bad) in enumerate(rows, start=1):
        for col, value in enumerate(values):
            write_safe(sheet, n, col, value, failed if bad else None)
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 1, 24)
    sheet.set_column(7, 7, 48)
    sheet.set_column(9, 9, 60)
    book.close()
