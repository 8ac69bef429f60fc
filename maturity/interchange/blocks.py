"""From grids to blocks: find the header row and the version cell, and lay out `wide` sheets and `client` workbooks
the same way, as columns with a header and rows of values, each value knowing its Excel cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..domain.model import Text
from .fields import as_text, is_empty
from .headers import client_header, finds_credit_code, meta_key
from .readers import Grid

HEADER_SEARCH_ROWS = 20
Cell = tuple[str | None, int, int]  # sheet, Excel row (1-based), column (0-based)


@dataclass
class Block:
    """The enterprises of one wide sheet or one client workbook, as columns of interned values."""

    file: str
    layout: str  # "wide" | "client"
    meta: dict[str, str]  # questionnaire, version, layout from the version cells
    headers: list[Any]  # header cell (or client field label) per column
    header_cells: list[Cell]
    values: list[Any]  # the file's distinct values; codes index into it
    codes: np.ndarray  # (n, width) int
    record_cells: list[tuple[str | None, int | None]]  # per record: the sheet and row that hold it
    value_cells: list[Cell] | None = None  # client layout: where each column's one value is
    comments: dict[str, str] = field(default_factory=dict)  # client layout: requirement ID → comment

    @property
    def sheet(self) -> str | None:
        """The sheet a wide block comes from (the profile sheet for a client workbook)."""
        return self.header_cells[0][0] if self.header_cells else None

    def cell(self, i: int, j: int) -> Cell:
        """Where record i's value of column j is."""
        if self.value_cells is not None:
            return self.value_cells[j]
        sheet, row = self.record_cells[i]
        return sheet, row or 0, self.header_cells[j][2]

    def value(self, i: int, j: int) -> Any:
        """Record i's raw value in column j."""
        return self.values[self.codes[i, j]]


def _find_header(grid: Grid) -> tuple[str, int] | None:
    """The kind (wide, profile, answers) and grid row of the first header row among the top rows."""
    for i in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        cells = [grid.value(i, j) for j in range(grid.width)]
        kinds = {k for k in map(client_header, cells) if k}
        # Client sheets first: the profile sheet also holds a credit-code label, in its field column.
        if {"field", "value"} <= kinds:
            return "profile", i
        if {"requirement", "rating"} <= kinds:
            return "answers", i
        if any(finds_credit_code(c) for c in cells):
            return "wide", i
    return None


def _meta(grid: Grid, above: int) -> dict[str, str]:
    """The version cells (label, then value to its right) in the rows above the header."""
    found: dict[str, str] = {}
    for i in range(above):
        for j in range(grid.width - 1):
            key = meta_key(grid.value(i, j))
            if key and not is_empty(grid.value(i, j + 1)):
                found.setdefault(key, as_text(grid.value(i, j + 1)))
    return found


def wide_block(grid: Grid, header: int) -> Block:
    """A wide sheet: one record per non-empty row below the header."""
    width = grid.width
    headers = [grid.value(header, j) for j in range(width)]
    codes = grid.rows[header + 1:]
    empty = np.array([is_empty(v) for v in grid.table.distinct], dtype=bool)
    keep = np.flatnonzero(~empty[codes].all(axis=1))
    return Block(
        file=grid.file, layout="wide", meta=_meta(grid, header), headers=headers,
        header_cells=[(grid.sheet, grid.excel_row(header), grid.col_offset + j) for j in range(width)],
        values=grid.table.distinct, codes=codes[keep],
        record_cells=[(grid.sheet, grid.excel_row(header + 1 + int(i))) for i in keep],
    )


def client_block(profile: Grid, p_header: int, answers: Grid, a_header: int) -> Block:
    """A client workbook as one record: field/value rows of its profile sheet, ID/rating rows of its answers sheet."""
    kinds = {client_header(profile.value(p_header, j)): j for j in range(profile.width)}
    a_kinds = {client_header(answers.value(a_header, j)): j for j in range(answers.width)}
    headers: list[Any] = []
    header_cells: list[Cell] = []
    value_cells: list[Cell] = []
    codes: list[int] = []
    comments: dict[str, str] = {}
    table = profile.table
    for grid, start, label_col, value_col in ((profile, p_header, kinds["field"], kinds["value"]),
                                              (answers, a_header, a_kinds["requirement"], a_kinds["rating"])):
        for i in range(start + 1, len(grid.rows)):
            label = grid.value(i, label_col)
            if is_empty(label):
                continue
            headers.append(label)
            header_cells.append((grid.sheet, grid.excel_row(i), grid.col_offset + label_col))
            value_cells.append((grid.sheet, grid.excel_row(i), grid.col_offset + value_col))
            codes.append(table[grid.value(i, value_col)])
            if grid is answers and "comment" in a_kinds and not is_empty(grid.value(i, a_kinds["comment"])):
                comments[as_text(label)] = as_text(grid.value(i, a_kinds["comment"]))
    return Block(
        file=profile.file, layout="client", meta={**_meta(answers, a_header), **_meta(profile, p_header)},
        headers=headers, header_cells=header_cells, values=table.distinct,
        codes=np.array([codes], dtype=np.int32).reshape(1, len(codes)),
        record_cells=[(answers.sheet, None)], value_cells=value_cells, comments=comments,
    )


NO_HEADER = Text(
    "找不到模板的表头行：宽表需有“统一社会信用代码”列；客户表需有“字段/填写”和“要求 ID/评分”两张工作表",
    "no template header row found: a wide sheet needs a 'Unified social credit code' column; a client workbook "
    "needs a 'Field/Value' sheet and a 'Requirement ID/Rating' sheet",
)


def file_blocks(grids: list[Grid]) -> tuple[list[Block], Text | None]:
    """The blocks of one file's grids, or a message when no sheet carries a template header."""
    blocks: list[Block] = []
    profile = answers = None
    for grid in grids:
        found = _find_header(grid)
        if found is None:
            continue
        kind, row = found
        if kind == "wide":
            blocks.append(wide_block(grid, row))
        elif kind == "profile" and profile is None:
            profile = (grid, row)
        elif kind == "answers" and answers is None:
            answers = (grid, row)
    if profile and answers:
        blocks.append(client_block(profile[0], profile[1], answers[0], answers[1]))
    if blocks:
        return blocks, None
    return [], NO_HEADER
