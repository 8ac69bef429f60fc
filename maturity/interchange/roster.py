"""Read a park roster (名录) from xlsx or csv: one row per enterprise, every problem located by Excel row and column.

The roster shares the consultant import's pieces: the safe readers (`readers`: archive checks, .xls refused,
UTF-8 or GB18030 CSV), the profile fields' parsers and their messages (`fields`), and the located problem
(`CellProblem`: file, row, column letter and header, the value and what is accepted, in Chinese and English).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..domain.errors import Problem, Refused
from ..domain.model import Text
from .archive import Limits
from .archive import Refused as FileRefused
from .fields import FIELD_INDEX, Field, as_text, fold, is_empty
from .headers import _spellings
from .problems import CellProblem, column_letter, shown
from .readers import Grid, read_csv, read_xlsx

__all__ = ["MAX_ROWS", "RosterRow", "check_rows", "column_letter", "read_roster", "sheet_rows"]

# The roster's columns, the consultant import's fields; required here: 规上 decides the national goal's base.
REQUIRED = ("credit_code", "name", "industry_code", "above_designated_size")
OPTIONAL = ("employees", "revenue_band")
# Headers that bureaus' own rosters use, besides the fields' names in both languages and their aliases.
ALIASES = {
    "credit_code": ("统一社会信用代码", "credit_code"),
    "name": ("企业名称", "enterprise name"),
    "industry_code": ("行业大类", "所属行业", "industry code", "industry_code"),
    "above_designated_size": ("是否规上", "规模以上", "above_designated_size"),
    "employees": ("员工人数",),
    "revenue_band": ("营业收入档次", "营收档次", "revenue band", "revenue_band"),
}
MAX_ROWS = 20000


@dataclass(frozen=True)
class RosterRow:
    """One valid roster row, with the Excel row it came from."""

    row: int
    values: dict[str, Any]


def _field(key: str) -> Field:
    return FIELD_INDEX[key]


def _header_table() -> dict[str, str]:
    table = {}
    for key in (*REQUIRED, *OPTIONAL):
        f = _field(key)
        for spelling in (key, f.label.zh, f.label.en, *f.aliases, *ALIASES[key]):
            table[fold(spelling)] = key
    return table


def sheet_rows(data: bytes, filename: str) -> list[list[Any]]:
    """The first sheet's cells, Excel's row 1 first, empty rows kept so that positions are Excel row numbers."""
    try:
        grids = read_csv(filename, data) if filename.lower().endswith(".csv") else _workbook(filename, data)
    except FileRefused as refused:
        raise _file_error(filename, refused.message) from refused
    if not grids:
        return []
    grid = grids[0]
    rows: list[list[Any]] = [[] for _ in range(grid.row_offset)]
    width = grid.col_offset + grid.width
    rows += [[grid.value(i, j - grid.col_offset) if j >= grid.col_offset else "" for j in range(width)]
             for i in range(grid.rows.shape[0])]
    return rows


def _workbook(filename: str, data: bytes) -> list[Grid]:
    if not filename.lower().endswith(".xlsx"):
        raise FileRefused(Text("文件类型不受支持；接受 .xlsx 或 .csv",
                               "unsupported file type; accepted: .xlsx or .csv"))
    return read_xlsx(filename, data, Limits())


def _file_error(filename: str, message: Text) -> Refused:
    return Refused([Problem(where=filename, message=message, code="file")])


def _located(problem: CellProblem) -> Problem:
    """A CellProblem in the domain's error family; `where` is the Excel reference (file!C3) in any language."""
    ref = f"{problem.file}!{problem.column or ''}{problem.row or ''}"
    zh, en = "，".join(problem.place("zh")), ", ".join(problem.place("en"))
    if not is_empty(problem.value):  # the value, quoted as the consultant import's report quotes it
        zh, en = f"{zh}，填写的是 {shown(problem.value)}", f"{en}, given {shown(problem.value)}"
    message = Text(f"{zh}：{problem.message.zh}", f"{en}: {problem.message.en}")
    return Problem(where=ref, message=message, code=problem.code,
                   given=None if problem.value is None else as_text(problem.value))


def _headers(filename: str, header: list[Any]) -> tuple[dict[str, int], list[CellProblem]]:
    """Which column holds which field; a required field without a column is a problem."""
    table, found = _header_table(), dict[str, int]()
    for index, cell in enumerate(header):
        key = next((table[s] for s in _spellings(cell) if s in table), None) if not is_empty(cell) else None
        if key is not None:
            found.setdefault(key, index)
    problems = [
        CellProblem(file=filename, row=1, field=key, code="missing_column", message=Text(
            f"缺少必填列“{_field(key).label.zh}”；表头应含 {' / '.join((_field(key).label.zh, *ALIASES[key]))}",
            f"the required column '{_field(key).label.en}' is missing; the header needs {_field(key).label.en} "
            f"or {_field(key).label.zh}"))
        for key in REQUIRED if key not in found
    ]
    return found, problems


def _check_row(filename: str, number: int, cells: list[Any], columns: dict[str, int], header: list[Any]
               ) -> tuple[dict[str, Any], list[CellProblem]]:
    """One row's values through the fields' parsers; every bad cell located."""
    values: dict[str, Any] = {}
    problems = []
    for key, index in columns.items():
        f, value = _field(key), cells[index] if index < len(cells) else ""
        where = CellProblem(file=filename, row=number, column=column_letter(index), header=str(header[index]),
                            field=key, value=value, code="", message=Text("", ""))
        if is_empty(value):
            values[key] = None
            if key in REQUIRED:
                problems.append(replace(where, code="required", message=Text(
                    f"必填；{f.label.zh}应为：{f.help.zh}", f"required; {f.label.en}: {f.help.en}")))
            continue
        if key == "industry_code" and as_text(value).isdigit():
            value = f"C{as_text(value)}"  # bureaus' rosters often drop the section letter: 34 for C34
        parsed, message = f.parse(value)
        if message is not None:
            problems.append(replace(where, code="invalid_" + key, message=message))
        values[key] = parsed
    return values, problems


def check_rows(filename: str, rows: list[list[Any]]) -> tuple[list[RosterRow], list[Problem]]:
    """Validate every row under the header; returns the valid rows and every problem found."""
    if not rows or all(is_empty(c) for c in rows[0]):
        raise _file_error(filename, Text("第 1 行应为表头", "row 1 must hold the column headers"))
    if len(rows) > MAX_ROWS + 1:
        raise _file_error(filename, Text(f"行数超过上限 {MAX_ROWS}", f"more than {MAX_ROWS} rows"))
    columns, missing = _headers(filename, rows[0])
    if missing:
        return [], [_located(p) for p in missing]
    valid: list[RosterRow] = []
    problems: list[CellProblem] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if all(is_empty(c) for c in cells):
            continue  # a blank row
        values, row_problems = _check_row(filename, number, cells, columns, rows[0])
        code = str(values.get("credit_code") or "")
        if not row_problems and code in seen:
            index = columns["credit_code"]
            row_problems.append(CellProblem(
                file=filename, row=number, column=column_letter(index), header=str(rows[0][index]),
                field="credit_code", value=code, code="duplicate",
                message=Text(f"统一社会信用代码与第 {seen[code]} 行重复", f"the credit code repeats row {seen[code]}")))
        problems.extend(row_problems)
        if not row_problems:
            seen[code] = number
            valid.append(RosterRow(number, values))
    return valid, [_located(p) for p in problems]


def read_roster(data: bytes, filename: str) -> list[RosterRow]:
    """Every row of a roster file, or Refused listing every problem (nothing is imported from a file with any)."""
    valid, problems = check_rows(filename, sheet_rows(data, filename))
    if problems:
        raise Refused(problems)
    if not valid:
        raise _file_error(filename, Text("没有企业行", "the file lists no enterprise"))
    return valid
