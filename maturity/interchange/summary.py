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


def _row(record: Record, status: str, lang: str, outcome: Any = None) -> list[Any]:
    sheet, row = record.location
    details = (outcome.error if outcome is not None and outcome.error else
               error_text(record, lang) if status == "skipped" else "")
    score = round(outcome.score, 4) if outcome is not None and outcome.score is not None else None
    return [record.credit_code or record.by_field().get("credit_code"), record.profile.get("name"), record.file, sheet,
            row, outcome.level if outcome is not None else None, score,
            outcome.file_name if outcome is not None and status == "ok" else None, STATUS[status].get(lang), details]


def write_summary(target: str | IO[bytes], records: Sequence[Record], outcomes: Sequence[Any],
                  skipped: Sequence[Record], lang: str = "zh") -> None:
    """Write the summary: reports done, reports failed (with the error), and records skipped as invalid."""
    book = new_workbook(target)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    failed = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
    sheet = book.add_worksheet(Text("汇总", "Summary").get(lang))
    for col, label in enumerate(COLUMNS):
        sheet.write_string(0, col, bilingual(label, lang), header)
    rows = [(_row(r, "failed" if o.error else "ok", lang, o), bool(o.error))
            for r, o in zip(records, outcomes, strict=True)]
    rows += [(_row(r, "skipped", lang), True) for r in skipped]
    for n, (values, bad) in enumerate(rows, start=1):
        for col, value in enumerate(values):
            write_safe(sheet, n, col, value, failed if bad else None)
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 1, 24)
    sheet.set_column(7, 7, 48)
    sheet.set_column(9, 9, 60)
    book.close()
