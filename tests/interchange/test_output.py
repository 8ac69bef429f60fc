"""Written workbooks: formula injection neutralised, results in three formats, and the rejected-rows workbook that
goes back to the user, is fixed and uploaded again."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from maturity.interchange.output import write_rejected, write_results
from maturity.interchange.scoring import score_records

from .conftest import WideSheet, check, demo_row

PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+SUM(1,2)", "-2+3", "@cmd|' /C calc'!A0",
            "=1+1"]


def rows_of(path: Path, sheet: int = 0) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(sheet).to_python(skip_empty_area=False)


def formulas(path: Path) -> list[str]:
    archive = zipfile.ZipFile(path)
    return [m for name in archive.namelist() if name.startswith("xl/worksheets/")
            for m in re.findall(r"<f>.*?</f>", archive.read(name).decode("utf-8"))]


@pytest.fixture()
def injected(tmp_path: Path, wide: WideSheet) -> Any:
    rows = [{**demo_row("demo-discrete-l3"), "name": PAYLOADS[0], "city": PAYLOADS[1]},
            {**demo_row("demo-process-l2"), "name": PAYLOADS[2], "city": PAYLOADS[3], "data.L2.01": PAYLOADS[4]}]
    return check(wide.write(tmp_path / "injected.xlsx", rows))


def test_results_workbook_writes_formula_like_text_as_text(tmp_path: Path, injected: Any, q) -> None:
    results = score_records(injected.valid)
    out = tmp_path / "results.xlsx"
    write_results(str(out), ".xlsx", results, injected.problems, q, "zh")
    assert formulas(out) == []
    names = [row[1] for row in rows_of(out)[1:]]
    assert names == [PAYLOADS[0]]
    problems = rows_of(out, 1)
    assert problems[0] == ["file", "sheet", "row", "column", "field", "value", "message"]
    assert problems[1][5] == "=1+1"  # the offending value, shown as text


def test_rejected_workbook_writes_formula_like_text_as_text(tmp_path: Path, injected: Any) -> None:
    out = tmp_path / "rejected.xlsx"
    write_rejected(str(out), [r for r in injected.records if not r.valid], "en")
    assert formulas(out) == []
    rows = rows_of(out)
    assert PAYLOADS[2] in rows[2] and PAYLOADS[3] in rows[2] and PAYLOADS[4] in rows[2]


def test_csv_results_neutralise_formula_starts(tmp_path: Path, injected: Any, q) -> None:
    out = tmp_path / "results.csv"
    write_results(str(out), ".csv", score_records(injected.valid), [], q, "zh")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 CSV correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "'" + PAYLOADS[0]


def test_results_in_three_formats_carry_the_same_figures(tmp_path: Path, wide: WideSheet, q) -> None:
    validation = check(wide.write(tmp_path / "in.xlsx", [demo_row(n) for n in
                                                          ("demo-discrete-l3", "demo-process-l2")]))
    results = score_records(validation.valid)
    for suffix in (".json", ".csv", ".xlsx"):
        write_results(str(tmp_path / f"out{suffix}"), suffix, results, [], q, "en")
    doc = json.loads((tmp_path / "out.json").read_text("utf-8"))
    flat = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    sheet = rows_of(tmp_path / "out.xlsx")
    assert [r["score"] for r in doc["results"]] == [float(r["score"]) for r in flat] == [r[2] for r in sheet[1:]]
    assert flat[1]["trimmed"].startswith("logistics: ")
    assert flat[0]["data.L3"] == str(doc["results"][0]["subdomains"]["data"]["3"])
    assert sheet[0][0] == "Credit code\n统一社会信用代码"


def test_rejected_rows_come_back_with_an_error_column_and_reupload_once_fixed(tmp_path: Path, wide: WideSheet) -> None:
    good = demo_row("demo-discrete-l3")
    bad = {**demo_row("demo-process-l2"), "data.L2.01": "mostly", "employees": "lots"}
    validation = check(wide.write(tmp_path / "in.xlsx", [good, bad]))
    rejected = tmp_path / "rejected.xlsx"
    write_rejected(str(rejected), [r for r in validation.records if not r.valid], "zh")
    rows = rows_of(rejected)
    assert rows[1][0] == "错误（修改后可删除本列）\nErrors (delete this column once fixed)"
    assert rows[2][0].splitlines() == [
        f"来源：{tmp_path / 'in.xlsx'}，工作表“企业评估”，第 4 行",
        "从业人数：从业人数应为 0 到 10,000,000 之间的整数",
        "data.L2.01：评分无效；可接受：full, largely, partial, none, na / 全部满足 / 大部分满足 / 部分满足 / 不满足 / "
        "不适用 / 1, 0.8, 0.5, 0",
    ]
    # Still wrong as returned: the same problems, now at the rejected workbook's row 3.
    again = check(rejected)
    assert {(p.row, p.field) for p in again.problems} == {(3, "employees"), (3, "data.L2.01")}
    # The user fixes the two cells in Excel and uploads the workbook again.
    header = rows[1]
    fixed = tmp_path / "fixed.xlsx"
    book = xlsxwriter.Workbook(str(fixed), {"strings_to_numbers": False})
    sheet = book.add_worksheet("企业评估")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if r == 2 and header[c] == "data.L2.01":
                value = "大部分满足"
            elif r == 2 and str(header[c]).startswith("从业人数"):
                value = 420
            if value != "":
                sheet.write(r, c, value)
    book.close()
    assert check(fixed).ok
