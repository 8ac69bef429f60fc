"""Read a park roster (名录) from xlsx or csv: one row per enterprise, every problem located by Excel row and column.

Kept small and self-contained so that it can move onto the shared spreadsheet readers of
`maturity.interchange` (issue 8) when they land: the reading (`sheet_rows`) is separate from the
checking (`check_rows`), and the messages follow the same shape: file, row, column letter and header,
the value given and what is accepted, in Chinese and English.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .classifications import industry_codes
from .domain.credit_code import credit_code_problem, normalise
from .domain.errors import Problem, Refused
from .domain.model import Text

# field → (accepted headers, required)
COLUMNS: dict[str, tuple[tuple[str, ...], bool]] = {
    "credit_code": (("统一社会信用代码", "信用代码", "credit code", "credit_code"), True),
    "name": (("企业名称", "名称", "name", "enterprise name", "enterprise"), True),
    "industry_code": (("行业代码", "行业大类", "所属行业", "industry", "industry code", "industry_code"), True),
    "above_designated_size": (("是否规上", "规上", "规模以上", "above designated size", "above_designated_size"), True),
    "employees": (("从业人数", "员工人数", "employees"), False),
    "revenue_band": (("营业收入档次", "营收档次", "revenue band", "revenue_band"), False),
}
YES = {"是", "规上", "y", "yes", "true", "1", "1.0"}
NO = {"否", "规下", "n", "no", "false", "0", "0.0"}
BANDS = {"lt20m": "lt20m", "2000万元以下": "lt20m", "20m_400m": "20m_400m", "2000万元至4亿元": "20m_400m",
         "ge400m": "ge400m", "4亿元以上": "ge400m"}
MAX_ROWS = 20000


@dataclass(frozen=True)
class RosterRow:
    """One valid roster row, with the Excel row it came from."""

    row: int
    values: dict[str, Any]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_rows(data: bytes, filename: str) -> list[list[Any]]:
    """The first sheet's cells, row 1 first, empty rows kept so that positions are Excel row numbers."""
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise _file_error(filename, f"无法读取该工作簿（{exc}）", f"cannot read this workbook ({exc})") from exc
    if lower.endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):  # Chinese Excel saves CSV in GB18030
            try:
                return list(csv.reader(io.StringIO(data.decode(encoding))))
            except UnicodeDecodeError:
                continue
        raise _file_error(filename, "无法识别文件编码（接受 UTF-8 或 GB18030）",
                          "unknown text encoding (UTF-8 or GB18030)")
    raise _file_error(filename, "文件类型不受支持；接受 .xlsx 或 .csv",
                      "unsupported file type; accepted: .xlsx or .csv")


def _file_error(filename: str, zh: str, en: str) -> Refused:
    return Refused([Problem(where=filename, message=Text(zh=zh, en=en), code="file")])


def _headers(filename: str, header: Sequence[Any]) -> tuple[dict[str, int], list[Problem]]:
    """Which column holds which field; a required field without a column is a problem."""
    found: dict[str, int] = {}
    names = [str(h or "").strip().lower() for h in header]
    for field, (accepted, _required) in COLUMNS.items():
        for index, name in enumerate(names):
            if name in {a.lower() for a in accepted}:
                found.setdefault(field, index)
    problems = [
        Problem(where=f"{filename}!1",
                message=Text(zh=f"第 1 行：缺少“{accepted[0]}”列", en=f"row 1: no column {accepted[-2]!r}"),
                code="missing_column", accepted=" / ".join(accepted))
        for field, (accepted, required) in COLUMNS.items() if required and field not in found
    ]
    return found, problems


def _cell_problem(filename: str, number: int, index: int, header: Any, value: Any, why: tuple[str, str, str]
                  ) -> Problem:
    """A cell's problem: `file!A3` as the place, the row, column and header spelled out in the message."""
    zh, en, accepted = why
    letter = column_letter(index)
    shown = "" if value is None else str(value)
    return Problem(
        where=f"{filename}!{letter}{number}",
        message=Text(zh=f"第 {number} 行 {letter} 列（{header}）：{zh}，填写的是 “{shown}”；可接受：{accepted}",
                     en=f"row {number}, column {letter} ({header}): {en}, given '{shown}'; accepted: {accepted}"),
        code="invalid_cell", given=shown, accepted=accepted,
    )


def _convert(field: str, value: Any) -> tuple[Any, tuple[str, str, str] | None]:
    """A cell as the field's value, or (zh, en, accepted) explaining why it cannot be."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if field == "credit_code":
        code = normalise(text)
        problem = credit_code_problem(code)
        return code, (problem.zh, problem.en, "18 位统一社会信用代码 / 18-character credit code") if problem else None
    if field == "name":
        return text, None if text else ("企业名称为空", "the name is empty", "非空文本 / any text")
    if field == "industry_code":
        code = text.upper() if text.upper().startswith("C") else f"C{text}"
        return code, None if code in industry_codes() else ("行业代码无效", "invalid industry code", "C13–C43")
    if field == "above_designated_size":
        lowered = text.lower()
        if lowered in YES or lowered in NO:
            return lowered in YES, None
        return None, ("规上标记无效", "invalid 规上 flag", "是/否, yes/no, 1/0")
    if field == "employees":
        if not text:
            return None, None
        if text.isdigit():
            return int(text), None
        return None, ("从业人数无效", "invalid number of employees", "0, 1, 2, …")
    if not text:
        return None, None
    band = BANDS.get(text) or BANDS.get(text.lower())
    return band, None if band else ("营业收入档次无效", "invalid revenue band", ", ".join(BANDS))


def check_rows(filename: str, rows: list[list[Any]]) -> tuple[list[RosterRow], list[Problem]]:
    """Validate every row under the header; returns the valid rows and every problem found."""
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise _file_error(filename, "第 1 行应为表头", "row 1 must hold the column headers")
    if len(rows) > MAX_ROWS + 1:
        raise _file_error(filename, f"行数超过上限 {MAX_ROWS}", f"more than {MAX_ROWS} rows")
    columns, problems = _headers(filename, rows[0])
    if problems:
        return [], problems
    header = rows[0]
    valid: list[RosterRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # a blank row
        values, row_problems = {}, []
        for field, index in columns.items():
            value = cells[index] if index < len(cells) else ""
            converted, why = _convert(field, value)
            if why:
                row_problems.append(_cell_problem(filename, number, index, header[index], value, why))
            values[field] = converted
        code = str(values.get("credit_code") or "")
        if not row_problems and code in seen:
            letter = column_letter(columns["credit_code"])
            row_problems.append(Problem(where=f"{filename}!{letter}{number}", message=Text(
                zh=f"第 {number} 行：统一社会信用代码 {code} 与第 {seen[code]} 行重复",
                en=f"row {number}: credit code {code} repeats row {seen[code]}"), code="duplicate", given=code))
        problems.extend(row_problems)
        if not row_problems:
            seen[code] = number
            valid.append(RosterRow(number, values))
    return valid, problems


def read_roster(data: bytes, filename: str) -> list[RosterRow]:
    """Every row of a roster file, or Refused listing every problem (nothing is imported from a file with any)."""
    valid, problems = check_rows(filename, sheet_rows(data, filename))
    if problems:
        raise Refused(problems)
    if not valid:
        raise _file_error(filename, "没有企业行", "the file lists no enterprise")
    return valid
