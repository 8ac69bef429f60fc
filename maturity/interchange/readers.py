"""Reading uploads into grids of cells: .xlsx through python-calamine, .csv in UTF-8 or GB18030, .zip of either.

Cells are interned: each grid row is a list of indexes into one table of the file's distinct values. A
10,000-row sheet of ratings holds a handful of distinct values, so this is both the fastest way through
calamine's rows and the smallest way to keep them. Excel's row and column numbers are kept as offsets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from ..domain.model import Text
from .archive import Limits, MiB, Refused, check_archive, upload_members

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and password-protected workbooks


class ValueTable(dict):
    """Distinct cell values → index; `distinct[i]` is the value of index i. Index 0 is the empty cell."""

    def __init__(self) -> None:
        super().__init__()
        self.distinct: list[Any] = []
        # Seeding the numbers 0 and 1 first means TRUE/FALSE cells (equal to 1/0 as dict keys) read as 1 and 0.
        for seed in ("", 0.0, 1.0):
            self[seed]

    def __missing__(self, key: Any) -> int:
        index = len(self.distinct)
        self.distinct.append(key)
        self[key] = index
        return index


@dataclass
class Grid:
    """One sheet (or CSV file) as an (n, width) array of interned cells; rows[i, j] is Excel's cell
    (row_offset+i+1, col_offset+j)."""

    file: str
    sheet: str | None
    table: ValueTable
    rows: np.ndarray
    row_offset: int = 0
    col_offset: int = 0

    @property
    def width(self) -> int:
        """Columns in the grid."""
        return int(self.rows.shape[1])

    def value(self, i: int, j: int) -> Any:
        """The value at grid position (i, j); empty outside the grid."""
        inside = i < self.rows.shape[0] and j < self.rows.shape[1]
        return self.table.distinct[self.rows[i, j]] if inside else ""

    def excel_row(self, i: int) -> int:
        """Excel's 1-based row number of grid row i."""
        return self.row_offset + i + 1


def read_xlsx(name: str, data: bytes, limits: Limits) -> list[Grid]:
    """Every visible worksheet of a workbook, after the archive check; Refused when it cannot be read."""
    if data.startswith(OLE_MAGIC):
        raise Refused(Text("这是 .xls 或加密的工作簿；请另存为不加密的 .xlsx 后上传",
                           "this is an .xls or a password-protected workbook; save it as an unprotected .xlsx"))
    check_archive(data, limits)
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    table = ValueTable()
    grids = []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in workbook.sheets_metadata:
            if meta.visible == SheetVisibleEnum.Visible:
                grids.append(_sheet_grid(name, workbook.get_sheet_by_name(meta.name), table))
    except Exception as exc:  # noqa: BLE001 - a parser fed untrusted bytes: any failure is a bad file, not a crash
        raise Refused(Text(f"无法读取工作簿：{exc}", f"cannot read the workbook: {exc}")) from exc
    return grids


def _sheet_grid(name: str, sheet: Any, table: ValueTable) -> Grid:
    end, width = sheet.end, sheet.width
    if end is None or not width:
        return Grid(name, sheet.name, table, np.zeros((0, 0), dtype=np.int32))
    # One pass from calamine's rows to an int array: no per-row lists, no second conversion.
    cells = np.fromiter(map(table.__getitem__, chain.from_iterable(sheet.iter_rows())), dtype=np.int32)
    rows = cells.reshape(-1, width)
    # calamine pads rows from the top of the sheet but starts columns at the first used one; derive both
    # offsets from where the data ends so that row and column numbers are Excel's whatever it pads.
    return Grid(name, sheet.name, table, rows, row_offset=end[0] + 1 - len(rows), col_offset=end[1] + 1 - width)


def decode_text(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM), else GB18030 (a superset of GBK, as Chinese Excel saves it)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(Text("无法识别文件编码；可接受 UTF-8（含或不含 BOM）和 GB18030/GBK",
                       "unknown text encoding; accepted: UTF-8 (with or without BOM) and GB18030/GBK"))


def read_csv(name: str, data: bytes) -> list[Grid]:
    """A CSV file as one grid; the record number is Excel's row number when the file is opened in Excel."""
    text = decode_text(data)
    table = ValueTable()
    intern = table.__getitem__
    try:
        rows = [list(map(intern, (cell.strip() for cell in row))) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise Refused(Text(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}")) from exc
    width = max(map(len, rows), default=0)
    grid = np.zeros((len(rows), width), dtype=np.int32)  # short rows end in empty cells (code 0)
    for i, row in enumerate(rows):
        grid[i, : len(row)] = row
    return [Grid(name, None, table, grid)]


@dataclass
class Upload:
    """What was read from the files of one upload: grids per file, and the files or members refused."""

    grids: list[tuple[str, list[Grid]]] = field(default_factory=list)  # (file name, its grids) per workbook or CSV
    refused: list[tuple[str, Text]] = field(default_factory=list)


def read_file(name: str, data: bytes, limits: Limits, upload: Upload) -> None:
    """Read one file (xlsx, csv or zip of them) into the upload, recording refusals instead of raising."""
    suffix = Path(name).suffix.lower()
    try:
        if len(data) > limits.max_file_bytes:
            raise Refused(_too_big(len(data), limits.max_file_bytes))
        if suffix == ".zip":
            for member, content in upload_members(data, limits):
                if isinstance(content, Refused):
                    upload.refused.append((f"{name}/{member}", content.message))
                else:
                    read_file(f"{name}/{member}", content, limits, upload)
        elif suffix in (".xlsx", ".csv") and len(upload.grids) >= limits.max_files:
            raise Refused(Text(f"一次上传最多读取 {limits.max_files} 个文件",
                               f"at most {limits.max_files} files per upload"))
        elif suffix == ".xlsx":
            upload.grids.append((name, read_xlsx(name, data, limits)))
        elif suffix == ".csv":
            upload.grids.append((name, read_csv(name, data)))
        else:
            raise Refused(Text("不支持的文件类型；可接受 .xlsx、.csv 或它们的 .zip 压缩包",
                               "unsupported file type; accepted: .xlsx, .csv, or a .zip of them"))
    except Refused as refused:
        upload.refused.append((name, refused.message))


def read_uploads(files: Iterable[tuple[str, bytes | Refused]], limits: Limits | None = None) -> Upload:
    """Read several (name, bytes) files; problems with a file are recorded, never raised."""
    limits = limits or Limits()
    upload = Upload()
    for name, data in files:
        if isinstance(data, Refused):
            upload.refused.append((name, data.message))
            continue
        read_file(name, data, limits, upload)
    return upload


def path_files(paths: Iterable[Path], limits: Limits | None = None) -> Iterator[tuple[str, bytes | Refused]]:
    """(name, bytes) of local files; a file over the size limit is refused without being read into memory."""
    limit = (limits or Limits()).max_file_bytes
    for path in paths:
        try:
            size = path.stat().st_size
            if size > limit:
                yield str(path), Refused(_too_big(size, limit))
            else:
                yield str(path), path.read_bytes()
        except OSError as exc:
            yield str(path), Refused(Text(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}"))


def _too_big(size: int, limit: int) -> Text:
    return Text(f"文件 {size // MiB} MiB，超过上限 {limit // MiB} MiB",
                f"the file is {size // MiB} MiB, over the limit of {limit // MiB} MiB")
