"""Writing workbooks with XlsxWriter so that no cell we write can run as a formula.

Spreadsheet programs treat a cell starting with =, +, - or @ as a formula (CSV/formula injection): a
client's name "=HYPERLINK(…)" must come back as that text, not as a live link. Every string goes through
`write_safe`, which stores it as a text cell; the workbook options also stop XlsxWriter from turning
strings into formulas, numbers or links on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def new_workbook(target: str | IO[bytes], *, constant_memory: bool = False) -> Any:
    """An XlsxWriter workbook that writes strings only as text; `target` is a path or a binary buffer."""
    import xlsxwriter

    options = {**WORKBOOK_OPTIONS, "constant_memory": constant_memory}
    if not isinstance(target, str):
        options["in_memory"] = True
    return xlsxwriter.Workbook(target, options)


def write_safe(sheet: Any, row: int, col: int, value: Any, fmt: Any = None, date_fmt: Any = None) -> None:
    """Write one value: numbers as numbers, dates as dates, everything else as a text cell (never a formula)."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date | dt.datetime):
        sheet.write_datetime(row, col, value, date_fmt or fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_row(sheet: Any, row: int, values: list[Any], fmt: Any = None, date_fmt: Any = None) -> None:
    """Write a row of values with `write_safe`."""
    for col, value in enumerate(values):
        write_safe(sheet, row, col, value, fmt, date_fmt)


def csv_safe(value: Any) -> Any:
    """A CSV field that a spreadsheet will not run: text starting with a formula character gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
