"""Result files (xlsx, csv, json) and the rejected-rows workbook that can be fixed and uploaded again."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import IO, Any

from ..domain.model import LEVELS, Questionnaire, Text
from .headers import ERROR_HEADER, bilingual
from .problems import CellProblem, field_label
from .records import Record
from .template import FIRST_DATA_ROW, SHEET_NAMES, TemplateWriter, wide_sheet
from .xlsx import csv_safe, new_workbook, write_safe

OUTPUT_FORMATS = (".xlsx", ".csv", ".json")
BASE_COLUMNS: tuple[tuple[str, Text], ...] = (
    ("credit_code", Text("统一社会信用代码", "Credit code")),
    ("name", Text("企业名称", "Enterprise name")),
    ("score", Text("总分 S", "Score S")),
    ("level", Text("等级", "Level")),
    ("level_name", Text("等级名称", "Level name")),
    *((f"level_score_{lv}", Text(f"第 {lv} 级得分", f"Level {lv} score")) for lv in LEVELS),
    ("na_share", Text("“不适用”占比", "Not-applicable share")),
    ("trimmed", Text("裁剪的子域", "Trimmed sub-domains")),
    ("industry", Text("行业类型", "Industry type")),
    ("assessment_date", Text("评估日期", "Assessment date")),
    ("questionnaire", Text("问卷", "Questionnaire")),
    ("questionnaire_version", Text("版本", "Version")),
    ("file", Text("来源文件", "File")),
    ("sheet", Text("工作表", "Sheet")),
    ("row", Text("行号", "Row")),
)


def flat_columns(q: Questionnaire | None) -> list[tuple[str, Text]]:
    """Every column of a flat result row: the base ones, then each sub-domain at each level."""
    subs = [(f"{s.id}.L{lv}", Text(f"{s.name.zh} L{lv}", f"{s.name.en} L{lv}"))
            for s in (q.subdomains if q else ()) for lv in LEVELS]
    return [*BASE_COLUMNS, *subs]


def flat_row(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """A result as one flat row (the level name in `lang`, trimming as 'id: reason; …')."""
    row = {k: result.get(k) for k, _ in BASE_COLUMNS if k in result}
    row["level_name"] = result["level_name"]["en" if lang == "en" else "zh"]
    row.update({f"level_score_{lv}": result["level_scores"][str(lv)] for lv in LEVELS})
    row["trimmed"] = "; ".join(f"{sid}: {reason}" for sid, reason in result["trimmed"].items())
    for sid, scores in result["subdomains"].items():
        row.update({f"{sid}.L{lv}": scores[str(lv)] for lv in LEVELS})
    return row


def write_results(target: str | IO[bytes], suffix: str, results: Sequence[dict[str, Any]],
                  problems: Sequence[CellProblem], q: Questionnaire | None, lang: str = "zh",
                  extra: Sequence[tuple[str, Text]] = ()) -> None:
    """Write results as .json ({"results", "problems"}), .csv (UTF-8 with BOM, for Excel) or .xlsx.

    `extra` names keys of the results shown first in the workbook (e.g. what an import did with each row).
    """
    if suffix == ".json":
        doc = {"results": list(results), "problems": [p.to_json(lang) for p in problems]}
        _write_bytes(target, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))
    elif suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        columns = flat_columns(q)
        writer.writerow([key for key, _ in columns])
        for result in results:
            row = flat_row(result, lang)
            writer.writerow([csv_safe(row.get(key)) for key, _ in columns])
        _write_bytes(target, buffer.getvalue().encode("utf-8-sig"))
    elif suffix == ".xlsx":
        _results_workbook(target, results, problems, q, lang, extra)
    else:
        raise ValueError(f"unsupported output format {suffix!r}; accepted: {', '.join(OUTPUT_FORMATS)}")


def _write_bytes(target: str | IO[bytes], data: bytes) -> None:
    if isinstance(target, str):
        with open(target, "wb") as handle:
            handle.write(data)
    else:
        target.write(data)


def _results_workbook(target: str | IO[bytes], results: Sequence[dict[str, Any]], problems: Sequence[CellProblem],
                      q: Questionnaire | None, lang: str, extra: Sequence[tuple[str, Text]] = ()) -> None:
    book = new_workbook(target)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    sheet = book.add_worksheet(Text("结果", "Results").get(lang))
    columns = [*extra, *flat_columns(q)]
    for col, (_key, label) in enumerate(columns):
        sheet.write_string(0, col, bilingual(label, lang), header)
    for row, result in enumerate(results, start=1):
        values = {**flat_row(result, lang), **{key: result.get(key) for key, _label in extra}}
        for col, (key, _label) in enumerate(columns):
            write_safe(sheet, row, col, values.get(key))
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 1, 22)
    if problems:
        write_problems_sheet(book, problems, lang, header)
    book.close()


def write_problems_sheet(book: Any, problems: Sequence[CellProblem], lang: str, header: Any) -> None:
    """A sheet listing problems with the contract's columns."""
    sheet = book.add_worksheet(Text("问题", "Problems").get(lang))
    keys = ("file", "sheet", "row", "column", "field", "value", "message")
    for col, key in enumerate(keys):
        sheet.write_string(0, col, key, header)
    for row, problem in enumerate(problems, start=1):
        data = problem.to_json(lang)
        for col, key in enumerate(keys):
            write_safe(sheet, row, col, data[key])
    sheet.set_column(6, 6, 80)


def error_text(record: Record, lang: str) -> str:
    """The error column of a rejected record: where it came from, then each problem by field."""
    sheet, row = record.location
    origin = CellProblem(file=record.file, sheet=sheet, row=row, message=Text("", ""), code="").where(lang)
    lines = [(f"来源：{origin}" if lang != "en" else f"from: {origin}")]
    colon = ": " if lang == "en" else "："
    for p in record.all_problems():
        label = field_label(p.field, lang) or p.column
        lines.append(f"{label}{colon}{p.message.get(lang)}" if label else p.message.get(lang))
    return "\n".join(lines)


def write_rejected(target: str | IO[bytes], records: Sequence[Record], lang: str = "zh") -> None:
    """Records as a wide workbook with an error column first, filled for the invalid ones: fix, upload again.

    Given only the invalid records it is the rejected rows; given all, the whole upload returned with its errors.
    """
    groups: dict[int, list[Record]] = {}
    for record in records:
        groups.setdefault(id(record.sheet.questionnaire), []).append(record)
    writer: TemplateWriter | None = None
    for k, group in enumerate(groups.values()):
        q = group[0].sheet.questionnaire
        if writer is None:
            writer = TemplateWriter(target, q, lang)
        writer.q = q
        _rejected_sheet(writer, group, f"{SHEET_NAMES['wide'].get(lang)}{f' ({k + 1})' if k else ''}")
    if writer is None:
        from .questionnaire import resolve

        writer = TemplateWriter(target, resolve(), lang)
        _rejected_sheet(writer, [], SHEET_NAMES["wide"].get(lang))
    writer.lists()
    writer.close()


def _rejected_sheet(w: TemplateWriter, records: Sequence[Record], name: str) -> None:
    sheet, columns = wide_sheet(w, None, name=name, first_col=1, rows=max(len(records), 1))
    error_fmt = w.book.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006", "bg_color": "#FFC7CE"})
    bad_fmt = w.book.add_format({"bg_color": "#FFC7CE", "border": 1, "border_color": "#9C0006"})
    sheet.write_string(1, 0, bilingual(ERROR_HEADER, w.lang), w.required)
    sheet.set_column(0, 0, 60)
    for row, record in enumerate(records, start=FIRST_DATA_ROW):
        if not record.valid:  # a returned workbook also carries the valid rows: their error cell stays empty
            sheet.write_string(row, 0, error_text(record, w.lang), error_fmt)
        bad = {p.field for p in record.all_problems()}
        for key, value in record.by_field().items():
            if key in columns:
                write_safe(sheet, row, columns[key], value, bad_fmt if key in bad else None, w.date)
    sheet.activate()
