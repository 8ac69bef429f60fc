"""A problem found in an upload, located as a spreadsheet user finds it: file, sheet, Excel row, column letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ..domain.errors import Problem
from ..domain.model import Text


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    return xl_col_to_name(index)


def json_value(value: Any) -> Any:
    """A cell value as JSON can carry it: dates as ISO text, whole floats as integers, empty as null."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def shown(value: Any) -> str:
    """A cell value as a message quotes it."""
    value = json_value(value)
    return "（空）/ (empty)" if value is None else repr(value) if isinstance(value, str) else str(value)


def field_label(key: str | None, lang: str) -> str | None:
    """A profile field by its name in `lang`; requirement IDs and other keys as they are."""
    from .fields import FIELD_INDEX

    field = FIELD_INDEX.get(key or "")
    return field.label.get(lang) if field else key


@dataclass(frozen=True)
class CellProblem:
    """One problem: where it is (any part may be unknown), the offending value and the message in zh and en."""

    file: str
    message: Text
    code: str
    sheet: str | None = None
    row: int | None = None  # Excel's row number, 1-based
    column: str | None = None  # Excel's column letter
    header: str | None = None  # the column's header as written in the file
    field: str | None = None  # profile field key, requirement ID, trimmed.<sub-domain> or "answers"
    value: Any = None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The contract's keys: file, sheet, row, column, field, value, message (in `lang`)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": json_value(self.value),
            "message": self.message.get(lang),
        }

    def where(self, lang: str = "zh") -> str:
        """The location in words, e.g. 'a.xlsx, sheet 企业, row 5, column AB (data.L2.01)'."""
        return ("，" if lang != "en" else ", ").join([self.file, *self.place(lang)])

    def place(self, lang: str = "zh") -> list[str]:
        """The location inside the file, in words: sheet, row, column with its header (each when known)."""
        zh = lang != "en"
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”" if zh else f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if zh else f"row {self.row}")
        if self.column:
            label = field_label(self.field, lang) or " ".join((self.header or "").split())
            col = f"{self.column} 列" if zh else f"column {self.column}"
            parts.append(f"{col}（{label}）" if zh and label else f"{col} ({label})" if label else col)
        return parts

    def render(self, lang: str = "zh") -> str:
        """One line: where, then the message."""
        return f"{self.where(lang)}{'：' if lang != 'en' else ': '}{self.message.get(lang)}"

    def to_domain(self, lang: str = "zh") -> Problem:
        """The same problem in the domain's error family (MaturityError.problems)."""
        return Problem(where=self.where(lang), message=self.message, code=self.code)
